import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export type FeederMetrics = ReturnType<typeof createMetrics>;

/** The feeder's Prometheus registry. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "feeder_process_" });
  return {
    registry,
    posts: new Counter({ name: "feeder_vol_posts_total", help: "vols posted, by market and reason", labelNames: ["market", "reason"], registers: [registry] }),
    txs: new Counter({ name: "feeder_transactions_total", help: "setVols transactions by result", labelNames: ["result"], registers: [registry] }),
    sourceErrors: new Counter({ name: "feeder_source_errors_total", help: "unusable readings by market", labelNames: ["market"], registers: [registry] }),
    errors: new Counter({ name: "feeder_errors_total", help: "errors by stage", labelNames: ["stage"], registers: [registry] }),
    vol: new Gauge({ name: "feeder_vol", help: "last posted vol (1 = 100%)", labelNames: ["market", "expiry"], registers: [registry] }),
    age: new Gauge({ name: "feeder_vol_age_seconds", help: "age of the stored vol at the last cycle", labelNames: ["market", "expiry"], registers: [registry] }),
    lastCycle: new Gauge({ name: "feeder_last_cycle_timestamp_seconds", help: "end of the last successful cycle", registers: [registry] }),
  };
}
