/** ILiquidationEngine.AuctionStatus as the keeper reads it (all amounts bigint wad, see the interface). */
export type AuctionStatus = {
  auctionId: bigint;
  active: boolean;
  seriesId: bigint;
  lotIsShort: boolean;
  maxSizeWad: bigint;
  markPriceWad: bigint;
  discountWad: bigint;
  bidPriceWad: bigint;
  ratioWad: bigint;
  tier: bigint;
  startedAt: bigint;
  canStart: boolean;
  canEnd: boolean;
  canReset: boolean;
  /** insolvent and unbid (dust lot, or at the max discount): the fund may take the lot (`absorb`) */
  canAbsorb: boolean;
  /** a combined lot's hedge, sold with the lot in proportion (0: a one-position lot) */
  pairSeriesId: bigint;
  /** [wad] hedge sold with maxSizeWad of the lot */
  pairSizeWad: bigint;
};

/** IMarginEngineViews.MarginSummary. */
export type MarginSummary = {
  equityWad: bigint;
  maintenanceWad: bigint;
  initialWad: bigint;
  ratioWad: bigint;
};

/** tier value the engine reports for an insolvent account */
export const INSOLVENT_TIER = 2n ** 256n - 1n;
