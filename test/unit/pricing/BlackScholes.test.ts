/**
 * Differential test of BlackScholesLib.greeks against the exact golden vectors (test/vectors/blackScholes.json,
 * from scripts/reference), evaluated through contracts/mocks/BlackScholesHarness.sol in batched eth_calls.
 * Error units and bars: scripts/vectors/blackScholesErrors.ts.
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  GRID_BARS,
  METRICS,
  pointErrors,
  summarizeErrors,
  tolerance,
  unitsPerWei,
  type ErrorUnits,
} from "../../../scripts/vectors/blackScholesErrors.js";
import {
  evaluateBlackScholes,
  toHarnessInput,
  type BlackScholesHarnessLike,
  type EvaluatedPoint,
} from "../../../scripts/vectors/evaluateBlackScholes.js";
import { loadBlackScholesVectors, OUTPUTS, type BlackScholesVector } from "../../../scripts/vectors/blackScholesVectors.js";
import { parseDecimal } from "../../../scripts/reference/blackScholesReference.js";
import { makeBlackScholesVector } from "../../../scripts/vectors/makeBlackScholesVector.js";

const { ethers } = await network.connect();

const WAD = 10n ** 18n;
const DAY = 86_400n;
const MIN_PRICE = 10n ** 9n; // [wad] domain minimum of spot and strike
const MAX_PRICE = 10n ** 33n; // [wad] domain maximum of spot and strike
const MAX_VOL = 10n * WAD; // [wad] 1000%
const MAX_TIME = 3650n * DAY; // [seconds] 10 years
const MAX_RATE = WAD; // [wad] 100%

type Row = { v: BlackScholesVector; r: EvaluatedPoint };

describe("BlackScholesLib", function () {
  const vectors = loadBlackScholesVectors().points;
  let harness: Awaited<ReturnType<typeof ethers.deployContract>>;
  let rows: Row[] = [];

  /** "id (label): ErrorName(args)" for a reverted point. */
  function describeRevert(row: Row): string {
    if (row.r.ok) return "";
    let reason = row.r.revertData;
    try {
      const parsed = harness.interface.parseError(row.r.revertData);
      if (parsed) reason = `${parsed.name}(${parsed.args.join(", ")})`;
    } catch {
      // keep the raw data
    }
    return `${row.v.id} (${row.v.label}): ${reason}`;
  }
  function ok(kind: "grid" | "edge"): { v: BlackScholesVector; g: NonNullable<Extract<EvaluatedPoint, { ok: true }>>["greeks"] }[] {
    return rows.filter((x) => x.v.kind === kind && x.r.ok).map((x) => ({ v: x.v, g: (x.r as Extract<EvaluatedPoint, { ok: true }>).greeks }));
  }

  before(async function () {
    this.timeout(300_000);
    harness = await ethers.deployContract("BlackScholesHarness");
    const results = await evaluateBlackScholes(
      harness as unknown as BlackScholesHarnessLike,
      vectors.map(toHarnessInput),
    );
    rows = vectors.map((v, i) => ({ v, r: results[i] }));
  });

  describe("greeks on the golden vectors", function () {
    it("evaluates 2,156 grid points", function () {
      expect(vectors.filter((v) => v.kind === "grid")).to.have.length(2156);
    });

    for (const kind of ["grid", "edge"] as const) {
      it(`does not revert on any ${kind} point`, function () {
        const reverted = rows.filter((x) => x.v.kind === kind && !x.r.ok);
        expect(reverted.map(describeRevert).slice(0, 10), `${reverted.length} ${kind} points reverted`).to.deep.equal([]);
      });
    }

    for (const m of METRICS) {
      it(`keeps the ${m} error within ${GRID_BARS[m]} (1e-18 units) on the grid`, function () {
        const grid = ok("grid").map(({ v, g }) => ({ v, err: pointErrors(v, g) }));
        expect(grid.length).to.be.greaterThan(0);
        const s = summarizeErrors(grid)[m];
        expect(s.max, `max ${m} error ${s.max} at ${s.at}`).to.be.at.most(GRID_BARS[m]);
      });
    }

    // The accuracy the library has today (bench/accuracy.json), held as a bar: price and delta within 1e-18 (x S),
    // gamma within one wei (S = 2000: 2000 units), vega within 0.064e-18 S. A faster evaluation must not lose any.
    it("keeps the grid within 1e-18 for price and delta, one wei of gamma and 0.064e-18 S of vega", function () {
      const s = summarizeErrors(ok("grid").map(({ v, g }) => ({ v, err: pointErrors(v, g) })));
      expect(s.price.max, `price at ${s.price.at}`).to.be.at.most(1);
      expect(s.delta.max, `delta at ${s.delta.at}`).to.be.at.most(1);
      expect(s.gamma.max, `gamma at ${s.gamma.at}`).to.be.at.most(1000);
      expect(s.vega.max, `vega at ${s.vega.at}`).to.be.at.most(0.064);
    });

    it("keeps every edge point within the bars plus its input-conditioning slack", function () {
      const bad: string[] = [];
      for (const { v, g } of ok("edge")) {
        const err: ErrorUnits = pointErrors(v, g);
        const tol = tolerance(v);
        for (const m of METRICS)
          if (!(err[m] <= tol[m])) bad.push(`${v.id} (${v.label}): ${m} error ${err[m]} > ${tol[m]}`);
      }
      expect(bad.slice(0, 10), `${bad.length} edge violations`).to.deep.equal([]);
    });

    it("returns intrinsic value, the step delta and zero gamma and vega at T = 0 and sigma = 0", function () {
      const degenerate = rows.filter((x) => x.v.degenerate);
      expect(degenerate.length).to.be.greaterThan(20);
      const bad: string[] = [];
      for (const { v, r } of degenerate) {
        if (!r.ok) continue; // reported by the no-revert test
        const g = r.greeks;
        const want = (o: (typeof OUTPUTS)[number]) => BigInt(v.wad[o]);
        // Deltas, gamma and vega are exact everywhere; prices are exact wad integers at T = 0 or with r = 0,
        // and within the price bar when sigma = 0 with r > 0 (they contain K e^(-rT)).
        const exact: (typeof OUTPUTS)[number][] = ["callDelta", "putDelta", "gamma", "vega"];
        if (v.exactInWad) exact.push("callPrice", "putPrice");
        for (const o of exact) if (g[o] !== want(o)) bad.push(`${v.id} (${v.label}): ${o} = ${g[o]}, want ${want(o)}`);
        if (!v.exactInWad) {
          const e = pointErrors(v, g);
          if (!(e.price <= tolerance(v).price)) bad.push(`${v.id} (${v.label}): price error ${e.price}`);
        }
      }
      expect(bad.slice(0, 10), `${bad.length} degenerate mismatches`).to.deep.equal([]);
    });

    it("respects the no-arbitrage bounds 0 <= call <= S and put <= K e^(-rT) (+1 wei)", function () {
      const bad: string[] = [];
      for (const { v, g } of [...ok("grid"), ...ok("edge")]) {
        const S = BigInt(v.inputs.spotWad);
        const K = BigInt(v.inputs.strikeWad);
        // ceil(K * discount) in wad, discount exact to 1e-40
        const kDisc = (K * parseDecimal(v.exact.discount, 40) + 10n ** 40n - 1n) / 10n ** 40n;
        if (g.callPrice > S) bad.push(`${v.id} (${v.label}): call ${g.callPrice} > S ${S}`);
        if (g.putPrice > kDisc + 1n) bad.push(`${v.id} (${v.label}): put ${g.putPrice} > K e^(-rT) ${kDisc}`);
      }
      expect(bad.slice(0, 10), `${bad.length} bound violations`).to.deep.equal([]);
    });

    it("returns callDelta in [0, 1], putDelta in [-1, 0] and callDelta - putDelta = 1 (+-1 wei)", function () {
      const bad: string[] = [];
      for (const { v, g } of [...ok("grid"), ...ok("edge")]) {
        if (g.callDelta < 0n || g.callDelta > WAD) bad.push(`${v.id}: callDelta ${g.callDelta}`);
        if (g.putDelta < -WAD || g.putDelta > 0n) bad.push(`${v.id}: putDelta ${g.putDelta}`);
        const gap = g.callDelta - g.putDelta - WAD;
        if (gap > 1n || gap < -1n) bad.push(`${v.id}: callDelta - putDelta - 1 = ${gap} wei`);
      }
      expect(bad.slice(0, 10), `${bad.length} sign violations`).to.deep.equal([]);
    });
  });

  /**
   * The N tail, e^r and ln are continued fractions (one division chain each, scripts/reference/fit/cf.py and
   * lncf.py). A divisor that came close to 0 (or a chain that lost precision) shows up as a wrong N(d) where the
   * divisors are smallest or the rounding propagation largest: |d| = 0 (the minima of u2, u3, u4, u6, u7 = 0.155,
   * u8, u10), 1.659 (u5), 4.339 (u9), just below 9 (the largest propagation, 2.9e-28) and the clamp at 9, plus a
   * sweep of |d| over [0, 9.5] for d1 and for d2, and S/K at the ln reduction's boundaries (sqrt2, 1/sqrt2, 2^k).
   * sigma = 100% and T = 1 year make v = 1 exactly, r = 0, so d1 = ln(S/K) + 1/2: K = S e^(1/2 - d1).
   * Each point is held to the accuracy bar: price and delta within 1e-18 (x S), gamma within one wei, vega to the grid bar.
   */
  describe("greeks where the continued fractions are closest to cancellation", function () {
    const S = 10n ** 24n; // [wad] 1e6 units: one wei of price is 1e-24 S, far below the bar
    const YEAR = 365n * DAY;
    const strikeFor = (d1: number): bigint => BigInt(Math.round(1e6 * Math.exp(0.5 - d1) * 1e6)) * 10n ** 12n;
    const targets = [0, 1e-6, 1.659, 4.339, 8.999, 8.9999999, 9, 9.0000001, 9.5];
    for (let i = 0; i <= 36; i++) targets.push(i / 4);
    const points: BlackScholesVector[] = [];
    for (const a of targets)
      for (const d1 of [a, -a, a + 1, 1 - a]) // d1 = +-a, and d2 = d1 - 1 = +-a
        points.push(
          makeBlackScholesVector("edge", `cf-${points.length}`, `d1 = ${d1}`, {
            spotWad: S,
            strikeWad: strikeFor(d1),
            volWad: WAD,
            timeSec: YEAR,
            rateWad: 0n,
          }),
        );
    // the ln step: z at +-(3 - 2 sqrt2) on either side of each reduction boundary, T = 30 days, r = 5%
    for (const ratio of [Math.SQRT2, Math.SQRT1_2, 2 * Math.SQRT2, Math.SQRT1_2 / 2, 1024 * Math.SQRT2, 1 / 1024 / Math.SQRT2])
      for (const eps of [-1e-12, 0, 1e-12])
        points.push(
          makeBlackScholesVector("edge", `ln-${points.length}`, `S/K = ${ratio * (1 + eps)}`, {
            spotWad: S,
            strikeWad: BigInt(Math.round((1e6 / (ratio * (1 + eps))) * 1e6)) * 10n ** 12n,
            volWad: (8n * WAD) / 10n,
            timeSec: 30n * DAY,
            rateWad: (5n * WAD) / 100n,
          }),
        );

    it("keeps price and delta within 1e-18 (x S), gamma within 1 wei, vega within the grid bar", async function () {
      this.timeout(120_000);
      const results = await evaluateBlackScholes(harness as unknown as BlackScholesHarnessLike, points.map(toHarnessInput));
      const bad: string[] = [];
      let worst = { price: 0, delta: 0 };
      points.forEach((v, i) => {
        const r = results[i];
        if (!r.ok) return void bad.push(`${v.id} (${v.label}) reverted`);
        const e = pointErrors(v, r.greeks);
        worst = { price: Math.max(worst.price, e.price), delta: Math.max(worst.delta, e.delta) };
        // gamma: one wei of gamma is S / 1e18 = 1e6 of its units here, so it is held to one wei
        if (!(e.price <= 1 && e.delta <= 1 && e.gamma <= unitsPerWei(v).gamma && e.vega <= GRID_BARS.vega))
          bad.push(`${v.id} (${v.label}): ${JSON.stringify(e)}`);
      });
      expect(bad.slice(0, 10), `${bad.length} of ${points.length} points off (worst ${JSON.stringify(worst)})`).to.deep.equal([]);
    });
  });

  describe("greeks outside the domain", function () {
    const S = 2000n * WAD;
    const K = 2000n * WAD;
    const VOL = (8n * WAD) / 10n;
    const T = 30n * DAY;
    const R = (5n * WAD) / 100n;

    it("accepts the domain corners", async function () {
      for (const [s, k, vol, t, r] of [
        [MIN_PRICE, MIN_PRICE, MAX_VOL, MAX_TIME, MAX_RATE],
        [MAX_PRICE, MAX_PRICE, 0n, 0n, 0n],
        [MIN_PRICE, 16n * MIN_PRICE, 1n, 1n, MAX_RATE],
        [MAX_PRICE, MAX_PRICE / 16n, MAX_VOL, 1n, 0n],
        [MAX_PRICE / 16n, MAX_PRICE, WAD / 1000n, MAX_TIME, MAX_RATE],
      ] as const) {
        const [g] = await harness.greeks(s, k, vol, t, r);
        expect(g.callDelta - g.putDelta).to.be.closeTo(WAD, 1n);
      }
    });

    it("reverts SpotOutOfRange below 1e9 and above 1e33", async function () {
      for (const s of [MIN_PRICE - 1n, MAX_PRICE + 1n, 0n])
        await expect(harness.greeks(s, K, VOL, T, R)).to.be.revertedWithCustomError(harness, "SpotOutOfRange").withArgs(s);
    });

    it("reverts StrikeOutOfRange below 1e9 and above 1e33", async function () {
      for (const k of [MIN_PRICE - 1n, MAX_PRICE + 1n, 0n])
        await expect(harness.greeks(S, k, VOL, T, R)).to.be.revertedWithCustomError(harness, "StrikeOutOfRange").withArgs(k);
    });

    it("reverts VolOutOfRange above 1000%", async function () {
      await expect(harness.greeks(S, K, MAX_VOL + 1n, T, R))
        .to.be.revertedWithCustomError(harness, "VolOutOfRange")
        .withArgs(MAX_VOL + 1n);
    });

    it("reverts TimeOutOfRange above 10 years", async function () {
      await expect(harness.greeks(S, K, VOL, MAX_TIME + 1n, R))
        .to.be.revertedWithCustomError(harness, "TimeOutOfRange")
        .withArgs(MAX_TIME + 1n);
    });

    it("reverts RateOutOfRange above 100%", async function () {
      await expect(harness.greeks(S, K, VOL, T, MAX_RATE + 1n))
        .to.be.revertedWithCustomError(harness, "RateOutOfRange")
        .withArgs(MAX_RATE + 1n);
    });
  });
});
