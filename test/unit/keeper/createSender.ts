/**
 * The send stage against a fake node (every JSON-RPC call the sender makes is recorded): local signing
 * and raw sends, the start fallback of a start-and-bid, backoff instead of a blacklist, revert
 * classification by account, the lost counter, dry run from KEEPER_ADDRESS, the in-flight journal
 * across a restart, and clean-up bids within budget.
 */
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  decodeFunctionData,
  encodeAbiParameters,
  encodeErrorResult,
  encodeEventTopics,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  type Address,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { liquidationEngineAbi } from "../../../keeper/src/abis/liquidationEngineAbi.js";
import { createMetrics } from "../../../keeper/src/metrics/createMetrics.js";
import { createMarkPricing } from "../../../keeper/src/pricing/createMarkPricing.js";
import { INSOLVENT_TIER, type AuctionStatus } from "../../../keeper/src/strategy/AuctionStatus.js";
import { actionKey, type KeeperAction } from "../../../keeper/src/strategy/decideActions.js";
import { createGasBudget } from "../../../keeper/src/tx/createGasBudget.js";
import { createNonceManager } from "../../../keeper/src/tx/createNonceManager.js";
import { createSender, type CreateSenderParameters } from "../../../keeper/src/tx/createSender.js";
import { createTxJournal } from "../../../keeper/src/tx/createTxJournal.js";
import type { CreateRpcPoolReturnType, RpcEndpoint } from "../../../keeper/src/watch/createRpcPool.js";

const WAD = 10n ** 18n;
const ENGINE = "0x00000000000000000000000000000000000000E1" as Address;
const VICTIM = "0x00000000000000000000000000000000000000A1" as Address;

type Sim = (functionName: string, call: { account: unknown; args: readonly unknown[] }) => unknown;

function revert(errorName: string, args: readonly unknown[]): ContractFunctionExecutionError {
  const data = encodeErrorResult({ abi: liquidationEngineAbi, errorName, args } as never);
  const cause = new ContractFunctionRevertedError({ abi: liquidationEngineAbi, data, functionName: "bid" });
  return new ContractFunctionExecutionError(cause, { abi: liquidationEngineAbi, functionName: "bid", args: [], contractAddress: ENGINE });
}

function status(over: Partial<AuctionStatus> = {}): AuctionStatus {
  return {
    auctionId: 0n,
    active: false,
    seriesId: 1n,
    lotIsShort: true,
    maxSizeWad: WAD,
    markPriceWad: 100n * WAD,
    discountWad: WAD / 100n,
    bidPriceWad: 101n * WAD,
    ratioWad: WAD,
    tier: 1n,
    startedAt: 0n,
    canStart: true,
    canEnd: false,
    canReset: false,
    canAbsorb: false,
    pairSeriesId: 0n,
    pairSizeWad: 0n,
    ...over,
  };
}

function startAndBid(s = status()): KeeperAction {
  return { kind: "startAndBid", account: VICTIM, auctionId: s.auctionId, key: `${actionKey("startAndBid", VICTIM, s.auctionId)}:${s.maxSizeWad}:${s.bidPriceWad}`, maxSizeWad: s.maxSizeWad, priceLimitWad: s.bidPriceWad, status: s };
}
function bid(s = status({ active: true, auctionId: 7n, canStart: false })): KeeperAction {
  return { kind: "bid", account: VICTIM, auctionId: s.auctionId, key: `${actionKey("bid", VICTIM, s.auctionId)}:${s.maxSizeWad}:${s.bidPriceWad}`, maxSizeWad: s.maxSizeWad, priceLimitWad: s.bidPriceWad, status: s };
}

type Receipt = { status: "success" | "reverted"; transactionHash: Hex; blockNumber: bigint; gasUsed: bigint; effectiveGasPrice: bigint; logs: { address: Address; topics: Hex[]; data: Hex }[] };

function harness(opts: {
  sim: Sim;
  dryRun?: boolean;
  withKey?: boolean;
  journalFile?: string;
  known?: Set<Hex>;
  cleanup?: CreateSenderParameters["cleanup"];
  now?: () => number;
  key?: Hex;
  receipt?: (hash: Hex) => Receipt | undefined;
  collateralDecimals?: number;
}) {
  const key = opts.key ?? generatePrivateKey();
  const account = privateKeyToAccount(key);
  const rpc: { method: string; params?: unknown }[] = [];
  const raw: Hex[] = [];
  const simulatedFrom: unknown[] = [];
  const logs: { msg: string; o: Record<string, unknown> }[] = [];
  const pub = {
    simulateContract: async (c: { functionName: string; account: unknown; args: readonly unknown[] }) => {
      simulatedFrom.push(c.account);
      return { result: opts.sim(c.functionName, c) };
    },
    estimateContractGas: async (c: { functionName: string; account: unknown; args: readonly unknown[] }) => {
      opts.sim(c.functionName, c);
      return 200_000n;
    },
    request: async ({ method, params }: { method: string; params: unknown[] }) => {
      rpc.push({ method, params });
      if (method === "eth_sendRawTransaction") {
        raw.push(params[0] as Hex);
        return keccak256(params[0] as Hex);
      }
      throw new Error(`unexpected ${method}`);
    },
    getTransactionCount: async () => 0,
    getTransactionReceipt: async ({ hash }: { hash: Hex }) => {
      const r = opts.receipt?.(hash);
      if (!r) throw new Error("not found");
      return r;
    },
    getTransaction: async ({ hash }: { hash: Hex }) => {
      if (opts.known?.has(hash)) return { hash };
      throw new Error("not found");
    },
  };
  const endpoint = { url: "fake", public: pub, answering: true, head: 10n, failedUntil: 0, failures: 0, stale: false } as unknown as RpcEndpoint;
  const pool = { chain: { id: 31337 }, endpoints: [endpoint], refresh: async () => 10n, current: () => endpoint, reportFailure: () => undefined } as unknown as CreateRpcPoolReturnType;
  const metrics = createMetrics();
  const log = {
    info: (o: object, msg: string) => logs.push({ msg, o: o as Record<string, unknown> }),
    warn: (o: object, msg: string) => logs.push({ msg, o: o as Record<string, unknown> }),
    error: (o: object, msg: string) => logs.push({ msg, o: o as Record<string, unknown> }),
    debug: () => undefined,
  };
  const sender = createSender({
    pool,
    address: account.address,
    account: opts.withKey === false ? undefined : account,
    liquidationEngine: ENGINE,
    nonces: createNonceManager({ fetchNonce: async () => 0 }),
    gasBudget: createGasBudget({ capPerHourWei: 10n ** 20n }),
    pricing: createMarkPricing(),
    metrics,
    log,
    dryRun: opts.dryRun ?? false,
    strategy: { minProfit: 0n, riskHaircut: 0n, nativePrice: 1n },
    tx: { maxFeeWei: 10n ** 11n, priorityFeeWei: 10n ** 9n, bumpPercent: 20, stuckAfterMs: 60_000 },
    journal: opts.journalFile ? createTxJournal({ file: opts.journalFile }) : undefined,
    cleanup: opts.cleanup,
    retry: { baseMs: 1_000, maxMs: 8_000 },
    now: opts.now,
    collateralDecimals: opts.collateralDecimals,
  });
  const counter = async (name: string, labels: string) => {
    const text = await metrics.registry.metrics();
    const m = new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, "m").exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return { sender, account, rpc, raw, simulatedFrom, logs, metrics, counter, key };
}

const ctx = { baseFeePerGas: 10n ** 9n, observedAt: Date.now(), head: 10n };

describe("keeper createSender", () => {
  it("signs every transaction locally and sends it raw: the node is never asked to sign", async () => {
    const h = harness({ sim: (fn) => (fn === "startAndBid" ? [1n, WAD] : 1n) });
    const r = await h.sender.execute(startAndBid(), ctx);
    expect(r.status).to.equal("sent");
    expect(h.rpc.map((x) => x.method)).to.deep.equal(["eth_sendRawTransaction"]);
    expect(h.rpc.some((x) => x.method === "eth_sendTransaction")).to.equal(false);
    const tx = parseTransaction(h.raw[0]);
    expect(tx.to?.toLowerCase()).to.equal(ENGINE.toLowerCase());
    expect(tx.chainId).to.equal(31337);
    expect(await recoverTransactionAddress({ serializedTransaction: h.raw[0] as never })).to.equal(h.account.address);
    expect(decodeFunctionData({ abi: liquidationEngineAbi, data: tx.data! }).functionName).to.equal("startAndBid");
    expect(r.status === "sent" && r.hash).to.equal(keccak256(h.raw[0]));
  });

  it("a start-and-bid whose simulation reverts (BidLowersRatio) sends a plain start in the same call", async () => {
    const h = harness({
      sim: (fn) => {
        if (fn === "startAndBid") throw revert("BidLowersRatio", [VICTIM, WAD, WAD - 1n]);
        return 1n;
      },
    });
    const r = await h.sender.execute(startAndBid(), ctx);
    expect(r.status).to.equal("sent");
    expect(r.status === "sent" && r.action.kind).to.equal("start");
    expect(decodeFunctionData({ abi: liquidationEngineAbi, data: parseTransaction(h.raw[0]).data! }).functionName).to.equal("start");
    expect(h.logs.some((l) => l.msg === "start-and-bid cannot be sent; sending a plain start" && l.o.why === "stateMoved")).to.equal(true);
    // not a race: nobody else was involved
    expect(await h.counter("keeper_bids_total", 'result="lost"')).to.equal(0);
  });

  it("an unprofitable start-and-bid sends a plain start", async () => {
    // the bid price equals the mark: no edge, gas costs
    const s = status({ bidPriceWad: 100n * WAD });
    const h = harness({ sim: (fn) => (fn === "startAndBid" ? [1n, WAD] : 1n) });
    const r = await h.sender.execute(startAndBid(s), ctx);
    expect(r.status === "sent" && r.action.kind).to.equal("start");
  });

  it("an unexpected revert (StaleVol) is retried with backoff against fresh state, never blacklisted", async () => {
    let t = 1_000_000;
    let stale = true;
    const h = harness({
      now: () => t,
      sim: (fn) => {
        if (stale) throw revert("StaleVol", ["0x00000000000000000000000000000000000000B0", 1n, 2n, 3n]);
        return fn === "bid" ? WAD : 1n;
      },
    });
    const a = bid();
    expect(await h.sender.execute(a, ctx)).to.include({ status: "skipped", reason: "unexpectedRevert", errorName: "StaleVol" });
    expect(await h.sender.execute(a, ctx)).to.include({ status: "skipped", reason: "backoff" });
    t += 1_001;
    // second attempt still stale: the wait doubles
    expect(await h.sender.execute(a, ctx)).to.include({ reason: "unexpectedRevert" });
    t += 1_500;
    expect(await h.sender.execute(a, ctx)).to.include({ reason: "backoff" });
    t += 600;
    stale = false; // the feeder posted a fresh vol
    const r = await h.sender.execute(a, ctx);
    expect(r.status).to.equal("sent");
    expect(h.sender.knownReverts.size).to.equal(0);
  });

  it("InsufficientCollateral naming the liquidated account is not the keeper's margin problem", async () => {
    const h = harness({
      sim: () => {
        throw revert("InsufficientCollateral", [VICTIM, 1n, 2n]);
      },
    });
    expect(await h.sender.execute(bid(), ctx)).to.include({ status: "skipped", reason: "accountState" });
    expect(h.logs.some((l) => /keeper vault margin too low/.test(l.msg))).to.equal(false);
    const own = harness({
      sim: () => {
        throw revert("InsufficientCollateral", [own.account.address, 1n, 2n]);
      },
    });
    expect(await own.sender.execute(bid(), ctx)).to.include({ reason: "ownMargin" });
    expect(own.logs.some((l) => /keeper vault margin too low/.test(l.msg))).to.equal(true);
  });

  it("counts a lost bid only when someone else acted on the auction first", async () => {
    let error = revert("PriceLimitExceeded", [1n, 2n, true]);
    const h = harness({
      sim: () => {
        throw error;
      },
    });
    await h.sender.execute(bid(), ctx);
    expect(await h.counter("keeper_bids_total", 'result="lost"')).to.equal(0);
    expect(await h.counter("keeper_actions_skipped_total", 'reason="stateMoved"')).to.equal(1);
    error = revert("StaleAuction", [VICTIM, 7n, 8n]);
    await h.sender.execute(bid(), ctx);
    expect(await h.counter("keeper_bids_total", 'result="lost"')).to.equal(1);
    // a skip is logged at info with its reason, once per account and reason in a row
    expect(h.logs.filter((l) => l.msg === "action skipped").map((l) => l.o.reason)).to.deep.equal(["stateMoved", "lostRace"]);
  });

  it("dry run without a key prints 'would send', simulated from KEEPER_ADDRESS (not the zero address)", async () => {
    const h = harness({ withKey: false, sim: (fn) => (fn === "startAndBid" ? [1n, WAD] : 1n) });
    const r = await h.sender.execute(startAndBid(), ctx);
    expect(r).to.include({ status: "skipped", reason: "dryRun" });
    expect(h.raw.length).to.equal(0);
    const line = h.logs.find((l) => l.msg === "would send");
    expect(line?.o.from).to.equal(h.account.address);
    expect(h.simulatedFrom.every((a) => a === h.account.address)).to.equal(true);
  });

  it("journals a transaction before broadcasting it; after a restart a still-pending one is tracked, not sent again", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "keeper-journal-")), "inflight.json");
    const first = harness({ journalFile: file, sim: (fn) => (fn === "startAndBid" ? [1n, WAD] : 1n) });
    const r = await first.sender.execute(startAndBid(), ctx);
    if (r.status !== "sent") throw new Error("not sent");
    const entries = createTxJournal({ file }).entries();
    expect(entries.map((e) => [e.nonce, e.hashes[0], e.key])).to.deep.equal([[r.nonce, r.hash, startAndBid().key]]);
    // restart: same key, same journal, the node still has the transaction in its pool
    const second = harness({ key: first.key, journalFile: file, known: new Set([r.hash]), sim: (fn) => (fn === "startAndBid" ? [1n, WAD] : 1n) });
    expect(await second.sender.reconcile()).to.deep.equal({ mined: 0, reverted: 0, pending: 1, dropped: 0 });
    expect(await second.sender.execute(startAndBid(), ctx)).to.include({ status: "skipped", reason: "inFlight" });
    expect(second.raw.length).to.equal(0);
    // a restart after the node dropped it (nonce unused): dropped from the journal, decided again
    const third = harness({ key: first.key, journalFile: file, sim: (fn) => (fn === "startAndBid" ? [1n, WAD] : 1n) });
    expect(await third.sender.reconcile()).to.include({ dropped: 1 });
    expect(createTxJournal({ file }).entries()).to.deep.equal([]);
  });

  it("clean-up: bids the rest of an insolvent lot at a loss only while the engine is blocked, within the budget", async () => {
    const s = status({ active: true, auctionId: 7n, canStart: false, tier: INSOLVENT_TIER, bidPriceWad: 99n * WAD });
    const budget = createGasBudget({ capPerHourWei: 5n * WAD });
    const h = harness({ cleanup: { budget, dustValueWad: 0n }, sim: () => WAD });
    expect(await h.sender.execute(bid(s), { ...ctx, cleanupMode: false })).to.include({ reason: "unprofitable" });
    const r = await h.sender.execute(bid(s), { ...ctx, cleanupMode: true });
    expect(r.status).to.equal("sent");
    expect(budget.used() > 0n && budget.used() <= 5n * WAD).to.equal(true);
    // over budget: a loss of 2 per option on 10 options
    const big = status({ active: true, auctionId: 8n, canStart: false, tier: INSOLVENT_TIER, bidPriceWad: 98n * WAD, maxSizeWad: 10n * WAD });
    const h2 = harness({ cleanup: { budget: createGasBudget({ capPerHourWei: 5n * WAD }), dustValueWad: 0n }, sim: () => 10n * WAD });
    expect(await h2.sender.execute(bid(big), { ...ctx, cleanupMode: true })).to.include({ reason: "cleanupBudget" });
  });

  it("books realized profit from the receipt: tip + bid cash against the slice at the mark − gas, and reaction in blocks", async () => {
    let minedHash: Hex | undefined;
    const h: ReturnType<typeof harness> = harness({
      collateralDecimals: 6,
      sim: (fn) => (fn === "startAndBid" ? [1n, WAD] : 1n),
      receipt: (hash) => {
        if (hash !== minedHash) return undefined;
        const start = encodeEventTopics({ abi: liquidationEngineAbi, eventName: "StartAuction", args: { account: VICTIM, auctionId: 1n, keeper: h.account.address } } as never);
        const startData = encodeAbiParameters(
          [{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }],
          [1n, WAD, 1n, 100n * WAD, 2000n * WAD, 2_000_000n], // tip: 2 USDC (6 decimals)
        );
        const bidTopics = encodeEventTopics({ abi: liquidationEngineAbi, eventName: "Bid", args: { account: VICTIM, auctionId: 1n, bidder: h.account.address } } as never);
        const bidData = encodeAbiParameters(
          Array.from({ length: 8 }, () => ({ type: "uint256" })),
          [1n, WAD, 101n * WAD, WAD / 100n, WAD, 11n * WAD / 10n, 101_000_000n, 0n], // 1 option at 101, mark 100
        );
        return {
          status: "success",
          transactionHash: hash,
          blockNumber: 12n,
          gasUsed: 100_000n,
          effectiveGasPrice: 10n ** 9n,
          logs: [
            { address: ENGINE, topics: start as Hex[], data: startData },
            { address: ENGINE, topics: bidTopics as Hex[], data: bidData },
          ],
        };
      },
    });
    const action = { ...startAndBid(), seenAtBlock: 11n };
    const r = await h.sender.execute(action, ctx);
    if (r.status !== "sent") throw new Error("not sent");
    minedHash = r.hash;
    await h.sender.poll({ baseFeePerGas: 10n ** 9n });
    const text = await h.metrics.registry.metrics();
    // 1 (bid edge) + 2 (tip) − 1e14 wei of gas at nativePrice 1e-18
    expect(Number(/^keeper_profit_realized_tokens (\S+)$/m.exec(text)?.[1])).to.be.greaterThan(2.99);
    expect(Number(/^keeper_profit_realized_tokens (\S+)$/m.exec(text)?.[1])).to.be.lessThan(3.01);
    expect(text).to.match(/^keeper_tips_tokens_total 2$/m);
    expect(text).to.match(/^keeper_transactions_total\{action="startAndBid",result="mined"\} 1$/m);
    expect(text).to.match(/^keeper_reaction_blocks_bucket\{le="1"\} 1$/m);
    expect(h.sender.pendingCount()).to.equal(0);
  });

  it("clean-up: while the engine is blocked an end charges its gas to the budget; otherwise it is always sent", async () => {
    const end: KeeperAction = { kind: "end", account: VICTIM, auctionId: 7n, key: actionKey("end", VICTIM, 7n) };
    const spent = createGasBudget({ capPerHourWei: 0n });
    const h = harness({ cleanup: { budget: spent, dustValueWad: 0n }, sim: () => undefined, known: new Set() });
    // nativePrice 1 (1e-18 collateral per ETH): gas costs a few wei of collateral, more than a 0 budget
    expect(await h.sender.execute(end, { ...ctx, cleanupMode: true })).to.include({ reason: "cleanupBudget" });
    expect((await h.sender.execute(end, { ...ctx, cleanupMode: false })).status).to.equal("sent");
  });
});
