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
 * Example: a 2000 put at S = 1880 (|Δ| ≈ 0.63), σ = 80%, t = 30 s: 0.93 per option, about 0.5% of its
 * 175 mark — less than the engine's 1% start discount, so the first slice pays in the block after the move.
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
