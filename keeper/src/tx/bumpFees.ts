import type { ComputeFeesReturnType } from "./computeFees.js";

export type BumpFeesParameters = {
  /** the fees of the stuck transaction */
  fees: ComputeFeesReturnType;
  /** raise by this percentage (nodes accept a replacement from +10%) */
  bumpPercent: number;
  /** cap on maxFeePerGas [wei] */
  maxFeeCap: bigint;
  /** current base fee [wei]: the new max fee covers at least 2 × base + priority */
  baseFeePerGas: bigint;
};

/** The new fees, or `undefined` when the cap leaves no room for a replacement the node would accept. */
export type BumpFeesReturnType = ComputeFeesReturnType | undefined;

/** Fees for re-sending a stuck transaction with the same nonce: both fees up by at least `bumpPercent`. */
export function bumpFees({ fees, bumpPercent, maxFeeCap, baseFeePerGas }: BumpFeesParameters): BumpFeesReturnType {
  const up = (x: bigint): bigint => (x * BigInt(100 + bumpPercent) + 99n) / 100n;
  const maxPriorityFeePerGas = up(fees.maxPriorityFeePerGas === 0n ? 1n : fees.maxPriorityFeePerGas);
  let maxFeePerGas = up(fees.maxFeePerGas);
  const floor = 2n * baseFeePerGas + maxPriorityFeePerGas;
  if (maxFeePerGas < floor) maxFeePerGas = floor;
  if (maxFeePerGas > maxFeeCap) {
    // still a valid replacement only if the capped fee is >= +10% over the old one
    if (maxFeeCap * 100n < fees.maxFeePerGas * 110n) return undefined;
    maxFeePerGas = maxFeeCap;
  }
  return { maxFeePerGas, maxPriorityFeePerGas: maxPriorityFeePerGas > maxFeePerGas ? maxFeePerGas : maxPriorityFeePerGas };
}
