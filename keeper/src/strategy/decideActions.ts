import type { Address } from "viem";
import type { AuctionStatus } from "./AuctionStatus.js";
import { mulWadDown, mulWadUp } from "./wadMath.js";

const WAD = 10n ** 18n;

/**
 * One transaction the keeper may send. `key` identifies the exact transaction (kind, account, auction
 * id, and for bids size and price limit): a key that reverted is never sent again.
 */
export type KeeperAction =
  | { kind: "start" | "end" | "reset" | "absorb"; account: Address; auctionId: bigint; key: string; seenAtBlock?: bigint }
  | {
      /** bid: on a live auction; startAndBid: start it and bid at the start discount in one transaction */
      kind: "bid" | "startAndBid";
      account: Address;
      auctionId: bigint;
      key: string;
      /** [wad] size asked for (the status' max plus the size slack; the engine clips to just enough) */
      maxSizeWad: bigint;
      /** the head at which the keeper first saw this account actionable (reaction in blocks) */
      seenAtBlock?: bigint;
      /** [wad] worst acceptable price per option: least received for a short lot, most paid for a long lot */
      priceLimitWad: bigint;
      status: AuctionStatus;
    };

export type DecideActionsParameters = {
  /** fresh auction statuses of the accounts worth a look */
  statuses: ReadonlyMap<Address, AuctionStatus>;
  strategy: {
    startAuctions: boolean;
    endAuctions: boolean;
    resetAuctions: boolean;
    bid: boolean;
    /**
     * [1e18 = 100%] slack on the price limit (default 0): the engine computes the bidder's price from
     * cash in token decimals (received rounded down, paid rounded up), so a limit equal to the status'
     * wad price reverts PriceLimitExceeded by a rounding dust on most bids.
     */
    priceTolerance?: bigint;
    /**
     * [1e18 = 100%] slack on the size asked for (default 0): the bid asks for max × (1 + slack). The
     * engine clips a bid to the just-enough size of the block it lands in, which grows with the
     * discount after the status was read; asking for exactly the status' max would then leave the
     * account a hair under the target with its auction still open.
     */
    sizeSlack?: bigint;
  };
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
    const push = (list: KeeperAction[], kind: "start" | "end" | "reset" | "absorb") => {
      const key = actionKey(kind, account, s.auctionId);
      if (!isKnownRevert(key)) list.push({ kind, account, auctionId: s.auctionId, key });
    };
    if (!s.active) {
      if (!strategy.startAuctions || !s.canStart) continue;
      // start and bid in one transaction when bidding is on and the status offers size: the bid lands
      // in the block after the price moved (the sender falls back to a plain start if it does not pay)
      // (the sender falls back to a plain start when the start-and-bid cannot be sent for any reason)
      if (strategy.bid && s.maxSizeWad > 0n) {
        bids.push(bidAction("startAndBid", account, s, strategy));
        continue;
      }
      push(starts, "start");
      continue;
    }
    if (strategy.endAuctions && s.canEnd) {
      push(ends, "end");
      continue;
    }
    // an insolvent lot nobody takes (dust, or unbid for a whole tail): the insurance fund takes it over
    // at its mark instead of restarting an auction no bidder profits from
    if (strategy.resetAuctions && s.canAbsorb) {
      push(resets, "absorb");
      continue;
    }
    if (strategy.resetAuctions && s.canReset) {
      push(resets, "reset");
      continue;
    }
    if (strategy.bid && s.maxSizeWad > 0n) {
      const bid = bidAction("bid", account, s, strategy);
      if (!isKnownRevert(bid.key)) bids.push(bid);
    }
  }
  return [...bids, ...starts, ...resets, ...ends];
}

/** A bid (or start-and-bid) action from the status: size with slack, price limit with tolerance. */
function bidAction(
  kind: "bid" | "startAndBid",
  account: Address,
  s: AuctionStatus,
  strategy: DecideActionsParameters["strategy"],
): Extract<KeeperAction, { kind: "bid" | "startAndBid" }> {
  const key = `${actionKey(kind, account, s.auctionId)}:${s.maxSizeWad}:${s.bidPriceWad}`;
  // limit = bid × (1 − tol) for a short lot (least received, rounded down), bid × (1 + tol) for a long lot (most paid, rounded up)
  const tol = strategy.priceTolerance ?? 0n;
  const priceLimitWad = s.lotIsShort ? mulWadDown(s.bidPriceWad, WAD - tol) : mulWadUp(s.bidPriceWad, WAD + tol);
  const maxSizeWad = s.maxSizeWad + mulWadUp(s.maxSizeWad, strategy.sizeSlack ?? 0n);
  return { kind, account, auctionId: s.auctionId, key, maxSizeWad, priceLimitWad, status: s };
}
