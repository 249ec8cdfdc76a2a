import type { Address, Hash, Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationEngineWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type EndAuctionParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationEngine">;
  account: Address;
};

export type EndAuctionReturnType = {
  hash: Hash;
  /** none (undefined) */
  result: Awaited<ReturnType<typeof simulateEndAuction>>["result"];
};

function simulateEndAuction(client: SigningClient, { deployment, account }: EndAuctionParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.liquidationEngine,
    abi: liquidationEngineWithErrorsAbi,
    functionName: "end",
    args: [account],
  });
}

/**
 * End the auction of `account` once its ratio is back at the target (LiquidationEngine.end).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function endAuction(client: SigningClient, parameters: EndAuctionParameters): Promise<EndAuctionReturnType> {
  const { request, result } = await guard("end", simulateEndAuction(client, parameters));
  const hash = await guard("end", writeContract(client, request));
  return { hash, result };
}
