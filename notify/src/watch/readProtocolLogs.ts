import type { Address, Client } from "viem";
import { getLogs } from "viem/actions";
import { decodeProtocolLog } from "../../../sdk/src/index.js";
import type { ProtocolLogEntry } from "../messages/buildEventNotifications.js";

export type ReadProtocolLogsParameters = {
  addresses: readonly Address[];
  fromBlock: bigint;
  toBlock: bigint;
  /** blocks per eth_getLogs call (halved when a provider refuses the range) */
  chunkSize: number;
};

/** The protocol logs of `addresses` in [fromBlock, toBlock], decoded by the SDK, in chain order. */
export async function readProtocolLogs(client: Client, { addresses, fromBlock, toBlock, chunkSize }: ReadProtocolLogsParameters): Promise<ProtocolLogEntry[]> {
  const out: ProtocolLogEntry[] = [];
  let chunk = BigInt(chunkSize);
  for (let from = fromBlock; from <= toBlock; ) {
    const to = from + chunk - 1n < toBlock ? from + chunk - 1n : toBlock;
    let logs;
    try {
      logs = await getLogs(client, { address: [...addresses], fromBlock: from, toBlock: to });
    } catch (e) {
      if (chunk > 1n && /range|limit|too many|exceed|10000/i.test(String(e))) {
        chunk /= 2n;
        continue;
      }
      throw e;
    }
    for (const l of logs) {
      if (l.removed || l.blockNumber === null || l.blockHash === null || l.logIndex === null || l.transactionHash === null) continue;
      const event = decodeProtocolLog(l);
      if (event) out.push({ event, blockNumber: l.blockNumber, blockHash: l.blockHash, logIndex: l.logIndex, transactionHash: l.transactionHash });
    }
    from = to + 1n;
  }
  out.sort((x, y) => (x.blockNumber === y.blockNumber ? x.logIndex - y.logIndex : x.blockNumber < y.blockNumber ? -1 : 1));
  return out;
}
