import { isAddress, type Address } from "viem";
import { z } from "zod";

const address = z
  .string()
  .refine((s) => isAddress(s, { strict: false }), { message: "must be a 0x-prefixed 20-byte hex address" })
  .transform((s) => s as Address);
/** a volatility as a decimal string or number, 1 = 100% */
const vol = z.union([z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal number (1 = 100% vol)"), z.number().nonnegative()]).transform(String);

const staticSource = z.strictObject({
  type: z.literal("static"),
  /** vol for every expiry without its own entry [1 = 100%] */
  default: vol,
  /** vol per expiry: key = expiry [unix seconds] */
  byExpiry: z.record(z.string().regex(/^\d+$/, "keys must be unix seconds"), vol).default({}),
});

const httpSource = z.strictObject({
  type: z.literal("http"),
  /**
   * GET URL per (underlying, expiry); placeholders {market} (e.g. ETH), {expiry} (unix seconds),
   * {instrument} (Deribit-style "ETH-4DEC26")
   */
  url: z.string().refine((s) => /^https?:\/\//.test(s), "must be an http(s):// URL"),
  /** dotted path of the implied vol in the JSON body (Deribit ticker: result.mark_iv) */
  path: z.string().default("result.mark_iv"),
  /** the unit of the value: "percent" (Deribit: 62.5 = 62.5%) or "fraction" (0.625) */
  unit: z.enum(["percent", "fraction"]).default("percent"),
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
});

/**
 * The volatility feeder's configuration (one JSON file, validated at start; the key only from the
 * environment: FEEDER_PRIVATE_KEY).
 */
export const configSchema = z.strictObject({
  /** JSON-RPC endpoint */
  rpcUrl: z.string().refine((s) => /^https?:\/\//.test(s), "must be an http(s):// URL"),
  /** expected chain id (checked at start) */
  chainId: z.number().int().positive().optional(),
  /** Ignition deployment folder (deployed_addresses.json: OracleHub, OptionVault) */
  deploymentDir: z.string().optional(),
  contracts: z.strictObject({ oracleHub: address.optional(), vault: address.optional() }).prefault({}),
  /** one entry per underlying: its id (the address the vault and OracleHub key it by) and its source */
  markets: z
    .array(z.strictObject({ name: z.string().regex(/^[A-Z0-9]{2,10}$/, "must be 2-10 upper-case letters or digits"), underlying: address, source: z.discriminatedUnion("type", [staticSource, httpSource]) }))
    .min(1, "needs at least one market"),
  policy: z
    .strictObject({
      /** post again when a posted vol is this close to OracleHub's max age [seconds] */
      refreshBeforeMaxAgeS: z.number().int().min(0).default(3_600),
      /** post when the source moved more than this from the posted value [vol points, 1 = 100] */
      moveThreshold: vol.default("0.02"),
      /** seconds between cycles */
      pollIntervalMs: z.number().int().min(100).max(3_600_000).default(15_000),
    })
    .prefault({}),
  retries: z.strictObject({ attempts: z.number().int().min(1).max(10).default(3), backoffMs: z.number().int().min(0).max(60_000).default(500) }).prefault({}),
  dryRun: z.boolean().default(false),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
  metrics: z.strictObject({ enabled: z.boolean().default(true), host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65_535).default(9465) }).prefault({}),
});

export type FeederConfig = z.infer<typeof configSchema>;
export type MarketConfig = FeederConfig["markets"][number];
export type SourceConfig = MarketConfig["source"];
