import { id } from "ethers";

/**
 * AccessManager role ids of the protocol. Role 0 is the AccessManager's own ADMIN_ROLE (held by the
 * deployer / governance multisig); every restricted function is assigned to exactly one role below.
 */
export const ROLES = {
  /** The AccessManager's ADMIN_ROLE: wiring (the vault's liquidator). */
  ADMIN: 0n,
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

export type RoleName = keyof typeof ROLES;

/**
 * The role of every `restricted` function, by contract (Ignition id) and Solidity signature: the one
 * source the deployment wires from (`deploy/modules/Protocol.ts`). `test/integration/Roles.test.ts`
 * reads every function carrying the `restricted` modifier from the compiler's output and fails when one
 * is missing here, when an entry names no restricted function (a typo), or when the deployed
 * AccessManager disagrees.
 */
export const FUNCTION_ROLES: Record<string, Record<string, RoleName>> = {
  OracleHub: {
    "setFeed(address,address,uint256)": "RISK_ADMIN",
    "setVolConfig(address,uint256,uint256,uint256,uint256)": "RISK_ADMIN",
    "setRate(address,uint256)": "RISK_ADMIN",
    "setSequencer(address,uint256)": "RISK_ADMIN",
    "setVol(address,uint64,uint256)": "FEEDER",
    "setVols(address,uint64[],uint256[])": "FEEDER",
  },
  OptionVault: {
    "listSeries(address,uint256,uint64,bool)": "LISTER",
    "withdrawFees(address,uint256)": "TREASURY",
    "setLiquidator(address)": "ADMIN",
    "setWithdrawalDelay(uint256)": "RISK_ADMIN",
  },
  MarginEngine: {
    "setRiskParams(address,uint256,uint256,uint256,uint256)": "RISK_ADMIN",
    "setTiers(address,(uint128,uint128)[])": "RISK_ADMIN",
  },
  LiquidationEngine: {
    "setHole(uint256)": "RISK_ADMIN",
    "setUnderlyingParams(address,((uint64,uint64)[],uint256,address,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256))":
      "RISK_ADMIN",
    "removeUnderlyingParams(address)": "RISK_ADMIN",
    "setStopped(uint256)": "GUARDIAN",
  },
  LiquidationReceiver: {
    "withdrawTips(uint256,address)": "TREASURY",
    "setForwarder(address)": "RISK_ADMIN",
    "setWorkflow(address,bytes10,bytes32)": "RISK_ADMIN",
    "setStatusView(address)": "RISK_ADMIN",
  },
};

/** 4-byte selector of a Solidity function signature, e.g. `selector("setFeed(address,address,uint256)")`. */
export function selector(signature: string): string {
  return id(signature).slice(0, 10);
}

/** The selectors of `contractName`'s restricted functions, grouped by role (non-admin roles only: admin
 * functions need no assignment, role 0 is the AccessManager's default). */
export function selectorsByRole(contractName: string): [RoleName, string[]][] {
  const byRole = new Map<RoleName, string[]>();
  for (const [signature, role] of Object.entries(FUNCTION_ROLES[contractName] ?? {})) {
    if (role === "ADMIN") continue;
    byRole.set(role, [...(byRole.get(role) ?? []), selector(signature)]);
  }
  return [...byRole.entries()];
}
