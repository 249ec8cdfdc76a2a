import { spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** The environment variable of each network's RPC URL (hardhat.config.ts). */
export const RPC_URL_VARIABLE: Record<string, string> = {
  sepolia: "SEPOLIA_RPC_URL",
  arbitrumSepolia: "ARBITRUM_SEPOLIA_RPC_URL",
  baseSepolia: "BASE_SEPOLIA_RPC_URL",
};

export type RunDeploymentParameters = {
  network: string;
  /** the local node standing in for the network */
  url: string;
  deployerKey: string;
  deploymentId: string;
  /** default: deploy/parameters/<network>.json */
  parametersFile?: string;
  onLine?: (line: string) => void;
};

export type RunDeploymentReturnType = { code: number | null; output: string };

/**
 * Runs the production deployment command (`tsx scripts/deploy/deploy.ts <network> ...`, what
 * `npm run deploy` runs) as a child process, with the network's RPC URL pointed at the local node and
 * the deployer key of a prefunded local account. Source verification is skipped (no explorer). The
 * build runs with the `default` profile (HARDHAT_BUILD_PROFILE), whose compiler settings are the
 * `production` profile's (hardhat.config.ts): same bytecode, and `hardhat test`'s build cache is reused
 * instead of recompiling every contract under the other profile.
 */
export function runDeployment({ network, url, deployerKey, deploymentId, parametersFile, onLine }: RunDeploymentParameters): Promise<RunDeploymentReturnType> {
  const variable = RPC_URL_VARIABLE[network];
  if (!variable) throw new Error(`no RPC URL variable for network ${network}`);
  const args = [join(ROOT, "scripts", "deploy", "deploy.ts"), network, "--deployment-id", deploymentId, "--no-verify", "--yes"];
  if (parametersFile) args.push("--parameters", parametersFile);
  const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH ?? ""}`, [variable]: url, DEPLOYER_PRIVATE_KEY: deployerKey, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1", HARDHAT_BUILD_PROFILE: "default" },
  });
  let output = "";
  let buf = "";
  const onData = (d: Buffer) => {
    output += d.toString();
    buf += d.toString();
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      onLine?.(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}
