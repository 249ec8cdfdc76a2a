import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { parseWad } from "../../../keeper/src/strategy/wadMath.js";

const WAD = 10n ** 18n;

const address = z
  .string()
  .refine((s) => isAddress(s, { strict: false }), { message: "must be a 0x-prefixed 20-byte hex address" })
  .transform((s) => getAddress(s.toLowerCase()));

/** A decimal number given as a string or number, stored as wad. */
const wad = (what: string, min = 0n) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    let x: bigint;
    try {
      x = parseWad(String(v));
    } catch {
      ctx.addIssue({ code: "custom", message: `must be a decimal number (${what}), got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    if (x < min) {
      ctx.addIssue({ code: "custom", message: `must be >= ${Number(min) / 1e18} (${what}), got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return x;
  });

/** Name of an environment variable holding a secret (the secret itself never sits in the file). */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "must name an environment variable (A-Z, 0-9, _), not hold the secret");

const rateLimit = z
  .strictObject({
    /** sustained rate [messages per minute] */
    perMinute: z.number().positive().max(60_000).default(20),
    /** burst [messages] sent back to back before the rate applies */
    burst: z.number().int().min(1).max(1_000).default(5),
  })
  .prefault({});

const retry = z
  .strictObject({
    /** attempts per message, the first included; then the message is recorded as failed */
    maxAttempts: z.number().int().min(1).max(100).default(8),
    /** [ms] first backoff; doubles per attempt */
    baseDelayMs: z.number().int().min(1).max(600_000).default(1_000),
    /** [ms] cap on one backoff (and on an honoured Retry-After) */
    maxDelayMs: z.number().int().min(1).max(3_600_000).default(300_000),
    /** [ms] per-request timeout */
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .prefault({});

const sinkBase = {
  /** unique name (metrics label, store key) */
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, "1-40 letters, digits, _ or -"),
  /** only messages for these accounts (default: every watched account) */
  accounts: z.array(address).optional(),
  /** only these kinds (default: all) */
  kinds: z.array(z.enum(["warning", "auctionStart", "bid", "auctionEnd", "auctionReset", "settlement", "socializedLoss"])).optional(),
  rateLimit,
  retry,
};

const sink = z.discriminatedUnion("type", [
  /** generic JSON webhook: POST of the whole message (key, kind, account, figures, text) */
  z.strictObject({ ...sinkBase, type: z.literal("webhook"), urlEnv: envName }),
  /** Slack incoming webhook ({ text }) */
  z.strictObject({ ...sinkBase, type: z.literal("slack"), urlEnv: envName }),
  /** Discord webhook ({ content }) */
  z.strictObject({ ...sinkBase, type: z.literal("discord"), urlEnv: envName }),
  /** Telegram bot API sendMessage to one chat */
  z.strictObject({
    ...sinkBase,
    type: z.literal("telegram"),
    tokenEnv: envName,
    chatId: z.union([z.string().min(1), z.number().int()]).transform(String),
    baseUrl: z.url({ protocol: /^https?$/ }).default("https://api.telegram.org"),
  }),
]);

/**
 * The notifier's whole configuration, validated at start (loadConfig). Secrets (webhook URLs, the
 * Telegram bot token) are never here: each sink names the environment variable that holds its secret.
 */
export const configSchema = z
  .strictObject({
    rpcUrl: z.string().regex(/^https?:\/\//, "must be an http(s):// URL"),
    /** expected chain id (checked at start) */
    chainId: z.number().int().positive(),
    /** Ignition deployment folder holding deployed_addresses.json */
    deploymentDir: z.string().optional(),
    /** the six protocol addresses, instead of deploymentDir */
    contracts: z
      .strictObject({
        optionVault: address,
        marginEngine: address,
        marginLens: address,
        liquidationEngine: address,
        liquidationLens: address,
        oracleHub: address,
      })
      .optional(),
    /** "all": every account seen in the vault's Deposit, Fill and TransferPosition events; or a list */
    accounts: z.union([z.literal("all"), z.array(address).min(1, "needs at least one account (or \"all\")")]).default("all"),
    /** first block read (the vault's deployment block) when the store has no cursor */
    startBlock: z.number().int().min(0).default(0),
    /** act on a block only when it has this many blocks on top (0: the head itself, for local nodes) */
    confirmations: z.number().int().min(0).max(1_000).default(2),
    /** on a block-hash mismatch at the cursor (a reorg deeper than `confirmations`), re-read this many blocks */
    reorgRewindBlocks: z.number().int().min(1).max(10_000).default(64),
    /** [ms] between passes */
    pollIntervalMs: z.number().int().min(20).max(600_000).default(2_000),
    /** blocks per eth_getLogs call */
    chunkSize: z.number().int().min(1).max(1_000_000).default(2_000),
    /** most blocks read per pass (catch-up proceeds pass by pass) */
    maxBlocksPerPass: z.number().int().min(1).max(1_000_000).default(10_000),
    warning: z
      .strictObject({
        /** [wad] ratio under which the soft margin call is sent (must be above the first liquidation tier) */
        ratio: wad("margin ratio, 1 = maintenance", WAD).default((12n * WAD) / 10n),
        /** [wad] the warning re-arms once the ratio is back at or above ratio + hysteresis */
        hysteresis: wad("margin ratio", 0n).default((5n * WAD) / 100n),
        /** most blocks of one pass whose health is sampled (evenly spaced, the last always); every block when the pass is shorter */
        maxSamplesPerPass: z.number().int().min(1).max(10_000).default(32),
        /** accounts per healthBatch call */
        batchSize: z.number().int().min(1).max(5_000).default(100),
      })
      .prefault({}),
    store: z.strictObject({ file: z.string().default(".notify-state/store.jsonl") }).prefault({}),
    sinks: z.array(sink).min(1, "needs at least one sink"),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
    metrics: z
      .strictObject({
        enabled: z.boolean().default(false),
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65_535).default(9465),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    if (!c.deploymentDir && !c.contracts) ctx.addIssue({ code: "custom", path: ["deploymentDir"], message: "set deploymentDir or contracts" });
    const seen = new Set<string>();
    c.sinks.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: "custom", path: ["sinks", i, "name"], message: `duplicate sink name "${s.name}"` });
      seen.add(s.name);
    });
  });

export type ConfigInput = z.input<typeof configSchema>;
export type SinkConfig = z.output<typeof configSchema>["sinks"][number];
export type MessageKind = NonNullable<SinkConfig["kinds"]>[number];

/** The validated configuration with each sink's secret resolved from the environment. */
export type NotifyConfig = Omit<z.output<typeof configSchema>, "sinks"> & {
  sinks: (SinkConfig & { /** the webhook URL or the bot token, from the environment */ secret: string })[];
};

export type { Address };
