export type ComputeFeesParameters = {
  /** base fee of the latest block [wei] */
  baseFeePerGas: bigint;
  /** wanted priority fee [wei] */
  priorityFeePerGas: bigint;
  /** cap on maxFeePerGas [wei] */
  maxFeeCap: bigint;
};

export type ComputeFeesReturnType = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/**
 * EIP-1559 fees: maxFee = 2 × baseFee + priority (survives six full blocks of base-fee growth), both
 * capped at `maxFeeCap`; the priority fee never exceeds the max fee.
 */
export function computeFees({ baseFeePerGas, priorityFeePerGas, maxFeeCap }: ComputeFeesParameters): ComputeFeesReturnType {
  const maxFeePerGas = min(2n * baseFeePerGas + priorityFeePerGas, maxFeeCap);
  return { maxFeePerGas, maxPriorityFeePerGas: min(priorityFeePerGas, maxFeePerGas) };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
