import type { Address, Hash } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationEngineWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type AbsorbAuctionParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationEngine">;
  account: Address;
};

export type AbsorbAuctionReturnType = {
  hash: Hash;
  /** [wad] size the insurance fund took over */
  result: Awaited<ReturnType<typeof simulateAbsorbAuction>>["result"];
};

function simulateAbsorbAuction(client: SigningClient, { deployment, account }: AbsorbAuctionParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.liquidationEngine,
    abi: liquidationEngineWithErrorsAbi,
    functionName: "absorb",
    args: [account],
  });
}

/**
 * The insurance fund takes over the lot of an insolvent auction nobody bids on, at its mark
 * (LiquidationEngine.absorb; `AuctionStatus.canAbsorb` says when). Simulated first; a revert throws
 * ProtocolError (`errorName`, `args`, e.g. NotAbsorbable). Returns the transaction hash (not awaited)
 * and the simulated result.
 */
export async function absorbAuction(client: SigningClient, parameters: AbsorbAuctionParameters): Promise<AbsorbAuctionReturnType> {
  const { request, result } = await guard("absorb", simulateAbsorbAuction(client, parameters));
  const hash = await guard("absorb", writeContract(client, request));
  return { hash, result };
}
