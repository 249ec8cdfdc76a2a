/**
 * One-command deployment: `npm run deploy -- <network> [--parameters <file>] [--deployment-id <id>]
 * [--no-verify] [--yes] [--check-only]`.
 *
 * 1. validates deploy/parameters/<network>.json (exit 2 naming the bad field);
 * 2. preflight on the live chain: chain id, every feed's description() and decimals(), the collateral's
 *    decimals(); anything wrong refuses the deployment (exit 1) naming the feed, before anything is sent;
 * 3. `hardhat ignition deploy deploy/modules/Protocol.ts --network <network> --parameters <file>`;
 * 4. configures markets and liquidation defaults, lists the series, grants the extra roles and sets the
 *    CRE workflow identity from the parameter file (idempotent: re-run after a failure);
 * 5. `hardhat ignition verify <deployment id>` (skipped with --no-verify).
 * Addresses land in deploy/deployments/<deployment id>/deployed_addresses.json (default id chain-<id>).
 * The RPC URL and the deployer key are Hardhat configuration variables (keystore or environment).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import hre from "hardhat";
import { createPublicClient, createWalletClient, custom, type Address } from "viem";
import { checkFeeds } from "./checkFeeds.js";
import { configureProtocol, protocolAddresses } from "./configureProtocol.js";
import { loadParameters, ParameterError } from "./parameterSchema.js";

const ROOT = join(import.meta.dirname, "..", "..");
const HARDHAT = join(ROOT, "node_modules", ".bin", "hardhat");
const log = (line: string) => process.stdout.write(`${line}\n`);
const fail = (code: number, message: string): never => {
  process.stderr.write(`deploy: ${message}\n`);
  process.exit(code);
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    parameters: { type: "string" },
    "deployment-id": { type: "string" },
    "no-verify": { type: "boolean", default: false },
    yes: { type: "boolean", default: false },
    "check-only": { type: "boolean", default: false },
  },
});
const network = positionals[0];
if (!network) fail(2, "usage: npm run deploy -- <network> [--parameters <file>] [--deployment-id <id>] [--no-verify] [--yes] [--check-only]");
const netConfig = hre.config.networks[network!];
if (!netConfig || netConfig.type !== "http") fail(2, `unknown network "${network}" (HTTP networks in hardhat.config.ts: ${Object.entries(hre.config.networks).filter(([, n]) => n.type === "http").map(([k]) => k).join(", ")})`);
const file = values.parameters ?? join("deploy", "parameters", `${network}.json`);

let parameters;
try {
  parameters = loadParameters(file);
} catch (e) {
  if (e instanceof ParameterError) fail(2, `invalid parameters in ${file}: ${e.message}`);
  throw e;
}

log(`== preflight: ${file} against network ${network}`);
const connection = await hre.network.create({ network: network! });
const transport = custom(connection.provider);
const publicClient = createPublicClient({ transport, pollingInterval: 250 });
const preflight = await checkFeeds({ client: publicClient, parameters });
for (const c of preflight.checks) log(`  ${c.ok ? "ok  " : "FAIL"}  ${c.what}${c.address ? ` at ${c.address}` : ""}: ${c.detail}`);
if (!preflight.ok) {
  const bad = preflight.checks.filter((c) => !c.ok);
  fail(1, `refused: ${bad.map((c) => `${c.what}${c.address ? ` (${c.address})` : ""}: ${c.detail}`).join("; ")}`);
}
if (values["check-only"]) {
  log("preflight passed (--check-only: nothing deployed)");
  process.exit(0);
}

const chainId = parameters.Deployment.chainId;
const deploymentId = values["deployment-id"] ?? `chain-${chainId}`;
log(`== ignition deploy (deployment ${deploymentId})`);
const env = { ...process.env, ...(values.yes ? { HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1" } : {}) };
const args = ["ignition", "deploy", "deploy/modules/Protocol.ts", "--network", network!, "--parameters", file, "--deployment-id", deploymentId];
const ignition = spawnSync(HARDHAT, args, { cwd: ROOT, stdio: "inherit", env });
if (ignition.status !== 0) fail(1, `ignition deploy failed (exit ${ignition.status}); fix and re-run: the journal resumes`);

const addressesFile = join(ROOT, "deploy", "deployments", deploymentId, "deployed_addresses.json");
if (!existsSync(addressesFile)) fail(1, `no ${addressesFile} after the deployment`);
const addresses = protocolAddresses(JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>);

log("== configure (markets, liquidation defaults, series, roles, CRE workflow)");
const [account] = (await connection.provider.request({ method: "eth_accounts" })) as Address[];
const walletClient = createWalletClient({ transport, account: account! });
const configured = await configureProtocol({ publicClient, walletClient, account: account!, addresses, parameters, log });
log(`configured: ${configured.sent} transactions, ${configured.unchanged} settings already in place, ${configured.seriesIds.length} series`);

if (!values["no-verify"]) {
  log(`== verify (deployment ${deploymentId})`);
  const verify = spawnSync(HARDHAT, ["ignition", "verify", deploymentId, "--network", network!], { cwd: ROOT, stdio: "inherit", env });
  if (verify.status !== 0) process.stderr.write(`deploy: verification failed (exit ${verify.status}); the deployment stands, re-run: npx hardhat ignition verify ${deploymentId}\n`);
}
log(`== done: ${addressesFile}`);
for (const [k, v] of Object.entries(addresses)) log(`  ${k.padEnd(18)} ${v}`);
process.exit(0);
