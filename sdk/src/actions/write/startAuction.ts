import type { Address, Hash, Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationEngineWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type StartAuctionParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationEngine">;
  account: Address;
};

export type StartAuctionReturnType = {
  hash: Hash;
  /** the new auction's id */
  result: Awaited<ReturnType<typeof simulateStartAuction>>["result"];
};

function simulateStartAuction(client: SigningClient, { deployment, account }: StartAuctionParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.liquidationEngine,
    abi: liquidationEngineWithErrorsAbi,
    functionName: "start",
    args: [account],
  });
}

/**
 * Start the liquidation auction of `account` (anyone; the sender earns the tip) (LiquidationEngine.start).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function startAuction(client: SigningClient, parameters: StartAuctionParameters): Promise<StartAuctionReturnType> {
  const { request, result } = await guard("start", simulateStartAuction(client, parameters));
  const hash = await guard("start", writeContract(client, request));
  return { hash, result };
}
