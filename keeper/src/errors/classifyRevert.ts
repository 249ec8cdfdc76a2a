export type ClassifyRevertParameters = {
  /** custom error name from `decodeRevert` */
  errorName: string;
};

/**
 * - `lostRace`: someone else acted first or the state moved on (normal in a competitive market);
 * - `paused`: the engine's stop level forbids the action;
 * - `ownMargin`: the keeper's own vault account cannot take the slice (top up collateral);
 * - `unexpected`: anything else (logged as an error; the same action is never sent again).
 */
export type ClassifyRevertReturnType = "lostRace" | "paused" | "ownMargin" | "unexpected";

const LOST_RACE = new Set([
  "StaleAuction",
  "AuctionNotActive",
  "AuctionActive",
  "AuctionAlreadyActive",
  "NotLiquidatable",
  "NotRecovered",
  "ResetNotAllowed",
  "CoolOff",
  "PriceLimitExceeded",
  "NothingToSell",
  "NoOpenPositions",
  "ZeroSize",
  "ZeroBid",
]);
const PAUSED = new Set(["Stopped", "HoleExceeded", "LiquidationCapReached", "AuctionCapReached"]);
const OWN_MARGIN = new Set(["BidderUnhealthy", "MarginInsufficient", "InsufficientCollateral"]);

/** How the keeper treats a revert, by the custom error's name. */
export function classifyRevert({ errorName }: ClassifyRevertParameters): ClassifyRevertReturnType {
  if (LOST_RACE.has(errorName)) return "lostRace";
  if (PAUSED.has(errorName)) return "paused";
  if (OWN_MARGIN.has(errorName)) return "ownMargin";
  return "unexpected";
}
