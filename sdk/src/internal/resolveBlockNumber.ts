import type { Client } from "viem";
import { getBlockNumber } from "viem/actions";

/** The block every read of one SDK call is made at: the caller's, or the latest (read once). */
export async function resolveBlockNumber(client: Client, blockNumber: bigint | undefined): Promise<bigint> {
  return blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
}
