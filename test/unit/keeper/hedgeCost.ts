import { expect } from "chai";
import { blackScholesDelta } from "../../../keeper/src/pricing/blackScholesDelta.js";
import { evaluateBid } from "../../../keeper/src/strategy/evaluateBid.js";
import { hedgeCost, unitDeltaAbs, YEAR_SECONDS } from "../../../keeper/src/strategy/hedgeCost.js";

const WAD = 10n ** 18n;

/** |actual − expected| ≤ tol (chai's closeTo is replaced by the Hardhat matchers' bigint version in a full run) */
function near(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected) <= tol, `${actual} within ${tol} of ${expected}`).to.equal(true);
}

describe("keeper hedge cost", () => {
  it("a combined lot's delta nets its hedge: a 1:1 call spread, a half hedge, no hedge size", () => {
    // short 2200C (|Δ| 0.35) with a 2000C hedge (|Δ| 0.55): the unit is net long delta 0.20 per short
    near(unitDeltaAbs(0.35, 0.55, WAD, WAD), 0.2, 1e-12);
    near(unitDeltaAbs(0.35, 0.5, WAD / 2n, WAD), 0.1, 1e-12);
    expect(unitDeltaAbs(0.35, 0.55, 0n, 0n)).to.equal(0.35);
  });

  it("Black-Scholes delta: call − put = 1, ATM call near ½, limits at expiry", () => {
    const p = { spot: 1880, strike: 2000, vol: 0.8, years: 30 / 365, rate: 0.05 };
    const call = blackScholesDelta({ ...p, isCall: true });
    const put = blackScholesDelta({ ...p, isCall: false });
    near(call - put, 1, 1e-9);
    near(put, -0.5546, 0.001);
    near(blackScholesDelta({ spot: 2000, strike: 2000, vol: 0.5, years: 1e-6, rate: 0, isCall: true }), 0.5, 0.01);
    expect(blackScholesDelta({ ...p, years: 0, isCall: false })).to.equal(-1);
  });

  it("is |Δ| × S × σ × √(t / year) × size × k, rounded up, and 0 when off", () => {
    const c = hedgeCost({ deltaAbs: 0.5, spot: 2000, vol: 0.8, holdingSeconds: YEAR_SECONDS / 10_000, costMultiplierWad: WAD, sizeWad: 2n * WAD });
    // 0.5 × 2000 × 0.8 × 0.01 × 2 = 16
    near(Number(c) / 1e18, 16, 1e-6);
    expect(c >= 16n * WAD).to.equal(true);
    expect(hedgeCost({ deltaAbs: 0.5, spot: 2000, vol: 0.8, holdingSeconds: 30, costMultiplierWad: 0n, sizeWad: WAD })).to.equal(0n);
    expect(hedgeCost({ deltaAbs: 0.5, spot: 2000, vol: 0.8, holdingSeconds: 0, costMultiplierWad: WAD, sizeWad: WAD })).to.equal(0n);
    const twice = hedgeCost({ deltaAbs: 0.5, spot: 2000, vol: 0.8, holdingSeconds: 30, costMultiplierWad: 2n * WAD, sizeWad: WAD });
    const once = hedgeCost({ deltaAbs: 0.5, spot: 2000, vol: 0.8, holdingSeconds: 30, costMultiplierWad: WAD, sizeWad: WAD });
    near(Number(twice) / Number(once), 2, 1e-6);
  });

  it("with the shipped example (12 s held, one σ) a first slice at the 1% start discount pays; a 2% flat haircut did not", () => {
    // a 2000 put at S = 1880, σ = 80%, 30 days; mark ≈ 175; bidder price mark × (1 + 1% × (1 − 20% fund share))
    const mark = 175n * WAD;
    const price = (mark * (WAD + (WAD / 100n) * 8n / 10n)) / WAD;
    const size = 10n * WAD;
    const deltaAbs = Math.abs(blackScholesDelta({ spot: 1880, strike: 2000, vol: 0.8, years: 30 / 365, rate: 0, isCall: false }));
    const h = hedgeCost({ deltaAbs, spot: 1880, vol: 0.8, holdingSeconds: 12, costMultiplierWad: WAD, sizeWad: size });
    const common = { lotIsShort: true, sizeWad: size, bidPriceWad: price, fairPriceWad: mark, gas: 400_000n, maxFeePerGas: 10n ** 9n, nativePriceWad: 3000n * WAD, minProfitWad: WAD };
    expect(evaluateBid({ ...common, riskHaircutWad: 0n, hedgeCostWad: h }).profitable).to.equal(true);
    expect(evaluateBid({ ...common, riskHaircutWad: (2n * WAD) / 100n }).profitable).to.equal(false);
  });
});
