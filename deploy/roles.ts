import { id } from "ethers";

/**
 * AccessManager role ids of the protocol. Role 0 is the AccessManager's own ADMIN_ROLE (held by the
 * deployer / governance multisig); every restricted function is assigned to exactly one role below.
 */
export const ROLES = {
  /** Risk parameters: oracle feeds, vol bounds, rates, margin parameters and tiers, liquidation parameters. */
  RISK_ADMIN: 1n,
  /** Implied-volatility feeder (keeper or a dedicated feeder). */
  FEEDER: 2n,
  /** Lists option series. */
  LISTER: 3n,
  // 4 was LIQUIDATOR: the vault's liquidation hooks now answer to one address (OptionVault.setLiquidator,
  // admin only), a storage comparison instead of an access-manager call on every bid.
  /** Withdraws protocol fees. */
  TREASURY: 5n,
  /** Emergency stop levels. */
  GUARDIAN: 6n,
} as const;

/** 4-byte selector of a Solidity function signature, e.g. `selector("setFeed(address,address,uint256)")`. */
export function selector(signature: string): string {
  return id(signature).slice(0, 10);
}
