import { BaseError, ContractFunctionRevertedError } from "viem";

export type DecodeRevertParameters = {
  /** anything thrown by a viem contract action (simulateContract, estimateContractGas, readContract) */
  error: unknown;
};

/** The custom error's name and arguments, or `undefined` when `error` is not a contract revert. */
export type DecodeRevertReturnType = { errorName: string; args: readonly unknown[] } | undefined;

/**
 * Decodes a contract revert to its custom error's name (viem's `ContractFunctionRevertedError.data`),
 * falling back to `Error` for a require string, `Panic` for a panic code, and the raw 4-byte selector
 * when the ABI does not know the error.
 */
export function decodeRevert({ error }: DecodeRevertParameters): DecodeRevertReturnType {
  if (!(error instanceof BaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError)) return undefined;
  if (revert.data?.errorName) return { errorName: revert.data.errorName, args: revert.data.args ?? [] };
  if (revert.reason !== undefined) return { errorName: "Error", args: [revert.reason] };
  if (revert.signature) return { errorName: revert.signature, args: [] };
  return { errorName: "UnknownRevert", args: [] };
}
