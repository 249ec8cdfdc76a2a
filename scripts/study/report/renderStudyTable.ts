import type { RunStudyReturnType } from "../run/runStudy.js";

const usd = (x: number): string => `$${Math.round(x).toLocaleString("en-US")}`;

/** The README table: one row per policy, from study.json's figures. */
export function renderStudyTable(study: RunStudyReturnType, m: Record<string, number>, label: string): string {
  const lines = [
    `Study (${label}): ${m["study.paths"]} paths of ${m["study.days"]} days (${m["study.pathsInBuffer"]} inside the ±15% spot shock), ${m["study.accounts"]} accounts, seed ${m["study.seed"]}, ${study.chain} chain, ${study.seconds.toFixed(0)} s. Amounts summed over paths; counts are (path, account) pairs.`,
    "",
    "| policy | notional sold | penalty paid | penalty / account | bad debt | bad debt in buffer | liquidated | kept open | cascade | gas / account |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const run of study.runs) {
    const k = `study.${run.policy}`;
    lines.push(
      `| ${run.policy} | ${usd(m[`${k}.notionalSold`])} | ${usd(m[`${k}.penaltyPaid`])} | ${usd(m[`${k}.penaltyPerAccount`])} | ${usd(m[`${k}.badDebt`])} | ${usd(m[`${k}.badDebtInBuffer`])} | ${m[`${k}.accountsLiquidated`]} | ${m[`${k}.accountsKeptOpen`]} | ${m[`${k}.cascadeAccounts`] ?? "-"} | ${Math.round(m[`${k}.gasPerAccount`]).toLocaleString("en-US")} |`,
    );
  }
  if (m["study.ratio.notionalSold"] !== undefined) lines.push("", `study.ratio.notionalSold (protocol ÷ full) = ${m["study.ratio.notionalSold"].toFixed(3)}`);
  return lines.join("\n") + "\n";
}
