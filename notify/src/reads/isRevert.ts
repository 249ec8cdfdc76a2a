import { BaseError, ContractFunctionRevertedError } from "viem";

/** True when `error` is a contract revert (the call ran and reverted), not a transport failure. */
export function isRevert(error: unknown): boolean {
  return error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError) instanceof ContractFunctionRevertedError;
}
