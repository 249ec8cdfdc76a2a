import { blackScholesDelta } from "../../../keeper/src/pricing/blackScholesDelta.js";
import { createRng } from "../paths/createRng.js";

/** One option leg of a book: strike [USD], expiry [days from the open], call or put, size (+ long, − short) [contracts]. */
export type StudyLeg = { strike: number; expiryDays: number; isCall: boolean; size: number };

export type BookKind =
  | "nakedPut"
  | "nakedCall"
  | "shortStraddle"
  | "shortStrangle"
  | "bullPutSpread"
  | "bearCallSpread"
  | "calendar"
  | "ironCondor"
  | "hedgedShortCall"
  | "hedgedShortPut"
  | "longOnly";

export type StudyAccount = {
  name: string;
  kind: BookKind;
  /** size bucket: 0 below the first size tier (< $1M notional), 1 in [$1M, $5M), 2 in [$5M, $20M), 3 above */
  sizeTier: number;
  legs: StudyLeg[];
  /** margin ratio (equity / maintenance) left after withdrawing spare collateral; undefined: long-only, keeps its deposit */
  openRatio?: number;
};

/** [days] expiries listed by the study */
export const STUDY_EXPIRIES = [14, 30, 60];

export const BOOK_KINDS: BookKind[] = [
  "nakedPut",
  "nakedCall",
  "shortStraddle",
  "shortStrangle",
  "bullPutSpread",
  "bearCallSpread",
  "calendar",
  "ironCondor",
  "hedgedShortCall",
  "hedgedShortPut",
  "longOnly",
];

/**
 * [contracts] one short leg's size per size bucket at spot 2,000 (the local deployment's margin size
 * tiers start at $1M, $5M and $20M of notional): $40k–$400k, $1.2M–$3M, $6M–$16M, $24M–$30M.
 */
const SIZE_RANGES: [number, number][] = [
  [20, 200],
  [600, 1500],
  [3000, 8000],
  [12000, 15000],
];

const P = (strike: number, expiryDays: number, size: number): StudyLeg => ({ strike, expiryDays, isCall: false, size });
const C = (strike: number, expiryDays: number, size: number): StudyLeg => ({ strike, expiryDays, isCall: true, size });

/** The legs of a book of `kind` with `n` contracts on its short side, at spot `spot` and vol `vol`. */
export function bookLegs(kind: BookKind, n: number, spot: number, vol: number, rate: number): StudyLeg[] {
  // a delta hedge with a deep in-the-money option of the other side's sign (the protocol has no spot leg)
  const hedge = (strike: number, isCall: boolean, hedgeStrike: number): number => {
    const d = blackScholesDelta({ spot, strike, vol, years: 30 / 365, rate, isCall });
    const h = blackScholesDelta({ spot, strike: hedgeStrike, vol, years: 30 / 365, rate, isCall });
    return Math.round((n * Math.abs(d)) / Math.abs(h));
  };
  switch (kind) {
    case "nakedPut":
      return [P(1900, 30, -n)];
    case "nakedCall":
      return [C(2200, 30, -n)];
    case "shortStraddle":
      return [P(2000, 30, -n), C(2000, 30, -n)];
    case "shortStrangle":
      return [P(1800, 30, -n), C(2200, 30, -n)];
    case "bullPutSpread":
      return [P(1900, 30, -n), P(1700, 30, n)];
    case "bearCallSpread":
      return [C(2200, 30, -n), C(2400, 30, n)];
    case "calendar":
      return [P(2000, 14, -n), P(2000, 30, n)];
    case "ironCondor":
      return [P(1800, 30, -n), P(1600, 30, n), C(2200, 30, -n), C(2400, 30, n)];
    case "hedgedShortCall":
      return [C(2000, 30, -n), C(1000, 30, hedge(2000, true, 1000))];
    case "hedgedShortPut":
      return [P(2000, 30, -n), P(3000, 30, hedge(2000, false, 3000))];
    case "longOnly":
      return [P(1800, 30, n), C(2200, 30, n)];
  }
}

export type GeneratePopulationParameters = { seed: number; perKind: number; spot: number; vol: number; rate: number };

/**
 * `perKind` accounts of every kind; account j of kind k takes size bucket (k + j) mod 4 (every kind spans
 * the size tiers when perKind >= 4; one book per kind already spans them) and an opening ratio drawn from [1.31, 2.5] with more weight just
 * above the initial margin (IM = 1.3 × maintenance): ratio = 1.31 + 1.19 · u², u uniform.
 */
export function generatePopulation({ seed, perKind, spot, vol, rate }: GeneratePopulationParameters): StudyAccount[] {
  const rng = createRng(seed ^ 0x70b0);
  const out: StudyAccount[] = [];
  BOOK_KINDS.forEach((kind, k) => {
    for (let j = 0; j < perKind; j++) {
      // kinds start at different buckets, so even one book per kind spans the size tiers
      const sizeTier = (k + j) % SIZE_RANGES.length;
      const [lo, hi] = SIZE_RANGES[sizeTier];
      const n = Math.round(lo + (hi - lo) * rng.uniform());
      const u = rng.uniform();
      out.push({
        name: `${kind}-${j}`,
        kind,
        sizeTier,
        legs: bookLegs(kind, n, spot, vol, rate),
        openRatio: kind === "longOnly" ? undefined : Math.round((1.31 + 1.19 * u * u) * 1000) / 1000,
      });
    }
  });
  return out;
}
