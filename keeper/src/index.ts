/**
 * Keeper entry point: `npm run keeper -- --config keeper.json [--dry-run]` (secrets from the
 * environment: KEEPER_PRIVATE_KEY, or keystoreFile + KEEPER_KEYSTORE_PASSWORD). Wiring only:
 * configuration → logger → startKeeper → loop; SIGTERM/SIGINT stop it cleanly.
 * Exit codes: 0 clean shutdown, 2 invalid configuration, 1 anything else.
 */
import { pino } from "pino";
import { loadConfig } from "./config/loadConfig.js";
import { ConfigError } from "./errors/KeeperError.js";
import { startKeeper } from "./startKeeper.js";

const bootLog = pino({ name: "keeper" });
let config;
try {
  config = await loadConfig({ argv: process.argv.slice(2), env: process.env });
} catch (error) {
  if (error instanceof ConfigError) {
    bootLog.fatal({ field: error.field }, `invalid configuration: ${error.shortMessage}`);
    process.stderr.write(`keeper: invalid configuration: ${error.shortMessage}\n`);
    process.exit(2);
  }
  throw error;
}

const log = pino({ name: "keeper", level: config.logLevel });
const { keeper, close } = await startKeeper({ config, log });
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
