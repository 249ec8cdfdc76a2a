import { BaseError, ContractFunctionRevertedError, type ContractErrorArgs, type ContractErrorName } from "viem";
import { protocolErrorsAbi } from "../abis/protocolErrorsAbi.js";
import { SdkError } from "./SdkError.js";

/** Name of a protocol custom error (derived from the ABI: an unknown name does not compile). */
export type ProtocolErrorName = ContractErrorName<typeof protocolErrorsAbi>;

/** Decoded arguments of the protocol error `name` (bigint for every uint/int). */
export type ProtocolErrorArgs<name extends ProtocolErrorName = ProtocolErrorName> = ContractErrorArgs<
  typeof protocolErrorsAbi,
  name
>;

const NAMES = new Set<string>(protocolErrorsAbi.map((e) => e.name));

/** A protocol call reverted with one of the protocol's custom errors (decoded by name, with its args). */
export class ProtocolError<name extends ProtocolErrorName = ProtocolErrorName> extends SdkError {
  readonly errorName: name;
  readonly args: ProtocolErrorArgs<name>;
  /** The function that reverted, e.g. "withdraw". */
  readonly functionName: string;

  constructor({ errorName, args, functionName, cause }: { errorName: name; args: ProtocolErrorArgs<name>; functionName: string; cause: Error }) {
    super(`${functionName} reverted with ${errorName}`, { cause, metaMessages: [`args: ${stringify(args)}`] });
    this.name = "ProtocolError";
    this.errorName = errorName;
    this.args = args;
    this.functionName = functionName;
  }

  /** Narrows to one error name: `if (e.is("ZeroAmount")) …`. */
  is<n extends ProtocolErrorName>(errorName: n): this is ProtocolError<n> {
    return (this.errorName as string) === errorName;
  }
}

function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
}

/**
 * The ProtocolError inside `error` (a viem contract error whose revert data decodes to a protocol
 * custom error), or undefined (any other failure: RPC, gas, a revert without protocol error).
 */
export function toProtocolError(error: unknown, functionName: string): ProtocolError | undefined {
  if (error instanceof ProtocolError) return error;
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError) || !reverted.data) return undefined;
  const { errorName, args } = reverted.data;
  if (!NAMES.has(errorName)) return undefined;
  return new ProtocolError({
    errorName: errorName as ProtocolErrorName,
    args: (args ?? []) as unknown as ProtocolErrorArgs,
    functionName,
    cause: error,
  });
}
