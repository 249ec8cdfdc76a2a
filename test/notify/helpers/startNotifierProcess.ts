import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stopChild } from "../../e2e/helpers/startNode.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

export type NotifierLogLine = { level: number; msg: string; [k: string]: unknown };

export type StartNotifierProcessReturnType = {
  child: ChildProcess;
  logs: NotifierLogLine[];
  /** stderr and non-JSON stdout */
  text: () => string;
  exited: Promise<number | null>;
  waitFor: (pred: (l: NotifierLogLine) => boolean, timeoutMs?: number) => Promise<NotifierLogLine>;
  stop: () => Promise<void>;
  /** SIGKILL: a crash, no shutdown hook runs */
  kill: () => Promise<void>;
};

/** The notifier as an operator runs it (`node --import tsx notify/src/index.ts --config <file>`), its JSON log lines collected. */
export function startNotifierProcess({ config, dir, name, env = {} }: { config: Record<string, unknown>; dir: string; name: string; env?: Record<string, string> }): StartNotifierProcessReturnType {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  const child = spawn(join(ROOT, "node_modules", ".bin", "node"), ["--import", "tsx", join(ROOT, "notify", "src", "index.ts"), "--config", file], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const logs: NotifierLogLine[] = [];
  let text = "";
  let buf = "";
  child.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        logs.push(JSON.parse(line) as NotifierLogLine);
      } catch {
        text += line + "\n";
      }
    }
  });
  child.stderr?.on("data", (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return {
    child,
    logs,
    text: () => text,
    exited,
    waitFor: async (pred, timeoutMs = 30_000) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = logs.find(pred);
        if (found) return found;
        if (Date.now() > end || child.exitCode !== null)
          throw new Error(`${name}: no matching log line (exit ${child.exitCode}); last: ${JSON.stringify(logs.slice(-5))}\n${text.slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
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
