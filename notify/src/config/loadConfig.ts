import { existsSync, readFileSync } from "node:fs";
import type { z } from "zod";
import { ConfigError } from "../errors/NotifyError.js";
import { configSchema, type NotifyConfig } from "./configSchema.js";

export type LoadConfigParameters = {
  /** command-line arguments after the script (`--config <file>`) */
  argv?: readonly string[];
  /** the environment (secrets, NOTIFY_CONFIG) */
  env?: NodeJS.ProcessEnv;
};

export type LoadConfigReturnType = NotifyConfig;

/** Keys that would put a secret in the file: refused anywhere in it. */
const SECRET_KEYS = new Set(["url", "webhookUrl", "token", "botToken", "secret", "password", "privateKey"]);

/**
 * The notifier's configuration from the JSON file named by `--config <file>` (or NOTIFY_CONFIG),
 * validated with zod; each sink's secret (webhook URL, bot token) read from the environment variable
 * the sink names. Throws ConfigError naming the first invalid field and why.
 */
export function loadConfig({ argv = [], env = process.env }: LoadConfigParameters = {}): LoadConfigReturnType {
  const i = argv.indexOf("--config");
  const file = i >= 0 ? argv[i + 1] : env.NOTIFY_CONFIG;
  if (file === undefined || file.startsWith("--")) throw new ConfigError("config", "needs --config <file> (or NOTIFY_CONFIG)");
  if (!existsSync(file)) throw new ConfigError("config", `file not found: ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ConfigError("config", `${file} is not valid JSON`, { cause });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError("config", "must be a JSON object");
  const secret = findSecretKey(raw, "");
  if (secret) throw new ConfigError(secret, "secrets are read only from the environment: name the variable (urlEnv / tokenEnv), never put the value in the file");

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw toConfigError(parsed.error);
  const cfg = parsed.data;
  const sinks = cfg.sinks.map((s, n) => {
    const name = s.type === "telegram" ? s.tokenEnv : s.urlEnv;
    const value = env[name];
    if (value === undefined || value === "") throw new ConfigError(`sinks.${n}.${s.type === "telegram" ? "tokenEnv" : "urlEnv"}`, `environment variable ${name} is not set`);
    if (s.type !== "telegram" && !/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError(`sinks.${n}.urlEnv`, `${name} must hold an http(s):// URL`);
    return { ...s, secret: value };
  });
  return { ...cfg, sinks };
}

function findSecretKey(v: unknown, path: string): string | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (SECRET_KEYS.has(k)) return p;
    const deeper = findSecretKey(x, p);
    if (deeper) return deeper;
  }
  return undefined;
}

function toConfigError(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "config";
  let reason = issue.message;
  if (issue.code === "unrecognized_keys") reason = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more issue(s))` : "";
  return new ConfigError(field, reason + more, { cause: error });
}
