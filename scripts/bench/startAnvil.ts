/**
 * `anvil` (from @foundry-rs/anvil) on a free loopback port as a child process, for benchmarks and the
 * anvil end-to-end test. Port, readiness and shutdown use the same helpers as the end-to-end tests'
 * `hardhat node`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../test/e2e/helpers/freePort.js";
import { stopChild, waitForRpc } from "../../test/e2e/helpers/startNode.js";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * The platform's anvil binary itself when installed (so the child's pid is anvil's and a kill reaches
 * it), else the package's Node wrapper (which forwards SIGINT/SIGTERM only).
 */
function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const direct = join(ROOT, "node_modules", "@foundry-rs", `anvil-${process.platform}-${arch}`, "bin", "anvil");
  return existsSync(direct) ? direct : join(ROOT, "node_modules", ".bin", "anvil");
}

export type StartAnvilParameters = { /** [gas] block gas limit (default 1e9, so a batch view fits) */ gasLimit?: bigint };
export type StartAnvilReturnType = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> };

/** Starts anvil (Cancun, chain id 31337), listening on 127.0.0.1 only. */
export async function startAnvil({ gasLimit = 1_000_000_000n }: StartAnvilParameters = {}): Promise<StartAnvilReturnType> {
  const port = await freePort();
  const child = spawn(
    anvilBinary(),
    ["--host", "127.0.0.1", "--port", String(port), "--hardfork", "cancun", "--gas-limit", String(gasLimit), "--silent"],
    { cwd: ROOT, stdio: ["ignore", "ignore", "ignore"] },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForRpc(url, 30_000);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { url, port, child, stop: () => stopChild(child) };
}
