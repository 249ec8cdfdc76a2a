import type { Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetInsuranceFundParameters = { deployment: Pick<ProtocolDeployment, "optionVault">; blockNumber?: bigint };

export type GetInsuranceFundReturnType = {
  /** [collateral token decimals] the insurance fund's balance (the vault's own account) */
  amount: bigint;
  blockNumber: bigint;
};

/** The insurance fund's balance (OptionVault.insuranceFund). */
export async function getInsuranceFund(client: Client, { deployment, blockNumber }: GetInsuranceFundParameters): Promise<GetInsuranceFundReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const amount = await readContract(client, {
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "insuranceFund",
    blockNumber: bn,
  });
  return { amount, blockNumber: bn };
}
