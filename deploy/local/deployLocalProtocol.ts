import type { NetworkConnection } from "hardhat/types/network";
import LocalProtocolModule from "../modules/LocalProtocol.js";

/** A local deployment of the whole protocol through the Ignition module (mocks included). */
export type DeployLocalProtocolParameters = {
  connection: NetworkConnection;
  /** [1e8 USD] initial ETH price of the mock feed (default 2000e8) */
  ethPrice8?: bigint;
};

// Contracts come back from Ignition as ethers Contracts typed by artifact name; callers use their ABI
// methods, which TypeScript sees as untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Deployed = any;

export type DeployLocalProtocolReturnType = {
  manager: Deployed;
  oracleHub: Deployed;
  vault: Deployed;
  marginEngine: Deployed;
  liquidationEngine: Deployed;
  marginLens: Deployed;
  liquidationLens: Deployed;
  receiver: Deployed;
  usdc: Deployed;
  weth: Deployed;
  ethUsdFeed: Deployed;
};

/** Deploys `deploy/modules/LocalProtocol.ts` on `connection` and returns its contracts. */
export async function deployLocalProtocol({
  connection,
  ethPrice8 = 2000_00000000n,
}: DeployLocalProtocolParameters): Promise<DeployLocalProtocolReturnType> {
  const result = await connection.ignition.deploy(LocalProtocolModule, {
    parameters: { LocalProtocol: { ethPrice8 } },
  });
  return result as unknown as DeployLocalProtocolReturnType;
}
