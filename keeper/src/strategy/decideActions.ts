import type { Address } from "viem";
import type { AuctionStatus } from "./AuctionStatus.js";

/**
 * One transaction the keeper may send. `key` identifies the exact transaction (kind, account, auction
 * id, and for bids size and price limit): a key that reverted is never sent again.
 */
export type KeeperAction =
  | { kind: "start" | "end" | "reset"; account: Address; auctionId: bigint; key: string }
  | {
      kind: "bid";
      account: Address;
      auctionId: bigint;
      key: string;
      /** [wad] size asked for (the status' max; the engine clips) */
      maxSizeWad: bigint;
      /** [wad] worst acceptable price per option: least received for a short lot, most paid for a long lot */
      priceLimitWad: bigint;
      status: AuctionStatus;
    };

export type DecideActionsParameters = {
  /** fresh auction statuses of the accounts worth a look */
  statuses: ReadonlyMap<Address, AuctionStatus>;
  strategy: { startAuctions: boolean; endAuctions: boolean; resetAuctions: boolean; bid: boolean };
  /** actions already sent and mined as reverts, or rejected as unexpected (never sent again) */
  isKnownRevert: (key: string) => boolean;
};

export type DecideActionsReturnType = KeeperAction[];

/** The action key: kind, account and the auction id the action was decided against. */
export function actionKey(kind: KeeperAction["kind"], account: Address, auctionId: bigint): string {
  return `${kind}:${account.toLowerCase()}:${auctionId}`;
}

/**
 * What to do, from the engine's own views: bid on active auctions with size available, start auctions
 * the engine says can start, reset stale ones, end recovered ones. Bids first (they move money and are
 * contested), then starts (solvency), resets, ends. Profitability of bids is checked later on the
 * simulated result (see evaluateBid).
 */
export function decideActions({ statuses, strategy, isKnownRevert }: DecideActionsParameters): DecideActionsReturnType {
  const bids: KeeperAction[] = [];
  const starts: KeeperAction[] = [];
  const resets: KeeperAction[] = [];
  const ends: KeeperAction[] = [];
  for (const [account, s] of statuses) {
    const push = (list: KeeperAction[], kind: "start" | "end" | "reset") => {
      const key = actionKey(kind, account, s.auctionId);
      if (!isKnownRevert(key)) list.push({ kind, account, auctionId: s.auctionId, key });
    };
    if (!s.active) {
      if (strategy.startAuctions && s.canStart) push(starts, "start");
      continue;
    }
    if (strategy.endAuctions && s.canEnd) {
      push(ends, "end");
      continue;
    }
    if (strategy.resetAuctions && s.canReset) {
      push(resets, "reset");
      continue;
    }
    if (strategy.bid && s.maxSizeWad > 0n) {
      const key = `${actionKey("bid", account, s.auctionId)}:${s.maxSizeWad}:${s.bidPriceWad}`;
      if (!isKnownRevert(key))
        bids.push({ kind: "bid", account, auctionId: s.auctionId, key, maxSizeWad: s.maxSizeWad, priceLimitWad: s.bidPriceWad, status: s });
    }
  }
  return [...bids, ...starts, ...resets, ...ends];
}
