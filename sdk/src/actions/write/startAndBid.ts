import { zeroAddress, type Address, type Hash, type Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationEngineWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import { expectedLot } from "../../math/expectedLot.js";
import type { SigningClient } from "../../internal/types.js";

export type StartAndBidParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationEngine">;
  account: Address;
  /** the lot the bid priced (AuctionStatus.seriesId); another live lot reverts UnexpectedLot */
  seriesId: bigint;
  /** the bidder is paid (AuctionStatus.lotIsShort: a short lot, or a combined lot worth less than nothing) */
  lotIsShort: boolean;
  /** a combined lot's hedge (AuctionStatus.pairSeriesId; default 0: a one-position lot) */
  pairSeriesId?: bigint;
  /** [wad] most size taken */
  maxSizeWad: bigint;
  /** [wad] worst price per option (see bid) */
  priceLimitWad: bigint;
  /** callback bidder (default: none) */
  callee?: Address;
  /** passed to the callee */
  data?: Hex;
};

export type StartAndBidReturnType = {
  hash: Hash;
  /** [auctionId, soldWad [wad]] */
  result: Awaited<ReturnType<typeof simulateStartAndBid>>["result"];
};

function simulateStartAndBid(client: SigningClient, { deployment, account, seriesId, lotIsShort, pairSeriesId, maxSizeWad, priceLimitWad, callee, data }: StartAndBidParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.liquidationEngine,
    abi: liquidationEngineWithErrorsAbi,
    functionName: "startAndBid",
    args: [account, expectedLot(seriesId, lotIsShort, pairSeriesId), maxSizeWad, priceLimitWad, callee ?? zeroAddress, data ?? "0x"],
  });
}

/**
 * Start the account's auction and bid in one transaction (LiquidationEngine.startAndBid).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function startAndBid(client: SigningClient, parameters: StartAndBidParameters): Promise<StartAndBidReturnType> {
  const { request, result } = await guard("startAndBid", simulateStartAndBid(client, parameters));
  const hash = await guard("startAndBid", writeContract(client, request));
  return { hash, result };
}
