import { erc20Abi, type Address, type Hash } from "viem";
import { readContract, simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";
import { SdkError } from "../../errors/SdkError.js";

export type DepositParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  /** [collateral token decimals] amount credited */
  amount: bigint;
  /** credit this account instead of the sender (OptionVault.depositFor) */
  account?: Address;
};

export type DepositReturnType = {
  /** the deposit's transaction */
  hash: Hash;
  /** the approval's transaction, mined before the deposit was sent (undefined when the allowance sufficed) */
  approvalHash?: Hash;
};

/**
 * Deposit `amount` of the collateral token into the sender's vault account (or `account`'s). When the
 * vault's allowance is short it first approves exactly `amount` and waits for that approval to be mined.
 * Both calls are simulated first; a revert throws ProtocolError.
 */
export async function deposit(client: SigningClient, { deployment, amount, account }: DepositParameters): Promise<DepositReturnType> {
  const vault = deployment.optionVault;
  const owner = client.account.address;
  const token = await readContract(client, { address: vault, abi: vaultWithErrorsAbi, functionName: "collateralToken" });
  const allowance = await readContract(client, { address: token, abi: erc20Abi, functionName: "allowance", args: [owner, vault] });
  let approvalHash: Hash | undefined;
  if (allowance < amount) {
    const { request } = await guard(
      "approve",
      simulateContract(client, { account: client.account, address: token, abi: erc20Abi, functionName: "approve", args: [vault, amount] }),
    );
    approvalHash = await writeContract(client, request);
    const receipt = await waitForTransactionReceipt(client, { hash: approvalHash });
    if (receipt.status !== "success") throw new SdkError("deposit: approval reverted", { details: approvalHash });
  }
  let hash: Hash;
  if (account) {
    const { request } = await guard(
      "depositFor",
      simulateContract(client, { account: client.account, address: vault, abi: vaultWithErrorsAbi, functionName: "depositFor", args: [account, amount] }),
    );
    hash = await guard("depositFor", writeContract(client, request));
  } else {
    const { request } = await guard(
      "deposit",
      simulateContract(client, { account: client.account, address: vault, abi: vaultWithErrorsAbi, functionName: "deposit", args: [amount] }),
    );
    hash = await guard("deposit", writeContract(client, request));
  }
  return { hash, approvalHash };
}
