import type { Address, Chain, PublicClient, Transport } from "viem";
import { optionVaultAbi } from "../abis/optionVaultAbi.js";

export type ReadPendingLossParameters = {
  client: PublicClient<Transport, Chain>;
  vault: Address;
  blockNumber?: bigint;
};

/** amount [collateral token decimals]: deficit of insolvent accounts under auction; withdrawalsPaused: the vault paused withdrawals for it */
export type ReadPendingLossReturnType = { amount: bigint; withdrawalsPaused: boolean };

/** OptionVault.pendingLoss() (the vault keeps the loss ledger): whether the system is blocked (clean-up mode when either is set). */
export async function readPendingLoss({ client, vault, blockNumber }: ReadPendingLossParameters): Promise<ReadPendingLossReturnType> {
  const [amount, withdrawalsPaused] = (await client.readContract({ address: vault, abi: optionVaultAbi, functionName: "pendingLoss", blockNumber })) as readonly [bigint, boolean];
  return { amount, withdrawalsPaused };
}
