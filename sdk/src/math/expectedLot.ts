/**
 * The lot a bid names (LiquidationEngine.bid `expectedLot`): +seriesId for a long lot, −seriesId for a
 * short lot, from an auction status's `seriesId` and `lotIsShort`. A bid whose lot changed in between
 * (the owner traded, the auction moved on to another position) reverts `UnexpectedLot`.
 */
export function expectedLot(seriesId: bigint, lotIsShort: boolean): bigint {
  return lotIsShort ? -seriesId : seriesId;
}
