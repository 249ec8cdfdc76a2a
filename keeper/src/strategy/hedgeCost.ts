import { WAD } from "./wadMath.js";

/** seconds in the year the protocol's pricing uses (365 days) */
export const YEAR_SECONDS = 365 * 86_400;

export type HedgeCostParameters = {
  /** |Δ| of one option of the lot */
  deltaAbs: number;
  /** spot of the lot's underlying [collateral units] */
  spot: number;
  /** implied volatility of the lot [1 = 100% per year] */
  vol: number;
  /** [seconds] how long the slice is held before it is hedged or unwound */
  holdingSeconds: number;
  /** [wad] multiple of one standard deviation (1e18 = one) */
  costMultiplierWad: bigint;
  /** [wad] size of the slice */
  sizeWad: bigint;
};

/**
 * What holding the slice costs, priced as hedging it: over `holdingSeconds` the delta exposure
 * |Δ|·S·size moves by one standard deviation σ·√(t / year) of the spot's relative move, so
 *   hedgeCost = k × |Δ| × S × σ × √(t / year) × size   [collateral units, wad, rounded up]
 * (gamma and vega over a holding time of seconds to minutes are second order and left out).
 * Example: a 30-day 2000 put at S = 1880 (|Δ| ≈ 0.55), σ = 80%, held t = 12 s (hedged in the next
 * block): 0.51 per option, 0.3% of its 175 mark — less than the 0.8% a bidder keeps of the engine's 1%
 * start discount, so the first slice pays in the block after the move (a flat 2% of the mark never
 * did before the discount had grown to 2.5%, tens of blocks later).
 */
export function hedgeCost({ deltaAbs, spot, vol, holdingSeconds, costMultiplierWad, sizeWad }: HedgeCostParameters): bigint {
  if (costMultiplierWad === 0n || holdingSeconds <= 0 || sizeWad === 0n) return 0n;
  const perOption = Math.abs(deltaAbs) * spot * vol * Math.sqrt(holdingSeconds / YEAR_SECONDS);
  if (!Number.isFinite(perOption) || perOption <= 0) return 0n;
  // per option to wad with 9 significant decimals, rounded up; × size × k, rounded up
  const perOptionWad = BigInt(Math.ceil(perOption * 1e9)) * 10n ** 9n;
  const a = perOptionWad * sizeWad;
  const v = a / WAD + (a % WAD === 0n ? 0n : 1n);
  const b = v * costMultiplierWad;
  return b / WAD + (b % WAD === 0n ? 0n : 1n);
}

/**
 * |Δ| per option of a combined lot's short (a short and, per option of it, `pairSizeWad / sizeWad` of its
 * long hedge of the same kind, whose deltas share a sign): |Δ_short − r × Δ_hedge|.
 */
export function unitDeltaAbs(shortDeltaAbs: number, hedgeDeltaAbs: number, pairSizeWad: bigint, sizeWad: bigint): number {
  if (sizeWad === 0n) return shortDeltaAbs;
  return Math.abs(shortDeltaAbs - (Number(pairSizeWad) / Number(sizeWad)) * hedgeDeltaAbs);
}
