import type { Address, Hex, TransactionReceipt } from "viem";
import { liquidationEngineAbi } from "../abis/liquidationEngineAbi.js";
import { classifyRevert } from "../errors/classifyRevert.js";
import { decodeRevert } from "../errors/decodeRevert.js";
import type { CreateMetricsReturnType } from "../metrics/createMetrics.js";
import type { PricingModule } from "../pricing/PricingModule.js";
import { actionKey, type KeeperAction } from "../strategy/decideActions.js";
import { evaluateBid } from "../strategy/evaluateBid.js";
import { wadToNumber } from "../strategy/wadMath.js";
import type { CreateRpcPoolReturnType, RpcEndpoint } from "../watch/createRpcPool.js";
import { bumpFees } from "./bumpFees.js";
import { computeFees, type ComputeFeesReturnType } from "./computeFees.js";
import type { CreateGasBudgetReturnType } from "./createGasBudget.js";
import type { CreateNonceManagerReturnType } from "./createNonceManager.js";

type Log = {
  info: (o: object, m: string) => void;
  warn: (o: object, m: string) => void;
  error: (o: object, m: string) => void;
  debug: (o: object, m: string) => void;
};

export type CreateSenderParameters = {
  pool: CreateRpcPoolReturnType;
  /** the keeper's address (msg.sender of simulations; its vault account takes the bids) */
  address: Address;
  liquidationEngine: Address;
  nonces: CreateNonceManagerReturnType;
  gasBudget: CreateGasBudgetReturnType;
  pricing: PricingModule;
  metrics: CreateMetricsReturnType;
  log: Log;
  dryRun: boolean;
  strategy: { minProfit: bigint; riskHaircut: bigint; nativePrice: bigint };
  tx: { maxFeeWei: bigint; priorityFeeWei: bigint; bumpPercent: number; stuckAfterMs: number };
  /** called when one of our transactions is mined (demo and tests hook in here) */
  onMined?: (e: { action: KeeperAction; receipt: TransactionReceipt; expectedProfitWad?: bigint }) => void;
};

export type SendOutcome =
  | { status: "sent"; hash: Hex; nonce: number }
  | { status: "skipped"; reason: string; errorName?: string };

export type CreateSenderReturnType = {
  /** simulate, check it pays, and send one action */
  execute: (action: KeeperAction, ctx: { baseFeePerGas: bigint; observedAt: number }) => Promise<SendOutcome>;
  /** check receipts of in-flight transactions; re-send stuck ones with the same nonce and bumped fees */
  poll: (ctx: { baseFeePerGas: bigint }) => Promise<void>;
  /** whether an action of this kind on this account is in flight */
  inFlight: (kind: KeeperAction["kind"], account: Address) => boolean;
  pendingCount: () => number;
  /** keys of transactions that reverted (never sent again) */
  knownReverts: Set<string>;
};

type Pending = {
  action: KeeperAction;
  nonce: number;
  hashes: Hex[];
  fees: ComputeFeesReturnType;
  gas: bigint;
  args: readonly unknown[];
  sentAt: number;
  release: () => void;
  expectedProfitWad?: bigint;
};

/**
 * The send stage: every transaction is simulated first (viem simulateContract; reverts decoded by
 * custom-error name and classified: "someone else was first" is normal and not sent), bids are
 * checked for profit after gas on the simulated size, fees are EIP-1559 with a cap, nonces come from
 * the local nonce manager (resynced after any failed send), the hourly gas cap is enforced, and stuck
 * transactions are re-sent with the same nonce and bumped fees. A transaction that reverted on chain
 * is remembered by key and never sent again.
 */
export function createSender(p: CreateSenderParameters): CreateSenderReturnType {
  const pending = new Map<number, Pending>();
  const knownReverts = new Set<string>();
  const slot = (kind: string, account: Address) => `${kind}:${account.toLowerCase()}`;
  const busy = new Set<string>();

  const ZERO = "0x0000000000000000000000000000000000000000";
  const argsOf = (a: KeeperAction): readonly unknown[] =>
    a.kind === "bid"
      ? [a.account, a.auctionId, a.maxSizeWad, a.priceLimitWad, ZERO, "0x"]
      : a.kind === "startAndBid"
        ? [a.account, a.maxSizeWad, a.priceLimitWad, ZERO, "0x"]
        : [a.account];
  const isBid = (a: KeeperAction) => a.kind === "bid" || a.kind === "startAndBid";
  /** the plain start a start-and-bid falls back to when its bid does not pay or cannot be taken */
  const startOf = (a: KeeperAction): KeeperAction => ({ kind: "start", account: a.account, auctionId: a.auctionId, key: actionKey("start", a.account, a.auctionId) });

  const skip = (action: KeeperAction, reason: string, extra: object = {}, errorName?: string): SendOutcome => {
    p.metrics.skipped.inc({ reason });
    if (isBid(action) && reason === "lostRace") p.metrics.bids.inc({ result: "lost" });
    p.log.debug({ action: action.kind, account: action.account, auctionId: action.auctionId.toString(), reason, errorName, ...extra }, "action skipped");
    return { status: "skipped", reason, errorName };
  };

  const execute: CreateSenderReturnType["execute"] = async (action, ctx) => {
    if (knownReverts.has(action.key)) return skip(action, "knownRevert");
    if (busy.has(slot(action.kind, action.account))) return skip(action, "inFlight");
    const endpoint = p.pool.current();
    const args = argsOf(action);
    const call = {
      address: p.liquidationEngine,
      abi: liquidationEngineAbi,
      functionName: action.kind,
      args,
      account: p.address,
    } as const;
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
        throw error;
      }
      const kind = classifyRevert({ errorName: revert.errorName });
      // the bid half of a start-and-bid cannot be taken (own margin, price moved): start it plainly
      if (action.kind === "startAndBid" && kind !== "lostRace" && kind !== "paused") {
        p.log.debug({ account: action.account, errorName: revert.errorName }, "start-and-bid reverts in simulation; starting only");
        return execute(startOf(action), ctx);
      }
      if (kind === "unexpected") {
        knownReverts.add(action.key);
        p.log.error({ action: action.kind, account: action.account, auctionId: action.auctionId.toString(), errorName: revert.errorName, args: revert.args }, "unexpected revert in simulation; action blacklisted");
      } else if (kind === "ownMargin") {
        p.log.warn({ account: action.account, auctionId: action.auctionId.toString(), errorName: revert.errorName }, "keeper vault margin too low to take the bid; top up collateral");
      }
      return skip(action, kind, {}, revert.errorName);
    }

    const fees = computeFees({ baseFeePerGas: ctx.baseFeePerGas, priorityFeePerGas: p.tx.priorityFeeWei, maxFeeCap: p.tx.maxFeeWei });
    let expectedProfitWad: bigint | undefined;
    if (action.kind === "bid" || action.kind === "startAndBid") {
      const s = action.status;
      // bid returns the size taken; startAndBid returns (auctionId, size taken)
      const taken = Array.isArray(result) ? result[1] : result;
      const sizeWad = typeof taken === "bigint" ? taken : s.maxSizeWad;
      const fair = await p.pricing.fairPriceWad({ seriesId: s.seriesId, markPriceWad: s.markPriceWad, lotIsShort: s.lotIsShort });
      const e = evaluateBid({
        lotIsShort: s.lotIsShort,
        sizeWad,
        // the worst price the bid accepts (the limit), not the status' price: the profit check stays conservative
        bidPriceWad: action.priceLimitWad,
        fairPriceWad: fair,
        gas,
        maxFeePerGas: fees.maxFeePerGas,
        nativePriceWad: p.strategy.nativePrice,
        minProfitWad: p.strategy.minProfit,
        riskHaircutWad: p.strategy.riskHaircut,
      });
      if (!e.profitable && action.kind === "startAndBid") return execute(startOf(action), ctx);
      if (!e.profitable)
        return skip(action, "unprofitable", { sizeWad: sizeWad.toString(), edgeWad: e.edgeWad.toString(), gasCostWad: e.gasCostWad.toString(), profitWad: e.profitWad.toString() });
      expectedProfitWad = e.profitWad;
    }

    if (p.dryRun) {
      p.log.info({ dryRun: true, action: action.kind, account: action.account, auctionId: action.auctionId.toString(), args: stringify(args), gas: gas.toString(), expectedProfitWad: expectedProfitWad?.toString() }, "would send");
      return skip(action, "dryRun");
    }
    const gasLimit = (gas * 13n) / 10n + 20_000n;
    const worst = gasLimit * fees.maxFeePerGas;
    if (!p.gasBudget.allows(worst)) {
      p.log.warn({ action: action.kind, account: action.account, worstWei: worst.toString(), usedWei: p.gasBudget.used().toString() }, "hourly gas cap reached; not sending");
      return skip(action, "gasCap");
    }
    const wallet = endpoint.wallet;
    if (!wallet) return skip(action, "noSigner");
    const release = p.gasBudget.reserve(worst);
    const nonce = await p.nonces.next();
    let hash: Hex;
    try {
      hash = await wallet.writeContract({ ...call, gas: gasLimit, nonce, ...fees, chain: p.pool.chain } as never);
    } catch (error) {
      release();
      p.nonces.resync();
      p.pool.reportFailure(endpoint, error);
      p.log.warn({ action: action.kind, account: action.account, nonce, err: String(error).slice(0, 300) }, "send failed; nonce resync");
      throw error;
    }
    busy.add(slot(action.kind, action.account));
    pending.set(nonce, { action, nonce, hashes: [hash], fees, gas: gasLimit, args, sentAt: Date.now(), release, expectedProfitWad });
    if (isBid(action)) {
      p.metrics.bids.inc({ result: "sent" });
      p.metrics.reaction.observe((Date.now() - ctx.observedAt) / 1000);
    }
    p.log.info({ action: action.kind, account: action.account, auctionId: action.auctionId.toString(), hash, nonce, gas: gasLimit.toString(), maxFeePerGas: fees.maxFeePerGas.toString(), ...(action.kind === "bid" || action.kind === "startAndBid" ? { maxSizeWad: action.maxSizeWad.toString(), priceLimitWad: action.priceLimitWad.toString() } : {}) }, "sent");
    return { status: "sent", hash, nonce };
  };

  const settle = (t: Pending, receipt: TransactionReceipt): void => {
    pending.delete(t.nonce);
    busy.delete(slot(t.action.kind, t.action.account));
    t.release();
    const paid = receipt.gasUsed * receipt.effectiveGasPrice;
    p.gasBudget.record(paid);
    p.metrics.gasSpent.inc(wadToNumber(paid));
    const ctx = { action: t.action.kind, account: t.action.account, auctionId: t.action.auctionId.toString(), hash: receipt.transactionHash, block: receipt.blockNumber.toString(), gasUsed: receipt.gasUsed.toString() };
    if (receipt.status === "success") {
      if (isBid(t.action)) {
        p.metrics.bids.inc({ result: "won" });
        if (t.expectedProfitWad !== undefined) p.metrics.profit.inc(wadToNumber(t.expectedProfitWad));
      }
      if (t.action.kind !== "bid")
        p.metrics.auctions.inc({ action: { start: "started", startAndBid: "started", end: "ended", reset: "reset" }[t.action.kind] });
      p.log.info(ctx, "mined");
      p.onMined?.({ action: t.action, receipt, expectedProfitWad: t.expectedProfitWad });
    } else {
      knownReverts.add(t.action.key);
      if (isBid(t.action)) p.metrics.bids.inc({ result: "reverted" });
      p.log.warn(ctx, "mined revert (lost a race in the same block); never resent");
    }
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
      let receipt: TransactionReceipt | undefined;
      for (const h of t.hashes) {
        try {
          receipt = await endpoint.public.getTransactionReceipt({ hash: h });
          break;
        } catch {
          /* not mined (yet) */
        }
      }
      if (receipt) {
        settle(t, receipt);
        continue;
      }
      if (t.nonce < chainNonce) {
        // the nonce was used by a transaction we do not track (replaced elsewhere or lost on a restarted node)
        pending.delete(t.nonce);
        busy.delete(slot(t.action.kind, t.action.account));
        t.release();
        p.log.warn({ action: t.action.kind, account: t.action.account, nonce: t.nonce }, "nonce consumed without our receipt; dropped");
        continue;
      }
      if (Date.now() - t.sentAt < p.tx.stuckAfterMs) continue;
      const fees = bumpFees({ fees: t.fees, bumpPercent: p.tx.bumpPercent, maxFeeCap: p.tx.maxFeeWei, baseFeePerGas });
      if (!fees || !endpoint.wallet) {
        p.log.warn({ nonce: t.nonce, hashes: t.hashes }, "stuck transaction at the fee cap; waiting");
        t.sentAt = Date.now();
        continue;
      }
      try {
        const hash = await endpoint.wallet.writeContract({
          address: p.liquidationEngine,
          abi: liquidationEngineAbi,
          functionName: t.action.kind,
          args: t.args,
          gas: t.gas,
          nonce: t.nonce,
          ...fees,
          chain: p.pool.chain,
        } as never);
        t.hashes.push(hash);
        t.fees = fees;
        t.sentAt = Date.now();
        p.log.warn({ action: t.action.kind, account: t.action.account, nonce: t.nonce, hash, maxFeePerGas: fees.maxFeePerGas.toString() }, "bumped stuck transaction (same nonce)");
      } catch (error) {
        // "nonce too low": it was mined meanwhile; the next poll finds the receipt or drops it
        p.log.warn({ nonce: t.nonce, err: String(error).slice(0, 200) }, "fee bump failed");
        t.sentAt = Date.now();
      }
    }
    if (pending.size === 0 && chainNonce !== p.nonces.peek()) p.nonces.resync();
  };

  return {
    execute,
    poll,
    inFlight: (kind, account) => busy.has(slot(kind, account)),
    pendingCount: () => pending.size,
    knownReverts,
  };
}

function stringify(x: readonly unknown[]): string[] {
  return x.map((v) => (typeof v === "bigint" ? v.toString() : String(v)));
}
