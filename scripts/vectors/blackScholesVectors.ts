import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Location of the golden vectors written by generateBlackScholesVectors.ts. */
export const BLACK_SCHOLES_VECTORS_PATH = fileURLToPath(new URL("../../test/vectors/blackScholes.json", import.meta.url));

/** The six outputs of BlackScholesLib.greeks, by name. */
export const OUTPUTS = ["callPrice", "putPrice", "callDelta", "putDelta", "gamma", "vega"] as const;
export type OutputName = (typeof OUTPUTS)[number];

/** One golden point, as stored in JSON (every number a decimal string). */
export type BlackScholesVector = {
  id: string;
  /** "grid": one of the 2,156 issue-grid points; "edge": an edge case. */
  kind: "grid" | "edge";
  /** human-readable description of the point */
  label: string;
  inputs: {
    spotWad: string; // [wad]
    strikeWad: string; // [wad]
    volWad: string; // [wad, 1e18 = 100%]
    timeSec: string; // [seconds]
    rateWad: string; // [wad, 1e18 = 100%]
  };
  /** exact values with 40 decimals (prices in units of the quote, vega per 1.0 vol, gamma per unit spot) */
  exact: Record<OutputName, string> & { d1: string; sigmaSqrtT: string; discount: string };
  /** exact values rounded to nearest wad (integers as decimal strings) */
  wad: Record<OutputName, string>;
  /** true when T = 0 or sigma = 0: intrinsic value, step delta, gamma = vega = 0 */
  degenerate: boolean;
  /** true when the degenerate outputs are exact wad integers (T = 0, or sigma = 0 with r = 0) */
  exactInWad: boolean;
};

export type BlackScholesVectorFile = {
  description: string;
  generator: string;
  decimals: number;
  secondsPerYear: number;
  points: BlackScholesVector[];
};

/** Reads test/vectors/blackScholes.json. */
export function loadBlackScholesVectors(path = BLACK_SCHOLES_VECTORS_PATH): BlackScholesVectorFile {
  return JSON.parse(readFileSync(path, "utf8")) as BlackScholesVectorFile;
}
