/**
 * The lot a bid names (LiquidationEngine.bid `expectedLot`), from an auction status's `seriesId`,
 * `lotIsShort` and `pairSeriesId`: ±(seriesId | pairSeriesId << 32), − when the bidder is paid (a short
 * lot, or a combined lot worth less than nothing), + when it pays; so −seriesId for a short lot and
 * +seriesId for a long one. A bid whose lot changed in between (the owner traded, the auction moved on
 * to another position, a combined lot's payment turned the other way) reverts `UnexpectedLot`.
 */
export function expectedLot(seriesId: bigint, lotIsShort: boolean, pairSeriesId = 0n): bigint {
  const lot = seriesId | (pairSeriesId << 32n);
  return lotIsShort ? -lot : lot;
}
