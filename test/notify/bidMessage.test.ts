/**
 * The bid message of a combined lot (a short sold with its hedge as one unit): it names the hedge leg,
 * prices the unit, and says who paid from the short leg's vault transfer in the same transaction (the
 * account is paid when the unit is worth more than nothing, although its lot is a short).
 */
import { expect } from "chai";
import { createClient, custom, encodeFunctionResult, type Address, type Hex } from "viem";
import { optionVaultAbi } from "../../sdk/src/index.js";
import { buildEventNotifications, type ProtocolLogEntry } from "../../notify/src/messages/buildEventNotifications.js";
import type { MessageContext } from "../../notify/src/messages/createMessageContext.js";

const WAD = 10n ** 18n;
const ACCOUNT = "0x00000000000000000000000000000000000000a1" as Address;
const BIDDER = "0x00000000000000000000000000000000000000b1" as Address;
const ENGINE = "0x00000000000000000000000000000000000000e1" as Address;
const VAULT = "0x00000000000000000000000000000000000000f1" as Address;
const WETH = "0x00000000000000000000000000000000000000c1" as Address;
const TX = `0x${"11".repeat(32)}` as Hex;

function context(positionBeforeWad: bigint): MessageContext {
  // the one read the bid message makes on chain: the account's position before the block
  const client = createClient({
    transport: custom({
      request: async ({ method }: { method: string }) => {
        if (method === "eth_call") return encodeFunctionResult({ abi: optionVaultAbi, functionName: "positionOf", result: positionBeforeWad });
        if (method === "eth_chainId") return "0x7a69";
        throw new Error(`unexpected ${method}`);
      },
    }),
  });
  return {
    client,
    deployment: { optionVault: VAULT, liquidationEngine: ENGINE } as MessageContext["deployment"],
    chainId: 31337,
    collateral: { decimals: 6, symbol: "USDC" },
    warningRatioWad: (12n * WAD) / 10n,
    firstTierWad: (105n * WAD) / 100n,
    series: async (seriesId: bigint) => ({ seriesId, underlying: WETH, strikeWad: (seriesId === 2n ? 2200n : 2000n) * WAD, expiry: 1_800_000_000n, isCall: true }),
    label: async () => "WETH",
    prices: async () => undefined,
  } as MessageContext;
}

const entry = (logIndex: number, event: unknown): ProtocolLogEntry =>
  ({ event, blockNumber: 100n, blockHash: `0x${"22".repeat(32)}`, logIndex, transactionHash: TX }) as ProtocolLogEntry;

describe("notify: the bid message of a combined lot", () => {
  const bid = entry(3, {
    eventName: "Bid",
    args: { account: ACCOUNT, auctionId: 7n, bidder: BIDDER, seriesId: 2n, sizeWad: 3n * WAD, priceWad: 40n * WAD, discountWad: WAD / 100n, ratioBeforeWad: (8n * WAD) / 10n, ratioAfterWad: (11n * WAD) / 10n, accountCash: 118_800_000n, fundShare: 240_000n },
  });
  const hedge = entry(4, { eventName: "BidHedge", args: { account: ACCOUNT, auctionId: 7n, seriesId: 1n, sizeWad: (25n * WAD) / 10n } });
  // the short leg's transfer: the bidder paid the account (collateralToTo < 0)
  const transfer = entry(6, { eventName: "TransferPosition", args: { from: ACCOUNT, to: BIDDER, seriesId: 2n, sizeWad: -3n * WAD, collateralToTo: -118_800_000n, fee: 240_000n } });

  it("names the hedge, prices the unit and says the account received the cash", async () => {
    const [m] = await buildEventNotifications(context(-12n * WAD), { entry: bid, isWatched: () => true, watched: () => [ACCOUNT], earlierBidsInBlockWad: 0n, sameTx: [hedge, transfer] });
    expect(m.kind).to.equal("bid");
    expect(m.text).to.contain("With its hedge, as one unit: 2.5");
    expect(m.text).to.contain("(series 1)");
    expect(m.text).to.contain("per option of the unit");
    expect(m.text).to.contain("you received 118.8");
    expect(m.data).to.include({ hedgeSeriesId: "1", hedgeSizeWad: ((25n * WAD) / 10n).toString() });
  });

  it("a one-leg short lot: no hedge line, the account paid", async () => {
    const paid = entry(6, { eventName: "TransferPosition", args: { from: ACCOUNT, to: BIDDER, seriesId: 2n, sizeWad: -3n * WAD, collateralToTo: 118_560_000n, fee: 240_000n } });
    const [m] = await buildEventNotifications(context(-12n * WAD), { entry: bid, isWatched: () => true, watched: () => [ACCOUNT], earlierBidsInBlockWad: 0n, sameTx: [paid] });
    expect(m.text).to.not.contain("hedge");
    expect(m.text).to.contain("you paid 118.8");
    expect(m.data).to.not.have.property("hedgeSeriesId");
  });
});
