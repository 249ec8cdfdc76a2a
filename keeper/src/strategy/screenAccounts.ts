import type { Address, Chain, PublicClient, Transport } from "viem";
import { marginLensAbi } from "../abis/marginLensAbi.js";
import type { MarginSummary } from "./AuctionStatus.js";
import { readBatchView } from "./readBatchView.js";

export type ScreenAccountsParameters = {
  client: PublicClient<Transport, Chain>;
  marginLens: Address;
  accounts: readonly Address[];
  batchSize: number;
  concurrency: number;
  /** pin every read to this block (one consistent snapshot) */
  blockNumber?: bigint;
  onAccountError?: (account: Address, error: unknown) => void;
};

export type ScreenAccountsReturnType = Map<Address, MarginSummary>;

/** The view the keeper screens with (the one place that names it: the start-up check probes it too). */
export const HEALTH_BATCH_VIEW = { abi: marginLensAbi, functionName: "healthBatch" } as const;

/** Health of every account via MarginLens.healthBatch, batched and in parallel. */
export function screenAccounts({ marginLens, ...p }: ScreenAccountsParameters): Promise<ScreenAccountsReturnType> {
  return readBatchView<MarginSummary>({ ...p, address: marginLens, ...HEALTH_BATCH_VIEW });
}
