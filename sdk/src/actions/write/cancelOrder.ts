import type { Address, Hash, Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";
import type { Order } from "../../orders/orderTypes.js";

export type CancelOrderParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  order: Order;
};

export type CancelOrderReturnType = {
  hash: Hash;
  /** none (undefined) */
  result: Awaited<ReturnType<typeof simulateCancelOrder>>["result"];
};

function simulateCancelOrder(client: SigningClient, { deployment, order }: CancelOrderParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "cancel",
    args: [order],
  });
}

/**
 * Cancel a signed order; only its maker may (OptionVault.cancel).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function cancelOrder(client: SigningClient, parameters: CancelOrderParameters): Promise<CancelOrderReturnType> {
  const { request, result } = await guard("cancel", simulateCancelOrder(client, parameters));
  const hash = await guard("cancel", writeContract(client, request));
  return { hash, result };
}
