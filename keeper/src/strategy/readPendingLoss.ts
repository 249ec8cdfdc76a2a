import type { Address, Chain, PublicClient, Transport } from "viem";
import { liquidationEngineAbi } from "../abis/liquidationEngineAbi.js";

export type ReadPendingLossParameters = {
  client: PublicClient<Transport, Chain>;
  liquidationEngine: Address;
  blockNumber?: bigint;
};

/** amount [collateral token decimals]: deficit of insolvent accounts under auction; withdrawalsPaused: the vault paused withdrawals for it */
export type ReadPendingLossReturnType = { amount: bigint; withdrawalsPaused: boolean };

/** LiquidationEngine.pendingLoss(): whether the system is blocked (clean-up mode when either is set). */
export async function readPendingLoss({ client, liquidationEngine, blockNumber }: ReadPendingLossParameters): Promise<ReadPendingLossReturnType> {
  const [amount, withdrawalsPaused] = (await client.readContract({ address: liquidationEngine, abi: liquidationEngineAbi, functionName: "pendingLoss", blockNumber })) as readonly [bigint, boolean];
  return { amount, withdrawalsPaused };
}
