/**
 * BlackScholesLib.greeks benchmark: gas over the 2,156-point issue grid (one-pass call through
 * BlackScholesHarness, gasleft() difference around the library call) and max errors against the exact
 * golden vectors in 1e-18·S units (scripts/vectors/blackScholesErrors.ts).
 */
import type { BenchContext, BenchModule, BenchResult } from "./benchTypes.js";
import { loadBlackScholesVectors, type BlackScholesVector } from "../vectors/blackScholesVectors.js";
import {
  GRID_BARS,
  METRICS,
  pointErrors,
  summarizeErrors,
  tolerance,
} from "../vectors/blackScholesErrors.js";
import {
  evaluateBlackScholes,
  toHarnessInput,
  type BlackScholesHarnessLike,
  type EvaluatedPoint,
} from "../vectors/evaluateBlackScholes.js";

/** The targets: bar and stretch goal. */
const TARGETS = {
  gas: "<= 6000 (stretch <= 3000)",
  price: `<= ${GRID_BARS.price} (stretch < 90, Lyra)`,
  delta: `<= ${GRID_BARS.delta}`,
  gamma: `<= ${GRID_BARS.gamma} (test bar)`,
  vega: `<= ${GRID_BARS.vega} (test bar)`,
} as const;

export type GasStats = { min: number; median: number; mean: number; max: number };

/** min, median (mean of the two middle values for an even count, rounded), mean (rounded), max. */
export function gasStats(values: number[]): GasStats {
  if (values.length === 0) return { min: 0, median: 0, mean: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
  return { min: s[0], median, mean: Math.round(s.reduce((a, b) => a + b, 0) / s.length), max: s[s.length - 1] };
}

function fmt(x: number): string {
  if (x === 0) return "0";
  if (x >= 1e6 || x < 1e-3) return x.toExponential(3);
  return x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

const blackScholes: BenchModule = {
  name: "blackScholes",
  async run({ connection }: BenchContext): Promise<BenchResult> {
    const { ethers } = connection;
    const harness = await ethers.deployContract("BlackScholesHarness");
    const vectors = loadBlackScholesVectors().points;
    const results = await evaluateBlackScholes(harness as unknown as BlackScholesHarnessLike, vectors.map(toHarnessInput));

    type Ok = { v: BlackScholesVector; r: Extract<EvaluatedPoint, { ok: true }> };
    const rows = vectors.map((v, i) => ({ v, r: results[i] }));
    const okOf = (kind: string): Ok[] => rows.filter((x): x is Ok => x.v.kind === kind && x.r.ok);
    const grid = okOf("grid");
    const edge = okOf("edge");
    const gridReverts = rows.filter((x) => x.v.kind === "grid" && !x.r.ok).length;
    const edgeReverts = rows.filter((x) => x.v.kind === "edge" && !x.r.ok).length;

    const g = gasStats(grid.map((x) => x.r.gasUsed));
    const e = gasStats(edge.map((x) => x.r.gasUsed));
    const gridErr = summarizeErrors(grid.map(({ v, r }) => ({ v, err: pointErrors(v, r.greeks) })));
    // Edge points: worst error as a multiple of the point's own tolerance (<= 1 passes the test).
    let edgeWorst = 0;
    let edgeWorstAt = "";
    for (const { v, r } of edge) {
      const err = pointErrors(v, r.greeks);
      const tol = tolerance(v);
      for (const m of METRICS) {
        const q = err[m] / tol[m];
        if (q > edgeWorst) [edgeWorst, edgeWorstAt] = [q, `${m} at ${v.id} (${v.label})`];
      }
    }

    const gas = {
      "blackScholes.greeks.min": g.min,
      "blackScholes.greeks.median": g.median,
      "blackScholes.greeks.mean": g.mean,
      "blackScholes.greeks.max": g.max,
      "blackScholes.greeks.edge.median": e.median,
      "blackScholes.greeks.edge.max": e.max,
    };
    const accuracy: Record<string, number> = {
      price: gridErr.price.max,
      delta: gridErr.delta.max,
      gamma: gridErr.gamma.max,
      vega: gridErr.vega.max,
      "blackScholes.grid.reverts": gridReverts,
      "blackScholes.edge.reverts": edgeReverts,
      "blackScholes.edge.maxErrorOverTolerance": edgeWorst,
    };
    const table: BenchResult["rows"] = [
      ["greeks gas median", String(g.median), TARGETS.gas, `grid, ${grid.length} points`],
      ["greeks gas min / mean / max", `${g.min} / ${g.mean} / ${g.max}`, "", "grid"],
      ["greeks gas edge median / max", `${e.median} / ${e.max}`, "", `edge, ${edge.length} points`],
    ];
    for (const m of METRICS)
      table.push([`max ${m} error (1e-18${m === "delta" ? "" : "·S"})`, fmt(gridErr[m].max), TARGETS[m], gridErr[m].at]);
    table.push(["reverts grid / edge", `${gridReverts} / ${edgeReverts}`, "0 / 0", ""]);
    table.push(["edge max error / tolerance", fmt(edgeWorst), "<= 1", edgeWorstAt]);
    return { gas, accuracy, rows: table };
  },
};

export default blackScholes;
