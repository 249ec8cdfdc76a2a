import type { Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetPendingLossParameters = { deployment: Pick<ProtocolDeployment, "optionVault">; blockNumber?: bigint };

export type GetPendingLossReturnType = {
  /** [collateral token decimals] Σ deficits of live insolvent auctions */
  amount: bigint;
  /** whether it exceeds the insurance fund (withdrawals paused) */
  paused: boolean;
  blockNumber: bigint;
};

/** The pending loss and whether it pauses withdrawals (OptionVault.pendingLoss). */
export async function getPendingLoss(client: Client, { deployment, blockNumber }: GetPendingLossParameters): Promise<GetPendingLossReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const [amount, paused] = await readContract(client, {
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "pendingLoss",
    blockNumber: bn,
  });
  return { amount, paused, blockNumber: bn };
}
