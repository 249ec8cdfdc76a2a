import { expect } from "chai";
import { planVolUpdate, type VolBounds } from "../../feeder/src/planVolUpdate.js";
import { parseVol } from "../../feeder/src/sources/parseVol.js";
import { instrumentName } from "../../feeder/src/sources/createHttpSource.js";
import { createStaticSource } from "../../feeder/src/sources/createStaticSource.js";

const W = 10n ** 18n;
const pct = (p: number) => (BigInt(Math.round(p * 100)) * W) / 10_000n;
const bounds: VolBounds = { minVolWad: pct(5), maxVolWad: pct(500), maxChangeWad: pct(50), maxAge: 86_400n };
const base = { bounds, now: 1_000_000n, refreshBeforeMaxAge: 3_600n, moveThresholdWad: pct(2) };

describe("feeder: planVolUpdate (OracleHub's bounds, step limit and max age)", function () {
  it("posts a first value straight to the target, and replaces a stale one without the step limit", function () {
    expect(planVolUpdate({ ...base, current: { volWad: 0n, updatedAt: 0n }, targetWad: pct(300) })).to.deep.equal({ action: "post", volWad: pct(300), reason: "first" });
    expect(planVolUpdate({ ...base, current: { volWad: pct(60), updatedAt: base.now - 86_401n }, targetWad: pct(300) })).to.deep.equal({ action: "post", volWad: pct(300), reason: "stale" });
  });

  it("walks toward a far target in steps of at most maxChange, then lands on it", function () {
    let current = { volWad: pct(60), updatedAt: base.now - 10n };
    const seen: bigint[] = [];
    for (let i = 0; i < 10; i++) {
      const p = planVolUpdate({ ...base, current, targetWad: pct(200) });
      if (p.action === "skip") break;
      const step = p.volWad > current.volWad ? p.volWad - current.volWad : current.volWad - p.volWad;
      expect(step <= bounds.maxChangeWad).to.equal(true);
      seen.push(p.volWad);
      current = { volWad: p.volWad, updatedAt: base.now };
    }
    expect(seen).to.deep.equal([pct(110), pct(160), pct(200)]);
    // and down again
    expect(planVolUpdate({ ...base, current: { volWad: pct(200), updatedAt: base.now }, targetWad: pct(20) })).to.deep.equal({ action: "post", volWad: pct(150), reason: "step" });
  });

  it("posts a move above the threshold, skips one below it while fresh, refreshes before the max age", function () {
    const fresh = { volWad: pct(60), updatedAt: base.now - 100n };
    expect(planVolUpdate({ ...base, current: fresh, targetWad: pct(63) })).to.deep.equal({ action: "post", volWad: pct(63), reason: "move" });
    expect(planVolUpdate({ ...base, current: fresh, targetWad: pct(61) })).to.deep.equal({ action: "skip", reason: "fresh" });
    const old = { volWad: pct(60), updatedAt: base.now - (86_400n - 3_600n) };
    expect(planVolUpdate({ ...base, current: old, targetWad: pct(61) })).to.deep.equal({ action: "post", volWad: pct(61), reason: "refresh" });
  });

  it("refuses a reading outside [min, max]", function () {
    expect(planVolUpdate({ ...base, current: { volWad: 0n, updatedAt: 0n }, targetWad: pct(4) })).to.deep.equal({ action: "skip", reason: "out-of-bounds" });
    expect(planVolUpdate({ ...base, current: { volWad: 0n, updatedAt: 0n }, targetWad: pct(501) })).to.deep.equal({ action: "skip", reason: "out-of-bounds" });
  });
});

describe("feeder: readings", function () {
  it("parseVol accepts percent or fraction and rejects NaN, Infinity, zero, negatives and text", function () {
    expect(parseVol(62.5, "percent")).to.equal(pct(62.5));
    expect(parseVol("0.625", "fraction")).to.equal(pct(62.5));
    for (const bad of [NaN, Infinity, 0, -5, "abc", "", null, undefined, {}]) expect(() => parseVol(bad, "percent"), String(bad)).to.throw();
  });

  it("names expiries like Deribit instruments", function () {
    expect(instrumentName("ETH", BigInt(Date.UTC(2026, 11, 4, 8) / 1000))).to.equal("ETH-4DEC26");
    expect(instrumentName("BTC", BigInt(Date.UTC(2027, 0, 29, 8) / 1000))).to.equal("BTC-29JAN27");
  });

  it("the static surface answers byExpiry, else the default", async function () {
    const s = createStaticSource({ type: "static", default: "0.6", byExpiry: { "1800000000": "0.75" } });
    const { readings, errors } = await s.read({ market: "ETH", expiries: [1_800_000_000n, 1_900_000_000n] });
    expect(errors).to.have.length(0);
    expect(readings.get(1_800_000_000n)).to.equal(pct(75));
    expect(readings.get(1_900_000_000n)).to.equal(pct(60));
  });
});
