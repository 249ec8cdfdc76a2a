/**
 * Volatility feeder entry point: `npm run feeder -- --config feeder/feeder.example.json [--dry-run]
 * [--once]` (key in FEEDER_PRIVATE_KEY). Wiring only: configuration → logger → clients → feeder loop and
 * metrics server; SIGTERM/SIGINT stop it. Exit codes: 0 clean, 2 invalid configuration, 1 anything else
 * (with --once: 1 when the cycle had errors).
 */
import { pino } from "pino";
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { loadConfig, type LoadedConfig } from "./config/loadConfig.js";
import { createFeeder } from "./createFeeder.js";
import { ConfigError } from "./errors/FeederError.js";
import { createMetrics } from "./metrics/createMetrics.js";
import { startMetricsServer } from "./metrics/startMetricsServer.js";

let config: LoadedConfig;
try {
  config = loadConfig({ argv: process.argv.slice(2), env: process.env });
} catch (error) {
  if (error instanceof ConfigError) {
    pino({ name: "feeder" }).fatal({ field: error.field }, `invalid configuration: ${error.shortMessage}`);
    process.stderr.write(`feeder: invalid configuration: ${error.shortMessage}\n`);
    process.exit(2);
  }
  throw error;
}

const log = pino({ name: "feeder", level: config.logLevel });
const transport = http(config.rpcUrl, { retryCount: 0, timeout: 10_000 });
const publicClient = createPublicClient({ transport, pollingInterval: 250 });
const chainId = await publicClient.getChainId();
if (config.chainId !== undefined && chainId !== config.chainId) {
  log.fatal({ chainId, expected: config.chainId }, "wrong chain");
  process.stderr.write(`feeder: invalid configuration: chainId: node reports ${chainId}, config expects ${config.chainId}\n`);
  process.exit(2);
}
const account = config.privateKey ? privateKeyToAccount(config.privateKey) : undefined;
const walletClient = account ? createWalletClient({ transport, account, chain: { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [config.rpcUrl] } } } }) : undefined;
const metrics = createMetrics();
const feeder = createFeeder({ config, log, publicClient, walletClient, metrics });
log.info({ chainId, oracleHub: config.oracleHub, vault: config.vault, feeder: account?.address, dryRun: config.dryRun, markets: config.markets.map((m) => m.name) }, "feeder starting");

if (config.once) {
  const r = await feeder.cycle();
  log.info(r, "cycle");
  process.exit(r.errors === 0 ? 0 : 1);
}

const maxSilenceMs = Math.max(3 * config.policy.pollIntervalMs, 60_000);
const server = config.metrics.enabled
  ? await startMetricsServer({
      registry: metrics.registry,
      host: config.metrics.host,
      port: config.metrics.port,
      health: () => {
        const since = Date.now() - feeder.lastCycleAt();
        return { ok: feeder.lastCycleAt() > 0 && since < maxSilenceMs, detail: { lastCycleMsAgo: feeder.lastCycleAt() ? since : null } };
      },
    })
  : undefined;
if (server) log.info({ port: server.port }, "metrics on /metrics and /health");
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  feeder.stop();
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
await feeder.run();
await server?.close();
log.info("stopped");
process.exit(0);
