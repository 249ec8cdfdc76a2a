import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../../test/e2e/helpers/freePort.js";
import { stopChild, waitForRpc } from "../../test/e2e/helpers/startNode.js";

const ROOT = join(import.meta.dirname, "..", "..");

export type StartRehearsalNodeParameters = { chainId: number };
export type StartRehearsalNodeReturnType = { url: string; stop: () => Promise<void> };

/** `anvil` with the given chain id on a free 127.0.0.1 port (Cancun; prefunded test accounts). */
export async function startRehearsalNode({ chainId }: StartRehearsalNodeParameters): Promise<StartRehearsalNodeReturnType> {
  const port = await freePort();
  const child = spawn(
    join(ROOT, "node_modules", ".bin", "anvil"),
    ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), "--hardfork", "cancun", "--silent"],
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
