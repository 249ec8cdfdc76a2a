import type { Address, Chain, PublicClient, Transport } from "viem";
import { liquidationLensAbi } from "../abis/liquidationLensAbi.js";
import type { AuctionStatus } from "./AuctionStatus.js";
import { readBatchView } from "./readBatchView.js";

export type ReadAuctionStatusesParameters = {
  client: PublicClient<Transport, Chain>;
  liquidationLens: Address;
  accounts: readonly Address[];
  batchSize: number;
  concurrency: number;
  blockNumber?: bigint;
  onAccountError?: (account: Address, error: unknown) => void;
};

export type ReadAuctionStatusesReturnType = Map<Address, AuctionStatus>;

/** The view the keeper decides from (the one place that names it: the start-up check probes it too). */
export const AUCTION_STATUS_BATCH_VIEW = { abi: liquidationLensAbi, functionName: "auctionStatusBatch" } as const;

/** Auction status of each account via LiquidationLens.auctionStatusBatch, batched and in parallel. */
export function readAuctionStatuses({ liquidationLens, ...p }: ReadAuctionStatusesParameters): Promise<ReadAuctionStatusesReturnType> {
  return readBatchView<AuctionStatus>({ ...p, address: liquidationLens, ...AUCTION_STATUS_BATCH_VIEW });
}
