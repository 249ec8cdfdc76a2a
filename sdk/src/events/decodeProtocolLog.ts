import { decodeEventLog, type DecodeEventLogReturnType, type Hex } from "viem";
import { protocolEventsAbi } from "./protocolEventsAbi.js";

export type DecodeProtocolLogParameters = { data: Hex; topics: readonly Hex[] };

/** A decoded protocol event: `eventName` and typed `args` (bigint for every integer; units as in the contracts' natspec). */
export type ProtocolLog = DecodeEventLogReturnType<typeof protocolEventsAbi>;
export type DecodeProtocolLogReturnType = ProtocolLog | undefined;

/** Decodes a log of any protocol contract (vault, margin and liquidation engines, oracle hub); undefined for other logs. */
export function decodeProtocolLog(log: DecodeProtocolLogParameters): DecodeProtocolLogReturnType {
  if (log.topics.length === 0) return undefined;
  try {
    return decodeEventLog({ abi: protocolEventsAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true });
  } catch {
    return undefined;
  }
}
