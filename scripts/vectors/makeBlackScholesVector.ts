import {
  blackScholesReference,
  toDecimalString,
  toWad,
  type BlackScholesReferenceParameters,
} from "../reference/blackScholesReference.js";
import { OUTPUTS, type BlackScholesVector } from "./blackScholesVectors.js";

/** Decimals of the exact values stored in a vector. */
export const VECTOR_DECIMALS = 40;

/** One golden vector from the exact reference: 40-decimal exact values and their wad roundings. */
export function makeBlackScholesVector(
  kind: BlackScholesVector["kind"],
  id: string,
  label: string,
  p: BlackScholesReferenceParameters,
): BlackScholesVector {
  const r = blackScholesReference(p);
  const exact = {} as BlackScholesVector["exact"];
  const wad = {} as BlackScholesVector["wad"];
  for (const o of OUTPUTS) {
    exact[o] = toDecimalString(r[o], VECTOR_DECIMALS);
    wad[o] = toWad(r[o]).toString();
  }
  exact.d1 = toDecimalString(r.d1, VECTOR_DECIMALS);
  exact.sigmaSqrtT = toDecimalString(r.sigmaSqrtT, VECTOR_DECIMALS);
  exact.discount = toDecimalString(r.discount, VECTOR_DECIMALS);
  return {
    id,
    kind,
    label,
    inputs: {
      spotWad: p.spotWad.toString(),
      strikeWad: p.strikeWad.toString(),
      volWad: p.volWad.toString(),
      timeSec: p.timeSec.toString(),
      rateWad: p.rateWad.toString(),
    },
    exact,
    wad,
    degenerate: p.timeSec === 0n || p.volWad === 0n,
    exactInWad: p.timeSec === 0n || (p.volWad === 0n && p.rateWad === 0n),
  };
}
