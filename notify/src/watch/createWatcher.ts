import type { Logger } from "pino";
import type { Address, Client, Hex } from "viem";
import { getBlock, getBlockNumber } from "viem/actions";
import { getHealthBatch, type MarginSummary } from "../../../sdk/src/index.js";
import type { NotifyConfig } from "../config/configSchema.js";
import { buildEventNotifications, type ProtocolLogEntry } from "../messages/buildEventNotifications.js";
import { buildWarning } from "../messages/buildWarning.js";
import type { MessageContext } from "../messages/createMessageContext.js";
import type { Notification } from "../messages/Notification.js";
import type { CreateMetricsReturnType } from "../metrics/createMetrics.js";
import type { ArmState, CreateStoreReturnType, Delivery } from "../store/createStore.js";
import { isRevert } from "../reads/isRevert.js";
import { decideWarning } from "./decideWarning.js";
import { readProtocolLogs } from "./readProtocolLogs.js";
import { sampleBlocks } from "./sampleBlocks.js";

export type CreateWatcherParameters = {
  client: Client;
  config: NotifyConfig;
  ctx: MessageContext;
  store: CreateStoreReturnType;
  metrics: CreateMetricsReturnType;
  log: Logger;
};

export type PassResult = { fromBlock: bigint; toBlock: bigint; head: bigint; added: Delivery[] } | { idle: true; head: bigint };

export type CreateWatcherReturnType = {
  /** one pass: the next confirmed blocks' events and warnings, recorded with the new cursor in one write */
  pass: () => Promise<PassResult>;
  /** the accounts watched now */
  watched: () => Address[];
};

/** Vault events that name an account which may hold positions (the "all" account set). */
const DISCOVERY: Record<string, readonly string[]> = { Deposit: ["account"], Fill: ["maker", "taker"], TransferPosition: ["from", "to"] };

/**
 * watch → messages: reads the vault's and the liquidation engine's logs of the blocks after the cursor
 * that have `confirmations` blocks on top, turns each into messages (buildEventNotifications), samples
 * the watched accounts' health in those blocks for warnings (decideWarning's hysteresis), and records
 * the messages — one per sink that wants them — with the discovered accounts, warning states and the
 * new cursor in one write. A cursor whose block hash changed (a reorg deeper than the confirmations)
 * rewinds `reorgRewindBlocks`; message keys make the re-read idempotent.
 */
export function createWatcher({ client, config, ctx, store, metrics, log }: CreateWatcherParameters): CreateWatcherReturnType {
  const listed = config.accounts === "all" ? undefined : config.accounts;
  const discovered = new Map<string, Address>(store.accounts().map((a) => [a.toLowerCase(), a]));
  const watched = (): Address[] => listed ?? [...discovered.values()];
  const listedSet = listed ? new Set(listed.map((a) => a.toLowerCase())) : undefined;
  const isWatched = (a: Address) => (listedSet ? listedSet.has(a.toLowerCase()) : discovered.has(a.toLowerCase()));
  const sinkFilters = config.sinks.map((s) => ({
    name: s.name,
    accounts: s.accounts ? new Set(s.accounts.map((a) => a.toLowerCase())) : undefined,
    kinds: s.kinds ? new Set(s.kinds) : undefined,
  }));

  const blockHash = async (blockNumber: bigint): Promise<Hex> => {
    const b = await getBlock(client, { blockNumber });
    return b.hash;
  };

  /**
   * Health of `accounts` at `blockNumber`; when the batch reverts (one account's book cannot be priced
   * at that block, e.g. a stale vol), account by account, skipping those that revert: one account never
   * stops the others' warnings. A transport failure throws (the pass is retried).
   */
  const readHealth = async (accounts: Address[], blockNumber: bigint): Promise<MarginSummary[]> => {
    try {
      return (await getHealthBatch(client, { deployment: ctx.deployment, accounts, blockNumber })).summaries;
    } catch (e) {
      if (!isRevert(e)) throw e;
    }
    const out: MarginSummary[] = [];
    for (const a of accounts) {
      try {
        out.push(...(await getHealthBatch(client, { deployment: ctx.deployment, accounts: [a], blockNumber })).summaries);
      } catch (e) {
        if (!isRevert(e)) throw e;
        metrics.errors.inc({ stage: "health" });
        log.warn({ account: a, blockNumber: blockNumber.toString(), err: String((e as Error).message).split("\n")[0] }, "health read reverted; account skipped at this block");
      }
    }
    return out;
  };

  const pass = async (): Promise<PassResult> => {
    const head = await getBlockNumber(client, { cacheTime: 0 });
    const safe = head - BigInt(config.confirmations);
    const cursor = store.cursor();
    let from = BigInt(config.startBlock);
    if (cursor) {
      const now = await blockHash(cursor.block).catch(() => undefined);
      if (now === cursor.hash) from = cursor.block + 1n;
      else {
        metrics.reorgs.inc();
        const back = cursor.block - BigInt(config.reorgRewindBlocks) + 1n;
        from = back > from ? back : from;
        log.warn({ cursor: cursor.block.toString(), stored: cursor.hash, now, rewindTo: from.toString() }, "cursor block hash changed (reorg); re-reading");
      }
    }
    metrics.headLag.set(Number(head - (cursor?.block ?? from - 1n)));
    if (from > safe) return { idle: true, head };
    const toBlock = from + BigInt(config.maxBlocksPerPass) - 1n < safe ? from + BigInt(config.maxBlocksPerPass) - 1n : safe;

    const entries = await readProtocolLogs(client, {
      addresses: [ctx.deployment.optionVault, ctx.deployment.liquidationEngine],
      fromBlock: from,
      toBlock,
      chunkSize: config.chunkSize,
    });
    const samples = new Set(sampleBlocks(from, toBlock, config.warning.maxSamplesPerPass));
    const byBlock = new Map<bigint, ProtocolLogEntry[]>();
    for (const e of entries) {
      const list = byBlock.get(e.blockNumber) ?? [];
      list.push(e);
      byBlock.set(e.blockNumber, list);
    }
    const blocks = [...new Set([...byBlock.keys(), ...samples])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

    const arms = new Map<string, ArmState>();
    const armed = (a: Address) => (arms.get(a.toLowerCase()) ?? store.arm(a) ?? { armed: true }).armed;
    const notifications: Notification[] = [];
    for (const b of blocks) {
      const es = byBlock.get(b) ?? [];
      const bidsSoFar = new Map<string, bigint>();
      for (const e of es) {
        if (!listed) {
          const args = e.event.args as Record<string, unknown>;
          for (const k of DISCOVERY[e.event.eventName] ?? []) {
            const a = args[k];
            if (typeof a === "string" && !/^0x0{40}$/i.test(a) && !discovered.has(a.toLowerCase())) {
              discovered.set(a.toLowerCase(), a as Address);
            }
          }
        }
        let earlier = 0n;
        if (e.event.eventName === "Bid") {
          const k = `${e.event.args.account.toLowerCase()}:${e.event.args.seriesId}`;
          earlier = bidsSoFar.get(k) ?? 0n;
          bidsSoFar.set(k, earlier + e.event.args.sizeWad);
        }
        const sameTx = e.event.eventName === "Bid" ? es.filter((o) => o.transactionHash === e.transactionHash && o !== e) : [];
        notifications.push(...(await buildEventNotifications(ctx, { entry: e, isWatched, watched, earlierBidsInBlockWad: earlier, sameTx })));
      }
      if (!samples.has(b)) continue;
      const accounts = watched();
      if (accounts.length === 0) continue;
      const hash = es[0]?.blockHash ?? (await blockHash(b));
      const summaries: MarginSummary[] = [];
      for (let i = 0; i < accounts.length; i += config.warning.batchSize) summaries.push(...(await readHealth(accounts.slice(i, i + config.warning.batchSize), b)));
      for (const s of summaries) {
        const d = decideWarning({ ratioWad: s.ratioWad, armed: armed(s.account), levelWad: config.warning.ratio, hysteresisWad: config.warning.hysteresis });
        if (d === "warn") {
          notifications.push(await buildWarning(ctx, { summary: s, blockNumber: b, blockHash: hash }));
          arms.set(s.account.toLowerCase(), { armed: false, block: b.toString() });
        } else if (d === "rearm") arms.set(s.account.toLowerCase(), { armed: true, block: b.toString() });
      }
    }

    const deliveries: { sink: string; notification: Notification }[] = [];
    for (const n of notifications)
      for (const f of sinkFilters) {
        if (f.accounts && !f.accounts.has(n.account.toLowerCase())) continue;
        if (f.kinds && !f.kinds.has(n.kind)) continue;
        deliveries.push({ sink: f.name, notification: n });
      }
    const toHash = byBlock.get(toBlock)?.[0]?.blockHash ?? (await blockHash(toBlock));
    const fresh = store.commitPass({ cursor: { block: toBlock, hash: toHash }, accounts: [...discovered.values()], arms, deliveries });
    for (const d of fresh) {
      metrics.enqueued.inc({ kind: d.notification.kind });
      log.info({ sink: d.sink, key: d.notification.key, kind: d.notification.kind, account: d.notification.account, blockNumber: d.notification.blockNumber }, "message recorded");
    }
    metrics.lastBlock.set(Number(toBlock));
    metrics.headLag.set(Number(head - toBlock));
    metrics.accounts.set(watched().length);
    metrics.pending.set(store.pendingCount());
    return { fromBlock: from, toBlock, head, added: fresh };
  };

  return { pass, watched };
}
