/** OracleHub's volatility bounds of an underlying (volConfig). */
export type VolBounds = { minVolWad: bigint; maxVolWad: bigint; maxChangeWad: bigint; maxAge: bigint };

export type PlanVolUpdateParameters = {
  /** the stored vol (volData; 0, 0 when never posted) */
  current: { volWad: bigint; updatedAt: bigint };
  /** the source's reading [wad] */
  targetWad: bigint;
  bounds: VolBounds;
  /** [unix seconds] the chain's time */
  now: bigint;
  /** [seconds] post again when the stored value is this close to `maxAge` */
  refreshBeforeMaxAge: bigint;
  /** [wad] post when |target − stored| is above this */
  moveThresholdWad: bigint;
};

export type PlanVolUpdateReturnType =
  | { action: "post"; volWad: bigint; reason: "first" | "stale" | "move" | "step" | "refresh" }
  | { action: "skip"; reason: "fresh" | "out-of-bounds" };

/**
 * What to post for one (underlying, expiry), as OracleHub accepts it: a reading outside [min, max] is
 * refused; a first value, or one replacing a stale value (older than maxAge), goes straight to the
 * target; otherwise a move is capped at maxChange per update, so a far target is reached in steps
 * ("step" until the last one, "move"); a stored value close to its max age is re-posted ("refresh",
 * stepping toward the target if it moved).
 */
export function planVolUpdate({ current, targetWad, bounds, now, refreshBeforeMaxAge, moveThresholdWad }: PlanVolUpdateParameters): PlanVolUpdateReturnType {
  if (targetWad < bounds.minVolWad || targetWad > bounds.maxVolWad || targetWad === 0n) return { action: "skip", reason: "out-of-bounds" };
  if (current.updatedAt === 0n) return { action: "post", volWad: targetWad, reason: "first" };
  const age = now - current.updatedAt;
  if (age > bounds.maxAge) return { action: "post", volWad: targetWad, reason: "stale" };
  const diff = targetWad > current.volWad ? targetWad - current.volWad : current.volWad - targetWad;
  const capped = diff > bounds.maxChangeWad;
  const next = !capped ? targetWad : targetWad > current.volWad ? current.volWad + bounds.maxChangeWad : current.volWad - bounds.maxChangeWad;
  if (diff > moveThresholdWad) return { action: "post", volWad: next, reason: capped ? "step" : "move" };
  // age + refreshBeforeMaxAge >= maxAge ⇔ the value goes stale within the refresh margin
  if (age + refreshBeforeMaxAge >= bounds.maxAge) return { action: "post", volWad: next, reason: "refresh" };
  return { action: "skip", reason: "fresh" };
}
