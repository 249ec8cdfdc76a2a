/**
 * The liquidation policies the study compares, each one parameter set of the SAME contracts
 * (LiquidationEngine.setUnderlyingParams(address(0), ...)): no fork of the code, only tiers, target,
 * curve, discounts, duration, fund share and dust.
 */
export type Tier = { ratioWad: bigint; shareWad: bigint };

/** ILiquidationEngine.UnderlyingParams with the curve as an address. */
export type UnderlyingParams = {
  tiers: Tier[];
  targetRatioWad: bigint;
  curve: string;
  startDiscountWad: bigint;
  maxDiscountWad: bigint;
  duration: bigint;
  tail: bigint;
  cuspWad: bigint;
  fundShareWad: bigint;
  tipFlat: bigint;
  tipShareWad: bigint;
  tipCap: bigint;
  minSizeWad: bigint;
};

export type PolicyName = "protocol" | "full" | "fixedFee" | "singleBuffer";

export const POLICY_NAMES: PolicyName[] = ["protocol", "full", "fixedFee", "singleBuffer"];

const E16 = 10n ** 16n;
const WAD = 10n ** 18n;

/** [1e18 = 100%] the constant penalty of the fixed-fee policies (Aave's bonus is about 4.8% of seized collateral) */
export const FIXED_FEE_WAD = 5n * E16;

export const POLICY_TEXT: Record<PolicyName, string> = {
  protocol: "shipped defaults: tiers 1.05/1.02/1.00 → 10%/25%/100% of the riskiest lot, just enough to 1.10, discount 1% → 10% over 30 min (LinearDiscount)",
  full: "no partial tiers: below maintenance (1.00) every lot is sold whole (dust size above any lot, target 3.0 so the auction sells lot after lot until no requirement is left), fixed 5% discount (FixedDiscount)",
  fixedFee: "the shipped tiers and target with a fixed 5% discount (FixedDiscount) instead of the Dutch auction",
  singleBuffer: "one buffer without partial tiers: below 1.00 sell just enough of the riskiest lot to restore 1.10 (the shipped curve); the closest parameter set to Lyra v2's buffer rule, which sells a share of the WHOLE account (needs an engine hook, see README)",
};

/**
 * The parameter set of `policy`, from the deployment's shipped default `shipped` and the FixedDiscount
 * curve's address.
 */
export function policyParams(policy: PolicyName, shipped: UnderlyingParams, fixedDiscount: string): UnderlyingParams {
  const base: UnderlyingParams = { ...shipped, tiers: shipped.tiers.map((t) => ({ ...t })) };
  switch (policy) {
    case "protocol":
      return base;
    case "full":
      return {
        ...base,
        tiers: [{ ratioWad: WAD, shareWad: WAD }],
        targetRatioWad: 3n * WAD,
        curve: fixedDiscount,
        startDiscountWad: FIXED_FEE_WAD,
        maxDiscountWad: FIXED_FEE_WAD,
        // a remainder below the dust size is sold whole: a dust size above any lot sells every lot whole
        minSizeWad: 10n ** 27n,
      };
    case "fixedFee":
      return { ...base, curve: fixedDiscount, startDiscountWad: FIXED_FEE_WAD, maxDiscountWad: FIXED_FEE_WAD };
    case "singleBuffer":
      return { ...base, tiers: [{ ratioWad: WAD, shareWad: WAD }] };
  }
}
