/**
 * Self-check of the exact Black-Scholes reference (run: `npx tsx scripts/reference/selfCheck.ts`).
 *   1. N(x) + N(-x) = 1 across the erf series and the continued fraction, and continuity at |x| = 7.
 *   2. Put-call parity C - P = S - K e^(-rT) to 1e-40 on random points.
 *   3. With `--emit file.json`: writes 20 random points with their 40-digit values, for the one-off
 *      mpmath cross-check `python3 scripts/reference/crossCheckMpmath.py file.json` (not a test dependency).
 */
import { writeFileSync } from "node:fs";
import { ONE, abs, normCdf, mul } from "./bigMath.js";
import { blackScholesReference, toDecimalString, WAD } from "./blackScholesReference.js";

const TOL_40 = 10n ** 24n; // 1e-40 at scale 1e64

/** Deterministic 64-bit xorshift generator so runs are reproducible. */
function makeRng(seed: bigint): () => bigint {
  let s = seed;
  return () => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return s;
  };
}
const rng = makeRng(0x9e3779b97f4a7c15n);
const uniform = (lo: bigint, hi: bigint): bigint => lo + (rng() % (hi - lo + 1n));

let failures = 0;
function check(ok: boolean, what: string): void {
  if (!ok) {
    failures++;
    console.error(`FAIL ${what}`);
  }
}

// 1. symmetry and continuity
for (const xs of ["0", "0.5", "1", "3.3", "6.999", "7", "7.000001", "8", "12.5", "38", "100"]) {
  const [i, f = ""] = xs.split(".");
  const x = BigInt(i + f.padEnd(64, "0"));
  const s = normCdf(x) + normCdf(-x);
  check(abs(s - ONE) <= 2n, `N(${xs}) + N(-${xs}) = 1 (off by ${s - ONE})`);
}
const seven = 7n * ONE;
const jump = normCdf(seven + 1n) - normCdf(seven);
check(abs(jump) <= 4n, `N continuous at 7 (series vs continued fraction differ by ${jump})`);

// 2. parity on random points
type Point = { spotWad: bigint; strikeWad: bigint; volWad: bigint; timeSec: bigint; rateWad: bigint };
const points: Point[] = [];
for (let i = 0; i < 200; i++) {
  const spotWad = uniform(10n ** 12n, 10n ** 24n);
  const ratio = uniform(WAD / 16n, 16n * WAD);
  points.push({
    spotWad,
    strikeWad: (spotWad * WAD) / ratio,
    volWad: uniform(WAD / 1000n, 5n * WAD),
    timeSec: uniform(60n, 2n * 31_536_000n),
    rateWad: uniform(0n, WAD / 5n),
  });
}
for (const p of points) {
  const r = blackScholesReference(p);
  const S = p.spotWad * 10n ** 46n;
  const K = p.strikeWad * 10n ** 46n;
  const parity = r.callPrice - r.putPrice - (S - mul(K, r.discount));
  check(abs(parity) <= TOL_40, `parity at ${JSON.stringify(p, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  check(abs(r.callDelta - r.putDelta - ONE) <= 2n, "callDelta - putDelta = 1");
  check(r.callPrice >= 0n && r.putPrice >= 0n && r.gamma >= 0n && r.vega >= 0n, "signs");
}
console.log(`reference self-check: ${failures === 0 ? "ok" : `${failures} failures`} (${points.length} parity points)`);

const emitAt = process.argv.indexOf("--emit");
if (emitAt > 0) {
  // 20 points, a few of them deep enough (|d1| > 7) to exercise the continued fraction.
  const emitted = points.slice(0, 16).map((p) => ({ p, r: blackScholesReference(p) }));
  for (const [s, k, v, t] of [
    [2000n, 125n, 100n, 86_400n],
    [2000n, 32000n, 100n, 86_400n],
    [2000n, 1900n, 10n, 3_600n],
    [2000n, 2100n, 10n, 3_600n],
  ] as const) {
    const p = { spotWad: s * WAD, strikeWad: k * WAD, volWad: v * 10n ** 16n, timeSec: t, rateWad: 5n * 10n ** 16n };
    emitted.push({ p, r: blackScholesReference(p) });
  }
  const out = emitted.map(({ p, r }) => ({
    spot: p.spotWad.toString(),
    strike: p.strikeWad.toString(),
    vol: p.volWad.toString(),
    time: p.timeSec.toString(),
    rate: p.rateWad.toString(),
    call: toDecimalString(r.callPrice, 45),
    put: toDecimalString(r.putPrice, 45),
    callDelta: toDecimalString(r.callDelta, 45),
    putDelta: toDecimalString(r.putDelta, 45),
    gamma: toDecimalString(r.gamma, 45),
    vega: toDecimalString(r.vega, 45),
    d1: toDecimalString(r.d1, 45),
  }));
  writeFileSync(process.argv[emitAt + 1], JSON.stringify(out, null, 1));
  console.log(`wrote ${out.length} points to ${process.argv[emitAt + 1]}`);
}
process.exitCode = failures === 0 ? 0 : 1;
