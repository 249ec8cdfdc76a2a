import type { Logger } from "pino";
import { createPublicClient, http } from "viem";
import { getDeployment } from "../../sdk/src/index.js";
import { startMetricsServer } from "../../keeper/src/metrics/startMetricsServer.js";
import { checkEnvironment } from "./config/checkEnvironment.js";
import type { NotifyConfig } from "./config/configSchema.js";
import { ConfigError } from "./errors/NotifyError.js";
import { createMessageContext } from "./messages/createMessageContext.js";
import { createMetrics } from "./metrics/createMetrics.js";
import { createDeliveryWorker } from "./sinks/createDeliveryWorker.js";
import { createStore } from "./store/createStore.js";
import { createWatcher } from "./watch/createWatcher.js";

export type StartNotifierParameters = { config: NotifyConfig; log: Logger };

export type StartNotifierReturnType = {
  /** the metrics server's port, when enabled */
  metricsPort?: number;
  /** stops the watch loop and the workers (a send in flight finishes), closes the store */
  close: () => Promise<void>;
};

/**
 * Wiring: deployment and start-up checks (ConfigError, exit 2) → store → one delivery worker per sink
 * → the watch loop, a pass every pollIntervalMs; a failing pass is logged and retried with backoff,
 * it never stops the loop.
 */
export async function startNotifier({ config, log }: StartNotifierParameters): Promise<StartNotifierReturnType> {
  const client = createPublicClient({ transport: http(config.rpcUrl, { timeout: 10_000, retryCount: 2 }) });
  const deployment = await getDeployment(config.contracts ? { addresses: config.contracts } : { deploymentDir: config.deploymentDir! }).catch((e: unknown) => {
    throw new ConfigError(config.contracts ? "contracts" : "deploymentDir", (e as { shortMessage?: string }).shortMessage ?? String(e));
  });
  const env = await checkEnvironment(client, { chainId: config.chainId, deployment, warningRatioWad: config.warning.ratio });
  const store = createStore({ file: config.store.file });
  const metrics = createMetrics({ sinks: config.sinks.map((s) => s.name) });
  const ctx = createMessageContext({ client, deployment, chainId: config.chainId, collateral: env.collateral, warningRatioWad: config.warning.ratio, firstTierWad: env.firstTierWad });
  const watcher = createWatcher({ client, config, ctx, store, metrics, log });
  const workers = config.sinks.map((sink) => createDeliveryWorker({ sink, store, client, metrics, log }));
  const cursor = store.cursor();
  log.info(
    {
      chainId: config.chainId,
      accounts: config.accounts === "all" ? "all" : config.accounts.length,
      sinks: config.sinks.map((s) => `${s.name} (${s.type})`),
      confirmations: config.confirmations,
      cursor: cursor?.block.toString() ?? null,
      pending: store.pendingCount(),
      firstTier: env.firstTierWad.toString(),
    },
    "notifier starting",
  );

  let last = { ok: true, at: Date.now() };
  const metricsServer = config.metrics.enabled
    ? await startMetricsServer({
        registry: metrics.registry,
        host: config.metrics.host,
        port: config.metrics.port,
        health: () => ({ ok: last.ok && Date.now() - last.at < Math.max(60_000, config.pollIntervalMs * 10), cursor: store.cursor()?.block, pending: store.pendingCount() }),
      })
    : undefined;

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeLoop: (() => void) | undefined;
  const running = workers.map((w) => w.run());
  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      let delay = config.pollIntervalMs;
      try {
        const r = await watcher.pass();
        last = { ok: true, at: Date.now() };
        failures = 0;
        if ("toBlock" in r) {
          if (r.added.length > 0) for (const w of workers) w.wake();
          if (r.toBlock < r.head - BigInt(config.confirmations)) delay = 0; // catching up
          log.debug({ fromBlock: r.fromBlock.toString(), toBlock: r.toBlock.toString(), added: r.added.length }, "pass");
        }
      } catch (e) {
        failures++;
        last = { ok: false, at: last.at };
        metrics.errors.inc({ stage: "pass" });
        delay = Math.min(30_000, config.pollIntervalMs * 2 ** Math.min(failures, 6));
        log.warn({ err: String((e as { shortMessage?: string }).shortMessage ?? (e as Error).message).split("\n")[0], retryInMs: delay }, "pass failed");
      }
      if (stopped) break;
      await new Promise<void>((r) => {
        timer = setTimeout(r, delay);
        wakeLoop = r;
      });
    }
  })();
  log.info({ metricsPort: metricsServer?.port ?? null }, "notifier started");

  return {
    metricsPort: metricsServer?.port,
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      wakeLoop?.();
      for (const w of workers) w.stop();
      await loop;
      await Promise.all(running);
      await metricsServer?.close();
      store.close();
    },
  };
}
