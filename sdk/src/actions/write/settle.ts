import type { Address, Hash } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type SettleParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  /** the account whose position settles (anyone may settle any account) */
  account: Address;
  seriesId: bigint;
};

export type SettleReturnType = {
  hash: Hash;
  /** [collateral token decimals] the payoff paid (long) or charged (short) */
  result: Awaited<ReturnType<typeof simulateSettle>>["result"];
};

function simulateSettle(client: SigningClient, { deployment, account, seriesId }: SettleParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "settle",
    args: [account, seriesId],
  });
}

/**
 * Settle `account`'s position in an expired, settled series at its settlement price (OptionVault.settle).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`, e.g. SeriesNotSettled). Returns
 * the transaction hash (not awaited) and the simulated result.
 */
export async function settle(client: SigningClient, parameters: SettleParameters): Promise<SettleReturnType> {
  const { request, result } = await guard("settle", simulateSettle(client, parameters));
  const hash = await guard("settle", writeContract(client, request));
  return { hash, result };
}
