/**
 * Notifier entry point, one process: `node --import tsx notify/src/index.ts --config notify.json`
 * (`npm run notify -- --config notify.json` does the same through npm). Secrets (webhook URLs, the
 * Telegram bot token) from the environment variables the config names. Wiring only: configuration →
 * start-up checks → startNotifier; SIGTERM/SIGINT stop it cleanly. Exit codes: 0 clean shutdown,
 * 2 invalid configuration or a failed start-up check (the message names the field), 1 anything else.
 */
import { pino, type Logger } from "pino";
import { loadConfig } from "./config/loadConfig.js";
import { ConfigError, NotifyError } from "./errors/NotifyError.js";
import { startNotifier } from "./startNotifier.js";

const bootLog = pino({ name: "notifier" });

function fail(log: Logger, error: unknown): never {
  if (error instanceof ConfigError) {
    log.fatal({ field: error.field }, `invalid configuration: ${error.shortMessage}`);
    process.stderr.write(`notifier: invalid configuration: ${error.shortMessage}\n`);
    process.exit(2);
  }
  const message = error instanceof NotifyError ? error.shortMessage : ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message ?? String(error));
  log.fatal({ err: String(message).slice(0, 500) }, "notifier failed");
  process.stderr.write(`notifier: ${String(message).split("\n")[0]}\n`);
  process.exit(1);
}

let config;
try {
  config = loadConfig({ argv: process.argv.slice(2), env: process.env });
} catch (error) {
  fail(bootLog, error);
}
const log = pino({ name: "notifier", level: config.logLevel });
process.on("unhandledRejection", (e) => fail(log, e));

let started;
try {
  started = await startNotifier({ config, log });
} catch (error) {
  fail(log, error);
}
const { close } = started;
let closing = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "notifier stopping");
    close().then(
      () => process.exit(0),
      (e: unknown) => fail(log, e),
    );
  });
