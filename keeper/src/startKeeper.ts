import type { Logger } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { parseGwei } from "viem";
import { checkEnvironment } from "./config/checkEnvironment.js";
import type { KeeperConfig } from "./config/configSchema.js";
import { createKeeper, type CreateKeeperReturnType } from "./createKeeper.js";
import { ConfigError } from "./errors/KeeperError.js";
import { createMetrics, type CreateMetricsReturnType } from "./metrics/createMetrics.js";
import { startMetricsServer, type StartMetricsServerReturnType } from "./metrics/startMetricsServer.js";
import { createLotRiskReader } from "./pricing/createLotRiskReader.js";
import { createMarkPricing } from "./pricing/createMarkPricing.js";
import type { PricingModule } from "./pricing/PricingModule.js";
import { createGasBudget } from "./tx/createGasBudget.js";
import { createNonceManager } from "./tx/createNonceManager.js";
import { createSender, type CreateSenderParameters } from "./tx/createSender.js";
import { createTxJournal } from "./tx/createTxJournal.js";
import { createAccountDiscovery } from "./watch/createAccountDiscovery.js";
import { createRpcPool } from "./watch/createRpcPool.js";

export type StartKeeperParameters = {
  config: KeeperConfig;
  log: Logger;
  /** replaces the configured pricing module */
  pricing?: PricingModule;
  onMined?: CreateSenderParameters["onMined"];
  /** export Node process metrics too */
  defaultMetrics?: boolean;
};

export type StartKeeperReturnType = {
  keeper: CreateKeeperReturnType;
  metrics: CreateMetricsReturnType;
  /** port of /metrics and /health (undefined when disabled) */
  metricsPort?: number;
  /** stop the loop, persist, close the server */
  close: () => Promise<void>;
};

/**
 * Builds every keeper part from a validated configuration (the wiring `index.ts` runs), after the
 * start-up checks: the metrics port is bound first (in use → ConfigError on metrics.port), then
 * config/checkEnvironment.ts (endpoints, chain id, code and one view per contract), then the
 * in-flight journal is reconciled (no double send across a restart). Every check failure is a
 * ConfigError naming the field: the entry point exits 2 with it.
 */
export async function startKeeper({ config, log, pricing, onMined, defaultMetrics = true }: StartKeeperParameters): Promise<StartKeeperReturnType> {
  const account = config.privateKey ? privateKeyToAccount(config.privateKey) : undefined;
  const address = config.address;
  const metrics = createMetrics({ defaultMetrics });
  let health: () => { ok: boolean } & Record<string, unknown> = () => ({ ok: false, starting: true });
  let server: StartMetricsServerReturnType | undefined;
  if (config.metrics.enabled) {
    try {
      server = await startMetricsServer({ registry: metrics.registry, host: config.metrics.host, port: config.metrics.port, health: () => health() });
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      throw new ConfigError("metrics.port", code === "EADDRINUSE" ? `port ${config.metrics.port} on ${config.metrics.host} is already in use` : `cannot listen on ${config.metrics.host}:${config.metrics.port} (${code ?? String(cause)})`, { cause });
    }
  }
  try {
    const env = await checkEnvironment({ rpcUrls: config.rpcUrls, chainId: config.chainId, contracts: config.contracts, timeoutMs: config.rpc.timeoutMs });
    for (const s of env.silent) log.warn({ url: s.url, err: s.error }, "RPC endpoint not answering at start (failover will retry it)");
    const pool = await createRpcPool({
      urls: config.rpcUrls,
      timeoutMs: config.rpc.timeoutMs,
      maxLagBlocks: config.rpc.maxLagBlocks,
      chainId: env.chainId,
      onCall: (url, answered) => metrics.rpcHealthy.set({ url }, answered ? 1 : 0),
    });
    for (const url of config.rpcUrls) metrics.rpcHealthy.set({ url }, env.answering.includes(url) ? 1 : 0);
    const dryRun = config.dryRun || !account;
    log.info(
      { chainId: pool.chain.id, address, signer: account ? "local key (eth_sendRawTransaction)" : "none (dry run)", dryRun, rpcUrls: config.rpcUrls, contracts: config.contracts, collateralDecimals: env.collateralDecimals },
      "keeper starting",
    );
    const discovery = createAccountDiscovery({
      chainId: pool.chain.id,
      vault: config.contracts.vault,
      startBlock: config.discovery.startBlock,
      chunkSize: config.discovery.chunkSize,
      reorgDepth: config.discovery.reorgDepth,
      checkpointFile: config.discovery.checkpointFile,
      log,
    });
    const nonces = createNonceManager({
      fetchNonce: () => pool.current().public.getTransactionCount({ address, blockTag: "pending" }),
    });
    const sender = createSender({
      pool,
      address,
      account,
      liquidationEngine: config.contracts.liquidationEngine,
      nonces,
      gasBudget: createGasBudget({ capPerHourWei: config.tx.gasSpendCapPerHour }),
      cleanup: config.cleanup.budgetPerHour > 0n ? { budget: createGasBudget({ capPerHourWei: config.cleanup.budgetPerHour }), dustValueWad: config.cleanup.dustValue } : undefined,
      pricing: pricing ?? createMarkPricing(),
      lotRisk: createLotRiskReader({ vault: config.contracts.vault }),
      metrics,
      log,
      dryRun,
      strategy: config.strategy,
      tx: {
        maxFeeWei: parseGwei(String(config.tx.maxFeeGwei)),
        priorityFeeWei: parseGwei(String(config.tx.priorityFeeGwei)),
        bumpPercent: config.tx.bumpPercent,
        stuckAfterMs: config.tx.stuckAfterMs,
      },
      journal: dryRun ? undefined : createTxJournal({ file: config.tx.journalFile }),
      collateralDecimals: env.collateralDecimals,
      retry: { baseMs: Math.max(250, config.rpc.pollIntervalMs), maxMs: 60_000 },
      onMined,
    });
    await pool.refresh();
    const reconciled = await sender.reconcile();
    if (reconciled.mined + reconciled.reverted + reconciled.pending + reconciled.dropped > 0) log.info({ ...reconciled, journalFile: config.tx.journalFile }, "in-flight journal reconciled");
    const keeper = createKeeper({
      pool,
      discovery,
      sender,
      metrics,
      log,
      address,
      contracts: config.contracts,
      screening: config.screening,
      strategy: config.strategy,
      pollIntervalMs: config.rpc.pollIntervalMs,
      warnings: config.warnings,
      collateralDecimals: env.collateralDecimals,
      cleanup: config.cleanup.budgetPerHour > 0n,
    });
    health = keeper.health;
    if (server) log.info({ host: config.metrics.host, port: server.port }, "metrics on /metrics and /health");
    return {
      keeper,
      metrics,
      metricsPort: server?.port,
      close: async () => {
        await keeper.stop();
        await server?.close();
      },
    };
  } catch (error) {
    await server?.close();
    throw error;
  }
}
