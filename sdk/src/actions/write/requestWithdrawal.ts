import type { Address, Hash, Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type RequestWithdrawalParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  /** [collateral token decimals] */
  amount: bigint;
};

export type RequestWithdrawalReturnType = {
  hash: Hash;
  /** none (undefined) */
  result: Awaited<ReturnType<typeof simulateRequestWithdrawal>>["result"];
};

function simulateRequestWithdrawal(client: SigningClient, { deployment, amount }: RequestWithdrawalParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "requestWithdrawal",
    args: [amount],
  });
}

/**
 * Ask to withdraw up to `amount` once the withdrawal delay has passed (OptionVault.requestWithdrawal).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function requestWithdrawal(client: SigningClient, parameters: RequestWithdrawalParameters): Promise<RequestWithdrawalReturnType> {
  const { request, result } = await guard("requestWithdrawal", simulateRequestWithdrawal(client, parameters));
  const hash = await guard("requestWithdrawal", writeContract(client, request));
  return { hash, result };
}
