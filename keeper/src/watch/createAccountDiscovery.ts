import type { AbiEvent, Address, Chain, PublicClient, Transport } from "viem";
import { optionVaultAbi } from "../abis/optionVaultAbi.js";
import { loadCheckpoint } from "./loadCheckpoint.js";
import { saveCheckpoint } from "./saveCheckpoint.js";

/** Vault events that name an account which may hold positions. */
const DISCOVERY_EVENTS = (optionVaultAbi as readonly { type: string; name?: string }[]).filter(
  (x) => x.type === "event" && ["Deposit", "Fill", "TransferPosition"].includes(x.name ?? ""),
) as unknown as AbiEvent[];

export type CreateAccountDiscoveryParameters = {
  chainId: number;
  vault: Address;
  startBlock: bigint;
  chunkSize: number;
  reorgDepth: number;
  checkpointFile: string;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
};

export type CreateAccountDiscoveryReturnType = {
  /** every account seen so far */
  accounts: () => Address[];
  /** read vault logs up to `head` (re-reading the last `reorgDepth` blocks) and persist the checkpoint */
  sync: (client: PublicClient<Transport, Chain>, head: bigint) => Promise<{ added: Address[]; fromBlock: bigint; toBlock: bigint }>;
  /** block the next sync starts from (before the reorg re-read) */
  lastBlock: () => bigint;
  /** where discovery resumed at start: `checkpoint` or `scratch`, and the first block it reads */
  resumed: { from: "checkpoint" | "scratch"; fromBlock: bigint; reason?: string };
};

/**
 * Account discovery from the vault's Deposit, Fill and TransferPosition events, read in chunks
 * (halved automatically when a provider rejects the range), persisted to a checkpoint file so a
 * restart resumes where it stopped. Reorg-safe: each pass re-reads the last `reorgDepth` blocks; the
 * account set only grows (an account that no longer holds anything screens as healthy).
 */
export function createAccountDiscovery(p: CreateAccountDiscoveryParameters): CreateAccountDiscoveryReturnType {
  const { checkpoint, reason } = loadCheckpoint({ file: p.checkpointFile, chainId: p.chainId, vault: p.vault });
  const known = new Map<string, Address>();
  let scanned = p.startBlock - 1n; // last block fully read
  if (checkpoint) {
    for (const a of checkpoint.accounts) known.set(a.toLowerCase(), a);
    scanned = BigInt(checkpoint.lastBlock);
  }
  const resumed = checkpoint
    ? { from: "checkpoint" as const, fromBlock: maxB(p.startBlock, scanned + 1n - BigInt(p.reorgDepth)) }
    : { from: "scratch" as const, fromBlock: p.startBlock, reason };
  p.log.info({ ...resumed, fromBlock: resumed.fromBlock.toString(), accounts: known.size, checkpointFile: p.checkpointFile }, "discovery resumed");

  let chunk = BigInt(p.chunkSize);
  const sync: CreateAccountDiscoveryReturnType["sync"] = async (client, head) => {
    const fromBlock = maxB(p.startBlock, scanned + 1n - BigInt(p.reorgDepth));
    const added: Address[] = [];
    let from = fromBlock;
    while (from <= head) {
      const to = minB(head, from + chunk - 1n);
      let logs;
      try {
        logs = await client.getLogs({ address: p.vault, events: DISCOVERY_EVENTS, fromBlock: from, toBlock: to, strict: false });
      } catch (error) {
        if (chunk > 1n && /range|limit|too many|exceed|10000/i.test(String(error))) {
          chunk = maxB(1n, chunk / 2n);
          p.log.warn({ chunk: chunk.toString() }, "getLogs range rejected, halving chunk");
          continue;
        }
        throw error;
      }
      for (const l of logs) {
        const args = (l as unknown as { args: Record<string, unknown> }).args;
        for (const k of ["account", "maker", "taker", "to"]) {
          const a = args[k];
          if (typeof a === "string" && !known.has(a.toLowerCase())) {
            known.set(a.toLowerCase(), a as Address);
            added.push(a as Address);
          }
        }
      }
      from = to + 1n;
    }
    if (head > scanned || added.length > 0) {
      scanned = maxB(scanned, head);
      saveCheckpoint({
        file: p.checkpointFile,
        checkpoint: { version: 1, chainId: p.chainId, vault: p.vault, lastBlock: scanned.toString(), accounts: [...known.values()] },
      });
    }
    return { added, fromBlock, toBlock: head };
  };

  return { accounts: () => [...known.values()], sync, lastBlock: () => scanned, resumed };
}

function maxB(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
function minB(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
