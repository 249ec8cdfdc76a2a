import { mulWadDown, mulWadUp } from "./wadMath.js";

export type EvaluateBidParameters = {
  /** true: the keeper takes over a short and receives the bid price; false: a long, and pays it */
  lotIsShort: boolean;
  /** [wad] size the bid would take */
  sizeWad: bigint;
  /** [wad] discount-adjusted price per option (the auction's bid price) */
  bidPriceWad: bigint;
  /** [wad] what one option is worth to the keeper (pricing module; default the protocol's mark) */
  fairPriceWad: bigint;
  /** gas units of the bid */
  gas: bigint;
  /** [wei per gas] fee the keeper may pay */
  maxFeePerGas: bigint;
  /** [wad] collateral units per native token */
  nativePriceWad: bigint;
  /** [wad] minimum profit in collateral units */
  minProfitWad: bigint;
  /** [wad, 1e18 = 100%] extra flat haircut on the value of the position taken over */
  riskHaircutWad: bigint;
  /** [wad] cost of hedging the slice over its holding time (strategy/hedgeCost.ts), collateral units */
  hedgeCostWad?: bigint;
};

export type EvaluateBidReturnType = {
  /** [wad] value of the discount: size × (bid − fair) for a short lot, size × (fair − bid) for a long lot */
  edgeWad: bigint;
  /** [wad] gas × fee × native price, in collateral units (rounded up) */
  gasCostWad: bigint;
  /** [wad] haircut × size × fair (rounded up) */
  haircutWad: bigint;
  /** [wad] the hedge cost passed in */
  hedgeCostWad: bigint;
  /** [wad] edge − gas cost − haircut − hedge cost − min profit */
  profitWad: bigint;
  profitable: boolean;
};

/**
 * Whether a bid pays: the discount's value on the size taken, minus gas, minus the cost of hedging the
 * slice for the time it is held (and an optional flat haircut), minus the minimum profit. Gains round
 * down, costs round up.
 */
export function evaluateBid(p: EvaluateBidParameters): EvaluateBidReturnType {
  // edge = size × (bid − fair) (short lot: receives bid, owes fair) or size × (fair − bid) (long lot)
  const perOption = p.lotIsShort ? p.bidPriceWad - p.fairPriceWad : p.fairPriceWad - p.bidPriceWad;
  const edgeWad = perOption >= 0n ? mulWadDown(p.sizeWad, perOption) : -mulWadUp(p.sizeWad, -perOption);
  // gasCost = gas × maxFee [wei = 1e-18 native] × nativePrice [wad] / 1e18
  const gasCostWad = mulWadUp(p.gas * p.maxFeePerGas, p.nativePriceWad);
  // haircut = h × size × fair
  const haircutWad = mulWadUp(mulWadUp(p.sizeWad, p.fairPriceWad), p.riskHaircutWad);
  const hedgeCostWad = p.hedgeCostWad ?? 0n;
  const profitWad = edgeWad - gasCostWad - haircutWad - hedgeCostWad - p.minProfitWad;
  return { edgeWad, gasCostWad, haircutWad, hedgeCostWad, profitWad, profitable: p.sizeWad > 0n && profitWad > 0n };
}
