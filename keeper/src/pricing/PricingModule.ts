/** What a taken-over lot is worth to the keeper, per option [wad of collateral]. */
export type PricingModule = {
  name: string;
  fairPriceWad: (lot: { seriesId: bigint; markPriceWad: bigint; lotIsShort: boolean }) => Promise<bigint> | bigint;
};
