import type { Address } from "viem";

export type ClassifyRevertParameters = {
  /** custom error name from `decodeRevert` */
  errorName: string;
  /** its decoded arguments (the margin errors name the account they are about in the first one) */
  args?: readonly unknown[];
  /** the keeper's own address (its vault account takes the slices) */
  keeper?: Address;
};

/**
 * - `lostRace`: someone else acted on this auction first (it was started, bid on, reset or ended
 *   under the keeper's feet): the only kind counted as a lost race;
 * - `stateMoved`: the state the keeper decided on changed (price, discount, ratio, cool-off): nothing
 *   to fix, the next block is decided again;
 * - `paused`: the engine's stop level or notional cap forbids the action;
 * - `ownMargin`: a margin error naming the keeper's own account (top up its vault collateral);
 * - `accountState`: a margin error naming another account, e.g. the liquidated account's collateral
 *   cannot pay (not the keeper's problem; the clean-up path may take it);
 * - `unexpected`: anything else; retried with backoff against fresh state, never blacklisted.
 */
export type ClassifyRevertReturnType = "lostRace" | "stateMoved" | "paused" | "ownMargin" | "accountState" | "unexpected";

const LOST_RACE = new Set(["StaleAuction", "AuctionNotActive", "AuctionActive", "AuctionAlreadyActive"]);
const STATE_MOVED = new Set([
  "NotLiquidatable",
  "NotRecovered",
  "ResetNotAllowed",
  "CoolOff",
  "PriceLimitExceeded",
  "NothingToSell",
  "NoOpenPositions",
  "ZeroSize",
  "ZeroBid",
  // the discount grew since the status was read and the just-enough slice no longer raises the ratio
  "BidLowersRatio",
  // the lot changed between the status read and the bid (the owner traded, or a bid moved it on)
  "UnexpectedLot",
  "NotAbsorbable",
  "InsuranceFundAccount",
]);
const PAUSED = new Set(["Stopped", "HoleExceeded", "LiquidationCapReached", "AuctionCapReached"]);
/** margin errors whose first argument is the account they are about */
const MARGIN = new Set(["BidderUnhealthy", "MarginInsufficient", "InsufficientCollateral"]);

/** How the keeper treats a revert: by the custom error's name, and for margin errors by the account they name. */
export function classifyRevert({ errorName, args = [], keeper }: ClassifyRevertParameters): ClassifyRevertReturnType {
  if (LOST_RACE.has(errorName)) return "lostRace";
  if (STATE_MOVED.has(errorName)) return "stateMoved";
  if (PAUSED.has(errorName)) return "paused";
  if (MARGIN.has(errorName)) {
    const named = typeof args[0] === "string" ? args[0].toLowerCase() : undefined;
    // without a decoded account (or without knowing our own address) assume it is ours: the safe warning
    if (named === undefined || keeper === undefined || named === keeper.toLowerCase()) return "ownMargin";
    return "accountState";
  }
  return "unexpected";
}
