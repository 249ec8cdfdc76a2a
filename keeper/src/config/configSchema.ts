import { getAddress, isAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { parseWad } from "../strategy/wadMath.js";

const WAD = 10n ** 18n;

const address = z
  .string()
  .refine((s) => isAddress(s, { strict: false }), { message: "must be a 0x-prefixed 20-byte hex address" })
  .transform((s) => getAddress(s.toLowerCase()));

/** A decimal number given as a string or number, stored as wad. */
const wad = (what: string, min = 0n, max?: bigint) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    let x: bigint;
    try {
      x = parseWad(String(v));
    } catch {
      ctx.addIssue({ code: "custom", message: `must be a decimal number (${what}), got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    if (x < min || (max !== undefined && x > max)) {
      const range = max === undefined ? `>= ${Number(min) / 1e18}` : `between ${Number(min) / 1e18} and ${Number(max) / 1e18}`;
      ctx.addIssue({ code: "custom", message: `must be ${range} (${what}), got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return x;
  });

/** A non-negative integer given as a string or number, stored as bigint. */
const uint = (what: string) =>
  z.union([z.string().regex(/^\d+$/, `must be a non-negative integer (${what})`), z.number().int().nonnegative()]).transform((v) => BigInt(v));

const rpcUrl = z
  .string()
  .refine((s) => /^(https?|wss?):\/\//.test(s), { message: "must be an http(s):// or ws(s):// URL" })
  .refine(
    (s) => {
      try {
        new URL(s);
        return true;
      } catch {
        return false;
      }
    },
    { message: "is not a valid URL" },
  );

/**
 * The keeper's whole configuration. One place, validated at start; secrets (the private key, the
 * keystore password) never live here, only in the environment (see loadConfig).
 */
export const configSchema = z
  .object({
    /** JSON-RPC endpoints, in order of preference; failover to the next when one fails or lags */
    rpcUrls: z.array(rpcUrl).min(1, "needs at least one RPC URL"),
    /** expected chain id (checked against every endpoint at start) */
    chainId: z.number().int().positive().optional(),
    /** Ignition deployment folder holding deployed_addresses.json (fills the contract addresses) */
    deploymentDir: z.string().optional(),
    contracts: z
      .strictObject({
        vault: address.optional(),
        marginLens: address.optional(),
        liquidationEngine: address.optional(),
        liquidationLens: address.optional(),
        /** Chainlink spot feeds to watch for new rounds */
        priceFeeds: z.array(address).default([]),
      })
      .prefault({}),
    /** path of an encrypted JSON keystore (password from KEEPER_KEYSTORE_PASSWORD) */
    keystoreFile: z.string().optional(),
    /** log and count what would be sent, send nothing */
    dryRun: z.boolean().default(false),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
    discovery: z
      .strictObject({
        /** first block to scan for accounts (the vault's deployment block) */
        startBlock: uint("block number").default(0n),
        /** blocks per eth_getLogs call (halved automatically when a provider refuses the range) */
        chunkSize: z.number().int().min(1).max(1_000_000).default(5_000),
        /** blocks re-read on every pass to survive reorgs */
        reorgDepth: z.number().int().min(0).max(10_000).default(12),
        /** checkpoint file (accounts and last scanned block) */
        checkpointFile: z.string().default(".keeper-state/checkpoint.json"),
      })
      .prefault({}),
    screening: z
      .strictObject({
        /** accounts per healthBatch / auctionStatusBatch call */
        batchSize: z.number().int().min(1).max(5_000).default(100),
        /** batch calls in flight at once */
        concurrency: z.number().int().min(1).max(64).default(2),
        /** accounts below this margin ratio (or with an auction) get an auctionStatus read */
        watchRatio: wad("margin ratio, 1 = maintenance", 0n).default((11n * WAD) / 10n),
      })
      .prefault({}),
    strategy: z
      .strictObject({
        startAuctions: z.boolean().default(true),
        endAuctions: z.boolean().default(true),
        resetAuctions: z.boolean().default(true),
        bid: z.boolean().default(true),
        /** minimum profit per bid after gas and haircut [collateral units] */
        minProfit: wad("collateral units").default(0n),
        /**
         * extra flat haircut on the value of the position taken over [1 = 100%], on top of the hedge cost
         * (default 0: the hedge cost below is the model of the risk)
         */
        riskHaircut: wad("share, 1 = 100%", 0n, WAD).default(0n),
        /**
         * Cost of hedging the slice taken over for the time it is held (strategy/hedgeCost.ts):
         * haircut = costMultiplier × |Δ| × S × σ × √(holdingSeconds / year) × size [collateral units],
         * the one-standard-deviation move of the delta exposure over the holding time.
         */
        hedge: z
          .strictObject({
            /** [seconds] how long the keeper holds the slice before it is hedged or unwound */
            holdingSeconds: z.number().min(0).max(30 * 86_400).default(12),
            /** [multiple of one standard deviation] 0 turns the hedge cost off */
            costMultiplier: wad("standard deviations", 0n, 100n * WAD).default(WAD),
          })
          .prefault({}),
        /** price of the gas token in collateral units (ETH in USDC) for the gas-cost term */
        nativePrice: wad("collateral units per native token", 0n).default(3000n * WAD),
        /** slack on a bid's price limit [1 = 100%]: the engine rounds the bidder's price to token decimals */
        priceTolerance: wad("share, 1 = 100%", 0n, WAD / 10n).default(WAD / 1000n),
        /**
         * slack on a bid's size [1 = 100%]: the bid asks for the status' max × (1 + slack) and the engine
         * clips it to just enough at the bid's block (the discount grew since the status was read)
         */
        sizeSlack: wad("share, 1 = 100%", 0n, WAD).default(WAD / 20n),
        /** gas assumed for a bid when estimation is skipped */
        bidGas: z.number().int().min(21_000).max(30_000_000).default(500_000),
        /** pricing module valuing the taken-over position */
        pricing: z.enum(["mark"]).default("mark"),
      })
      .prefault({}),
    cleanup: z
      .strictObject({
        /**
         * most the keeper may lose per rolling hour on actions that do not pay but unblock the system
         * (bidding the rest of an insolvent or dust lot at a loss while the engine reports a pending loss
         * or paused withdrawals) [collateral units, e.g. "100" = 100 USDC]; 0 turns clean-up off
         */
        budgetPerHour: wad("collateral units per hour", 0n).default(0n),
        /** a live auction whose slice is worth less than this is dust [collateral units] */
        dustValue: wad("collateral units", 0n).default(10n * WAD),
      })
      .prefault({}),
    tx: z
      .strictObject({
        /** cap on maxFeePerGas [gwei] */
        maxFeeGwei: z.number().positive().max(100_000).default(500),
        /** priority fee [gwei] */
        priorityFeeGwei: z.number().min(0).max(10_000).default(1),
        /** fee bump for a stuck transaction [percent, >= 10 for nodes to accept the replacement] */
        bumpPercent: z.number().int().min(10).max(500).default(20),
        /** a pending transaction older than this is re-sent with bumped fees and the same nonce */
        stuckAfterMs: z.number().int().min(500).max(3_600_000).default(15_000),
        /** total gas spend allowed per rolling hour [native token, e.g. "0.5"] */
        gasSpendCapPerHour: wad("native token per hour", 0n).default(WAD),
        /**
         * in-flight transactions (hash, nonce, action key, signed bytes), written before each broadcast
         * and reconciled at the next start (receipt, replacement or drop): no double send across a restart
         */
        journalFile: z.string().default(".keeper-state/inflight.json"),
      })
      .prefault({}),
    rpc: z
      .strictObject({
        /** backstop poll of block number and feed rounds [ms] */
        pollIntervalMs: z.number().int().min(50).max(60_000).default(500),
        /** per-request timeout [ms] */
        timeoutMs: z.number().int().min(100).max(120_000).default(5_000),
        /** an endpoint whose head trails the best one by more than this is stale */
        maxLagBlocks: z.number().int().min(0).max(10_000).default(3),
      })
      .prefault({}),
    metrics: z
      .strictObject({
        enabled: z.boolean().default(true),
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65_535).default(9464),
      })
      .prefault({}),
    warnings: z
      .strictObject({
        /** warn below this gas balance [native token] */
        minGasBalance: wad("native token", 0n).default((5n * WAD) / 100n),
        /** warn below this vault collateral of the keeper's own account [collateral token decimals] */
        minVaultCollateral: uint("collateral token decimals").default(0n),
      })
      .prefault({}),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;

/** The validated configuration, plus the signer's key resolved from the environment. */
export type KeeperConfig = z.output<typeof configSchema> & {
  contracts: {
    vault: Address;
    marginLens: Address;
    liquidationEngine: Address;
    liquidationLens: Address;
    priceFeeds: Address[];
  };
  /** the signer's private key (from KEEPER_PRIVATE_KEY or the keystore), absent in dry-run without a key */
  privateKey?: Hex;
  /** the address simulations run from: the key's, or KEEPER_ADDRESS in a dry run without a key */
  address: Address;
};
