import { zeroAddress, type Address, type Hash, type Hex } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationEngineWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import { expectedLot } from "../../math/expectedLot.js";
import type { SigningClient } from "../../internal/types.js";

export type BidParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationEngine">;
  account: Address;
  /** the live auction's id (stale-state guard) */
  auctionId: bigint;
  /** the lot the bid priced (AuctionStatus.seriesId); another live lot reverts UnexpectedLot */
  seriesId: bigint;
  /** the bidder is paid (AuctionStatus.lotIsShort: a short lot, or a combined lot worth less than nothing) */
  lotIsShort: boolean;
  /** a combined lot's hedge (AuctionStatus.pairSeriesId; default 0: a one-position lot) */
  pairSeriesId?: bigint;
  /** [wad] most size taken */
  maxSizeWad: bigint;
  /** [wad] worst price per option of the lot: minimum received (lotIsShort) or maximum paid */
  priceLimitWad: bigint;
  /** callback bidder (default: none, the sender's vault account takes the slice) */
  callee?: Address;
  /** passed to the callee */
  data?: Hex;
};

export type BidReturnType = {
  hash: Hash;
  /** [wad] size taken */
  result: Awaited<ReturnType<typeof simulateBid>>["result"];
};

function simulateBid(client: SigningClient, { deployment, account, auctionId, seriesId, lotIsShort, pairSeriesId, maxSizeWad, priceLimitWad, callee, data }: BidParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.liquidationEngine,
    abi: liquidationEngineWithErrorsAbi,
    functionName: "bid",
    args: [account, auctionId, expectedLot(seriesId, lotIsShort, pairSeriesId), maxSizeWad, priceLimitWad, callee ?? zeroAddress, data ?? "0x"],
  });
}

/**
 * Take up to `maxSizeWad` of the account's lot at the current discount (LiquidationEngine.bid).
 * Simulated first; a revert throws ProtocolError (`errorName`, `args`). Returns the transaction hash
 * (not awaited) and the simulated result.
 */
export async function bid(client: SigningClient, parameters: BidParameters): Promise<BidReturnType> {
  const { request, result } = await guard("bid", simulateBid(client, parameters));
  const hash = await guard("bid", writeContract(client, request));
  return { hash, result };
}
