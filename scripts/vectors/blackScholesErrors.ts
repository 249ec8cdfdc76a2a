/**
 * Error metrics of BlackScholesLib outputs against the exact golden vectors, shared by the mocha test
 * (test/unit/pricing/BlackScholes.test.ts), the benchmark (scripts/bench/blackScholes.bench.ts) and the demo.
 *
 * Every error is in units of 1e-18 (scaled by the spot where the output scales with it):
 *   price = |price - exact| / S * 1e18        (call and put, the larger)
 *   delta = |delta - exact| * 1e18            (call and put, the larger)
 *   gamma = |gamma - exact| * S * 1e18        (gamma·S is dimensionless)
 *   vega  = |vega - exact| / S * 1e18
 * Errors are measured against the exact 40-decimal value, not its wad rounding: a perfect library shows
 * up to half a wei of error.
 */
import { parseDecimal } from "../reference/blackScholesReference.js";
import type { BlackScholesVector, OutputName } from "./blackScholesVectors.js";

/** The six outputs as returned by the library, all in wad (deltas signed). */
export type GreeksWad = Record<OutputName, bigint>;

export type Metric = "price" | "delta" | "gamma" | "vega";
export const METRICS: readonly Metric[] = ["price", "delta", "gamma", "vega"];
export type ErrorUnits = Record<Metric, number>;

/**
 * Bars on the grid, in 1e-18 units. price and delta are the bars (3e-16·S, 3e-16); gamma and vega
 * are generous placeholders to be tightened (one wei of gamma is already S = 2000 units on the grid).
 */
export const GRID_BARS: ErrorUnits = { price: 300, delta: 300, gamma: 1e5, vega: 1e4 };

/**
 * Edge points are held to the grid bars plus what rounding the inputs to a few 1e-18 relative would cost
 * an exact evaluation (see conditioning()), times this factor, plus EDGE_SLACK_WEI wei of output rounding.
 */
export const EDGE_CONDITION_FACTOR = 16;
export const EDGE_SLACK_WEI = 2n;

const E40 = 40;

function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}
/** n / d as a float64 with ~15 significant digits, for bigints of any size. */
function ratio(n: bigint, d: bigint): number {
  if (n === 0n) return 0;
  const scale = 10n ** 20n;
  return Number((n * scale) / d) / 1e20;
}

/** |got (wad) - exact (40 decimals)| scaled to 1e-40. */
function diff40(got: bigint, exact: string): bigint {
  return absBig(got * 10n ** 22n - parseDecimal(exact, E40));
}

/** Errors of one point in 1e-18 units, see the module comment. */
export function pointErrors(v: BlackScholesVector, got: GreeksWad): ErrorUnits {
  const S = BigInt(v.inputs.spotWad);
  // units = wei * 1e18 / S_wad = diff40 / (1e4 * S_wad)
  const perS = (d: bigint): number => ratio(d, 10_000n * S);
  const perOne = (d: bigint): number => ratio(d, 10n ** 22n);
  return {
    price: Math.max(perS(diff40(got.callPrice, v.exact.callPrice)), perS(diff40(got.putPrice, v.exact.putPrice))),
    delta: Math.max(perOne(diff40(got.callDelta, v.exact.callDelta)), perOne(diff40(got.putDelta, v.exact.putDelta))),
    // gamma·S error in 1e-18: diff40 * S_wad / 1e18 / 1e22
    gamma: ratio(diff40(got.gamma, v.exact.gamma) * S, 10n ** 40n),
    vega: perS(diff40(got.vega, v.exact.vega)),
  };
}

/** Size of one wei of each output, in the metric's 1e-18 units. */
export function unitsPerWei(v: BlackScholesVector): ErrorUnits {
  const S = Number(v.inputs.spotWad);
  return { price: 1e18 / S, delta: 1, gamma: S / 1e18, vega: 1e18 / S };
}

/**
 * Change of each metric (in its 1e-18 units) when ln(S/K) moves by 1e-18 and sigma by 1e-18 relative: the
 * error an exact evaluation makes on inputs that carry wad rounding. Large where sigma·sqrt(T) is tiny.
 *   price: vega·sigma/S;  delta: gamma·S + n(d1)|d2|
 *   gamma·S: gamma·S (|d1| / (sigma sqrt T) + |d1 d2 - 1|);  vega/S: vega/S (|d1| / (sigma sqrt T) + |d1 d2|)
 */
export function conditioning(v: BlackScholesVector): ErrorUnits {
  if (v.degenerate) return { price: 0, delta: 0, gamma: 0, vega: 0 };
  const S = Number(v.inputs.spotWad) / 1e18;
  const sigma = Number(v.inputs.volWad) / 1e18;
  const d1 = Number(v.exact.d1);
  const st = Number(v.exact.sigmaSqrtT);
  const d2 = d1 - st;
  const pdf = Math.exp((-d1 * d1) / 2) / Math.sqrt(2 * Math.PI);
  const gammaS = pdf / st;
  const vegaS = Number(v.exact.vega) / S;
  return {
    price: vegaS * sigma,
    delta: gammaS + pdf * Math.abs(d2),
    gamma: gammaS * (Math.abs(d1) / st + Math.abs(d1 * d2 - 1)),
    vega: vegaS * (Math.abs(d1) / st + Math.abs(d1 * d2)),
  };
}

/** The allowed error of a point: GRID_BARS on the grid; bars + conditioning + slack on edge points. */
export function tolerance(v: BlackScholesVector): ErrorUnits {
  if (v.kind === "grid") return GRID_BARS;
  const c = conditioning(v);
  const w = unitsPerWei(v);
  const out = {} as ErrorUnits;
  for (const m of METRICS) out[m] = GRID_BARS[m] + EDGE_CONDITION_FACTOR * c[m] + Number(EDGE_SLACK_WEI) * w[m];
  return out;
}

/** Maximum of each metric over a set of points, with the point that attains it. */
export type ErrorSummary = Record<Metric, { max: number; at: string }>;

export function summarizeErrors(rows: { v: BlackScholesVector; err: ErrorUnits }[]): ErrorSummary {
  const out = {} as ErrorSummary;
  for (const m of METRICS) {
    out[m] = { max: 0, at: "" };
    for (const { v, err } of rows)
      if (err[m] > out[m].max || out[m].at === "") out[m] = { max: err[m], at: `${v.id} (${v.label})` };
  }
  return out;
}
