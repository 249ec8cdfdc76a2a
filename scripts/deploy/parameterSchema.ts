import { readFileSync } from "node:fs";
import { isAddress, type Address } from "viem";
import { z } from "zod";
import { parseDecimal, parseWad } from "./parseDecimal.js";
import { underlyingId } from "./underlyingId.js";

/**
 * deploy/parameters/<network>.json: Ignition's parameters (module "Protocol", read by
 * deploy/modules/Protocol.ts) plus a "Deployment" section that the deploy script reads: the expected
 * chain, the feeds it checks before anything is deployed (address, description, decimals), the market
 * configuration, series to list and roles to grant after the Ignition deployment. Decimal numbers are
 * strings ("1.05"); addresses are 0x-prefixed. Every field is documented below.
 */
const address = z.string().refine((s) => isAddress(s, { strict: false }), "must be a 0x-prefixed 20-byte address").transform((s) => s as Address);
const decimal = (unit: string) => z.string().regex(/^\d+(\.\d+)?$/, `must be a decimal string (${unit})`);
const seconds = z.number().int().positive();

const feedSchema = z.strictObject({
  /** the Chainlink proxy address on this chain */
  address,
  /** what `description()` must answer, e.g. "ETH / USD" */
  description: z.string().min(1),
  /** what `decimals()` must answer (8 for USD pairs) */
  decimals: z.number().int().min(0).max(18),
  /** [seconds] OracleHub rejects answers older than this */
  heartbeat: seconds.max(604_800),
});

const marketSchema = z.strictObject({
  /** market name; also derives the underlying id unless `underlying` is given */
  name: z.string().regex(/^[A-Z0-9]{2,10}$/, "must be 2-10 upper-case letters or digits"),
  underlying: address.optional(),
  feed: feedSchema,
  vol: z.strictObject({
    /** [1 = 100%] bounds a posted implied vol must lie in */
    min: decimal("vol, 1 = 100%"),
    max: decimal("vol, 1 = 100%"),
    /** [1 = 100 vol points] largest change per update */
    maxChange: decimal("vol, 1 = 100%"),
    /** [seconds] a posted vol older than this is stale */
    maxAge: seconds,
  }),
  /** [1 = 100%] annual rate */
  rate: decimal("rate, 1 = 100%"),
  margin: z.strictObject({
    spotShock: decimal("share, 1 = 100%"),
    volShock: decimal("vol points, 1 = 100"),
    floorShare: decimal("share, 1 = 100%"),
    imFactor: decimal("multiplier"),
  }),
  /** size tiers: gross notional [collateral currency] → maintenance multiplier */
  sizeTiers: z.array(z.strictObject({ notional: decimal("USD"), factor: decimal("multiplier") })).min(1).max(8),
  /** series listed at deployment: strikes = spot × moneyness rounded to strikeStep, calls and puts */
  series: z.strictObject({ strikeStep: decimal("USD"), moneyness: z.array(decimal("strike / spot")).min(1).max(10) }),
});

const deploymentSchema = z.strictObject({
  /** the chain the file is for; the deployment refuses another */
  chainId: z.number().int().positive(),
  /** the collateral token, checked by decimals() */
  collateral: z.strictObject({ address, symbol: z.string(), decimals: z.number().int().min(0).max(18) }),
  /** L2 sequencer uptime feed (mainnets only): checked like a price feed (decimals 0) */
  sequencerFeed: z.strictObject({ address, description: z.string() }).optional(),
  markets: z.array(marketSchema).min(1),
  /** the liquidation engine's default parameter set */
  liquidation: z.strictObject({
    tiers: z.array(z.strictObject({ ratio: decimal("margin ratio"), share: decimal("share, 1 = 100%") })).min(1).max(4),
    target: decimal("margin ratio"),
    curve: z.strictObject({ kind: z.enum(["linear", "stairstep"]), start: decimal("discount"), max: decimal("discount"), duration: seconds }),
    reset: z.strictObject({ tail: seconds, cusp: decimal("share, 1 = 100%") }),
    fundShare: decimal("share, 1 = 100%"),
    /** starter tip: flat [collateral units] + share of the lot notional, capped [collateral units] */
    tip: z.strictObject({ flat: decimal("collateral units"), share: decimal("share"), cap: decimal("collateral units") }),
    minSize: decimal("contracts"),
    hole: decimal("USD notional"),
  }),
  /** listed expiries: the next `count` weekdays (0 = Sunday … 5 = Friday) at hourUtc, at least minDays ahead */
  expiries: z.strictObject({ weekday: z.number().int().min(0).max(6), hourUtc: z.number().int().min(0).max(23), count: z.number().int().min(0).max(8), minDays: z.number().min(0).default(1) }),
  /** extra role holders granted after deployment (the deployer holds every role from the module) */
  roles: z
    .strictObject({
      RISK_ADMIN: z.array(address).default([]),
      FEEDER: z.array(address).default([]),
      LISTER: z.array(address).default([]),
      TREASURY: z.array(address).default([]),
      GUARDIAN: z.array(address).default([]),
    })
    .prefault({}),
  /** the CRE workflow whose reports LiquidationReceiver accepts (set after deployment when owner is given) */
  cre: z
    .strictObject({
      forwarder: address,
      chainSelectorName: z.string(),
      workflowOwner: address.optional(),
      workflowName: z.string().max(64).optional(),
      workflowId: z.string().regex(/^0x[0-9a-fA-F]{64}$/).optional(),
    }),
});

export const parameterFileSchema = z.object({
  Protocol: z.looseObject({
    collateralToken: address,
    sequencerFeed: address.optional(),
    sequencerGracePeriod: z.number().int().min(0).optional(),
    creForwarder: address,
  }),
  Deployment: deploymentSchema,
});

export type ParameterFile = z.infer<typeof parameterFileSchema>;
export type Market = z.infer<typeof marketSchema>;

/** A parameter file that failed validation: `field` is the dotted path of the first bad value. */
export class ParameterError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ParameterError";
  }
}

/** Reads and validates a parameter file; cross-checks Protocol against Deployment. */
export function loadParameters(file: string): ParameterFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ParameterError(file, `cannot read JSON (${(cause as Error).message})`);
  }
  const r = parameterFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ParameterError(issue.path.join(".") || "(root)", issue.message);
  }
  const p = r.data;
  if (p.Protocol.collateralToken.toLowerCase() !== p.Deployment.collateral.address.toLowerCase())
    throw new ParameterError("Protocol.collateralToken", "differs from Deployment.collateral.address");
  if (p.Protocol.creForwarder.toLowerCase() !== p.Deployment.cre.forwarder.toLowerCase())
    throw new ParameterError("Protocol.creForwarder", "differs from Deployment.cre.forwarder");
  const seq = p.Protocol.sequencerFeed ?? "0x0000000000000000000000000000000000000000";
  if (seq.toLowerCase() !== (p.Deployment.sequencerFeed?.address ?? "0x0000000000000000000000000000000000000000").toLowerCase())
    throw new ParameterError("Protocol.sequencerFeed", "differs from Deployment.sequencerFeed.address");
  p.Deployment.markets.forEach((m, i) => {
    for (const [k, v] of Object.entries({ "vol.min": m.vol.min, "vol.max": m.vol.max, rate: m.rate, "margin.imFactor": m.margin.imFactor }))
      try {
        parseWad(v);
      } catch (e) {
        throw new ParameterError(`Deployment.markets.${i}.${k}`, (e as Error).message);
      }
  });
  try {
    parseDecimal(p.Deployment.liquidation.tip.flat, p.Deployment.collateral.decimals);
    parseDecimal(p.Deployment.liquidation.tip.cap, p.Deployment.collateral.decimals);
  } catch (e) {
    throw new ParameterError("Deployment.liquidation.tip", (e as Error).message);
  }
  return p;
}

/** The underlying id of a market (explicit, or derived from its name). */
export function marketUnderlying(m: Market): Address {
  return m.underlying ?? underlyingId(m.name);
}
