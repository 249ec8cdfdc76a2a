import type { Logger } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { parseGwei, zeroAddress } from "viem";
import type { KeeperConfig } from "./config/configSchema.js";
import { createKeeper, type CreateKeeperReturnType } from "./createKeeper.js";
import { createMetrics, type CreateMetricsReturnType } from "./metrics/createMetrics.js";
import { startMetricsServer } from "./metrics/startMetricsServer.js";
import { createMarkPricing } from "./pricing/createMarkPricing.js";
import type { PricingModule } from "./pricing/PricingModule.js";
import { createGasBudget } from "./tx/createGasBudget.js";
import { createNonceManager } from "./tx/createNonceManager.js";
import { createSender, type CreateSenderParameters } from "./tx/createSender.js";
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

/** Builds every keeper part from a validated configuration (the wiring `index.ts` runs). */
export async function startKeeper({ config, log, pricing, onMined, defaultMetrics = true }: StartKeeperParameters): Promise<StartKeeperReturnType> {
  const account = config.privateKey ? privateKeyToAccount(config.privateKey) : undefined;
  const address = account?.address ?? ((process.env.KEEPER_ADDRESS as `0x${string}` | undefined) ?? zeroAddress);
  const pool = await createRpcPool({ urls: config.rpcUrls, timeoutMs: config.rpc.timeoutMs, maxLagBlocks: config.rpc.maxLagBlocks, account, chainId: config.chainId });
  log.info({ chainId: pool.chain.id, address, dryRun: config.dryRun, rpcUrls: config.rpcUrls, contracts: config.contracts }, "keeper starting");
  const metrics = createMetrics({ defaultMetrics });
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
    liquidationEngine: config.contracts.liquidationEngine,
    nonces,
    gasBudget: createGasBudget({ capPerHourWei: config.tx.gasSpendCapPerHour }),
    pricing: pricing ?? createMarkPricing(),
    metrics,
    log,
    dryRun: config.dryRun || !account,
    strategy: config.strategy,
    tx: {
      maxFeeWei: parseGwei(String(config.tx.maxFeeGwei)),
      priorityFeeWei: parseGwei(String(config.tx.priorityFeeGwei)),
      bumpPercent: config.tx.bumpPercent,
      stuckAfterMs: config.tx.stuckAfterMs,
    },
    onMined,
  });
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
  });
  const server = config.metrics.enabled
    ? await startMetricsServer({ registry: metrics.registry, host: config.metrics.host, port: config.metrics.port, health: keeper.health })
    : undefined;
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
}
