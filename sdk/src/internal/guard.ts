import { toProtocolError } from "../errors/ProtocolError.js";

/** Awaits `promise`; a revert that decodes to a protocol custom error is rethrown as ProtocolError. */
export async function guard<T>(functionName: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    throw toProtocolError(e, functionName) ?? e;
  }
}
