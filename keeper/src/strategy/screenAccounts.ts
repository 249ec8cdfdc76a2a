import type { Address, Chain, PublicClient, Transport } from "viem";
import { marginEngineAbi } from "../abis/marginEngineAbi.js";
import { decodeRevert } from "../errors/decodeRevert.js";
import type { MarginSummary } from "./AuctionStatus.js";
import { readInBatches } from "./readInBatches.js";

export type ScreenAccountsParameters = {
  client: PublicClient<Transport, Chain>;
  marginEngine: Address;
  accounts: readonly Address[];
  batchSize: number;
  concurrency: number;
  /** pin every read to this block (one consistent snapshot) */
  blockNumber?: bigint;
  onAccountError?: (account: Address, error: unknown) => void;
};

export type ScreenAccountsReturnType = Map<Address, MarginSummary>;

/** Health of every account via MarginEngine.healthBatch, batched and in parallel. */
export async function screenAccounts(p: ScreenAccountsParameters): Promise<ScreenAccountsReturnType> {
  const rows = await readInBatches({
    items: p.accounts,
    batchSize: p.batchSize,
    concurrency: p.concurrency,
    read: (batch) =>
      p.client.readContract({
        address: p.marginEngine,
        abi: marginEngineAbi,
        functionName: "healthBatch",
        args: [batch],
        blockNumber: p.blockNumber,
      }) as Promise<readonly MarginSummary[]>,
    shouldSplit: (error) => decodeRevert({ error }) !== undefined,
    onItemError: p.onAccountError,
  });
  return new Map(rows.map((r) => [r.item, r.value]));
}
