import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createPublicClient, custom, parseGwei, type Address, type LocalAccount, type PublicClient, type Transport, type Chain } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { createKeeper, type CreateKeeperReturnType } from "../../keeper/src/createKeeper.js";
import { createMetrics } from "../../keeper/src/metrics/createMetrics.js";
import { createLotRiskReader } from "../../keeper/src/pricing/createLotRiskReader.js";
import { createMarkPricing } from "../../keeper/src/pricing/createMarkPricing.js";
import { createGasBudget } from "../../keeper/src/tx/createGasBudget.js";
import { createNonceManager } from "../../keeper/src/tx/createNonceManager.js";
import { createSender, type CreateSenderReturnType } from "../../keeper/src/tx/createSender.js";
import { createAccountDiscovery } from "../../keeper/src/watch/createAccountDiscovery.js";
import type { CreateRpcPoolReturnType, RpcEndpoint } from "../../keeper/src/watch/createRpcPool.js";
import { inProcessChain, type InProcessProvider } from "./createDemoClients.js";

export type CreateInProcessKeeperParameters = {
  /** the in-process chain's EIP-1193 provider (`connection.provider`) */
  provider: InProcessProvider;
  chainId: number;
  /** the keeper's address */
  address: Address;
  /**
   * the keeper's key (it signs locally and sends raw, as the keeper process does); absent: the key of
   * `address` among the in-process chain's default accounts (Hardhat's test mnemonic)
   */
  account?: LocalAccount;
  /** strategy overrides (the bench runs the shipped example's values) */
  strategy?: { minProfit?: bigint; riskHaircut?: bigint; hedge?: { holdingSeconds: number; costMultiplier: bigint }; priceTolerance?: bigint; sizeSlack?: bigint };
  /** fee overrides [wei] */
  tx?: { maxFeeWei?: bigint; priorityFeeWei?: bigint };
  /** screening overrides */
  screening?: { batchSize?: number; concurrency?: number; watchRatio?: bigint };
  contracts: { vault: Address; marginLens: Address; liquidationEngine: Address; liquidationLens: Address; priceFeeds: Address[] };
  /** [wad] collateral units per native token (gas cost in the bid's profit check) */
  nativePriceWad: bigint;
  /** pino level ("silent" for the demo's own timeline) */
  logLevel?: string;
  /**
   * viem's retries of a failed request on the in-process transport (default: viem's 3, with backoff from
   * 150 ms): a revert the chain reports as an internal error is retried, about 1 s per reverting
   * simulation; the study passes 0 (the chain answers the same the next time)
   */
  retryCount?: number;
  /** the sender's and gas budget's clock [ms] (default Date.now; the study passes the chain's time, so
   * the keeper's backoffs do not depend on how fast the machine is) */
  now?: () => number;
};

export type CreateInProcessKeeperReturnType = {
  keeper: CreateKeeperReturnType;
  sender: CreateSenderReturnType;
};

/**
 * The real keeper (keeper/src: discovery, screening, decideActions, createSender with simulation,
 * profit check, nonce manager) wired to an in-process Hardhat chain: one "RPC endpoint" whose viem
 * transport is the chain's EIP-1193 provider instead of an URL. Only the RPC pool and the config file
 * are replaced; every decision and every transaction comes from the keeper's own modules.
 */
export function createInProcessKeeper(p: CreateInProcessKeeperParameters): CreateInProcessKeeperReturnType {
  const chain = inProcessChain(p.chainId);
  const transport = custom(p.provider, p.retryCount === undefined ? {} : { retryCount: p.retryCount });
  const endpoint: RpcEndpoint = {
    url: "in-process",
    public: createPublicClient({ chain, transport, pollingInterval: 50 }) as PublicClient<Transport, Chain>,
    answering: true,
    head: -1n,
    failedUntil: 0,
    failures: 0,
    stale: false,
  };
  const pool: CreateRpcPoolReturnType = {
    chain,
    endpoints: [endpoint],
    refresh: async () => {
      endpoint.head = await endpoint.public.getBlockNumber({ cacheTime: 0 });
      return endpoint.head;
    },
    current: () => endpoint,
    reportFailure: () => undefined,
  };
  const log = pino({ level: p.logLevel ?? "silent" }, pino.destination(2));
  const metrics = createMetrics({ defaultMetrics: false });
  const discovery = createAccountDiscovery({
    chainId: p.chainId,
    vault: p.contracts.vault,
    startBlock: 0n,
    chunkSize: 5_000,
    reorgDepth: 0,
    checkpointFile: join(mkdtempSync(join(tmpdir(), "demo-keeper-")), "checkpoint.json"),
    log,
  });
  const nonces = createNonceManager({
    fetchNonce: () => endpoint.public.getTransactionCount({ address: p.address, blockTag: "pending" }),
  });
  const strategy = {
    startAuctions: true,
    endAuctions: true,
    resetAuctions: true,
    bid: true,
    priceTolerance: p.strategy?.priceTolerance ?? 10n ** 15n,
    sizeSlack: p.strategy?.sizeSlack ?? 5n * 10n ** 16n,
  };
  const account = p.account ?? defaultAccountOf(p.address);
  const sender = createSender({
    pool,
    address: p.address,
    account,
    liquidationEngine: p.contracts.liquidationEngine,
    nonces,
    gasBudget: createGasBudget({ capPerHourWei: 10n ** 20n, ...(p.now ? { now: p.now } : {}) }),
    ...(p.now ? { now: p.now } : {}),
    pricing: createMarkPricing(),
    metrics,
    log,
    dryRun: false,
    strategy: { minProfit: p.strategy?.minProfit ?? 0n, riskHaircut: p.strategy?.riskHaircut ?? 0n, nativePrice: p.nativePriceWad, hedge: p.strategy?.hedge },
    lotRisk: p.strategy?.hedge ? createLotRiskReader({ vault: p.contracts.vault }) : undefined,
    tx: { maxFeeWei: p.tx?.maxFeeWei ?? parseGwei("50"), priorityFeeWei: p.tx?.priorityFeeWei ?? parseGwei("0.01"), bumpPercent: 15, stuckAfterMs: 60_000 },
  });
  const keeper = createKeeper({
    pool,
    discovery,
    sender,
    metrics,
    log,
    address: p.address,
    contracts: p.contracts,
    screening: { batchSize: p.screening?.batchSize ?? 100, concurrency: p.screening?.concurrency ?? 2, watchRatio: p.screening?.watchRatio ?? 13n * 10n ** 17n },
    strategy,
    pollIntervalMs: 50,
    warnings: { minGasBalance: 0n, minVaultCollateral: 0n },
  });
  return { keeper, sender };
}

/** The key of one of the in-process chain's default accounts (Hardhat's test mnemonic, first 20). */
function defaultAccountOf(address: Address): LocalAccount {
  for (let i = 0; i < 20; i++) {
    const a = mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: i });
    if (a.address.toLowerCase() === address.toLowerCase()) return a;
  }
  throw new Error(`${address} is not one of the in-process chain's default accounts: pass its key as \`account\``);
}
