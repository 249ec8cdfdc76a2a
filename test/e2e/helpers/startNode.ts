import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort } from "./freePort.js";

export type StartNodeReturnType = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> };

const ROOT = join(import.meta.dirname, "..", "..", "..");

/** Waits until `url` answers eth_chainId (or throws after `timeoutMs`). */
export async function waitForRpc(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }) });
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`node at ${url} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `hardhat node --hostname 127.0.0.1 --port <free>` as a child process (loopback only). */
export async function startNode(port?: number): Promise<StartNodeReturnType> {
  const p = port ?? (await freePort());
  const child = spawn(join(ROOT, "node_modules", ".bin", "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(p)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH ?? ""}` },
    detached: false,
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    if (out.length < 20_000) out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    if (out.length < 20_000) out += d.toString();
  });
  const url = `http://127.0.0.1:${p}`;
  try {
    await waitForRpc(url);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${out.slice(-2000)}`);
  }
  return { url, port: p, child, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
