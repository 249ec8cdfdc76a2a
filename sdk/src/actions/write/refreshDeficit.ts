import type { Address, Hash } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationEngineWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type RefreshDeficitParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationEngine">;
  account: Address;
};

export type RefreshDeficitReturnType = {
  hash: Hash;
  /** none (undefined) */
  result: Awaited<ReturnType<typeof simulateRefreshDeficit>>["result"];
};

function simulateRefreshDeficit(client: SigningClient, { deployment, account }: RefreshDeficitParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.liquidationEngine,
    abi: liquidationEngineWithErrorsAbi,
    functionName: "refreshDeficit",
    args: [account],
  });
}

/**
 * Re-price an insolvent auction's account and record its live deficit (LiquidationEngine.refreshDeficit):
 * the pending loss that pauses withdrawals follows prices between bids. Simulated first; a revert throws
 * ProtocolError. Returns the transaction hash (not awaited).
 */
export async function refreshDeficit(client: SigningClient, parameters: RefreshDeficitParameters): Promise<RefreshDeficitReturnType> {
  const { request, result } = await guard("refreshDeficit", simulateRefreshDeficit(client, parameters));
  const hash = await guard("refreshDeficit", writeContract(client, request));
  return { hash, result };
}
