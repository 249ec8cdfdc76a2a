/**
 * Writes test/vectors/blackScholes.json: the 2,156-point grid plus edge cases, with exact
 * expected outputs from the BigInt reference (40 decimals) and their wad roundings.
 *
 * Run: `npx tsx scripts/vectors/generateBlackScholesVectors.ts` (about 5 s).
 */
import { writeFileSync } from "node:fs";
import { WAD, type BlackScholesReferenceParameters } from "../reference/blackScholesReference.js";
import { BLACK_SCHOLES_VECTORS_PATH, type BlackScholesVector, type BlackScholesVectorFile } from "./blackScholesVectors.js";
import { makeBlackScholesVector, VECTOR_DECIMALS } from "./makeBlackScholesVector.js";

const DAY = 86_400n;
const YEAR = 365n * DAY;

/** Decimal string -> wad integer (exact). */
function wad(s: string): bigint {
  const [i, f = ""] = s.split(".");
  return BigInt(i + f.padEnd(18, "0"));
}
/** K = S / ratio rounded to nearest wad. */
function strikeFor(spotWad: bigint, ratio: string): bigint {
  const r = wad(ratio);
  return (2n * spotWad * WAD + r) / (2n * r);
}

/** Domain of BlackScholesLib for spot and strike: [1e9, 1e33] wad. Points outside it are not generated. */
const MIN_PRICE_WAD = 10n ** 9n;
const MAX_PRICE_WAD = 10n ** 33n;

const points: BlackScholesVector[] = [];
function add(kind: "grid" | "edge", label: string, p: BlackScholesReferenceParameters): void {
  const inDomain = (x: bigint): boolean => x >= MIN_PRICE_WAD && x <= MAX_PRICE_WAD;
  if (!inDomain(p.spotWad) || !inDomain(p.strikeWad)) return;
  points.push(makeBlackScholesVector(kind, `${kind}-${points.filter((x) => x.kind === kind).length}`, label, p));
}
function fmtT(t: bigint): string {
  if (t % DAY === 0n) return `${t / DAY}d`;
  return `${t}s`;
}
function point(kind: "grid" | "edge", S: string, ratio: string, vol: string, t: bigint, rate: string, note = ""): void {
  const spotWad = wad(S);
  const strikeWad = strikeFor(spotWad, ratio);
  add(kind, `${note}${note ? " " : ""}S=${S} S/K=${ratio} vol=${vol} T=${fmtT(t)} r=${rate}`, {
    spotWad,
    strikeWad,
    volWad: wad(vol),
    timeSec: t,
    rateWad: wad(rate),
  });
}

// ---- the issue grid: 11 x 7 x 7 x 4 = 2,156 points ----
const RATIOS = ["0.5", "0.667", "0.8", "0.9", "0.95", "1", "1.05", "1.1", "1.25", "1.5", "2"];
const VOLS = ["0.1", "0.25", "0.5", "0.8", "1.0", "1.5", "2.0"];
const DAYS = [1n, 7n, 30n, 90n, 180n, 365n, 730n];
const RATES = ["0", "0.01", "0.05", "0.1"];
for (const ratio of RATIOS)
  for (const vol of VOLS) for (const d of DAYS) for (const rate of RATES) point("grid", "2000", ratio, vol, d * DAY, rate);

// ---- edge cases ----
// short expiries: 60 s and 1 h
for (const t of [60n, 3_600n])
  for (const ratio of ["0.8", "0.95", "0.999", "1", "1.001", "1.05", "1.25"])
    for (const vol of ["0.1", "0.8", "2.0"]) for (const rate of ["0", "0.05"]) point("edge", "2000", ratio, vol, t, rate, "short");
// low volatility: 1% and 0.1%
for (const vol of ["0.01", "0.001"])
  for (const ratio of ["0.5", "0.9", "0.99", "1", "1.01", "1.1", "2"])
    for (const d of [1n, 30n, 365n]) for (const rate of ["0", "0.05"]) point("edge", "2000", ratio, vol, d * DAY, rate, "lowvol");
// high volatility: 500% and 1000% (domain maximum)
for (const vol of ["5", "10"])
  for (const ratio of ["0.0625", "0.5", "1", "2", "16"])
    for (const d of [1n, 365n, 3650n]) for (const rate of ["0", "0.05"]) point("edge", "2000", ratio, vol, d * DAY, rate, "highvol");
// tiny and huge spot (down to and up to the domain limits), strikes at a few ratios and 1 wei either side of
// the spot; strikes outside [1e9, 1e33] wad are skipped
for (const S of ["0.000001", "1000000000", "0.000000001", "1000000000000000"]) {
  for (const ratio of ["0.0625", "0.5", "0.95", "1", "1.05", "2", "16"]) point("edge", S, ratio, "0.8", 30n * DAY, "0.05", "spot");
  const spotWad = wad(S);
  for (const dk of [-1n, 1n])
    add("edge", `spot S=${S} K=S${dk > 0 ? "+" : "-"}1wei vol=0.8 T=30d r=0.05`, {
      spotWad,
      strikeWad: spotWad + dk,
      volWad: wad("0.8"),
      timeSec: 30n * DAY,
      rateWad: wad("0.05"),
    });
}
// T = 0: intrinsic and step delta, e^(-rT) = 1
for (const ratio of ["0.0625", "0.5", "0.95", "1", "1.05", "2", "16"])
  for (const rate of ["0", "0.05", "1"]) point("edge", "2000", ratio, "0.8", 0n, rate, "expiry");
for (const S of ["0.000001", "1000000000"]) for (const ratio of ["0.5", "1", "2"]) point("edge", S, ratio, "0.8", 0n, "0.05", "expiry");
// sigma = 0: the sigma -> 0 limit, intrinsic of the forward K e^(-rT)
for (const ratio of ["0.0625", "0.5", "0.95", "1", "1.05", "2", "16"])
  for (const rate of ["0", "0.05"]) point("edge", "2000", ratio, "0", 30n * DAY, rate, "zerovol");
point("edge", "2000", "1", "0", 0n, "0", "zerovol");
point("edge", "2000", "0.5", "0", 0n, "0.05", "zerovol");
// deep ITM / OTM, |d1| far beyond 50
for (const ratio of ["16", "0.0625", "4", "0.25"])
  for (const [vol, t] of [
    ["0.001", 60n],
    ["0.01", DAY],
    ["0.1", DAY],
    ["0.001", 365n * DAY],
  ] as const)
    for (const rate of ["0", "0.05"]) point("edge", "2000", ratio, vol, t, rate, "deep");
// long expiry: 10 years (domain maximum)
for (const ratio of ["0.0625", "0.5", "1", "2", "16"])
  for (const vol of ["0.1", "1.0", "5"]) for (const rate of ["0", "0.05", "1"]) point("edge", "2000", ratio, vol, 10n * YEAR, rate, "long");
// r = 100%
for (const ratio of ["0.5", "1", "2"])
  for (const d of [30n, 365n, 3650n]) for (const vol of ["0.25", "1.0"]) point("edge", "2000", ratio, vol, d * DAY, "1", "highrate");

const file: BlackScholesVectorFile = {
  description:
    "Black-Scholes golden vectors: exact values (40 decimals) from scripts/reference (BigInt, 1e-64 fixed point), " +
    "year = 365 days, at T = 0 or sigma = 0 the sigma -> 0 limit (intrinsic of S against K e^(-rT), step delta 1 / 0 / 0.5 at S >, <, = K e^(-rT)).",
  generator: "scripts/vectors/generateBlackScholesVectors.ts",
  decimals: VECTOR_DECIMALS,
  secondsPerYear: 31_536_000,
  points,
};
// One point per line: diffable and still compact.
const body = points.map((p) => "    " + JSON.stringify(p)).join(",\n");
const head = JSON.stringify({ ...file, points: [] }, null, 2).replace(/"points": \[\]\n}$/, "");
writeFileSync(BLACK_SCHOLES_VECTORS_PATH, `${head}"points": [\n${body}\n  ]\n}\n`);
const grid = points.filter((p) => p.kind === "grid").length;
console.log(`wrote ${points.length} points (${grid} grid, ${points.length - grid} edge) to ${BLACK_SCHOLES_VECTORS_PATH}`);
