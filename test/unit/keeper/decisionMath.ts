import { expect } from "chai";
import type { Address } from "viem";
import type { AuctionStatus } from "../../../keeper/src/strategy/AuctionStatus.js";
import { actionKey, decideActions } from "../../../keeper/src/strategy/decideActions.js";
import { evaluateBid } from "../../../keeper/src/strategy/evaluateBid.js";
import { formatWad, mulWadDown, mulWadUp, parseWad } from "../../../keeper/src/strategy/wadMath.js";

const WAD = 10n ** 18n;
const GWEI = 10n ** 9n;

function status(over: Partial<AuctionStatus> = {}): AuctionStatus {
  return {
    auctionId: 0n,
    active: false,
    seriesId: 1n,
    lotIsShort: true,
    maxSizeWad: 0n,
    markPriceWad: 100n * WAD,
    discountWad: 0n,
    bidPriceWad: 100n * WAD,
    ratioWad: 2n * WAD,
    tier: 0n,
    startedAt: 0n,
    canStart: false,
    canEnd: false,
    canReset: false,
    canAbsorb: false,
    pairSeriesId: 0n,
    pairSizeWad: 0n,
    ...over,
  };
}

describe("keeper wad math", () => {
  it("rounds down and up like the Solidity helpers", () => {
    expect(mulWadDown(3n, WAD / 2n)).to.equal(1n);
    expect(mulWadUp(3n, WAD / 2n)).to.equal(2n);
    expect(mulWadUp(-3n, WAD / 2n)).to.equal(-2n);
    expect(mulWadUp(4n, WAD / 2n)).to.equal(2n);
  });
  it("parses and formats decimals", () => {
    expect(parseWad("1.05")).to.equal(105n * 10n ** 16n);
    expect(parseWad("-0.000000000000000001")).to.equal(-1n);
    expect(() => parseWad("1.0000000000000000001")).to.throw(/18 decimals/);
    expect(() => parseWad("abc")).to.throw();
    expect(formatWad(parseWad("1234.56789"), 2)).to.equal("1234.56");
  });
});

describe("keeper evaluateBid", () => {
  const base = {
    lotIsShort: true,
    sizeWad: 2n * WAD,
    bidPriceWad: 105n * WAD, // receives 105 per option for a short worth 100: edge 5 per option
    fairPriceWad: 100n * WAD,
    gas: 200_000n,
    maxFeePerGas: 10n * GWEI, // 0.002 ETH of gas
    nativePriceWad: 3000n * WAD, // = 6 collateral units
    minProfitWad: 1n * WAD,
    riskHaircutWad: WAD / 100n, // 1% of 200 = 2
  };

  it("edge − gas − haircut − min profit, short lot", () => {
    const e = evaluateBid(base);
    expect(e.edgeWad).to.equal(10n * WAD);
    expect(e.gasCostWad).to.equal(6n * WAD);
    expect(e.haircutWad).to.equal(2n * WAD);
    expect(e.profitWad).to.equal(10n * WAD - 6n * WAD - 2n * WAD - 1n * WAD);
    expect(e.profitable).to.equal(true);
  });

  it("long lot: the keeper pays the bid price for a long worth fair", () => {
    const e = evaluateBid({ ...base, lotIsShort: false, bidPriceWad: 95n * WAD });
    expect(e.edgeWad).to.equal(10n * WAD);
    expect(e.profitable).to.equal(true);
  });

  it("not profitable when gas eats the edge, or the size is zero", () => {
    expect(evaluateBid({ ...base, maxFeePerGas: 20n * GWEI }).profitable).to.equal(false); // gas 12 > edge
    expect(evaluateBid({ ...base, sizeWad: 0n, minProfitWad: -100n * WAD }).profitable).to.equal(false);
  });

  it("exactly zero profit does not bid", () => {
    const e = evaluateBid({ ...base, minProfitWad: 2n * WAD });
    expect(e.profitWad).to.equal(0n);
    expect(e.profitable).to.equal(false);
  });

  it("a pricing module that values the lot above the bid makes a short lot a loss", () => {
    const e = evaluateBid({ ...base, fairPriceWad: 106n * WAD, gas: 0n, minProfitWad: 0n, riskHaircutWad: 0n });
    expect(e.edgeWad).to.equal(-2n * WAD);
    expect(e.profitable).to.equal(false);
  });

  it("rounds gains down and costs up", () => {
    const e = evaluateBid({ ...base, sizeWad: 1n, bidPriceWad: 100n * WAD + 1n, gas: 1n, maxFeePerGas: 1n, nativePriceWad: 1n, riskHaircutWad: 1n, minProfitWad: 0n });
    expect(e.edgeWad).to.equal(0n); // 1e-18 × 1e-18 rounds down
    expect(e.gasCostWad).to.equal(1n); // rounds up
    expect(e.haircutWad).to.equal(1n); // rounds up
  });
});

describe("keeper decideActions", () => {
  const a = "0x00000000000000000000000000000000000000a1" as Address;
  const b = "0x00000000000000000000000000000000000000b2" as Address;
  const c = "0x00000000000000000000000000000000000000c3" as Address;
  const d = "0x00000000000000000000000000000000000000d4" as Address;
  const e = "0x00000000000000000000000000000000000000e5" as Address;
  const all = { startAuctions: true, endAuctions: true, resetAuctions: true, bid: true };

  it("absorbs an insolvent auction nobody bids on instead of resetting it", () => {
    const f = "0x00000000000000000000000000000000000000f6" as Address;
    const statuses = new Map<Address, AuctionStatus>([
      [f, status({ active: true, auctionId: 9n, canReset: true, canAbsorb: true, tier: 2n ** 256n - 1n })],
      [d, status({ active: true, auctionId: 5n, canReset: true })],
    ]);
    const actions = decideActions({ statuses, strategy: { ...all, bid: false }, isKnownRevert: () => false });
    expect(actions.map((x) => `${x.kind}:${x.account}`)).to.deep.equal([`absorb:${f}`, `reset:${d}`]);
    const off = decideActions({ statuses, strategy: { ...all, bid: false, resetAuctions: false }, isKnownRevert: () => false });
    expect(off).to.deep.equal([]);
  });

  it("orders bids, starts, resets, ends and skips healthy accounts", () => {
    const statuses = new Map<Address, AuctionStatus>([
      [a, status({ canStart: true, tier: 1n })],
      [b, status({ active: true, auctionId: 3n, maxSizeWad: WAD, bidPriceWad: 101n * WAD })],
      [c, status({ active: true, auctionId: 4n, canEnd: true })],
      [d, status({ active: true, auctionId: 5n, canReset: true, maxSizeWad: WAD })],
      [e, status()],
    ]);
    const actions = decideActions({ statuses, strategy: all, isKnownRevert: () => false });
    expect(actions.map((x) => `${x.kind}:${x.account}`)).to.deep.equal([`bid:${b}`, `start:${a}`, `reset:${d}`, `end:${c}`]);
    const bid = actions[0];
    if (bid.kind !== "bid") throw new Error("expected a bid");
    expect(bid.maxSizeWad).to.equal(WAD);
    expect(bid.priceLimitWad).to.equal(101n * WAD);
    expect(bid.auctionId).to.equal(3n);
  });

  it("never re-decides a known revert; a bid key includes size and price", () => {
    const statuses = new Map<Address, AuctionStatus>([
      [a, status({ canStart: true })],
      [b, status({ active: true, auctionId: 3n, maxSizeWad: WAD, bidPriceWad: 101n * WAD })],
    ]);
    const known = new Set([actionKey("start", a, 0n), `${actionKey("bid", b, 3n)}:${WAD}:${101n * WAD}`]);
    expect(decideActions({ statuses, strategy: all, isKnownRevert: (k) => known.has(k) })).to.deep.equal([]);
    // the price moved: a different transaction, allowed again
    statuses.set(b, status({ active: true, auctionId: 3n, maxSizeWad: WAD, bidPriceWad: 102n * WAD }));
    expect(decideActions({ statuses, strategy: all, isKnownRevert: (k) => known.has(k) }).map((x) => x.kind)).to.deep.equal(["bid"]);
  });

  it("leaves the configured slack on the price limit: less received for a short lot, more paid for a long lot", () => {
    const tol = WAD / 1000n; // 0.1%
    const statuses = new Map<Address, AuctionStatus>([
      [a, status({ active: true, auctionId: 3n, maxSizeWad: WAD, bidPriceWad: 100n * WAD, lotIsShort: true })],
      [b, status({ active: true, auctionId: 4n, maxSizeWad: WAD, bidPriceWad: 100n * WAD, lotIsShort: false })],
    ]);
    const [x, y] = decideActions({ statuses, strategy: { ...all, priceTolerance: tol }, isKnownRevert: () => false });
    if (x.kind !== "bid" || y.kind !== "bid") throw new Error("expected bids");
    expect(x.priceLimitWad).to.equal((999n * WAD) / 10n);
    expect(y.priceLimitWad).to.equal((1001n * WAD) / 10n);
  });

  it("asks for the status' max plus the size slack (rounded up): the engine clips to just enough", () => {
    const statuses = new Map<Address, AuctionStatus>([[a, status({ active: true, auctionId: 3n, maxSizeWad: 1000n * WAD + 1n, bidPriceWad: 100n * WAD })]]);
    const [x] = decideActions({ statuses, strategy: { ...all, sizeSlack: WAD / 20n }, isKnownRevert: () => false });
    if (x.kind !== "bid") throw new Error("expected a bid");
    expect(x.maxSizeWad).to.equal(1050n * WAD + 2n); // 1000e18 + 1 + ⌈(1000e18 + 1) × 0.05⌉
    const [y] = decideActions({ statuses, strategy: all, isKnownRevert: () => false });
    if (y.kind !== "bid") throw new Error("expected a bid");
    expect(y.maxSizeWad).to.equal(1000n * WAD + 1n);
  });

  it("starts and bids in one transaction when the status of a startable account offers size; a plain start otherwise", () => {
    const statuses = new Map<Address, AuctionStatus>([
      [a, status({ canStart: true, auctionId: 2n, maxSizeWad: WAD, bidPriceWad: 100n * WAD })],
      [b, status({ canStart: true, auctionId: 0n })],
    ]);
    const [x, y] = decideActions({ statuses, strategy: all, isKnownRevert: () => false });
    expect(x.kind).to.equal("startAndBid");
    if (x.kind !== "startAndBid") throw new Error("expected startAndBid");
    expect(x.maxSizeWad).to.equal(WAD);
    expect(x.key).to.equal(`startAndBid:${a.toLowerCase()}:2:${WAD}:${100n * WAD}`);
    expect(y).to.deep.include({ kind: "start", account: b });
    // bidding off: only starts; a start-and-bid that reverted on chain is still decided: the sender falls
    // back to a plain start for it (test/unit/keeper/createSender.ts)
    expect(decideActions({ statuses, strategy: { ...all, bid: false }, isKnownRevert: () => false }).map((z) => z.kind)).to.deep.equal(["start", "start"]);
    expect(decideActions({ statuses, strategy: all, isKnownRevert: (k) => k === x.key }).map((z) => z.kind)).to.deep.equal(["startAndBid", "start"]);
  });

  it("respects the strategy switches", () => {
    const statuses = new Map<Address, AuctionStatus>([
      [a, status({ canStart: true })],
      [b, status({ active: true, auctionId: 3n, maxSizeWad: WAD })],
    ]);
    expect(decideActions({ statuses, strategy: { ...all, bid: false, startAuctions: false }, isKnownRevert: () => false })).to.deep.equal([]);
  });
});
