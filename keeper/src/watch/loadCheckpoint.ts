import { existsSync, readFileSync } from "node:fs";
import type { Address, Hex } from "viem";

/** What the keeper persists between runs. */
export type Checkpoint = {
  version: 1;
  chainId: number;
  vault: Address;
  /** last block whose logs were read (the next pass re-reads `reorgDepth` blocks below it) */
  lastBlock: string;
  lastBlockHash?: Hex;
  accounts: Address[];
};

export type LoadCheckpointParameters = { file: string; chainId: number; vault: Address };

/** The checkpoint, or `undefined` when missing, unreadable, or written for another chain or vault. */
export type LoadCheckpointReturnType = { checkpoint?: Checkpoint; reason?: string };

/** Reads the discovery checkpoint and checks it belongs to this chain and vault. */
export function loadCheckpoint({ file, chainId, vault }: LoadCheckpointParameters): LoadCheckpointReturnType {
  if (!existsSync(file)) return { reason: "no checkpoint file" };
  try {
    const c = JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
    if (c.version !== 1) return { reason: `unknown checkpoint version ${String(c.version)}` };
    if (c.chainId !== chainId) return { reason: `checkpoint is for chain ${c.chainId}` };
    if (c.vault.toLowerCase() !== vault.toLowerCase()) return { reason: `checkpoint is for vault ${c.vault}` };
    if (!/^\d+$/.test(c.lastBlock) || !Array.isArray(c.accounts)) return { reason: "malformed checkpoint" };
    return { checkpoint: c };
  } catch {
    return { reason: "unreadable checkpoint" };
  }
}
