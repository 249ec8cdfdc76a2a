/**
 * The study's harness on the real contracts and the real keeper (scripts/study): a small fixed-seed
 * run (2 paths, one book per kind, every policy, impact on, on anvil at a free loopback port) and properties that can fail: every
 * policy present with finite figures, protocol sells no more notional than full on the same paths,
 * no bad debt on in-buffer paths under protocol, a seed reproduces its paths, long-only books are never
 * sold. Loopback only: the in-process chain.
 */
import { expect } from "chai";
import hre from "hardhat";
import { generatePaths } from "../../scripts/study/paths/generatePaths.js";
import { studyMetrics } from "../../scripts/study/metrics/studyMetrics.js";
import { renderStudyHtml } from "../../scripts/study/report/renderStudyHtml.js";
import { DEFAULT_PATH_MODEL } from "../../scripts/study/paths/generatePaths.js";
import { POLICY_NAMES } from "../../scripts/study/policies/studyPolicies.js";
import { runStudy, type RunStudyReturnType } from "../../scripts/study/run/runStudy.js";

describe("liquidation study (quick harness run)", function () {
  this.timeout(600_000);
  let study: RunStudyReturnType;
  let m: Record<string, number>;

  before(async function () {
    study = await runStudy({
      hre,
      paths: 2,
      seed: 7,
      perKind: 1,
      parallel: 2,
      impact: { coefficient: 1, depth: 250_000_000 },
      model: { ...DEFAULT_PATH_MODEL, stepHours: 8, vol0: 1.2 },
    });
    m = studyMetrics(study);
  });

  it("reports every policy with finite figures", function () {
    expect(m["study.paths"]).to.equal(2);
    for (const policy of POLICY_NAMES) {
      for (const f of ["notionalSold", "penaltyPaid", "badDebt", "badDebtInBuffer", "accountsLiquidated", "accountsKeptOpen", "cascadeAccounts", "gasPerAccount"]) {
        const v = m[`study.${policy}.${f}`];
        expect(Number.isFinite(v), `study.${policy}.${f} = ${v}`).to.equal(true);
        expect(v).to.be.gte(0);
      }
    }
    expect(Number.isFinite(m["study.ratio.notionalSold"])).to.equal(true);
  });

  it("liquidates on these paths, protocol sells no more than full, and keeps no account kept open beyond those liquidated", function () {
    expect(m["study.full.accountsLiquidated"]).to.be.gt(0);
    expect(m["study.protocol.notionalSold"]).to.be.lte(m["study.full.notionalSold"]);
    expect(m["study.ratio.notionalSold"]).to.be.lte(1);
    expect(m["study.fixedFee.notionalSold"]).to.be.lte(m["study.full.notionalSold"]);
    for (const policy of POLICY_NAMES) expect(m[`study.${policy}.accountsKeptOpen`]).to.be.lte(m[`study.${policy}.accountsLiquidated`]);
  });

  it("has no bad debt on paths inside the margin's spot shock under protocol", function () {
    expect(m["study.protocol.badDebtInBuffer"]).to.equal(0);
  });

  it("never sells a long-only book", function () {
    for (const run of study.runs) for (const r of [...run.plain, ...run.impact]) expect(r.liquidated.filter((a) => a.startsWith("longOnly"))).to.deep.equal([]);
  });

  it("reproduces its paths from the seed and writes a self-contained page", function () {
    const a = generatePaths({ count: 3, seed: 7 });
    const b = generatePaths({ count: 3, seed: 7 });
    expect(a).to.deep.equal(b);
    expect(generatePaths({ count: 3, seed: 8 })[0].logReturns).to.not.deep.equal(a[0].logReturns);
    const html = renderStudyHtml(study, m);
    expect(html).to.contain("<svg");
    expect(html).to.not.match(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});
