import { BaseError, ContractFunctionRevertedError, type Address, type PublicClient, type WalletClient } from "viem";
import type { Logger } from "pino";
import { feederAbi } from "./chain/feederAbi.js";
import type { LoadedConfig } from "./config/loadConfig.js";
import type { FeederMetrics } from "./metrics/createMetrics.js";
import { planVolUpdate, type VolBounds } from "./planVolUpdate.js";
import { createHttpSource } from "./sources/createHttpSource.js";
import { createStaticSource } from "./sources/createStaticSource.js";
import type { VolSource } from "./sources/VolSource.js";
import { withRetries } from "./withRetries.js";

const WAD = 10n ** 18n;

export type CreateFeederParameters = {
  config: LoadedConfig;
  log: Logger;
  publicClient: PublicClient;
  /** absent in a dry run */
  walletClient?: WalletClient;
  metrics: FeederMetrics;
};

export type CycleResult = { posted: number; skipped: number; errors: number };

export type Feeder = {
  /** one pass: every listed, unexpired expiry of every configured market */
  cycle: () => Promise<CycleResult>;
  /** cycles every pollIntervalMs until stop(); a failing cycle is logged and counted, never fatal */
  run: () => Promise<void>;
  stop: () => void;
  lastCycleAt: () => number;
};

const isRevert = (e: unknown) => e instanceof BaseError && e.walk((x) => x instanceof ContractFunctionRevertedError) !== null;
const fmt = (wad: bigint) => (Number(wad) / 1e18).toFixed(4);

/**
 * The volatility feeder: discovers expiries from the vault's listed series, reads the source for each
 * (underlying, expiry), plans the update within OracleHub's bounds and step limit (planVolUpdate) and
 * posts one setVols per underlying (simulated first; RPC failures retried with backoff, reverts not).
 */
export function createFeeder({ config, log, publicClient, walletClient, metrics }: CreateFeederParameters): Feeder {
  const sources = new Map<string, VolSource>(config.markets.map((m) => [m.name, m.source.type === "static" ? createStaticSource(m.source) : createHttpSource(m.source)]));
  const expiriesOf = new Map<string, Set<bigint>>();
  let seen = 0n;
  let stopped = false;
  let lastCycleAt = 0;
  let wake: (() => void) | undefined;
  const retry = <T>(stage: string, run: () => Promise<T>) =>
    withRetries({
      run,
      attempts: config.retries.attempts,
      backoffMs: config.retries.backoffMs,
      retryable: (e) => !isRevert(e),
      onRetry: (e, attempt) => log.warn({ stage, attempt, err: (e as Error).message.split("\n")[0] }, "retrying"),
    });

  const refreshSeries = async () => {
    const count = await retry("seriesCount", () => publicClient.readContract({ address: config.vault, abi: feederAbi, functionName: "seriesCount" }));
    for (let id = seen + 1n; id <= count; id++) {
      const s = await retry("series", () => publicClient.readContract({ address: config.vault, abi: feederAbi, functionName: "series", args: [id] }));
      const key = s.underlying.toLowerCase();
      if (!expiriesOf.has(key)) expiriesOf.set(key, new Set());
      expiriesOf.get(key)!.add(s.expiry);
      seen = id;
    }
  };

  const cycle = async (): Promise<CycleResult> => {
    const result: CycleResult = { posted: 0, skipped: 0, errors: 0 };
    const block = await retry("block", () => publicClient.getBlock());
    const now = block.timestamp;
    await refreshSeries();
    for (const market of config.markets) {
      const u = market.underlying as Address;
      const expiries = [...(expiriesOf.get(u.toLowerCase()) ?? [])].filter((e) => e > now).sort((a, b) => (a < b ? -1 : 1));
      if (expiries.length === 0) {
        log.debug({ market: market.name }, "no listed unexpired series");
        continue;
      }
      const [minVolWad, maxVolWad, maxChangeWad, maxAge] = await retry("volConfig", () => publicClient.readContract({ address: config.oracleHub, abi: feederAbi, functionName: "volConfig", args: [u] }));
      if (maxVolWad === 0n) {
        log.error({ market: market.name, underlying: u }, "OracleHub has no vol bounds for this underlying");
        metrics.errors.inc({ stage: "volConfig" });
        result.errors++;
        continue;
      }
      const bounds: VolBounds = { minVolWad, maxVolWad, maxChangeWad, maxAge };
      const source = sources.get(market.name)!;
      const { readings, errors } = await source.read({ market: market.name, expiries });
      for (const { expiry, error } of errors) {
        log.warn({ market: market.name, expiry: Number(expiry), source: source.name, err: error.message }, "unusable reading");
        metrics.sourceErrors.inc({ market: market.name });
        result.errors++;
      }
      const post: { expiry: bigint; volWad: bigint; reason: string }[] = [];
      for (const [expiry, targetWad] of readings) {
        const [volWad, updatedAt] = await retry("volData", () => publicClient.readContract({ address: config.oracleHub, abi: feederAbi, functionName: "volData", args: [u, expiry] }));
        if (updatedAt !== 0n) metrics.age.set({ market: market.name, expiry: String(expiry) }, Number(now - updatedAt));
        const plan = planVolUpdate({
          current: { volWad, updatedAt },
          targetWad,
          bounds,
          now,
          refreshBeforeMaxAge: BigInt(config.policy.refreshBeforeMaxAgeS),
          moveThresholdWad: (BigInt(Math.round(Number(config.policy.moveThreshold) * 1e12)) * WAD) / 10n ** 12n,
        });
        if (plan.action === "skip") {
          if (plan.reason === "out-of-bounds") {
            log.warn({ market: market.name, expiry: Number(expiry), reading: fmt(targetWad), min: fmt(minVolWad), max: fmt(maxVolWad) }, "reading outside OracleHub's bounds: not posted");
            metrics.sourceErrors.inc({ market: market.name });
            result.errors++;
          } else result.skipped++;
          continue;
        }
        post.push({ expiry, volWad: plan.volWad, reason: plan.reason });
        log.info({ market: market.name, expiry: Number(expiry), from: fmt(volWad), to: fmt(plan.volWad), target: fmt(targetWad), reason: plan.reason }, config.dryRun ? "would post" : "posting");
      }
      if (post.length === 0 || config.dryRun) continue;
      try {
        const account = walletClient!.account!;
        const hash = await retry("setVols", async () => {
          const { request } = await publicClient.simulateContract({
            address: config.oracleHub,
            abi: feederAbi,
            functionName: "setVols",
            args: [u, post.map((p) => p.expiry), post.map((p) => p.volWad)],
            account,
          });
          return walletClient!.writeContract(request);
        });
        const receipt = await retry("receipt", () => publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 }));
        if (receipt.status !== "success") throw new Error(`setVols ${hash} reverted`);
        metrics.txs.inc({ result: "success" });
        for (const p of post) {
          metrics.posts.inc({ market: market.name, reason: p.reason });
          metrics.vol.set({ market: market.name, expiry: String(p.expiry) }, Number(p.volWad) / 1e18);
        }
        result.posted += post.length;
        log.info({ market: market.name, tx: hash, count: post.length, block: Number(receipt.blockNumber) }, "posted");
      } catch (e) {
        metrics.txs.inc({ result: isRevert(e) ? "reverted" : "failed" });
        metrics.errors.inc({ stage: "setVols" });
        result.errors++;
        log.error({ market: market.name, err: (e instanceof BaseError ? e.shortMessage : (e as Error).message) }, "setVols failed");
      }
    }
    lastCycleAt = Date.now();
    metrics.lastCycle.set(lastCycleAt / 1000);
    return result;
  };

  return {
    cycle,
    lastCycleAt: () => lastCycleAt,
    stop: () => {
      stopped = true;
      wake?.();
    },
    run: async () => {
      while (!stopped) {
        try {
          const r = await cycle();
          log.info(r, "cycle");
        } catch (e) {
          metrics.errors.inc({ stage: "cycle" });
          log.error({ err: (e as Error).message.split("\n")[0] }, "cycle failed");
        }
        if (stopped) break;
        await new Promise<void>((r) => {
          const t = setTimeout(r, config.policy.pollIntervalMs);
          wake = () => (clearTimeout(t), r());
        });
      }
    },
  };
}
