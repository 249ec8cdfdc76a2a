import { Counter, Gauge, Registry } from "prom-client";

export const MESSAGE_KINDS = ["warning", "auctionStart", "bid", "auctionEnd", "auctionReset", "settlement", "socializedLoss"] as const;
export const DROP_REASONS = ["reorg"] as const;
export const ERROR_STAGES = ["pass", "logs", "health", "enrich", "hashCheck"] as const;

export type CreateMetricsParameters = { sinks: readonly string[] };
export type CreateMetricsReturnType = ReturnType<typeof build>;

function build(registry: Registry, sinks: readonly string[]) {
  const r = [registry];
  const m = {
    registry,
    sent: new Counter({ name: "notifier_messages_sent_total", help: "Messages delivered (2xx), by sink", labelNames: ["sink"] as const, registers: r }),
    failures: new Counter({
      name: "notifier_send_failures_total",
      help: "Failed send attempts (5xx, 429, network error, timeout, other 4xx), by sink; each retry that fails counts",
      labelNames: ["sink"] as const,
      registers: r,
    }),
    givenUp: new Counter({
      name: "notifier_messages_failed_total",
      help: "Messages given up on (a permanent 4xx, or maxAttempts reached), by sink",
      labelNames: ["sink"] as const,
      registers: r,
    }),
    dropped: new Counter({
      name: "notifier_messages_dropped_total",
      help: "Messages not sent because their block left the chain (reorg), by sink",
      labelNames: ["sink", "reason"] as const,
      registers: r,
    }),
    enqueued: new Counter({ name: "notifier_messages_enqueued_total", help: "Messages recorded for sending, by kind", labelNames: ["kind"] as const, registers: r }),
    rateLimited: new Counter({ name: "notifier_rate_limited_total", help: "Sends delayed by the sink's token bucket, by sink", labelNames: ["sink"] as const, registers: r }),
    pending: new Gauge({ name: "notifier_pending_messages", help: "Messages recorded and not yet delivered, dropped or given up", registers: r }),
    lastBlock: new Gauge({ name: "notifier_last_block", help: "Last block fully processed (cursor)", registers: r }),
    headLag: new Gauge({ name: "notifier_head_lag_blocks", help: "Blocks between the node's head and the cursor", registers: r }),
    accounts: new Gauge({ name: "notifier_accounts_watched", help: "Accounts watched", registers: r }),
    reorgs: new Counter({ name: "notifier_reorgs_total", help: "Cursor block hash mismatches (reorgs deeper than the confirmations)", registers: r }),
    errors: new Counter({ name: "notifier_errors_total", help: "Errors caught by the loop, by stage", labelNames: ["stage"] as const, registers: r }),
  };
  for (const sink of sinks) {
    m.sent.inc({ sink }, 0);
    m.failures.inc({ sink }, 0);
    m.givenUp.inc({ sink }, 0);
    m.rateLimited.inc({ sink }, 0);
    for (const reason of DROP_REASONS) m.dropped.inc({ sink, reason }, 0);
  }
  for (const kind of MESSAGE_KINDS) m.enqueued.inc({ kind }, 0);
  for (const stage of ERROR_STAGES) m.errors.inc({ stage }, 0);
  return m;
}

/** The notifier's Prometheus metrics in their own registry (names prefixed `notifier_`, every labelled series exported at 0 from the start, as the keeper's). */
export function createMetrics({ sinks }: CreateMetricsParameters): CreateMetricsReturnType {
  return build(new Registry(), sinks);
}
