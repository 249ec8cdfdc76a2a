import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetBadDebtParameters = { deployment: Pick<ProtocolDeployment, "optionVault">; account: Address; blockNumber?: bigint };

export type GetBadDebtReturnType = {
  /** [collateral token decimals] the account's recorded bad debt */
  account: bigint;
  /** [collateral token decimals] total recorded bad debt of the protocol */
  total: bigint;
  blockNumber: bigint;
};

/** The account's and the protocol's bad debt (OptionVault.badDebtOf, OptionVault.totalBadDebt). */
export async function getBadDebt(client: Client, { deployment, account, blockNumber }: GetBadDebtParameters): Promise<GetBadDebtReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const base = { address: deployment.optionVault, abi: vaultWithErrorsAbi, blockNumber: bn } as const;
  const [own, total] = await Promise.all([
    readContract(client, { ...base, functionName: "badDebtOf", args: [account] }),
    readContract(client, { ...base, functionName: "totalBadDebt" }),
  ]);
  return { account: own, total, blockNumber: bn };
}
