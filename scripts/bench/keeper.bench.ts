/**
 * Keeper benchmark → bench/keeper.json (flat name → number), written by this module itself (the
 * runner's gas.json / accuracy.json are for gas and accuracy figures).
 *
 * - screening.perSecond.<n>: accounts' health read per second by the keeper's `screenAccounts`
 *   (MarginEngine.healthBatch, batches of 50, one call in flight: the in-process EDR executes calls
 *   one at a time, so concurrency only adds contention) on Hardhat's in-process chain, best of 3
 *   passes for 1,000 accounts, one pass for 10,000.
 * - reaction.*: not measured yet: they need the liquidation engine (issue 4), see keeper/README.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchContext, BenchModule, BenchResult } from "./benchTypes.js";
import { runKeeperScreening } from "./keeperScreening.js";

const FILE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "keeper.json");
const BATCH = 50;
const CONCURRENCY = 1;

function mergeKeeperJson(figures: Record<string, number>): void {
  const current: Record<string, number> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, "utf8")) : {};
  Object.assign(current, figures);
  const sorted = Object.fromEntries(Object.keys(current).sort().map((k) => [k, current[k]]));
  mkdirSync(dirname(FILE), { recursive: true });
  writeFileSync(FILE, JSON.stringify(sorted, null, 2) + "\n");
}

const keeper: BenchModule = {
  name: "keeper",
  async run({ connection }: BenchContext): Promise<BenchResult> {
    const screening = await runKeeperScreening({
      ethers: connection.ethers,
      provider: connection.provider as never,
      counts: [1_000, 10_000],
      batchSize: BATCH,
      concurrency: CONCURRENCY,
    });
    const figures: Record<string, number> = {};
    const rows: [string, string, string, string][] = [];
    for (const s of screening) {
      figures[`screening.perSecond.${s.count}`] = s.perSecond;
      rows.push([
        `screening.perSecond.${s.count}`,
        String(s.perSecond),
        ">= 5000 (goal >= 20000)",
        `${s.count} accounts in ${s.ms.toFixed(0)} ms, batch ${BATCH}, ${s.unhealthy} below maintenance`,
      ]);
    }
    mergeKeeperJson(figures);
    rows.push(["reaction.*", "n/a", "median <= 2 blocks", "needs the liquidation engine (not merged yet)"]);
    return { gas: {}, accuracy: {}, rows };
  },
};

export default keeper;
