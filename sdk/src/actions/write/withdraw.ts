import type { Address, Hash, Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type WithdrawParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  /** [collateral token decimals] */
  amount: bigint;
  /** receiver of the tokens (default: the sender) */
  to?: Address;
};

export type WithdrawReturnType = {
  hash: Hash;
  /** none (undefined) */
  result: Awaited<ReturnType<typeof simulateWithdraw>>["result"];
};

function simulateWithdraw(client: SigningClient, { deployment, amount, to }: WithdrawParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "withdraw",
    args: [amount, to ?? client.account.address],
  });
}

/**
 * Withdraw `amount` of collateral to `to` (default: the sender) (OptionVault.withdraw).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function withdraw(client: SigningClient, parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  const { request, result } = await guard("withdraw", simulateWithdraw(client, parameters));
  const hash = await guard("withdraw", writeContract(client, request));
  return { hash, result };
}
