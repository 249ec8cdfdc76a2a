/**
 * Keeper benchmark → bench/keeper.json (flat name → number), written by this module itself (the
 * runner's gas.json / accuracy.json are for gas and accuracy figures).
 *
 * - screening.perSecond.<n>: accounts' health read per second by the keeper's `screenAccounts`
 *   (MarginEngine.healthBatch, batches of 50, 4 calls in flight) against an `anvil` node
 *   (@foundry-rs/anvil, a child process on a free loopback port) over HTTP, as a keeper reads a node;
 *   best of 3 passes for 1,000 accounts, one pass for 10,000. KEEPER_BENCH_ANVIL=0 skips it.
 * - screening.edr.perSecond.<n>: the same on Hardhat's in-process EDR chain (one call in flight: it
 *   executes calls one at a time); EDR traces execution and is several times slower than anvil.
 * - reaction.{blocks,ms}.{median,p99}.<n>: blocks and ms from the price update to the first bid on each
 *   newly liquidatable account with <n> accounts tracked, the keeper running the shipped example
 *   configuration (keeper/keeper.example.json: minimum profit, hedge cost, native price, fees)
 *   (scripts/bench/keeperReaction.ts: fresh in-process chain per count, real keeper modules signing with a
 *   fresh key, one block mined per keeper cycle). reaction.haircut0.* is the same with every haircut and
 *   the minimum profit off (the figure the keeper's decision speed alone gives).
 *   KEEPER_BENCH_REACTION=0 skips them; KEEPER_BENCH_SCREENING=0 skips screening; KEEPER_BENCH_BATCH sets
 *   the screening batch size (default 50); KEEPER_BENCH_REACTION_COUNTS (default "100,1000").
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchContext, BenchModule, BenchResult } from "./benchTypes.js";
import hre from "hardhat";
import { quantile, runKeeperReaction } from "./keeperReaction.js";
import { runKeeperScreening } from "./keeperScreening.js";
import { startAnvil } from "./startAnvil.js";

const FILE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "keeper.json");
const BATCH = Number(process.env.KEEPER_BENCH_BATCH ?? 50);
const CONCURRENCY = 1;
/** calls in flight against anvil (a real node serves them in parallel) */
const ANVIL_CONCURRENCY = Number(process.env.KEEPER_BENCH_ANVIL_CONCURRENCY ?? 4);

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
    const screening = process.env.KEEPER_BENCH_SCREENING === "0" ? [] : await runKeeperScreening({
      ethers: connection.ethers,
      provider: connection.provider as never,
      counts: [1_000, 10_000],
      batchSize: BATCH,
      concurrency: CONCURRENCY,
    });
    // the same screening against a real node over loopback HTTP, as a keeper runs it (anvil)
    let anvilScreening: Awaited<ReturnType<typeof runKeeperScreening>> = [];
    if (process.env.KEEPER_BENCH_SCREENING !== "0" && process.env.KEEPER_BENCH_ANVIL !== "0") {
      const node = await startAnvil();
      const c = await hre.network.create({ network: "localhost", override: { url: node.url } });
      try {
        anvilScreening = await runKeeperScreening({
          ethers: c.ethers,
          provider: c.provider as never,
          counts: [1_000, 10_000],
          batchSize: BATCH,
          concurrency: ANVIL_CONCURRENCY,
        });
      } finally {
        await c.close();
        await node.stop();
      }
    }
    const figures: Record<string, number> = {};
    const rows: [string, string, string, string][] = [];
    for (const s of anvilScreening) {
      figures[`screening.perSecond.${s.count}`] = s.perSecond;
      rows.push([
        `screening.perSecond.${s.count}`,
        String(s.perSecond),
        ">= 5000 (goal >= 20000)",
        `anvil node over loopback HTTP: ${s.count} accounts in ${s.ms.toFixed(0)} ms, batch ${BATCH}, ${ANVIL_CONCURRENCY} in flight, ${s.unhealthy} below maintenance`,
      ]);
    }
    for (const s of screening) {
      figures[`screening.edr.perSecond.${s.count}`] = s.perSecond;
      rows.push([
        `screening.edr.perSecond.${s.count}`,
        String(s.perSecond),
        "-",
        `Hardhat's in-process EDR (traced execution): ${s.count} accounts in ${s.ms.toFixed(0)} ms, batch ${BATCH}, ${s.unhealthy} below maintenance`,
      ]);
    }
    const counts = (process.env.KEEPER_BENCH_REACTION_COUNTS ?? "100,1000").split(",").map(Number);
    if (process.env.KEEPER_BENCH_REACTION !== "0")
      for (const [config, prefix] of [
        ["example", "reaction"],
        ["haircut0", "reaction.haircut0"],
      ] as const)
        for (const count of config === "example" ? counts : counts.slice(-1)) {
          const c = await hre.network.connect();
          try {
            const r = await runKeeperReaction({ connection: c, count, config });
            const f = {
              [`${prefix}.blocks.median.${count}`]: quantile(r.blocks, 0.5),
              [`${prefix}.blocks.p99.${count}`]: quantile(r.blocks, 0.99),
              [`${prefix}.ms.median.${count}`]: quantile(r.ms, 0.5),
              [`${prefix}.ms.p99.${count}`]: quantile(r.ms, 0.99),
              [`${prefix}.liquidatable.${count}`]: r.liquidatable,
              [`${prefix}.bidWithin12Blocks.${count}`]: r.bid,
            };
            Object.assign(figures, f);
            rows.push([`${prefix}.blocks.median.${count}`, String(f[`${prefix}.blocks.median.${count}`]), "<= 2 (goal p99 <= 1)", `${config} config: ${r.liquidatable} newly liquidatable of ${count}; p99 ${f[`${prefix}.blocks.p99.${count}`]} blocks; ${r.bid} bid within 12 blocks`]);
            rows.push([`${prefix}.ms.median.${count}`, String(f[`${prefix}.ms.median.${count}`]), "-", `p99 ${f[`${prefix}.ms.p99.${count}`]} ms; one block per keeper cycle`]);
          } finally {
            await c.close();
          }
        }
    mergeKeeperJson(figures);
    return { gas: {}, accuracy: {}, rows };
  },
};

export default keeper;
