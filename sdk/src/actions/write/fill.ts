import type { Address, Hash, Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";
import type { Order } from "../../orders/orderTypes.js";

export type FillParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  order: Order;
  /** the maker's EIP-712 signature (or ERC-1271 signature for a contract wallet) */
  signature: Hex;
  /** [wad] size to fill */
  fillSizeWad: bigint;
};

export type FillReturnType = {
  hash: Hash;
  /** [token decimals] the premium paid by the buyer for this fill */
  result: Awaited<ReturnType<typeof simulateFill>>["result"];
};

function simulateFill(client: SigningClient, { deployment, order, signature, fillSizeWad }: FillParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "fill",
    args: [order, signature, fillSizeWad],
  });
}

/**
 * Fill `fillSizeWad` of a maker's signed order as the taker (OptionVault.fill).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function fill(client: SigningClient, parameters: FillParameters): Promise<FillReturnType> {
  const { request, result } = await guard("fill", simulateFill(client, parameters));
  const hash = await guard("fill", writeContract(client, request));
  return { hash, result };
}
