import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationLensWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";
import type { AuctionStatus } from "./getAuctionStatus.js";

export type GetAuctionDetailParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationLens">;
  account: Address;
  blockNumber?: bigint;
};

export type GetAuctionDetailReturnType = {
  status: AuctionStatus;
  /** [seconds] until anyone may reset by time (0: now, or no live auction) */
  resetInSec: bigint;
  /** the lot's underlying (zero address if no lot) */
  underlying: Address;
  /** [wad] nearest spot below with ratio <= 1 (0: none within S/16) */
  liquidationPriceDownWad: bigint;
  /** [wad] nearest spot above with ratio <= 1 (0: none within 16·S) */
  liquidationPriceUpWad: bigint;
  blockNumber: bigint;
};

/** A frontend's view of the account's auction (LiquidationLens.auctionDetail). */
export async function getAuctionDetail(
  client: Client,
  { deployment, account, blockNumber }: GetAuctionDetailParameters,
): Promise<GetAuctionDetailReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const d = await readContract(client, {
    address: deployment.liquidationLens,
    abi: liquidationLensWithErrorsAbi,
    functionName: "auctionDetail",
    args: [account],
    blockNumber: bn,
  });
  return { ...d, blockNumber: bn };
}
