import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Address, Hex } from "viem";

/** One in-flight transaction as persisted: enough to find it again (hashes) and to know what it was (key). */
export type JournalEntry = {
  nonce: number;
  /** every hash sent with this nonce (the original and its fee bumps) */
  hashes: Hex[];
  /** the action key (strategy/decideActions.ts actionKey) */
  key: string;
  kind: "start" | "startAndBid" | "bid" | "end" | "reset" | "absorb";
  account: Address;
  auctionId: string;
  /** [ms since epoch] of the last broadcast */
  sentAt: number;
  /** the signer's address (a journal written by another key is not ours to reconcile) */
  from: Address;
  chainId: number;
};

export type CreateTxJournalParameters = { file: string };

export type CreateTxJournalReturnType = {
  entries: () => JournalEntry[];
  /** add or replace the entry of a nonce; written to disk before returning (call before broadcasting) */
  put: (entry: JournalEntry) => void;
  remove: (nonce: number) => void;
  file: string;
};

/**
 * The write-ahead journal of in-flight transactions: each signed transaction is recorded (hash, nonce,
 * action key) before it is broadcast and removed once its receipt is seen or its nonce is used by
 * another, so a keeper that restarts (or is killed) finds what it had sent and reconciles it
 * (tx/reconcileJournal.ts) instead of sending the same action again. Writes are atomic (temporary
 * file, then rename).
 */
export function createTxJournal({ file }: CreateTxJournalParameters): CreateTxJournalReturnType {
  const byNonce = new Map<number, JournalEntry>();
  if (existsSync(file)) {
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as { version: number; entries: JournalEntry[] };
      if (parsed.version === 1 && Array.isArray(parsed.entries)) for (const e of parsed.entries) byNonce.set(e.nonce, e);
    } catch {
      /* unreadable: start empty (the nonce check at start still prevents reusing a mined nonce) */
    }
  }
  const write = () => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, entries: [...byNonce.values()] }) + "\n");
    renameSync(tmp, file);
  };
  return {
    file,
    entries: () => [...byNonce.values()].sort((a, b) => a.nonce - b.nonce),
    put: (entry) => {
      byNonce.set(entry.nonce, entry);
      write();
    },
    remove: (nonce) => {
      if (byNonce.delete(nonce)) write();
    },
  };
}
