import { expect } from "chai";
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  parseAbi,
  type Abi,
} from "viem";
import { classifyRevert } from "../../../keeper/src/errors/classifyRevert.js";
import { decodeRevert } from "../../../keeper/src/errors/decodeRevert.js";
import { ConfigError, KeeperError, RevertError } from "../../../keeper/src/errors/KeeperError.js";

const abi = parseAbi([
  "function bid(address account, uint256 expectedAuctionId, uint256 maxSizeWad, uint256 priceLimitWad, address callee, bytes data) returns (uint256)",
  "error StaleAuction(address account, uint256 expected, uint256 current)",
  "error Stopped(uint256 level)",
  "error BidderUnhealthy(address bidder, int256 equityWad, uint256 initialWad)",
]);
const ACCOUNT = "0x00000000000000000000000000000000000000A1";

function reverted(data: `0x${string}`, theAbi: Abi = abi): ContractFunctionExecutionError {
  const cause = new ContractFunctionRevertedError({ abi: theAbi, data, functionName: "bid" });
  return new ContractFunctionExecutionError(cause, { abi: theAbi, functionName: "bid", args: [], contractAddress: ACCOUNT });
}

describe("keeper decodeRevert / classifyRevert", () => {
  it("decodes a custom error by name with its arguments", () => {
    const data = encodeErrorResult({ abi, errorName: "StaleAuction", args: [ACCOUNT, 3n, 4n] });
    const d = decodeRevert({ error: reverted(data) });
    expect(d?.errorName).to.equal("StaleAuction");
    expect(d?.args).to.deep.equal([ACCOUNT, 3n, 4n]);
    expect(classifyRevert({ errorName: d!.errorName })).to.equal("lostRace");
  });

  it("classifies by name: lost race only when someone else acted, state moved, paused, unexpected", () => {
    expect(classifyRevert({ errorName: "Stopped" })).to.equal("paused");
    expect(classifyRevert({ errorName: "AuctionNotActive" })).to.equal("lostRace");
    expect(classifyRevert({ errorName: "AuctionActive" })).to.equal("lostRace");
    // not races: the keeper's own view moved on (price, discount, ratio)
    expect(classifyRevert({ errorName: "NotLiquidatable" })).to.equal("stateMoved");
    expect(classifyRevert({ errorName: "BidLowersRatio" })).to.equal("stateMoved");
    expect(classifyRevert({ errorName: "PriceLimitExceeded" })).to.equal("stateMoved");
    expect(classifyRevert({ errorName: "AccessManagedUnauthorized" })).to.equal("unexpected");
    expect(classifyRevert({ errorName: "StaleVol" })).to.equal("unexpected");
  });

  it("classifies a margin error by the account it names: the keeper's own, or the liquidated account's", () => {
    const KEEPER = "0x00000000000000000000000000000000000000Ee";
    // today's bug: InsufficientCollateral(<liquidated account>, ...) was read as the keeper's margin problem
    expect(classifyRevert({ errorName: "InsufficientCollateral", args: [ACCOUNT, 1n, 2n], keeper: KEEPER })).to.equal("accountState");
    expect(classifyRevert({ errorName: "InsufficientCollateral", args: [KEEPER.toLowerCase(), 1n, 2n], keeper: KEEPER })).to.equal("ownMargin");
    expect(classifyRevert({ errorName: "BidderUnhealthy", args: [KEEPER, 1n, 2n], keeper: KEEPER })).to.equal("ownMargin");
    expect(classifyRevert({ errorName: "MarginInsufficient", args: [ACCOUNT, 1n, 2n], keeper: KEEPER })).to.equal("accountState");
    // nothing decoded: the safe assumption is the keeper's own
    expect(classifyRevert({ errorName: "BidderUnhealthy" })).to.equal("ownMargin");
  });

  it("falls back to the selector for an error the ABI does not know", () => {
    const data = encodeErrorResult({ abi, errorName: "Stopped", args: [2n] });
    const other = parseAbi(["function bid(address account, uint256 expectedAuctionId, uint256 maxSizeWad, uint256 priceLimitWad, address callee, bytes data) returns (uint256)"]);
    let d;
    try {
      d = decodeRevert({ error: reverted(data, other) });
    } catch {
      d = undefined;
    }
    // viem reports the raw selector when it cannot decode
    expect(d?.errorName ?? "").to.match(/^0x[0-9a-f]{8}$|UnknownRevert/);
  });

  it("decodes a require string as Error", () => {
    const data = encodeErrorResult({ abi: parseAbi(["error Error(string)"]), errorName: "Error", args: ["nope"] });
    const d = decodeRevert({ error: reverted(data) });
    expect(d).to.deep.equal({ errorName: "Error", args: ["nope"] });
  });

  it("returns undefined for a transport error", () => {
    expect(decodeRevert({ error: new BaseError("fetch failed") })).to.equal(undefined);
    expect(decodeRevert({ error: new Error("x") })).to.equal(undefined);
  });

  it("errors share one base with a short message and a cause", () => {
    const cause = new Error("root");
    const e = new ConfigError("strategy.riskHaircut", "must be between 0 and 1", { cause });
    expect(e).to.be.instanceOf(KeeperError);
    expect(e.shortMessage).to.equal("strategy.riskHaircut: must be between 0 and 1");
    expect(e.cause).to.equal(cause);
    const r = new RevertError("StaleAuction", [1n]);
    expect(r.details.errorName).to.equal("StaleAuction");
  });
});
