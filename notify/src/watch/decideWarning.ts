import { MAX_UINT256 } from "../../../sdk/src/index.js";

export type DecideWarningParameters = {
  /** [wad] the account's ratio at the block */
  ratioWad: bigint;
  /** whether a warning may be sent (true for an account never seen under the level) */
  armed: boolean;
  /** [wad] */
  levelWad: bigint;
  /** [wad] */
  hysteresisWad: bigint;
};

/** `warn` (and disarm) on a crossing under the level while armed; `rearm` once back at or above level + hysteresis; else `none`. */
export type DecideWarningReturnType = "warn" | "rearm" | "none";

/** The warning's hysteresis: one message per crossing under the level, re-armed by a recovery above level + hysteresis. */
export function decideWarning({ ratioWad, armed, levelWad, hysteresisWad }: DecideWarningParameters): DecideWarningReturnType {
  if (armed) return ratioWad < levelWad ? "warn" : "none";
  return ratioWad === MAX_UINT256 || ratioWad >= levelWad + hysteresisWad ? "rearm" : "none";
}
