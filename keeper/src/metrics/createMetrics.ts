import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type CreateMetricsParameters = {
  /** also export Node's process metrics (off in tests that create several registries) */
  defaultMetrics?: boolean;
};

export type CreateMetricsReturnType = ReturnType<typeof build>;

function build(registry: Registry) {
  const r = [registry];
  return {
    registry,
    accountsTracked: new Gauge({ name: "keeper_accounts_tracked", help: "Accounts discovered and screened every block", registers: r }),
    accountsByTier: new Gauge({
      name: "keeper_accounts_by_tier",
      help: "Screened accounts per liquidation tier (0 = none, insolvent = below zero equity)",
      labelNames: ["tier"] as const,
      registers: r,
    }),
    auctions: new Counter({
      name: "keeper_auctions_total",
      help: "Auction transactions mined by this keeper, by action (started, ended, reset)",
      labelNames: ["action"] as const,
      registers: r,
    }),
    bids: new Counter({
      name: "keeper_bids_total",
      help: "Bids by outcome: sent, won (mined), lost (someone else was first), reverted (mined revert)",
      labelNames: ["result"] as const,
      registers: r,
    }),
    skipped: new Counter({
      name: "keeper_actions_skipped_total",
      help: "Actions not sent, by reason (unprofitable, lostRace, paused, ownMargin, unexpected, knownRevert, gasCap, dryRun)",
      labelNames: ["reason"] as const,
      registers: r,
    }),
    profit: new Counter({ name: "keeper_profit_collateral_total", help: "Estimated profit of won bids [collateral units]", registers: r }),
    gasSpent: new Counter({ name: "keeper_gas_spent_native_total", help: "Gas paid by mined transactions [native token]", registers: r }),
    reaction: new Histogram({
      name: "keeper_reaction_seconds",
      help: "From observing the block that made an auction biddable to sending the bid",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: r,
    }),
    cycle: new Histogram({
      name: "keeper_cycle_seconds",
      help: "Duration of one watch-decide-send cycle",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: r,
    }),
    gasBalance: new Gauge({ name: "keeper_gas_balance_native", help: "Native balance of the keeper's signer", registers: r }),
    vaultCollateral: new Gauge({ name: "keeper_vault_collateral", help: "Collateral of the keeper's vault account [token decimals]", registers: r }),
    headBlock: new Gauge({ name: "keeper_head_block", help: "Latest block processed", registers: r }),
    rpcHealthy: new Gauge({ name: "keeper_rpc_healthy", help: "1 when the endpoint is usable", labelNames: ["url"] as const, registers: r }),
    errors: new Counter({ name: "keeper_errors_total", help: "Errors caught by the loop, by stage", labelNames: ["stage"] as const, registers: r }),
  };
}

/** The keeper's Prometheus metrics in their own registry. */
export function createMetrics({ defaultMetrics = false }: CreateMetricsParameters = {}): CreateMetricsReturnType {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  return build(registry);
}
