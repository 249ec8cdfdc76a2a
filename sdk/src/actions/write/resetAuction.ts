import type { Address, Hash, Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationEngineWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type ResetAuctionParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationEngine">;
  account: Address;
};

export type ResetAuctionReturnType = {
  hash: Hash;
  /** none (undefined) */
  result: Awaited<ReturnType<typeof simulateResetAuction>>["result"];
};

function simulateResetAuction(client: SigningClient, { deployment, account }: ResetAuctionParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.liquidationEngine,
    abi: liquidationEngineWithErrorsAbi,
    functionName: "reset",
    args: [account],
  });
}

/**
 * Restart the auction of `account` from fresh prices under a new id (LiquidationEngine.reset).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function resetAuction(client: SigningClient, parameters: ResetAuctionParameters): Promise<ResetAuctionReturnType> {
  const { request, result } = await guard("reset", simulateResetAuction(client, parameters));
  const hash = await guard("reset", writeContract(client, request));
  return { hash, result };
}
