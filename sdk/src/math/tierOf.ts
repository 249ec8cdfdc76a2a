/** One liquidation tier: below `ratioWad`, a bid may take up to `shareWad` of the lot. */
export type LiquidationTier = {
  /** [wad] threshold (strictly decreasing along the table) */
  ratioWad: bigint;
  /** [1e18 = 100%] largest share of the lot per bid */
  shareWad: bigint;
};

export type TierOfReturnType = {
  /** 0 none; i + 1 when below tiers[i].ratioWad (deepest such i); 2^256 − 1 when insolvent (ratio 0) */
  tier: bigint;
  /** [1e18 = 100%] share of the lot a bid may take (0 when none) */
  shareWad: bigint;
};

/**
 * The liquidation tier of an account at `ratioWad` [wad] (the engine's rule: deepest threshold the ratio is
 * strictly below; a ratio of 0, equity <= 0, is insolvent and the whole lot is for sale).
 */
export function tierOf(ratioWad: bigint, tiers: readonly LiquidationTier[]): TierOfReturnType {
  if (ratioWad === 0n) return { tier: 2n ** 256n - 1n, shareWad: 10n ** 18n };
  let tier = 0n;
  let shareWad = 0n;
  tiers.forEach((t, i) => {
    if (ratioWad < t.ratioWad) {
      tier = BigInt(i + 1);
      shareWad = t.shareWad;
    }
  });
  return { tier, shareWad };
}
