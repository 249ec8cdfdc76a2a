import { WAD } from "./wad.js";

/** 2^256 − 1: the ratio of an account without requirement. */
export const MAX_UINT256 = 2n ** 256n - 1n;

/** The margin ratio [wad] as the engine computes it: equity / maintenance rounded down; 0 when equity <= 0; 2^256 − 1 when maintenance = 0. */
export function ratioWadOf(equityWad: bigint, maintenanceWad: bigint): bigint {
  if (maintenanceWad === 0n) return MAX_UINT256;
  if (equityWad <= 0n) return 0n;
  return (equityWad * WAD) / maintenanceWad;
}
