import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isAddress, type Address, type Hex } from "viem";
import { ConfigError } from "../errors/FeederError.js";
import { configSchema, type FeederConfig } from "./configSchema.js";

export type LoadConfigParameters = { argv: string[]; env: NodeJS.ProcessEnv };

export type LoadedConfig = FeederConfig & {
  oracleHub: Address;
  vault: Address;
  /** run one cycle and exit */
  once: boolean;
  /** FEEDER_PRIVATE_KEY (absent in a dry run) */
  privateKey?: Hex;
};

/**
 * `--config <file>` (or FEEDER_CONFIG), `--dry-run`, `--once`; env overrides FEEDER_RPC_URL,
 * FEEDER_DRY_RUN=1; the key from FEEDER_PRIVATE_KEY only. Throws ConfigError naming the field.
 */
export function loadConfig({ argv, env }: LoadConfigParameters): LoadedConfig {
  const { values } = parseArgs({ args: argv, options: { config: { type: "string" }, "dry-run": { type: "boolean" }, once: { type: "boolean" } }, allowPositionals: false });
  const file = values.config ?? env.FEEDER_CONFIG;
  if (!file) throw new ConfigError("--config", "missing (give --config <file> or FEEDER_CONFIG)");
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigError("--config", `cannot read ${file} as JSON`, { cause });
  }
  if (env.FEEDER_RPC_URL) raw.rpcUrl = env.FEEDER_RPC_URL;
  if (values["dry-run"] || env.FEEDER_DRY_RUN === "1") raw.dryRun = true;
  const r = configSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ConfigError(issue.path.join(".") || "(root)", issue.message);
  }
  const config = r.data;
  let { oracleHub, vault } = config.contracts;
  if ((!oracleHub || !vault) && config.deploymentDir) {
    const f = join(config.deploymentDir, "deployed_addresses.json");
    if (!existsSync(f)) throw new ConfigError("deploymentDir", `no deployed_addresses.json in ${config.deploymentDir}`);
    const map = JSON.parse(readFileSync(f, "utf8")) as Record<string, string>;
    const pick = (id: string) => Object.entries(map).find(([k]) => k.slice(k.indexOf("#") + 1) === id)?.[1] as Address | undefined;
    oracleHub ??= pick("OracleHub");
    vault ??= pick("OptionVault");
  }
  if (!oracleHub) throw new ConfigError("contracts.oracleHub", "missing (set it or deploymentDir)");
  if (!vault) throw new ConfigError("contracts.vault", "missing (set it or deploymentDir)");
  const key = env.FEEDER_PRIVATE_KEY;
  if (!config.dryRun) {
    if (!key) throw new ConfigError("FEEDER_PRIVATE_KEY", "missing (the feeder's key comes only from the environment; or use --dry-run)");
    if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new ConfigError("FEEDER_PRIVATE_KEY", "must be 0x + 64 hex digits");
  }
  if (!isAddress(oracleHub) || !isAddress(vault)) throw new ConfigError("contracts", "invalid address");
  return { ...config, oracleHub, vault, once: values.once ?? false, privateKey: key as Hex | undefined };
}
