import { decodeEventLog, encodeFunctionData, type Address, type Hex, type LocalAccount, type TransactionReceipt } from "viem";
import { liquidationEngineAbi } from "../abis/liquidationEngineAbi.js";
import { classifyRevert, type ClassifyRevertReturnType } from "../errors/classifyRevert.js";
import { decodeRevert } from "../errors/decodeRevert.js";
import { describeError } from "../errors/describeError.js";
import type { CreateMetricsReturnType } from "../metrics/createMetrics.js";
import type { CreateLotRiskReaderReturnType } from "../pricing/createLotRiskReader.js";
import type { PricingModule } from "../pricing/PricingModule.js";
import { INSOLVENT_TIER } from "../strategy/AuctionStatus.js";
import { actionKey, type KeeperAction } from "../strategy/decideActions.js";
import { evaluateBid } from "../strategy/evaluateBid.js";
import { hedgeCost, unitDeltaAbs } from "../strategy/hedgeCost.js";
import { mulWadDown, mulWadUp, wadToNumber } from "../strategy/wadMath.js";
import type { CreateRpcPoolReturnType, RpcEndpoint } from "../watch/createRpcPool.js";
import { bumpFees } from "./bumpFees.js";
import { computeFees, type ComputeFeesReturnType } from "./computeFees.js";
import type { CreateGasBudgetReturnType } from "./createGasBudget.js";
import type { CreateNonceManagerReturnType } from "./createNonceManager.js";
import type { CreateTxJournalReturnType, JournalEntry } from "./createTxJournal.js";
import { signAndBroadcast } from "./signAndBroadcast.js";
import { expectedLot } from "../../../sdk/src/math/expectedLot.js";

type Log = {
  info: (o: object, m: string) => void;
  warn: (o: object, m: string) => void;
  error: (o: object, m: string) => void;
  debug: (o: object, m: string) => void;
};

export type CreateSenderParameters = {
  pool: CreateRpcPoolReturnType;
  /** the keeper's address: msg.sender of every simulation (its vault account takes the bids) */
  address: Address;
  /** the signing key; absent in a dry run without a key (simulations still run from `address`) */
  account?: LocalAccount;
  liquidationEngine: Address;
  nonces: CreateNonceManagerReturnType;
  gasBudget: CreateGasBudgetReturnType;
  pricing: PricingModule;
  metrics: CreateMetricsReturnType;
  log: Log;
  dryRun: boolean;
  strategy: {
    minProfit: bigint;
    riskHaircut: bigint;
    nativePrice: bigint;
    /** hedge cost of a slice (strategy/hedgeCost.ts); costMultiplier 0 or no lotRisk turns it off */
    hedge?: { holdingSeconds: number; costMultiplier: bigint };
  };
  /** reads delta, spot and vol of a lot for the hedge cost */
  lotRisk?: CreateLotRiskReaderReturnType;
  /**
   * clean-up: bids that do not pay but unblock the system (the rest of an insolvent or dust lot while
   * the engine reports a pending loss or paused withdrawals), within a rolling-hour loss budget
   */
  cleanup?: { budget: CreateGasBudgetReturnType; dustValueWad: bigint };
  tx: { maxFeeWei: bigint; priorityFeeWei: bigint; bumpPercent: number; stuckAfterMs: number };
  /** write-ahead journal of in-flight transactions (no double send across a restart) */
  journal?: CreateTxJournalReturnType;
  /** decimals of the collateral token (tips are in token units) */
  collateralDecimals?: number;
  /** backoff after an unexpected revert in simulation [ms]: base × 2^(attempt − 1), capped */
  retry?: { baseMs: number; maxMs: number };
  /** called when one of our transactions is mined (demo and tests hook in here) */
  onMined?: (e: { action: KeeperAction; receipt: TransactionReceipt; expectedProfitWad?: bigint }) => void;
  now?: () => number;
};

export type SendOutcome =
  | { status: "sent"; hash: Hex; nonce: number; action: KeeperAction }
  | { status: "skipped"; reason: string; errorName?: string };

export type ExecuteContext = {
  /** base fee of the head [wei] */
  baseFeePerGas: bigint;
  /** [ms] when the head was observed */
  observedAt: number;
  /** the head the action was decided at */
  head?: bigint;
  /** the engine reports a pending loss or paused withdrawals: clean-up bids may run at a loss within budget */
  cleanupMode?: boolean;
};

export type ReconcileReport = { mined: number; reverted: number; pending: number; dropped: number };

export type CreateSenderReturnType = {
  /** simulate, check it pays, sign and send one action (a start-and-bid that cannot be sent falls back to a plain start) */
  execute: (action: KeeperAction, ctx: ExecuteContext) => Promise<SendOutcome>;
  /** check receipts of in-flight transactions; re-send stuck ones with the same nonce and bumped fees */
  poll: (ctx: { baseFeePerGas: bigint }) => Promise<void>;
  /** at start: settle, adopt or drop what the journal says was in flight before a restart */
  reconcile: () => Promise<ReconcileReport>;
  /** whether any action on this account is in flight */
  inFlight: (account: Address) => boolean;
  pendingCount: () => number;
  /** keys of transactions mined as reverts (that exact transaction is never sent again) */
  knownReverts: Set<string>;
  /** the send path's health: failing after a broadcast the node refused, until the next one it accepts */
  health: () => { sendFailing: boolean; consecutiveSendFailures: number; lastSendError?: string };
};

type Pending = {
  action: KeeperAction;
  nonce: number;
  hashes: Hex[];
  fees: ComputeFeesReturnType;
  gas: bigint;
  data: Hex;
  sentAt: number;
  release: () => void;
  expectedProfitWad?: bigint;
  /** the lot's value per option the profit was computed with [wad] */
  fairPriceWad?: bigint;
};

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * The send stage. Every transaction is simulated first from the keeper's address (viem
 * simulateContract; reverts decoded by custom-error name and classified, margin errors by the account
 * they name); bids are checked for profit after gas and the hedge cost on the simulated size; fees are
 * EIP-1559 with a cap; the transaction is signed locally with the keeper's key and sent raw
 * (tx/signAndBroadcast.ts) after it is written to the in-flight journal; nonces come from the local
 * nonce manager (resynced after any refused send); the hourly gas cap is enforced; stuck transactions
 * are re-signed with the same nonce and bumped fees.
 *
 * Never giving up on a liquidatable account: a start-and-bid that cannot be sent for any reason
 * (simulation revert, unprofitable, refused send) falls back to a plain start in the same call; an
 * unexpected revert is retried with exponential backoff and the action is re-decided from fresh state
 * every block (nothing is blacklisted); only a transaction mined as a revert is remembered by its exact
 * key. Every skip is counted by reason and logged at info (once per account and reason in a row).
 */
export function createSender(p: CreateSenderParameters): CreateSenderReturnType {
  const now = p.now ?? Date.now;
  const pending = new Map<number, Pending>();
  const knownReverts = new Set<string>();
  const busy = new Set<string>();
  const retryAt = new Map<string, { at: number; attempts: number }>();
  const lastSkip = new Map<string, string>();
  const wouldSend = new Set<string>();
  const retry = p.retry ?? { baseMs: 1_000, maxMs: 60_000 };
  const tokenScale = 10n ** BigInt(18 - (p.collateralDecimals ?? 18));
  let consecutiveSendFailures = 0;
  let lastSendError: string | undefined;
  let realized = 0;

  const slot = (account: Address) => account.toLowerCase();
  const isBid = (a: KeeperAction) => a.kind === "bid" || a.kind === "startAndBid";
  const argsOf = (a: KeeperAction): readonly unknown[] =>
    a.kind === "bid"
      ? [a.account, a.auctionId, expectedLot(a.status.seriesId, a.status.lotIsShort, a.status.pairSeriesId), a.maxSizeWad, a.priceLimitWad, ZERO, "0x"]
      : a.kind === "startAndBid"
        ? [a.account, expectedLot(a.status.seriesId, a.status.lotIsShort, a.status.pairSeriesId), a.maxSizeWad, a.priceLimitWad, ZERO, "0x"]
        : [a.account];
  /** the plain start a start-and-bid falls back to */
  const startOf = (a: KeeperAction): KeeperAction => ({
    kind: "start",
    account: a.account,
    auctionId: a.auctionId,
    key: actionKey("start", a.account, a.auctionId),
    seenAtBlock: a.seenAtBlock,
  });
  const ids = (a: KeeperAction) => ({ action: a.kind, account: a.account, auctionId: a.auctionId.toString() });

  const skip = (action: KeeperAction, reason: string, extra: object = {}, errorName?: string): SendOutcome => {
    p.metrics.skipped.inc({ reason });
    if (isBid(action) && reason === "lostRace") p.metrics.bids.inc({ result: "lost" });
    // info once per account and reason in a row (a skip repeats every block until the state changes)
    const k = `${action.kind}:${slot(action.account)}`;
    const line = { ...ids(action), reason, errorName, ...extra };
    if (lastSkip.get(k) !== reason) {
      lastSkip.set(k, reason);
      p.log.info(line, "action skipped");
    } else p.log.debug(line, "action skipped");
    return { status: "skipped", reason, errorName };
  };

  /** the reason a start-and-bid fell back, then the start itself */
  const fallBack = async (action: KeeperAction, ctx: ExecuteContext, why: string, extra: object = {}): Promise<SendOutcome> => {
    p.log.info({ ...ids(action), why, ...extra }, "start-and-bid cannot be sent; sending a plain start");
    return execute(startOf(action), ctx);
  };

  const execute: CreateSenderReturnType["execute"] = async (action, ctx) => {
    if (busy.has(slot(action.account))) return skip(action, "inFlight");
    if (knownReverts.has(action.key)) {
      if (action.kind === "startAndBid") return fallBack(action, ctx, "knownRevert");
      return skip(action, "knownRevert");
    }
    const backoffKey = `${action.kind}:${slot(action.account)}`;
    const gate = retryAt.get(backoffKey);
    if (gate && gate.at > now()) {
      if (action.kind === "startAndBid") return fallBack(action, ctx, "backoff");
      return skip(action, "backoff", { retryInMs: gate.at - now(), attempts: gate.attempts });
    }
    let endpoint: RpcEndpoint;
    try {
      endpoint = p.pool.current();
    } catch (error) {
      return skip(action, "readFailed", { err: describeError({ error, max: 200 }) });
    }
    const args = argsOf(action);
    const call = { address: p.liquidationEngine, abi: liquidationEngineAbi, functionName: action.kind, args, account: p.address } as const;
    let gas: bigint;
    let result: unknown;
    try {
      // simulate and estimate in parallel: both run the call against the latest state
      const [sim, est] = await Promise.all([
        endpoint.public.simulateContract(call as never) as Promise<{ result: unknown }>,
        endpoint.public.estimateContractGas(call as never),
      ]);
      result = sim.result;
      gas = est;
    } catch (error) {
      const revert = decodeRevert({ error });
      if (!revert) {
        p.pool.reportFailure(endpoint, error);
        p.metrics.errors.inc({ stage: "simulate" });
        if (action.kind === "startAndBid") return fallBack(action, ctx, "simulationFailed", { err: describeError({ error, max: 200 }) });
        return skip(action, "readFailed", { err: describeError({ error, max: 200 }) });
      }
      const kind: ClassifyRevertReturnType = classifyRevert({ errorName: revert.errorName, args: revert.args, keeper: p.address });
      const detail = { errorName: revert.errorName, args: stringify(revert.args) };
      if (kind === "unexpected") {
        // retried with backoff (the next attempt is decided again from fresh state), never blacklisted
        const attempts = (gate?.attempts ?? 0) + 1;
        const waitMs = Math.min(retry.maxMs, retry.baseMs * 2 ** (attempts - 1));
        retryAt.set(backoffKey, { at: now() + waitMs, attempts });
        p.log.warn({ ...ids(action), ...detail, attempts, retryInMs: waitMs }, "unexpected revert in simulation; retrying with backoff against fresh state");
        if (action.kind === "startAndBid") return fallBack(action, ctx, kind, detail);
        return skip(action, "unexpectedRevert", detail, revert.errorName);
      }
      if (action.kind === "startAndBid" && kind !== "paused" && kind !== "lostRace") return fallBack(action, ctx, kind, detail);
      if (kind === "ownMargin") p.log.warn({ ...ids(action), ...detail, keeper: p.address }, "keeper vault margin too low to take the bid; top up collateral (npm run keeper -- fund)");
      return skip(action, kind, detail, revert.errorName);
    }
    retryAt.delete(backoffKey);

    const fees = computeFees({ baseFeePerGas: ctx.baseFeePerGas, priorityFeePerGas: p.tx.priorityFeeWei, maxFeeCap: p.tx.maxFeeWei });
    let expectedProfitWad: bigint | undefined;
    let fairPriceWad: bigint | undefined;
    let cleanupLoss: bigint | undefined;
    if (action.kind === "bid" || action.kind === "startAndBid") {
      const s = action.status;
      // bid returns the size taken; startAndBid returns (auctionId, size taken)
      const taken = Array.isArray(result) ? result[1] : result;
      const sizeWad = typeof taken === "bigint" ? taken : s.maxSizeWad;
      fairPriceWad = await p.pricing.fairPriceWad({ seriesId: s.seriesId, markPriceWad: s.markPriceWad, lotIsShort: s.lotIsShort });
      let hedgeCostWad = 0n;
      if (p.lotRisk && p.strategy.hedge && p.strategy.hedge.costMultiplier > 0n && sizeWad > 0n) {
        try {
          let risk = await p.lotRisk.read(endpoint.public, s.seriesId, ctx.head);
          if (s.pairSeriesId !== 0n && s.maxSizeWad > 0n) {
            // a combined lot: the short and, per option of it, pairSize / maxSize of its hedge (same kind:
            // their deltas share a sign, so the unit's is the difference)
            const hedge = await p.lotRisk.read(endpoint.public, s.pairSeriesId, ctx.head);
            risk = { ...risk, deltaAbs: unitDeltaAbs(risk.deltaAbs, hedge.deltaAbs, s.pairSizeWad, s.maxSizeWad) };
          }
          hedgeCostWad = hedgeCost({ ...risk, holdingSeconds: p.strategy.hedge.holdingSeconds, costMultiplierWad: p.strategy.hedge.costMultiplier, sizeWad });
        } catch (error) {
          if (action.kind === "startAndBid") return fallBack(action, ctx, "hedgeCostReadFailed", { err: describeError({ error, max: 200 }) });
          return skip(action, "readFailed", { stage: "hedgeCost", err: describeError({ error, max: 200 }) });
        }
      }
      const e = evaluateBid({
        lotIsShort: s.lotIsShort,
        sizeWad,
        // the worst price the bid accepts (the limit), not the status' price: the profit check stays conservative
        bidPriceWad: action.priceLimitWad,
        fairPriceWad,
        gas,
        maxFeePerGas: fees.maxFeePerGas,
        nativePriceWad: p.strategy.nativePrice,
        minProfitWad: p.strategy.minProfit,
        riskHaircutWad: p.strategy.riskHaircut,
        hedgeCostWad,
      });
      const figures = { sizeWad: sizeWad.toString(), edgeWad: e.edgeWad.toString(), gasCostWad: e.gasCostWad.toString(), hedgeCostWad: e.hedgeCostWad.toString(), profitWad: e.profitWad.toString() };
      if (!e.profitable) {
        // clean-up: the rest of an insolvent or dust lot at a loss, within the hourly budget, while the engine is blocked
        const lotValue = mulWadDown(sizeWad, fairPriceWad);
        const eligible = ctx.cleanupMode && p.cleanup && (s.tier === INSOLVENT_TIER || lotValue < p.cleanup.dustValueWad);
        const loss = p.strategy.minProfit - e.profitWad; // what it costs against a bid that just breaks even
        if (eligible && p.cleanup!.budget.allows(loss)) cleanupLoss = loss;
        else if (action.kind === "startAndBid") return fallBack(action, ctx, eligible ? "cleanupBudget" : "unprofitable", figures);
        else return skip(action, eligible ? "cleanupBudget" : "unprofitable", figures);
      }
      expectedProfitWad = e.profitWad + (cleanupLoss !== undefined ? p.strategy.minProfit : 0n);
    }

    // ends and resets pay only gas; while the engine is blocked they are clean-up and charge the budget
    if ((action.kind === "end" || action.kind === "reset") && ctx.cleanupMode && p.cleanup) {
      const gasCost = mulWadUp(gas * fees.maxFeePerGas, p.strategy.nativePrice);
      if (!p.cleanup.budget.allows(gasCost)) return skip(action, "cleanupBudget", { gasCostWad: gasCost.toString() });
      cleanupLoss = gasCost;
    }

    if (p.dryRun || !p.account) {
      // info once per exact transaction (the same one is decided again every block until the state moves)
      const line = { dryRun: true, from: p.address, ...ids(action), args: stringify(args), gas: gas.toString(), expectedProfitWad: expectedProfitWad?.toString(), cleanup: cleanupLoss !== undefined };
      if (!wouldSend.has(action.key)) {
        wouldSend.add(action.key);
        p.log.info(line, "would send");
      } else p.log.debug(line, "would send");
      p.metrics.skipped.inc({ reason: "dryRun" });
      return { status: "skipped", reason: "dryRun" };
    }
    const gasLimit = (gas * 13n) / 10n + 20_000n;
    const worst = gasLimit * fees.maxFeePerGas;
    if (!p.gasBudget.allows(worst)) {
      p.log.warn({ ...ids(action), worstWei: worst.toString(), usedWei: p.gasBudget.used().toString() }, "hourly gas cap reached; not sending");
      if (action.kind === "startAndBid") return fallBack(action, ctx, "gasCap");
      return skip(action, "gasCap");
    }
    const release = p.gasBudget.reserve(worst);
    const releaseCleanup = cleanupLoss !== undefined ? p.cleanup!.budget.reserve(cleanupLoss) : () => undefined;
    const data = encodeFunctionData({ abi: liquidationEngineAbi, functionName: action.kind, args } as never);
    let nonce: number;
    let hash: Hex | undefined;
    try {
      nonce = await p.nonces.next();
      ({ hash } = await signAndBroadcast({
        account: p.account,
        client: endpoint.public,
        chainId: p.pool.chain.id,
        to: p.liquidationEngine,
        data,
        gas: gasLimit,
        nonce,
        fees,
        beforeBroadcast: (h) => {
          hash = h;
          p.journal?.put(journalEntry(action, nonce, [h]));
        },
      }));
    } catch (error) {
      // a node that mines on arrival (hardhat node's automine) answers a transaction that reverted on
      // inclusion with the revert: it was mined; its receipt (status reverted) settles it like any other
      if (hash !== undefined && /revert|VM Exception/i.test(describeError({ error }))) {
        p.log.info({ ...ids(action), hash, err: describeError({ error }) }, "node reports the transaction reverted on inclusion; its receipt settles it");
        return registerSent(action, ctx, { nonce: nonce!, hash, fees, gasLimit, data, release, expectedProfitWad, fairPriceWad, cleanupLoss });
      }
      release();
      releaseCleanup();
      p.nonces.resync();
      if (nonce! !== undefined) p.journal?.remove(nonce);
      consecutiveSendFailures++;
      lastSendError = describeError({ error });
      p.metrics.transactions.inc({ action: action.kind, result: "sendFailed" });
      p.metrics.errors.inc({ stage: "send" });
      p.log.warn({ ...ids(action), nonce: nonce!, err: lastSendError }, "send failed; nonce resync");
      if (action.kind === "startAndBid") return fallBack(action, ctx, "sendFailed");
      return skip(action, "sendFailed");
    }
    return registerSent(action, ctx, { nonce, hash: hash!, fees, gasLimit, data, release, expectedProfitWad, fairPriceWad, cleanupLoss });
  };

  const registerSent = (
    action: KeeperAction,
    ctx: ExecuteContext,
    t: { nonce: number; hash: Hex; fees: ComputeFeesReturnType; gasLimit: bigint; data: Hex; release: () => void; expectedProfitWad?: bigint; fairPriceWad?: bigint; cleanupLoss?: bigint },
  ): SendOutcome => {
    const { nonce, hash, fees, gasLimit, data, release, expectedProfitWad, fairPriceWad, cleanupLoss } = t;
    consecutiveSendFailures = 0;
    lastSendError = undefined;
    if (cleanupLoss !== undefined) {
      p.metrics.cleanupLoss.inc(wadToNumber(cleanupLoss));
      p.log.info({ ...ids(action), lossWad: cleanupLoss.toString(), budgetUsedWad: p.cleanup!.budget.used().toString() }, "clean-up action at a loss (engine reports a pending loss or paused withdrawals)");
    }
    busy.add(slot(action.account));
    lastSkip.delete(`${action.kind}:${slot(action.account)}`);
    pending.set(nonce, { action, nonce, hashes: [hash], fees, gas: gasLimit, data, sentAt: now(), release, expectedProfitWad, fairPriceWad });
    p.metrics.pending.set(pending.size);
    p.metrics.transactions.inc({ action: action.kind, result: "sent" });
    if (isBid(action)) {
      p.metrics.bids.inc({ result: "sent" });
      p.metrics.reaction.observe((now() - ctx.observedAt) / 1000);
    }
    p.log.info(
      {
        ...ids(action),
        hash,
        nonce,
        gas: gasLimit.toString(),
        maxFeePerGas: fees.maxFeePerGas.toString(),
        ...(action.kind === "bid" || action.kind === "startAndBid" ? { maxSizeWad: action.maxSizeWad.toString(), priceLimitWad: action.priceLimitWad.toString(), expectedProfitWad: expectedProfitWad?.toString() } : {}),
      },
      "sent",
    );
    return { status: "sent", hash, nonce, action };
  };

  const journalEntry = (action: KeeperAction, nonce: number, hashes: Hex[]): JournalEntry => ({
    nonce,
    hashes,
    key: action.key,
    kind: action.kind,
    account: action.account,
    auctionId: action.auctionId.toString(),
    sentAt: now(),
    from: p.address,
    chainId: p.pool.chain.id,
  });

  const forget = (t: Pending) => {
    pending.delete(t.nonce);
    busy.delete(slot(t.action.account));
    t.release();
    p.journal?.remove(t.nonce);
    p.metrics.pending.set(pending.size);
  };

  /** tips and bid cash of this receipt against the slice's value, minus gas [wad of collateral] */
  const realizedOf = (t: Pending, receipt: TransactionReceipt): { profitWad: bigint; tipWad: bigint } => {
    let profitWad = 0n;
    let tipWad = 0n;
    for (const l of receipt.logs) {
      if (l.address.toLowerCase() !== p.liquidationEngine.toLowerCase()) continue;
      let ev;
      try {
        ev = decodeEventLog({ abi: liquidationEngineAbi, data: l.data, topics: l.topics }) as { eventName: string; args: Record<string, unknown> };
      } catch {
        continue;
      }
      if (ev.eventName === "StartAuction" && String(ev.args.keeper).toLowerCase() === p.address.toLowerCase()) {
        tipWad += (ev.args.tip as bigint) * tokenScale;
      } else if (ev.eventName === "Bid" && String(ev.args.bidder).toLowerCase() === p.address.toLowerCase() && isBid(t.action) && t.fairPriceWad !== undefined) {
        const size = ev.args.sizeWad as bigint;
        const price = ev.args.priceWad as bigint;
        const lotIsShort = t.action.kind === "bid" || t.action.kind === "startAndBid" ? t.action.status.lotIsShort : true;
        // short lot: receives price, takes over a liability worth fair; long lot: pays price for fair
        profitWad += lotIsShort ? mulWadDown(size, price) - mulWadUp(size, t.fairPriceWad) : mulWadDown(size, t.fairPriceWad) - mulWadUp(size, price);
      }
    }
    const gasWad = mulWadUp(receipt.gasUsed * receipt.effectiveGasPrice, p.strategy.nativePrice);
    return { profitWad: profitWad + tipWad - gasWad, tipWad };
  };

  const settle = (t: Pending, receipt: TransactionReceipt): void => {
    forget(t);
    const paid = receipt.gasUsed * receipt.effectiveGasPrice;
    p.gasBudget.record(paid);
    p.metrics.gasSpent.inc(wadToNumber(paid));
    const ctx = { ...ids(t.action), hash: receipt.transactionHash, block: receipt.blockNumber.toString(), gasUsed: receipt.gasUsed.toString() };
    if (receipt.status === "success") {
      p.metrics.transactions.inc({ action: t.action.kind, result: "mined" });
      if (isBid(t.action)) {
        p.metrics.bids.inc({ result: "won" });
        if (t.expectedProfitWad !== undefined && t.expectedProfitWad > 0n) p.metrics.profitExpected.inc(wadToNumber(t.expectedProfitWad));
      }
      if (t.action.kind !== "bid")
        p.metrics.auctions.inc({ action: { start: "started", startAndBid: "started", end: "ended", reset: "reset", absorb: "absorbed" }[t.action.kind] });
      if (t.action.seenAtBlock !== undefined) p.metrics.reactionBlocks.observe(Number(receipt.blockNumber - t.action.seenAtBlock));
      const r = realizedOf(t, receipt);
      realized += wadToNumber(r.profitWad);
      p.metrics.profitRealized.set(realized);
      if (r.tipWad > 0n) p.metrics.tips.inc(wadToNumber(r.tipWad));
      p.log.info({ ...ctx, realizedProfitWad: r.profitWad.toString(), tipWad: r.tipWad.toString() }, "mined");
      p.onMined?.({ action: t.action, receipt, expectedProfitWad: t.expectedProfitWad });
    } else {
      knownReverts.add(t.action.key);
      p.metrics.transactions.inc({ action: t.action.kind, result: "reverted" });
      if (isBid(t.action)) p.metrics.bids.inc({ result: "reverted" });
      realized -= wadToNumber(mulWadUp(paid, p.strategy.nativePrice));
      p.metrics.profitRealized.set(realized);
      p.log.warn(ctx, "mined revert (lost a race in the same block); never resent");
    }
  };

  const receiptOf = async (endpoint: RpcEndpoint, hashes: readonly Hex[]): Promise<TransactionReceipt | undefined> => {
    for (const h of hashes) {
      try {
        return await endpoint.public.getTransactionReceipt({ hash: h });
      } catch {
        /* not mined (yet) */
      }
    }
    return undefined;
  };

  const poll: CreateSenderReturnType["poll"] = async ({ baseFeePerGas }) => {
    if (pending.size === 0) return;
    let endpoint: RpcEndpoint;
    try {
      endpoint = p.pool.current();
    } catch {
      return;
    }
    const chainNonce = await endpoint.public.getTransactionCount({ address: p.address, blockTag: "latest" });
    for (const t of [...pending.values()].sort((a, b) => a.nonce - b.nonce)) {
      const receipt = await receiptOf(endpoint, t.hashes);
      if (receipt) {
        settle(t, receipt);
        continue;
      }
      if (t.nonce < chainNonce) {
        // the nonce was used by a transaction we do not track (replaced elsewhere or lost on a restarted node)
        forget(t);
        p.metrics.transactions.inc({ action: t.action.kind, result: "dropped" });
        p.log.warn({ ...ids(t.action), nonce: t.nonce }, "nonce consumed without our receipt; dropped");
        continue;
      }
      if (now() - t.sentAt < p.tx.stuckAfterMs) continue;
      const fees = bumpFees({ fees: t.fees, bumpPercent: p.tx.bumpPercent, maxFeeCap: p.tx.maxFeeWei, baseFeePerGas });
      if (!fees || !p.account) {
        p.log.warn({ nonce: t.nonce, hashes: t.hashes }, "stuck transaction at the fee cap; waiting");
        t.sentAt = now();
        continue;
      }
      try {
        const { hash } = await signAndBroadcast({
          account: p.account,
          client: endpoint.public,
          chainId: p.pool.chain.id,
          to: p.liquidationEngine,
          data: t.data,
          gas: t.gas,
          nonce: t.nonce,
          fees,
          beforeBroadcast: (h) => p.journal?.put(journalEntry(t.action, t.nonce, [...t.hashes, h])),
        });
        t.hashes.push(hash);
        t.fees = fees;
        t.sentAt = now();
        p.log.warn({ ...ids(t.action), nonce: t.nonce, hash, maxFeePerGas: fees.maxFeePerGas.toString() }, "bumped stuck transaction (same nonce)");
      } catch (error) {
        // "nonce too low": it was mined meanwhile; the next poll finds the receipt or drops it
        p.log.warn({ nonce: t.nonce, err: describeError({ error }) }, "fee bump failed");
        t.sentAt = now();
      }
    }
    if (pending.size === 0 && chainNonce !== p.nonces.peek()) p.nonces.resync();
  };

  const reconcile: CreateSenderReturnType["reconcile"] = async () => {
    const report: ReconcileReport = { mined: 0, reverted: 0, pending: 0, dropped: 0 };
    const entries = p.journal?.entries() ?? [];
    if (entries.length === 0) return report;
    const endpoint = p.pool.current();
    const chainNonce = await endpoint.public.getTransactionCount({ address: p.address, blockTag: "latest" });
    for (const e of entries) {
      if (e.from.toLowerCase() !== p.address.toLowerCase() || e.chainId !== p.pool.chain.id) {
        p.journal!.remove(e.nonce);
        continue;
      }
      const action = { kind: e.kind, account: e.account, auctionId: BigInt(e.auctionId), key: e.key } as KeeperAction;
      const line = { ...ids(action), nonce: e.nonce, hashes: e.hashes };
      const receipt = await receiptOf(endpoint, e.hashes);
      if (receipt) {
        report[receipt.status === "success" ? "mined" : "reverted"]++;
        if (receipt.status !== "success") knownReverts.add(e.key);
        p.metrics.transactions.inc({ action: e.kind, result: receipt.status === "success" ? "mined" : "reverted" });
        p.journal!.remove(e.nonce);
        p.log.info({ ...line, block: receipt.blockNumber.toString(), status: receipt.status }, "reconciled in-flight transaction: mined before the restart");
        continue;
      }
      if (e.nonce < chainNonce) {
        report.dropped++;
        p.metrics.transactions.inc({ action: e.kind, result: "dropped" });
        p.journal!.remove(e.nonce);
        p.log.warn(line, "reconciled in-flight transaction: its nonce was used by another transaction (replaced); dropped");
        continue;
      }
      let known = false;
      for (const h of e.hashes) {
        try {
          await endpoint.public.getTransaction({ hash: h });
          known = true;
          break;
        } catch {
          /* not in the node's pool */
        }
      }
      if (known) {
        // still in the mempool: track it as ours, so the same action is not sent again
        report.pending++;
        busy.add(slot(e.account));
        pending.set(e.nonce, {
          action,
          nonce: e.nonce,
          hashes: e.hashes,
          fees: { maxFeePerGas: p.tx.priorityFeeWei, maxPriorityFeePerGas: p.tx.priorityFeeWei },
          gas: 0n,
          data: "0x",
          // not bumped (its fees and bytes are not in the journal): it mines, is replaced or drops
          sentAt: Number.MAX_SAFE_INTEGER,
          release: () => undefined,
        });
        p.log.info(line, "reconciled in-flight transaction: still pending; tracking it (not sent again)");
      } else {
        report.dropped++;
        p.metrics.transactions.inc({ action: e.kind, result: "dropped" });
        p.journal!.remove(e.nonce);
        p.log.warn(line, "reconciled in-flight transaction: unknown to the node and its nonce unused; dropped (the action is decided again)");
      }
    }
    p.metrics.pending.set(pending.size);
    p.nonces.resync();
    return report;
  };

  return {
    execute,
    poll,
    reconcile,
    inFlight: (account) => busy.has(slot(account)),
    pendingCount: () => pending.size,
    knownReverts,
    health: () => ({ sendFailing: consecutiveSendFailures > 0, consecutiveSendFailures, lastSendError }),
  };
}

function stringify(x: readonly unknown[]): string[] {
  return x.map((v) => (typeof v === "bigint" ? v.toString() : String(v)));
}

