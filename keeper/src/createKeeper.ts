import type { Address } from "viem";
import type { Logger } from "pino";
import { optionVaultAbi } from "./abis/optionVaultAbi.js";
import { priceFeedAbi } from "./abis/priceFeedAbi.js";
import type { CreateMetricsReturnType } from "./metrics/createMetrics.js";
import { INSOLVENT_TIER, type AuctionStatus } from "./strategy/AuctionStatus.js";
import { decideActions } from "./strategy/decideActions.js";
import { readAuctionStatuses } from "./strategy/readAuctionStatuses.js";
import { readPendingLoss } from "./strategy/readPendingLoss.js";
import { screenAccounts } from "./strategy/screenAccounts.js";
import { wadToNumber } from "./strategy/wadMath.js";
import type { CreateSenderReturnType } from "./tx/createSender.js";
import type { CreateAccountDiscoveryReturnType } from "./watch/createAccountDiscovery.js";
import type { CreateRpcPoolReturnType } from "./watch/createRpcPool.js";

export type CreateKeeperParameters = {
  pool: CreateRpcPoolReturnType;
  discovery: CreateAccountDiscoveryReturnType;
  sender: CreateSenderReturnType;
  metrics: CreateMetricsReturnType;
  log: Logger;
  address: Address;
  contracts: { vault: Address; marginLens: Address; liquidationEngine: Address; liquidationLens: Address; priceFeeds: Address[] };
  screening: { batchSize: number; concurrency: number; watchRatio: bigint };
  /** priceTolerance, sizeSlack [1e18 = 100%]: slack on bid price limits and sizes (see decideActions) */
  strategy: { startAuctions: boolean; endAuctions: boolean; resetAuctions: boolean; bid: boolean; priceTolerance?: bigint; sizeSlack?: bigint };
  pollIntervalMs: number;
  warnings: { minGasBalance: bigint; minVaultCollateral: bigint };
  /** decimals of the collateral token (metrics in whole tokens) */
  collateralDecimals?: number;
  /** read the vault's pendingLoss() when there is work: clean-up mode for the sender (config cleanup.budgetPerHour > 0) */
  cleanup?: boolean;
};

export type KeeperHealth = {
  ok: boolean;
  /** why not ok (empty when ok) */
  problems: string[];
  head: string;
  lastCycleAt: number;
  accounts: number;
  /** accounts with something to do at the last cycle (candidates) */
  work: number;
  pending: number;
  sendFailing: boolean;
  readsFailing: boolean;
  lastError?: string;
};

export type CycleReport = {
  head: bigint;
  accounts: number;
  candidates: number;
  sent: number;
  statuses: Map<Address, AuctionStatus>;
};

export type CreateKeeperReturnType = {
  /** one watch → decide → send pass at the current head (skipped when nothing changed, unless forced) */
  cycle: (opts?: { force?: boolean }) => Promise<CycleReport | undefined>;
  /** loop until `stop()`; every failure is logged and retried with backoff */
  run: () => Promise<void>;
  stop: () => Promise<void>;
  /** what /health answers: 503 when no cycle completed lately, sends fail, or reads fail while there is work */
  health: () => KeeperHealth;
};

/**
 * The keeper loop: watch (new head or new feed round; polling backstop), discover accounts from vault
 * events, screen all of them with healthBatch, read auctionStatusBatch for those under the watch ratio
 * or with a live auction, decide (start / bid / reset / end) and send. One failing account or RPC call
 * never stops the loop.
 */
export function createKeeper(p: CreateKeeperParameters): CreateKeeperReturnType {
  const log = p.log;
  let lastHead = -1n;
  let lastRounds = "";
  let lastCycleAt = Date.now();
  let stopped = false;
  let wake: (() => void) | undefined;
  let running: Promise<void> | undefined;
  const activeAuctions = new Set<Address>();
  /** head at which each account was first seen actionable (for reaction in blocks), per auction id */
  const seenAt = new Map<string, { block: bigint; auctionId: bigint; active: boolean }>();
  let cycles = 0;
  let work = 0;
  let readsFailing = false;
  let lastError: string | undefined;
  const scale = 10 ** (p.collateralDecimals ?? 18);

  const readRounds = async (): Promise<string> => {
    if (p.contracts.priceFeeds.length === 0) return "";
    const client = p.pool.current().public;
    const rounds = await Promise.all(
      p.contracts.priceFeeds.map((feed) =>
        client.readContract({ address: feed, abi: priceFeedAbi, functionName: "latestRoundData" }).then((r) => String((r as readonly unknown[])[0])),
      ),
    );
    return rounds.join(",");
  };

  const checkBalances = async (): Promise<void> => {
    const client = p.pool.current().public;
    const [balance, collateral] = await Promise.all([
      client.getBalance({ address: p.address }),
      client.readContract({ address: p.contracts.vault, abi: optionVaultAbi, functionName: "collateralOf", args: [p.address] }) as Promise<bigint>,
    ]);
    p.metrics.gasBalance.set(wadToNumber(balance));
    p.metrics.vaultCollateral.set(Number(collateral) / scale);
    if (balance < p.warnings.minGasBalance) log.warn({ balanceWei: balance.toString(), minWei: p.warnings.minGasBalance.toString() }, "low gas balance");
    if (collateral < p.warnings.minVaultCollateral)
      log.warn({ collateral: collateral.toString(), min: p.warnings.minVaultCollateral.toString() }, "low vault margin: bids need collateral in the keeper's vault account (npm run keeper -- fund --amount <tokens>)");
  };

  const cycle: CreateKeeperReturnType["cycle"] = async ({ force = false } = {}) => {
    const head = await p.pool.refresh();
    p.metrics.headLag.set(lastHead < 0n ? 0 : Number(head - lastHead));
    const rounds = await readRounds().catch(() => lastRounds);
    if (!force && head === lastHead && rounds === lastRounds) {
      p.metrics.headLag.set(0);
      return undefined;
    }
    let readErrors = 0;
    const observedAt = Date.now();
    const started = process.hrtime.bigint();
    const endpoint = p.pool.current();
    const client = endpoint.public;
    const block = await client.getBlock({ blockNumber: head });
    const baseFeePerGas = block.baseFeePerGas ?? 0n;

    await p.sender.poll({ baseFeePerGas });
    const { added } = await p.discovery.sync(client, head);
    if (added.length > 0) log.info({ added: added.length, total: p.discovery.accounts().length, head: head.toString() }, "accounts discovered");
    const accounts = p.discovery.accounts();
    p.metrics.accountsTracked.set(accounts.length);

    const onAccountError = (stage: string) => (account: Address, error: unknown) => {
      readErrors++;
      p.metrics.errors.inc({ stage });
      log.warn({ account, stage, err: String(error).slice(0, 300) }, "account read failed; skipped this block");
    };
    const summaries = await screenAccounts({
      client,
      marginLens: p.contracts.marginLens,
      accounts,
      batchSize: p.screening.batchSize,
      concurrency: p.screening.concurrency,
      blockNumber: head,
      onAccountError: onAccountError("healthBatch"),
    });
    const candidates = accounts.filter((a) => {
      const s = summaries.get(a);
      return activeAuctions.has(a) || (s !== undefined && s.maintenanceWad > 0n && s.ratioWad < p.screening.watchRatio);
    });
    const statuses =
      candidates.length === 0
        ? new Map<Address, AuctionStatus>()
        : await readAuctionStatuses({
            client,
            liquidationLens: p.contracts.liquidationLens,
            accounts: candidates,
            batchSize: p.screening.batchSize,
            concurrency: p.screening.concurrency,
            blockNumber: head,
            onAccountError: onAccountError("auctionStatusBatch"),
          });

    const tiers = new Map<string, number>([["0", accounts.length - statuses.size]]);
    activeAuctions.clear();
    for (const [a, s] of statuses) {
      if (s.active) activeAuctions.add(a);
      const t = s.tier === INSOLVENT_TIER ? "insolvent" : s.tier.toString();
      tiers.set(t, (tiers.get(t) ?? 0) + 1);
    }
    p.metrics.accountsByTier.reset();
    for (const [t, n] of tiers) p.metrics.accountsByTier.set({ tier: t }, n);

    // the head each account became actionable at (kept while it stays actionable under the same auction)
    for (const [a, s] of statuses) {
      const actionable = s.canStart || s.canEnd || s.canReset || s.canAbsorb || (s.active && s.maxSizeWad > 0n);
      const k = a.toLowerCase();
      const prev = seenAt.get(k);
      if (!actionable) seenAt.delete(k);
      else if (!prev || prev.auctionId !== s.auctionId || prev.active !== s.active) seenAt.set(k, { block: head, auctionId: s.auctionId, active: s.active });
    }
    const current = new Set([...statuses.keys()].map((a) => a.toLowerCase()));
    for (const k of [...seenAt.keys()]) if (!current.has(k)) seenAt.delete(k);

    const actions = decideActions({ statuses, strategy: p.strategy, isKnownRevert: (k) => p.sender.knownReverts.has(k) });
    for (const a of actions) a.seenAtBlock = seenAt.get(a.account.toLowerCase())?.block ?? head;
    work = actions.length;
    // clean-up mode: the engine reports a pending loss or paused withdrawals (read only when there is work)
    let cleanupMode = false;
    if (p.cleanup && actions.length > 0) {
      try {
        const loss = await readPendingLoss({ client, vault: p.contracts.vault, blockNumber: head });
        cleanupMode = loss.amount > 0n || loss.withdrawalsPaused;
        if (cleanupMode) log.debug({ pendingLoss: loss.amount.toString(), withdrawalsPaused: loss.withdrawalsPaused }, "engine blocked: clean-up bids allowed within budget");
      } catch (error) {
        readErrors++;
        p.metrics.errors.inc({ stage: "pendingLoss" });
        log.warn({ err: String(error).slice(0, 200) }, "pendingLoss read failed");
      }
    }
    let sent = 0;
    for (const action of actions) {
      if (stopped) break;
      try {
        const r = await p.sender.execute(action, { baseFeePerGas, observedAt, head, cleanupMode });
        if (r.status === "sent") sent++;
        else if (r.reason === "readFailed") readErrors++;
      } catch (error) {
        p.metrics.errors.inc({ stage: `send.${action.kind}` });
        log.warn({ action: action.kind, account: action.account, auctionId: action.auctionId.toString(), err: String(error).slice(0, 300) }, "action failed");
      }
    }
    if (cycles++ % 20 === 0) await checkBalances().catch((e: unknown) => log.warn({ err: String(e).slice(0, 200) }, "balance check failed"));

    lastHead = head;
    lastRounds = rounds;
    lastCycleAt = Date.now();
    readsFailing = readErrors > 0;
    if (!readsFailing) lastError = undefined;
    p.metrics.headBlock.set(Number(head));
    p.metrics.headLag.set(0);
    p.metrics.pending.set(p.sender.pendingCount());
    // a stale endpoint answers but is not usable: its gauge says so (other calls set it per request)
    for (const e of p.pool.endpoints) if (e.stale) p.metrics.rpcHealthy.set({ url: e.url }, 0);
    p.metrics.cycle.observe(Number(process.hrtime.bigint() - started) / 1e9);
    log.debug({ head: head.toString(), accounts: accounts.length, candidates: candidates.length, actions: actions.length, sent }, "cycle");
    return { head, accounts: accounts.length, candidates: candidates.length, sent, statuses };
  };

  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });

  const run = async (): Promise<void> => {
    let backoff = p.pollIntervalMs;
    const loop = async () => {
      while (!stopped) {
        try {
          const r = await cycle();
          backoff = p.pollIntervalMs;
          // after sending, look again at once: the next block shows the result (and the next bid)
          if (r && (r.sent > 0 || p.sender.pendingCount() > 0)) await sleep(Math.min(50, p.pollIntervalMs));
          else await sleep(p.pollIntervalMs);
        } catch (error) {
          p.metrics.errors.inc({ stage: "cycle" });
          readsFailing = true;
          lastError = String(error).slice(0, 300);
          log.warn({ err: lastError, retryInMs: backoff }, "cycle failed; retrying");
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 10_000);
        }
      }
    };
    running = loop();
    await running;
  };

  const stop = async (): Promise<void> => {
    stopped = true;
    wake?.();
    await running;
  };

  const health: CreateKeeperReturnType["health"] = () => {
    const send = p.sender.health();
    const pending = p.sender.pendingCount();
    const hasWork = work > 0 || pending > 0 || activeAuctions.size > 0;
    const problems: string[] = [];
    if (Date.now() - lastCycleAt >= Math.max(30_000, 20 * p.pollIntervalMs)) problems.push("no cycle completed lately");
    if (send.sendFailing) problems.push(`sends failing: ${send.lastSendError ?? ""}`.trim());
    if (readsFailing && hasWork) problems.push(`reads failing while there is work${lastError ? `: ${lastError}` : ""}`);
    return {
      ok: problems.length === 0,
      problems,
      head: lastHead.toString(),
      lastCycleAt,
      accounts: p.discovery.accounts().length,
      work,
      pending,
      sendFailing: send.sendFailing,
      readsFailing,
      lastError,
    };
  };

  return { cycle, run, stop, health };
}
