import type { Address, Chain, PublicClient, Transport } from "viem";
import { liquidationEngineAbi } from "../abis/liquidationEngineAbi.js";
import { decodeRevert } from "../errors/decodeRevert.js";
import type { AuctionStatus } from "./AuctionStatus.js";
import { readInBatches } from "./readInBatches.js";

export type ReadAuctionStatusesParameters = {
  client: PublicClient<Transport, Chain>;
  liquidationEngine: Address;
  accounts: readonly Address[];
  batchSize: number;
  concurrency: number;
  blockNumber?: bigint;
  onAccountError?: (account: Address, error: unknown) => void;
};

export type ReadAuctionStatusesReturnType = Map<Address, AuctionStatus>;

/** Auction status of each account via LiquidationEngine.auctionStatusBatch, batched and in parallel. */
export async function readAuctionStatuses(p: ReadAuctionStatusesParameters): Promise<ReadAuctionStatusesReturnType> {
  const rows = await readInBatches({
    items: p.accounts,
    batchSize: p.batchSize,
    concurrency: p.concurrency,
    read: (batch) =>
      p.client.readContract({
        address: p.liquidationEngine,
        abi: liquidationEngineAbi,
        functionName: "auctionStatusBatch",
        args: [batch],
        blockNumber: p.blockNumber,
      }) as Promise<readonly AuctionStatus[]>,
    shouldSplit: (error) => decodeRevert({ error }) !== undefined,
    onItemError: p.onAccountError,
  });
  return new Map(rows.map((r) => [r.item, r.value]));
}
