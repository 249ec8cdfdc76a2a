/**
 * The liquidation study (`npm run study`, `npm run study -- --quick`): Monte-Carlo price paths on the
 * real contracts with the real keeper, one deployment per policy. Writes reports/study.json (flat
 * figure name → number), reports/study.html (distributions side by side) and reports/study.md (the
 * README table). Options: --quick (20 paths in 8 h steps, one book per kind), --paths N, --seed N,
 * --chain hardhat|anvil, --no-impact, --policies a,b, --parallel N (policies in N processes, default 2),
 * --out DIR, --no-build.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import hre from "hardhat";
import { DEFAULT_PATH_MODEL } from "./paths/generatePaths.js";
import { POLICY_NAMES, type PolicyName } from "./policies/studyPolicies.js";
import { studyMetrics } from "./metrics/studyMetrics.js";
import { renderStudyHtml } from "./report/renderStudyHtml.js";
import { renderStudyTable } from "./report/renderStudyTable.js";
import { runStudy, type StudyChain } from "./run/runStudy.js";

const ROOT = join(import.meta.dirname, "..", "..");
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const quick = flag("quick");
const paths = Number(option("paths") ?? (quick ? 20 : 200));
const seed = Number(option("seed") ?? 20261202);
const chain = (option("chain") ?? "anvil") as StudyChain;
const policies = (option("policies")?.split(",") ?? POLICY_NAMES) as PolicyName[];
const out = option("out") ?? join(ROOT, "reports");

if (!flag("no-build")) await hre.tasks.getTask("build").run({ noTests: true, quiet: true });
const study = await runStudy({
  hre,
  paths,
  seed,
  perKind: quick ? 1 : 4,
  policies,
  chain,
  parallel: Number(option("parallel") ?? 2),
  model: { ...DEFAULT_PATH_MODEL, stepHours: quick ? 8 : DEFAULT_PATH_MODEL.stepHours },
  impact: flag("no-impact") ? undefined : { coefficient: 1, depth: 250_000_000 },
  log: (l) => console.log(l),
});
const metrics = studyMetrics(study);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "study.json"), JSON.stringify(metrics, null, 1) + "\n");
writeFileSync(join(out, "study.html"), renderStudyHtml(study, metrics));
const table = renderStudyTable(study, metrics, quick ? "quick run" : "full run");
writeFileSync(join(out, "study.md"), table);
console.log("\n" + table);
console.log(`wrote ${join(out, "study.json")}, study.html, study.md; ${study.seconds.toFixed(1)} s on ${chain}`);
