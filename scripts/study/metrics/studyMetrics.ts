import type { PathResult } from "../run/runPath.js";
import type { RunStudyReturnType } from "../run/runStudy.js";

/** [1 = 100%] the spot shock the local deployment's maintenance margin covers (setRiskParams h = 15%) */
export const SPOT_SHOCK = 0.15;

/** Whether a path stayed inside the margin's spot shock: its worst move from the open is at most h. */
export const inBuffer = (r: PathResult): boolean => r.worstMove <= SPOT_SHOCK;

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

/**
 * The study's figures, a flat object name → number. Amounts in USD summed over all paths (each path
 * runs the whole population); counts are (path, account) pairs summed over paths.
 * - notionalSold: Σ |size| × spot of every bid; penaltyPaid: Σ discount × mark × size (bidder's and
 *   insurance fund's shares) + starter tips; badDebt: the vault's recorded bad debt at each path's end;
 *   badDebtInBuffer: the same on paths whose worst move stayed within ±SPOT_SHOCK of the open;
 * - accountsLiquidated: accounts with at least one bid; accountsKeptOpen: of those, the ones still
 *   holding a short leg at the end (the strategy lives on);
 * - cascadeAccounts: accounts liquidated with the impact model on that were not liquidated on the same
 *   path without it; gasPerAccount: keeper liquidation gas / accountsLiquidated;
 * - diagnostics: bids, longFirstBids (a long sold while a short was left: the cash lot),
 *   openAuctionsAtEnd, and per book kind sold.<kind> [USD] and liquidated.<kind>.
 */
export function studyMetrics(study: RunStudyReturnType): Record<string, number> {
  const m: Record<string, number> = {};
  const first = study.runs[0]?.plain ?? [];
  m["study.paths"] = first.length;
  m["study.pathsInBuffer"] = first.filter(inBuffer).length;
  m["study.accounts"] = study.population.length;
  m["study.days"] = study.model.days;
  m["study.seed"] = study.seed;
  for (const run of study.runs) {
    const k = `study.${run.policy}`;
    const liquidated = sum(run.plain.map((r) => r.liquidated.length));
    m[`${k}.notionalSold`] = sum(run.plain.map((r) => r.notionalSold));
    m[`${k}.penaltyPaid`] = sum(run.plain.map((r) => r.penaltyPaid));
    m[`${k}.badDebt`] = sum(run.plain.map((r) => r.badDebt));
    m[`${k}.badDebtInBuffer`] = sum(run.plain.filter(inBuffer).map((r) => r.badDebt));
    m[`${k}.accountsLiquidated`] = liquidated;
    m[`${k}.accountsKeptOpen`] = sum(run.plain.map((r) => r.keptOpen.length));
    m[`${k}.penaltyPerAccount`] = liquidated > 0 ? m[`${k}.penaltyPaid`] / liquidated : 0;
    m[`${k}.gasPerAccount`] = liquidated > 0 ? Math.round(sum(run.plain.map((r) => r.gas)) / liquidated) : 0;
    m[`${k}.bids`] = sum(run.plain.map((r) => r.bids));
    m[`${k}.longFirstBids`] = sum(run.plain.map((r) => r.longFirstBids));
    m[`${k}.openAuctionsAtEnd`] = sum(run.plain.map((r) => r.openAuctions));
    m[`${k}.lensBatchFailures`] = sum([...run.plain, ...run.impact].map((r) => r.lensBatchFailures));
    for (const a of study.population) {
      m[`${k}.sold.${a.kind}`] = sum(run.plain.map((r) => r.soldByKind[a.kind] ?? 0));
      m[`${k}.liquidated.${a.kind}`] = sum(run.plain.map((r) => r.liquidatedByKind[a.kind] ?? 0));
    }
    if (run.impact.length > 0) {
      let cascade = 0;
      run.impact.forEach((r, i) => {
        const plain = new Set(run.plain[i].liquidated);
        cascade += r.liquidated.filter((a) => !plain.has(a)).length;
      });
      m[`${k}.cascadeAccounts`] = cascade;
      m[`${k}.impact.notionalSold`] = sum(run.impact.map((r) => r.notionalSold));
      m[`${k}.impact.badDebt`] = sum(run.impact.map((r) => r.badDebt));
    }
  }
  const full = m["study.full.notionalSold"];
  if (full !== undefined && m["study.protocol.notionalSold"] !== undefined) {
    m["study.ratio.notionalSold"] = full > 0 ? m["study.protocol.notionalSold"] / full : 0;
  }
  for (const key of Object.keys(m)) m[key] = Math.round(m[key] * 1e6) / 1e6;
  return m;
}
