import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stopChild } from "./startNode.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

export type KeeperLogLine = { level: number; msg: string; [k: string]: unknown };

export type StartKeeperProcessParameters = {
  /** the keeper config object (written to `<dir>/keeper.json`) */
  config: Record<string, unknown>;
  dir: string;
  name: string;
  env?: Record<string, string>;
  args?: string[];
};

export type StartKeeperProcessReturnType = {
  child: ChildProcess;
  logs: KeeperLogLine[];
  /** stderr and non-JSON stdout */
  text: () => string;
  /** resolves with the first log line matching, or rejects after timeoutMs */
  waitFor: (pred: (l: KeeperLogLine) => boolean, timeoutMs?: number) => Promise<KeeperLogLine>;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
  /** SIGKILL, no chance to clean up (a crash) */
  kill: () => Promise<void>;
};

/**
 * The keeper as one separate process, started as an operator starts it (`node --import tsx
 * keeper/src/index.ts --config <file>`, no npm or shell in between: its pid is the keeper's), its JSON
 * log lines collected. `args` go after the entry (e.g. `fund --amount 1`).
 */
export function startKeeperProcess({ config, dir, name, env = {}, args = [] }: StartKeeperProcessParameters): StartKeeperProcessReturnType {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  const child = spawn(join(ROOT, "node_modules", ".bin", "node"), ["--import", "tsx", join(ROOT, "keeper", "src", "index.ts"), ...args, "--config", file], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH ?? ""}`, ...env },
  });
  const logs: KeeperLogLine[] = [];
  let text = "";
  const waiters: { pred: (l: KeeperLogLine) => boolean; resolve: (l: KeeperLogLine) => void }[] = [];
  let buf = "";
  child.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        const l = JSON.parse(line) as KeeperLogLine;
        logs.push(l);
        for (const w of [...waiters])
          if (w.pred(l)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(l);
          }
      } catch {
        text += line + "\n";
      }
    }
  });
  child.stderr?.on("data", (d: Buffer) => {
    text += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return {
    child,
    logs,
    text: () => text,
    exited,
    waitFor: (pred, timeoutMs = 60_000) => {
      const found = logs.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (l: KeeperLogLine) => (clearTimeout(t), resolve(l)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`${name}: no matching log line within ${timeoutMs} ms; last: ${JSON.stringify(logs.slice(-5))}\n${text.slice(-1500)}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    stop: () => stopChild(child),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGKILL");
      await gone;
    },
  };
}
