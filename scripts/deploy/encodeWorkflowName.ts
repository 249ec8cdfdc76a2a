import { sha256, stringToHex, toBytes, type Hex } from "viem";

/**
 * A CRE workflow name as the KeystoneForwarder puts it in a report's metadata (bytes10): the first 10
 * hex characters of sha256(name), as ASCII bytes. LiquidationReceiver.setWorkflow takes this value.
 */
export function encodeWorkflowName(name: string): Hex {
  return stringToHex(sha256(toBytes(name)).slice(2, 12), { size: 10 });
}
