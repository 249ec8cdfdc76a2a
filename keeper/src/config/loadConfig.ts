import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { z } from "zod";
import { ConfigError } from "../errors/KeeperError.js";
import { configSchema, type KeeperConfig } from "./configSchema.js";
import { readDeployedAddresses } from "./readDeployedAddresses.js";

export type LoadConfigParameters = {
  /** command-line arguments after the script (`--config <file>`, `--dry-run`) */
  argv?: readonly string[];
  /** the environment (secrets and overrides) */
  env?: NodeJS.ProcessEnv;
};

export type LoadConfigReturnType = KeeperConfig;

/** Keys that would put a secret in a file: refused, secrets come from the environment only. */
const SECRET_KEYS = ["privateKey", "private_key", "mnemonic", "password", "keystorePassword"];

/**
 * Builds the keeper's configuration from, in increasing precedence: the JSON file named by
 * `--config <file>` or KEEPER_CONFIG, then the environment overrides (KEEPER_RPC_URLS comma-separated,
 * KEEPER_DEPLOYMENT_DIR, KEEPER_CHAIN_ID, KEEPER_DRY_RUN, KEEPER_LOG_LEVEL, KEEPER_METRICS_PORT,
 * KEEPER_CHECKPOINT_FILE, KEEPER_START_BLOCK, KEEPER_JOURNAL_FILE), then `--dry-run`. Contract addresses not given
 * explicitly are read from the Ignition deployment's deployed_addresses.json. The key comes from
 * KEEPER_PRIVATE_KEY or from `keystoreFile` (a Web3 Secret Storage v3 JSON keystore, scrypt or pbkdf2, as
 * written by geth, `cast wallet new`, MetaMask exports or ethers' `Wallet.encrypt`) decrypted with
 * KEEPER_KEYSTORE_PASSWORD. A dry run without a key simulates from KEEPER_ADDRESS.
 * Throws ConfigError naming the first invalid field and why.
 */
export async function loadConfig({ argv = [], env = process.env }: LoadConfigParameters = {}): Promise<LoadConfigReturnType> {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new ConfigError(name, "needs a value");
    return v;
  };
  const file = flag("--config") ?? env.KEEPER_CONFIG;
  let raw: Record<string, unknown> = {};
  if (file !== undefined) {
    if (!existsSync(file)) throw new ConfigError("config", `file not found: ${file}`);
    try {
      raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (cause) {
      throw new ConfigError("config", `${file} is not valid JSON`, { cause });
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError("config", "must be a JSON object");
    for (const k of SECRET_KEYS)
      if (k in raw) throw new ConfigError(k, "secrets are read only from the environment (KEEPER_PRIVATE_KEY / KEEPER_KEYSTORE_PASSWORD), never from the config file");
  }

  const sub = (key: string): Record<string, unknown> => {
    const v = raw[key];
    const o = typeof v === "object" && v !== null && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
    raw[key] = o;
    return o;
  };
  const intEnv = (name: string, field: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === "") return undefined;
    if (!/^\d+$/.test(v)) throw new ConfigError(field, `${name} must be a non-negative integer, got "${v}"`);
    return Number(v);
  };
  if (env.KEEPER_RPC_URLS) raw.rpcUrls = env.KEEPER_RPC_URLS.split(",").map((s) => s.trim()).filter(Boolean);
  if (env.KEEPER_DEPLOYMENT_DIR) raw.deploymentDir = env.KEEPER_DEPLOYMENT_DIR;
  const chainId = intEnv("KEEPER_CHAIN_ID", "chainId");
  if (chainId !== undefined) raw.chainId = chainId;
  if (env.KEEPER_DRY_RUN !== undefined) raw.dryRun = ["1", "true", "yes"].includes(env.KEEPER_DRY_RUN.toLowerCase());
  if (argv.includes("--dry-run")) raw.dryRun = true;
  if (env.KEEPER_LOG_LEVEL) raw.logLevel = env.KEEPER_LOG_LEVEL;
  const port = intEnv("KEEPER_METRICS_PORT", "metrics.port");
  if (port !== undefined) sub("metrics").port = port;
  if (env.KEEPER_CHECKPOINT_FILE) sub("discovery").checkpointFile = env.KEEPER_CHECKPOINT_FILE;
  if (env.KEEPER_START_BLOCK) sub("discovery").startBlock = env.KEEPER_START_BLOCK;
  if (env.KEEPER_JOURNAL_FILE) sub("tx").journalFile = env.KEEPER_JOURNAL_FILE;

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw toConfigError(parsed.error);
  const cfg = parsed.data;

  // contract addresses: explicit values win over the deployment's
  const deployed = cfg.deploymentDir ? readDeployedAddresses({ deploymentDir: cfg.deploymentDir }) : undefined;
  const pick = (field: "vault" | "marginLens" | "liquidationEngine" | "liquidationLens"): Address => {
    const a = cfg.contracts[field] ?? deployed?.[field];
    if (!a)
      throw new ConfigError(
        `contracts.${field}`,
        cfg.deploymentDir ? `not found in ${join(cfg.deploymentDir, "deployed_addresses.json")} and not set` : "missing: set it or give deploymentDir",
      );
    return a;
  };
  const contracts = {
    vault: pick("vault"),
    marginLens: pick("marginLens"),
    liquidationEngine: pick("liquidationEngine"),
    liquidationLens: pick("liquidationLens"),
    priceFeeds: cfg.contracts.priceFeeds.length > 0 ? cfg.contracts.priceFeeds : (deployed?.priceFeeds ?? []),
  };

  const privateKey = await resolveKey({ keystoreFile: cfg.keystoreFile, env, dryRun: cfg.dryRun });
  let address: Address;
  if (privateKey) address = privateKeyToAccount(privateKey).address;
  else {
    const a = env.KEEPER_ADDRESS;
    if (!a || !isAddress(a, { strict: false }) || /^0x0{40}$/i.test(a))
      throw new ConfigError("KEEPER_ADDRESS", "a dry run without a key simulates from KEEPER_ADDRESS: set it to the keeper's address (0x + 40 hex digits, not the zero address)");
    address = getAddress(a);
  }
  return { ...cfg, contracts, privateKey, address };
}

function toConfigError(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "config";
  let reason = issue.message;
  if (issue.code === "unrecognized_keys") reason = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more issue(s))` : "";
  return new ConfigError(field, reason + more, { cause: error });
}

async function resolveKey({
  keystoreFile,
  env,
  dryRun,
}: {
  keystoreFile?: string;
  env: NodeJS.ProcessEnv;
  dryRun: boolean;
}): Promise<Hex | undefined> {
  const pk = env.KEEPER_PRIVATE_KEY;
  if (pk !== undefined && pk !== "") {
    const k = pk.startsWith("0x") ? pk : `0x${pk}`;
    if (!isHex(k) || k.length !== 66) throw new ConfigError("KEEPER_PRIVATE_KEY", "must be 32 bytes of hex (64 hex digits, optional 0x)");
    return k as Hex;
  }
  if (keystoreFile !== undefined) {
    const path = resolve(keystoreFile);
    if (!existsSync(path)) throw new ConfigError("keystoreFile", `file not found: ${keystoreFile}`);
    const password = env.KEEPER_KEYSTORE_PASSWORD;
    if (password === undefined) throw new ConfigError("KEEPER_KEYSTORE_PASSWORD", "required to decrypt keystoreFile");
    try {
      const { Wallet } = await import("ethers");
      const wallet = await Wallet.fromEncryptedJson(readFileSync(path, "utf8"), password);
      return wallet.privateKey as Hex;
    } catch (cause) {
      throw new ConfigError("keystoreFile", "cannot decrypt (wrong KEEPER_KEYSTORE_PASSWORD or not a keystore)", { cause });
    }
  }
  if (!dryRun) throw new ConfigError("KEEPER_PRIVATE_KEY", "no signing key: set KEEPER_PRIVATE_KEY or keystoreFile (or run with --dry-run)");
  return undefined;
}
