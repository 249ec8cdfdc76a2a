import type { PricingModule } from "./PricingModule.js";

export type CreateMarkPricingParameters = Record<string, never>;
export type CreateMarkPricingReturnType = PricingModule;

/**
 * Default pricing: the protocol's own mark (the margin engine's Black-Scholes price with the oracle's
 * spot, vol and rate, as reported in the auction status). A keeper with its own vol surface or a hedge
 * venue plugs in another PricingModule.
 */
export function createMarkPricing(_: CreateMarkPricingParameters = {}): CreateMarkPricingReturnType {
  return { name: "mark", fairPriceWad: ({ markPriceWad }) => markPriceWad };
}
