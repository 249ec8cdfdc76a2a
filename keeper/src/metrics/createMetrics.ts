import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type CreateMetricsParameters = {
  /** also export Node's process metrics (off in tests that create several registries) */
  defaultMetrics?: boolean;
};

export type CreateMetricsReturnType = ReturnType<typeof build>;

/** Every label value a counter can take: each series is exported at 0 from the start, so an alert on a rate works before the first event. */
export const ACTION_KINDS = ["start", "startAndBid", "bid", "end", "reset", "absorb"] as const;
export const TX_RESULTS = ["sent", "mined", "reverted", "sendFailed", "dropped"] as const;
export const BID_RESULTS = ["sent", "won", "lost", "reverted"] as const;
export const AUCTION_ACTIONS = ["started", "ended", "reset", "absorbed"] as const;
export const SKIP_REASONS = [
  "unprofitable",
  "lostRace",
  "stateMoved",
  "paused",
  "ownMargin",
  "accountState",
  "unexpectedRevert",
  "backoff",
  "knownRevert",
  "inFlight",
  "gasCap",
  "cleanupBudget",
  "dryRun",
  "sendFailed",
  "readFailed",
] as const;
export const ERROR_STAGES = ["cycle", "healthBatch", "auctionStatusBatch", "simulate", "send", "receipt", "balances", "pendingLoss"] as const;

function build(registry: Registry) {
  const r = [registry];
  const m = {
    registry,
    accountsTracked: new Gauge({ name: "keeper_accounts_tracked", help: "Accounts discovered and screened every block", registers: r }),
    accountsByTier: new Gauge({
      name: "keeper_accounts_by_tier",
      help: "Screened accounts per liquidation tier (0 = none, insolvent = equity at or below zero)",
      labelNames: ["tier"] as const,
      registers: r,
    }),
    transactions: new Counter({
      name: "keeper_transactions_total",
      help: "Transactions by action kind and result: sent (broadcast), mined (success), reverted (mined as a revert), sendFailed (the node refused it), dropped (its nonce was used by another transaction, or it left the mempool)",
      labelNames: ["action", "result"] as const,
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
      help: "Bids (bid and startAndBid) by outcome: sent, won (mined), lost (someone else acted on the auction first), reverted (mined revert)",
      labelNames: ["result"] as const,
      registers: r,
    }),
    skipped: new Counter({
      name: "keeper_actions_skipped_total",
      help: "Actions decided but not sent, by reason",
      labelNames: ["reason"] as const,
      registers: r,
    }),
    profitExpected: new Counter({ name: "keeper_profit_expected_tokens_total", help: "Profit of won bids as simulated before sending [collateral tokens]", registers: r }),
    profitRealized: new Gauge({
      name: "keeper_profit_realized_tokens",
      help: "Running profit from receipts [collateral tokens]: tips + bid cash against the slice's value at the mark, minus gas paid at the configured native price (negative for clean-up)",
      registers: r,
    }),
    tips: new Counter({ name: "keeper_tips_tokens_total", help: "Start tips received (StartAuction events naming the keeper) [collateral tokens]", registers: r }),
    cleanupLoss: new Counter({ name: "keeper_cleanup_loss_tokens_total", help: "Expected loss accepted on clean-up bids [collateral tokens]", registers: r }),
    gasSpent: new Counter({ name: "keeper_gas_spent_native_tokens_total", help: "Gas paid by mined transactions [native tokens, e.g. ETH]", registers: r }),
    gasBalance: new Gauge({ name: "keeper_gas_balance_native_tokens", help: "Native balance of the keeper's signer [native tokens]", registers: r }),
    vaultCollateral: new Gauge({ name: "keeper_vault_collateral_tokens", help: "Collateral of the keeper's vault account [collateral tokens]", registers: r }),
    reactionBlocks: new Histogram({
      name: "keeper_reaction_blocks",
      help: "Blocks from the head at which an action was first possible to the block that mined it",
      buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34],
      registers: r,
    }),
    reaction: new Histogram({
      name: "keeper_reaction_seconds",
      help: "From observing the block that made an auction biddable to broadcasting the bid [seconds]",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: r,
    }),
    cycle: new Histogram({
      name: "keeper_cycle_seconds",
      help: "Duration of one watch-decide-send cycle [seconds]",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: r,
    }),
    headBlock: new Gauge({ name: "keeper_head_block", help: "Latest block fully processed by a cycle", registers: r }),
    headLag: new Gauge({ name: "keeper_head_lag_blocks", help: "Blocks the last processed head trails the best node head", registers: r }),
    pending: new Gauge({ name: "keeper_pending_transactions", help: "Transactions broadcast and not yet mined", registers: r }),
    rpcHealthy: new Gauge({
      name: "keeper_rpc_healthy",
      help: "1 when the endpoint's last request got an answer (set on every call), 0 after a transport failure or when it lags",
      labelNames: ["url"] as const,
      registers: r,
    }),
    errors: new Counter({ name: "keeper_errors_total", help: "Errors caught by the loop, by stage", labelNames: ["stage"] as const, registers: r }),
  };
  for (const action of ACTION_KINDS) for (const result of TX_RESULTS) m.transactions.inc({ action, result }, 0);
  for (const result of BID_RESULTS) m.bids.inc({ result }, 0);
  for (const action of AUCTION_ACTIONS) m.auctions.inc({ action }, 0);
  for (const reason of SKIP_REASONS) m.skipped.inc({ reason }, 0);
  for (const stage of ERROR_STAGES) m.errors.inc({ stage }, 0);
  m.profitRealized.set(0);
  return m;
}

/** The keeper's Prometheus metrics in their own registry. */
export function createMetrics({ defaultMetrics = false }: CreateMetricsParameters = {}): CreateMetricsReturnType {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  return build(registry);
}
