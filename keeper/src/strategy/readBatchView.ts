import type { Abi, Address, Chain, PublicClient, Transport } from "viem";
import { decodeRevert } from "../errors/decodeRevert.js";
import { readInBatches } from "./readInBatches.js";

export type ReadBatchViewParameters = {
  client: PublicClient<Transport, Chain>;
  /** contract with a view `functionName(address[]) returns (T[])`, one result per account */
  address: Address;
  abi: Abi;
  functionName: string;
  accounts: readonly Address[];
  batchSize: number;
  concurrency: number;
  /** pin every read to this block (one consistent snapshot) */
  blockNumber?: bigint;
  onAccountError?: (account: Address, error: unknown) => void;
};

/**
 * One batch view over many accounts, in batches with bounded concurrency. A batch that reverts (e.g.
 * out of gas on large books) is split until the failing account is isolated and reported.
 */
export async function readBatchView<T>(p: ReadBatchViewParameters): Promise<Map<Address, T>> {
  const rows = await readInBatches({
    items: p.accounts,
    batchSize: p.batchSize,
    concurrency: p.concurrency,
    read: (batch) =>
      p.client.readContract({
        address: p.address,
        abi: p.abi,
        functionName: p.functionName,
        args: [batch],
        blockNumber: p.blockNumber,
      } as never) as Promise<readonly T[]>,
    shouldSplit: (error) => decodeRevert({ error }) !== undefined,
    onItemError: p.onAccountError,
  });
  return new Map(rows.map((r) => [r.item, r.value]));
}
