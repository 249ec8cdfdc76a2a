import type { Logger } from "pino";
import type { Client } from "viem";
import { getBlock } from "viem/actions";
import type { NotifyConfig } from "../config/configSchema.js";
import type { CreateMetricsReturnType } from "../metrics/createMetrics.js";
import type { CreateStoreReturnType, Delivery } from "../store/createStore.js";
import { backoffDelay } from "./backoffDelay.js";
import { createTokenBucket } from "./createTokenBucket.js";
import { renderRequest } from "./renderRequest.js";
import { sendRequest } from "./sendRequest.js";

export type CreateDeliveryWorkerParameters = {
  sink: NotifyConfig["sinks"][number];
  store: CreateStoreReturnType;
  client: Client;
  metrics: CreateMetricsReturnType;
  log: Logger;
  /** [ms] idle wait between looks at the queue */
  idleMs?: number;
};

export type CreateDeliveryWorkerReturnType = {
  /** runs until stop(); resolves when the loop has exited (a send in flight finishes first) */
  run: () => Promise<void>;
  /** look at the queue now */
  wake: () => void;
  stop: () => void;
};

/**
 * Sends one sink's messages in the order they were recorded, one at a time: re-checks the message's
 * block hash (a block that left the chain drops the message), waits for the sink's token bucket, POSTs,
 * and on 5xx / 429 / network error retries the same message with exponential backoff (honouring
 * Retry-After) up to maxAttempts; a permanent 4xx or the last attempt records it as failed. Every
 * outcome is recorded in the store before the next message.
 */
export function createDeliveryWorker({ sink, store, client, metrics, log, idleMs = 100 }: CreateDeliveryWorkerParameters): CreateDeliveryWorkerReturnType {
  const bucket = createTokenBucket({ perMinute: sink.rateLimit.perMinute, burst: sink.rateLimit.burst });
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let cancel: (() => void) | undefined;
  /** waits `ms`; stop() ends any wait, wake() only an idle one (never a backoff) */
  const sleep = (ms: number, idle = false) =>
    new Promise<void>((r) => {
      const done = () => (clearTimeout(t), (wakeUp = cancel = undefined), r());
      const t = setTimeout(done, ms);
      cancel = done;
      if (idle) wakeUp = done;
    });

  /** "same", "gone" (another block at that height), or "unknown" (the node has no such block yet, or did not answer). */
  const checkBlock = async (d: Delivery): Promise<"same" | "gone" | "unknown"> => {
    const { blockNumber, blockHash } = d.notification;
    try {
      const block = await getBlock(client, { blockNumber: BigInt(blockNumber) }).catch((e: unknown) => {
        if (/not found|could not be found/i.test(String((e as Error).message))) return undefined;
        throw e;
      });
      if (!block) return "unknown";
      return block.hash === blockHash ? "same" : "gone";
    } catch (e) {
      metrics.errors.inc({ stage: "hashCheck" });
      log.warn({ sink: sink.name, key: d.notification.key, err: String((e as Error).message).split("\n")[0] }, "block hash check failed; will retry");
      return "unknown";
    }
  };

  const deliver = async (d: Delivery) => {
    for (let attempt = 1; !stopped; attempt++) {
      // a fresh read before every attempt: the block may have left the chain meanwhile
      const block = await checkBlock(d);
      if (block === "gone") {
        store.markDone(d.id, "dropped", "reorg");
        metrics.dropped.inc({ sink: sink.name, reason: "reorg" });
        log.warn({ sink: sink.name, key: d.notification.key, blockNumber: d.notification.blockNumber }, "message dropped: its block left the chain");
        return;
      }
      if (block === "unknown") {
        await sleep(sink.retry.baseDelayMs);
        attempt--;
        continue;
      }
      for (let wait = bucket.tryTake(); wait > 0 && !stopped; wait = bucket.tryTake()) {
        metrics.rateLimited.inc({ sink: sink.name });
        await sleep(wait);
      }
      if (stopped) return;
      const r = await sendRequest({ request: renderRequest({ sink, notification: d.notification }), timeoutMs: sink.retry.timeoutMs });
      if (r.outcome === "ok") {
        store.markDone(d.id, "sent");
        metrics.sent.inc({ sink: sink.name });
        log.info({ sink: sink.name, key: d.notification.key, kind: d.notification.kind, account: d.notification.account, attempt }, "message sent");
        return;
      }
      metrics.failures.inc({ sink: sink.name });
      if (r.outcome === "fail" || attempt >= sink.retry.maxAttempts) {
        store.markDone(d.id, "failed", r.error);
        metrics.givenUp.inc({ sink: sink.name });
        log.error({ sink: sink.name, key: d.notification.key, attempt, err: r.error }, "message failed; given up");
        return;
      }
      const delay = backoffDelay({ attempt, baseDelayMs: sink.retry.baseDelayMs, maxDelayMs: sink.retry.maxDelayMs, retryAfterMs: r.retryAfterMs });
      log.warn({ sink: sink.name, key: d.notification.key, attempt, err: r.error, retryInMs: delay }, "send failed; retrying");
      await sleep(delay);
    }
  };

  return {
    run: async () => {
      while (!stopped) {
        const d = store.nextPending(sink.name);
        if (!d) {
          await sleep(idleMs, true);
          continue;
        }
        await deliver(d);
        metrics.pending.set(store.pendingCount());
      }
    },
    wake: () => wakeUp?.(),
    stop: () => {
      stopped = true;
      cancel?.();
    },
  };
}
