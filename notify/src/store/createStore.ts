import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Address, Hex } from "viem";
import type { Notification } from "../messages/Notification.js";

export type DeliveryStatus = "pending" | "sent" | "dropped" | "failed";

/** One message for one sink. `id` = `<notification key>@<sink>`. */
export type Delivery = { id: string; sink: string; seq: number; notification: Notification; status: DeliveryStatus };

export type ArmState = { armed: boolean; /** block of the last change */ block: string };

/** What one pass of the watcher commits at once: its messages, discoveries, warning states and the new cursor. */
export type PassCommit = {
  cursor: { block: bigint; hash: Hex };
  accounts?: readonly Address[];
  arms?: ReadonlyMap<string, ArmState>;
  deliveries?: readonly { sink: string; notification: Notification }[];
};

export type CreateStoreParameters = { file: string; /** fsync after each write (default true) */ durable?: boolean };

export type CreateStoreReturnType = {
  /** the last block fully processed, and its hash */
  cursor: () => { block: bigint; hash: Hex } | undefined;
  accounts: () => Address[];
  arm: (account: Address) => ArmState | undefined;
  /** true when this delivery id was ever enqueued (whatever became of it) */
  has: (id: string) => boolean;
  /** appends the pass in one write; deliveries whose id is known are skipped. Returns the deliveries added. */
  commitPass: (c: PassCommit) => Delivery[];
  /** the oldest pending delivery of `sink` */
  nextPending: (sink: string) => Delivery | undefined;
  pendingCount: () => number;
  markDone: (id: string, status: Exclude<DeliveryStatus, "pending">, reason?: string) => void;
  status: (id: string) => DeliveryStatus | undefined;
  close: () => void;
};

type Line =
  | { t: "m"; id: string; sink: string; seq: number; n: Notification }
  | { t: "d"; id: string; s: Exclude<DeliveryStatus, "pending">; r?: string }
  | { t: "k"; id: string; s: Exclude<DeliveryStatus, "pending"> }
  | { t: "c"; b: string; h: Hex }
  | { t: "a"; a: Address }
  | { t: "w"; a: Address; armed: boolean; b: string };

/**
 * The notifier's persistent record: an append-only JSON-lines file. Every pass appends its messages
 * (pending, per sink), new accounts, warning states and cursor in one write; every send appends its
 * outcome. A restart replays the file (a torn last line is ignored) and rewrites it compactly (finished
 * deliveries keep only their id): nothing enqueued is sent twice, nothing enqueued is lost.
 */
export function createStore({ file, durable = true }: CreateStoreParameters): CreateStoreReturnType {
  const deliveries = new Map<string, Delivery>();
  const finished = new Map<string, Exclude<DeliveryStatus, "pending">>();
  const accounts = new Map<string, Address>();
  const arms = new Map<string, ArmState>();
  let cursor: { block: bigint; hash: Hex } | undefined;
  let seq = 0;

  const apply = (l: Line) => {
    switch (l.t) {
      case "m":
        if (!deliveries.has(l.id) && !finished.has(l.id)) deliveries.set(l.id, { id: l.id, sink: l.sink, seq: l.seq, notification: l.n, status: "pending" });
        seq = Math.max(seq, l.seq + 1);
        break;
      case "d":
      case "k":
        deliveries.delete(l.id);
        finished.set(l.id, l.s);
        break;
      case "c":
        cursor = { block: BigInt(l.b), hash: l.h };
        break;
      case "a":
        accounts.set(l.a.toLowerCase(), l.a);
        break;
      case "w":
        arms.set(l.a.toLowerCase(), { armed: l.armed, block: l.b });
        break;
    }
  };

  if (existsSync(file)) {
    for (const text of readFileSync(file, "utf8").split("\n")) {
      if (!text) continue;
      try {
        apply(JSON.parse(text) as Line);
      } catch {
        /* a torn line from a crash mid-write: its pass is re-read and re-keyed */
      }
    }
  }
  // compaction: the current state, written to a temporary file and renamed over the old one
  mkdirSync(dirname(file), { recursive: true });
  const snapshot: Line[] = [];
  for (const [id, s] of finished) snapshot.push({ t: "k", id, s });
  for (const a of accounts.values()) snapshot.push({ t: "a", a });
  for (const [a, w] of arms) snapshot.push({ t: "w", a: a as Address, armed: w.armed, b: w.block });
  for (const d of deliveries.values()) snapshot.push({ t: "m", id: d.id, sink: d.sink, seq: d.seq, n: d.notification });
  if (cursor) snapshot.push({ t: "c", b: cursor.block.toString(), h: cursor.hash });
  const tmp = `${file}.${process.pid}.tmp`;
  const tfd = openSync(tmp, "w");
  writeSync(tfd, snapshot.map((l) => JSON.stringify(l) + "\n").join(""));
  fsyncSync(tfd);
  closeSync(tfd);
  renameSync(tmp, file);
  const fd = openSync(file, "a");

  const write = (lines: Line[]) => {
    if (lines.length === 0) return;
    writeSync(fd, lines.map((l) => JSON.stringify(l) + "\n").join(""));
    if (durable) fsyncSync(fd);
    for (const l of lines) apply(l);
  };

  return {
    cursor: () => cursor,
    accounts: () => [...accounts.values()],
    arm: (a) => arms.get(a.toLowerCase()),
    has: (id) => deliveries.has(id) || finished.has(id),
    commitPass: ({ cursor: c, accounts: added = [], arms: armChanges = new Map(), deliveries: ds = [] }) => {
      const lines: Line[] = [];
      const fresh: string[] = [];
      const queued = new Set<string>();
      for (const { sink, notification } of ds) {
        const id = `${notification.key}@${sink}`;
        if (deliveries.has(id) || finished.has(id) || queued.has(id)) continue;
        queued.add(id);
        lines.push({ t: "m", id, sink, seq: seq + fresh.length, n: notification });
        fresh.push(id);
      }
      for (const a of added) if (!accounts.has(a.toLowerCase())) lines.push({ t: "a", a });
      for (const [a, w] of armChanges) lines.push({ t: "w", a: a as Address, armed: w.armed, b: w.block });
      lines.push({ t: "c", b: c.block.toString(), h: c.hash });
      write(lines);
      return fresh.map((id) => deliveries.get(id)!);
    },
    nextPending: (sink) => {
      let best: Delivery | undefined;
      for (const d of deliveries.values()) if (d.sink === sink && (!best || d.seq < best.seq)) best = d;
      return best;
    },
    pendingCount: () => deliveries.size,
    markDone: (id, s, r) => write([{ t: "d", id, s, ...(r ? { r } : {}) }]),
    status: (id) => (deliveries.has(id) ? "pending" : finished.get(id)),
    close: () => closeSync(fd),
  };
}
