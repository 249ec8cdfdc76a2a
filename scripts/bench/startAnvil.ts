/**
 * `anvil` (from @foundry-rs/anvil) on a free loopback port as a child process, for benchmarks. Port,
 * readiness and shutdown use the same helpers as the end-to-end tests' `hardhat node`.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../../test/e2e/helpers/freePort.js";
import { stopChild, waitForRpc } from "../../test/e2e/helpers/startNode.js";

const ROOT = join(import.meta.dirname, "..", "..");

export type StartAnvilReturnType = { url: string; stop: () => Promise<void> };

/** Starts anvil (Cancun, a 1e9 block gas limit so a batch view fits), listening on 127.0.0.1 only. */
export async function startAnvil(): Promise<StartAnvilReturnType> {
  const port = await freePort();
  const child = spawn(
    join(ROOT, "node_modules", ".bin", "anvil"),
    ["--host", "127.0.0.1", "--port", String(port), "--hardfork", "cancun", "--gas-limit", "1000000000", "--silent"],
    { cwd: ROOT, stdio: ["ignore", "ignore", "ignore"] },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForRpc(url, 30_000);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { url, stop: () => stopChild(child) };
}
