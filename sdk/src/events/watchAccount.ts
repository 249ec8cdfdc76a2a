import type { Address, Client } from "viem";
import { getBlockNumber } from "viem/actions";
import type { ProtocolDeployment } from "../deployment/getDeployment.js";
import { getAccountHistory, type AccountHistoryEntry } from "./getAccountHistory.js";

export type WatchAccountParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault" | "liquidationEngine">;
  account: Address;
  /** first block to report (default: the block after the latest at the call) */
  fromBlock?: bigint;
  /** entries of each new block range, in chain order (getAccountHistory's entries) */
  onEntries: (entries: AccountHistoryEntry[]) => void;
  /** a failed poll (the RPC went away, …): the watcher keeps going and retries with backoff */
  onError?: (error: unknown) => void;
  /** [ms] between polls (default 4,000) */
  pollingIntervalMs?: number;
  /** blocks a log must be deep before it is reported (default 0); a reorg shallower than this never reaches onEntries */
  confirmations?: bigint;
  /** [ms] longest wait between retries after errors (default 60,000) */
  maxBackoffMs?: number;
};

/** Stops the watcher (no callback runs after it returns). */
export type WatchAccountReturnType = () => void;

/**
 * Watch an account's trades, auctions, bids, settlements and socialized losses live: polls the head and
 * reports the new range through `getAccountHistory`, so a watcher that falls behind (or whose RPC was
 * down) catches up from where it stopped — nothing is skipped, nothing reported twice. Errors go to
 * `onError` and the next poll waits twice as long (up to `maxBackoffMs`), then resumes.
 */
export function watchAccount(client: Client, parameters: WatchAccountParameters): WatchAccountReturnType {
  const { deployment, account, onEntries, onError } = parameters;
  const interval = parameters.pollingIntervalMs ?? 4_000;
  const maxBackoff = parameters.maxBackoffMs ?? 60_000;
  const confirmations = parameters.confirmations ?? 0n;
  let next = parameters.fromBlock;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wait = interval;

  const poll = async () => {
    try {
      const latest = await getBlockNumber(client, { cacheTime: 0 });
      const head = latest - confirmations;
      if (next === undefined) next = latest + 1n;
      if (head >= next) {
        const { entries, toBlock } = await getAccountHistory(client, { deployment, account, fromBlock: next, toBlock: head });
        if (stopped) return;
        next = toBlock + 1n;
        if (entries.length !== 0) onEntries(entries);
      }
      wait = interval;
    } catch (error) {
      if (stopped) return;
      onError?.(error);
      wait = Math.min(wait * 2, maxBackoff);
    }
    if (!stopped) timer = setTimeout(poll, wait);
  };
  timer = setTimeout(poll, 0);
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
