/**
 * Keeper entry point, one process (no npm or shell in between, so a signal reaches it directly):
 *   node --import tsx keeper/src/index.ts --config keeper.json [--dry-run]        run the keeper
 *   node --import tsx keeper/src/index.ts fund --amount 1000 --config keeper.json  deposit collateral
 * (`npm run keeper -- ...` does the same through npm, for development.) Secrets from the environment:
 * KEEPER_PRIVATE_KEY, or keystoreFile + KEEPER_KEYSTORE_PASSWORD; a dry run without a key simulates
 * from KEEPER_ADDRESS. Wiring only: configuration → start-up checks → startKeeper → loop;
 * SIGTERM/SIGINT stop it cleanly. Exit codes: 0 clean shutdown, 2 invalid configuration or a failed
 * start-up check (the message names the field), 1 anything else (a one-line message, no stack trace).
 */
import { pino, type Logger } from "pino";
import { createPublicClient, http, parseGwei, webSocket } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { checkEnvironment } from "./config/checkEnvironment.js";
import { loadConfig } from "./config/loadConfig.js";
import { ConfigError, KeeperError } from "./errors/KeeperError.js";
import { startKeeper } from "./startKeeper.js";
import { depositCollateral } from "./tx/depositCollateral.js";

const bootLog = pino({ name: "keeper" });

function fail(log: Logger, error: unknown): never {
  if (error instanceof ConfigError) {
    log.fatal({ field: error.field }, `invalid configuration: ${error.shortMessage}`);
    process.stderr.write(`keeper: invalid configuration: ${error.shortMessage}\n`);
    process.exit(2);
  }
  const message = error instanceof KeeperError ? error.shortMessage : ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message ?? String(error));
  log.fatal({ err: String(message).slice(0, 500) }, "keeper failed");
  process.stderr.write(`keeper: ${String(message).split("\n")[0]}\n`);
  process.exit(1);
}

const argv = process.argv.slice(2);
const command = argv[0] === "fund" ? "fund" : "run";
let config;
try {
  config = await loadConfig({ argv, env: process.env });
} catch (error) {
  fail(bootLog, error);
}
const log = pino({ name: "keeper", level: config.logLevel });
process.on("unhandledRejection", (e) => fail(log, e));

if (command === "fund") {
  try {
    const i = argv.indexOf("--amount");
    const amount = i >= 0 ? argv[i + 1] : undefined;
    if (!amount) throw new ConfigError("--amount", "fund needs --amount <whole tokens>, e.g. --amount 1000");
    if (!config.privateKey) throw new ConfigError("KEEPER_PRIVATE_KEY", "fund signs a deposit: set KEEPER_PRIVATE_KEY or keystoreFile");
    const env = await checkEnvironment({ rpcUrls: config.rpcUrls, chainId: config.chainId, contracts: config.contracts, timeoutMs: config.rpc.timeoutMs });
    const url = env.answering[0];
    const client = createPublicClient({ transport: url.startsWith("ws") ? webSocket(url) : http(url) });
    const r = await depositCollateral({
      client: client as never,
      account: privateKeyToAccount(config.privateKey),
      vault: config.contracts.vault,
      collateralToken: env.collateralToken,
      collateralDecimals: env.collateralDecimals,
      amount,
      maxFeeWei: parseGwei(String(config.tx.maxFeeGwei)),
      priorityFeeWei: parseGwei(String(config.tx.priorityFeeGwei)),
      log,
    });
    const whole = Number(r.collateralAfter) / 10 ** env.collateralDecimals;
    log.info({ depositHash: r.depositHash, approveHash: r.approveHash, collateralTokens: whole }, "deposited");
    process.stdout.write(`keeper: deposited ${amount}; vault collateral of ${config.address} is now ${whole} tokens\n`);
    process.exit(0);
  } catch (error) {
    fail(log, error);
  }
}

let started;
try {
  started = await startKeeper({ config, log });
} catch (error) {
  fail(log, error);
}
const { keeper, close } = started;
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  close()
    .then(() => {
      log.info("stopped");
      process.exit(0);
    })
    .catch((e: unknown) => {
      log.error({ err: String(e) }, "shutdown failed");
      process.exit(1);
    });
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
await keeper.run();
