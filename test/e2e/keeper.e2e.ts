/**
 * Keeper end-to-end against a real node: `hardhat node` on a free loopback port as a child process,
 * the protocol deployed through the Ignition module (its deployed_addresses.json is what the keeper
 * reads), 50+ accounts with mixed books opened by signed-order fills, and the keeper run as a
 * separate process (`tsx keeper/src/index.ts --config <file>`) whose JSON logs and /metrics the test
 * reads. The keeper reaches the node through a loopback TCP proxy: stopping the proxy is, for the
 * keeper, the node dying (connections reset, port refused); starting it again is the node coming
 * back. (A Hardhat node cannot be restarted with its state; `anvil --dump-state/--load-state` could,
 * but @foundry-rs/anvil is not installed.) Every process started here is stopped in `after`.
 *
 * Here every book stays above the watch ratio (discovery, screening, failover, checkpoint, the start-up
 * checks); the liquidation scenarios against the real engine are in keeperLiquidation.e2e.ts (hardhat
 * node) and keeperAnvil.e2e.ts (anvil: local signing, health, restart with mining paused). The keeper's
 * key is a fresh random one the node does not hold, funded by a transfer.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import LocalProtocolModule from "../../deploy/modules/LocalProtocol.js";
import type { DeployLocalProtocolReturnType } from "../../deploy/local/deployLocalProtocol.js";
import { freePort } from "./helpers/freePort.js";
import { fundFreshKey } from "./helpers/fundFreshKey.js";
import { openBooks } from "./helpers/openBooks.js";
import { startKeeperProcess, type StartKeeperProcessReturnType } from "./helpers/startKeeperProcess.js";
import { startNode, type StartNodeReturnType } from "./helpers/startNode.js";
import { startProxy, type StartProxyReturnType } from "./helpers/startProxy.js";

const ROOT = join(import.meta.dirname, "..", "..");

describe("keeper end-to-end (real node, keeper as a separate process)", function () {
  this.timeout(300_000);
  let node: StartNodeReturnType | undefined;
  let proxy: StartProxyReturnType | undefined;
  let proxyPort = 0;
  let dir = "";
  let deploymentDir = "";
  let protocol: DeployLocalProtocolReturnType;
  let connection: NetworkConnection<string>;
  const keepers: StartKeeperProcessReturnType[] = [];
  let KEEPER_KEY = "";

  const baseConfig = async (name: string) => ({
    rpcUrls: [proxy!.url],
    deploymentDir,
    logLevel: "info",
    discovery: { chunkSize: 50, reorgDepth: 5, checkpointFile: join(dir, `${name}.checkpoint.json`) },
    rpc: { pollIntervalMs: 200, timeoutMs: 2_000 },
    metrics: { port: await freePort() },
  });

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "keeper-e2e-"));
    node = await startNode();
    proxy = await startProxy(node.port);
    proxyPort = proxy.port;
    connection = await network.create({ network: "localhost", override: { url: node.url } });
    const deploymentId = `keeper-e2e-${process.pid}-${Date.now()}`;
    deploymentDir = join(ROOT, "deploy", "deployments", deploymentId);
    protocol = (await connection.ignition.deploy(LocalProtocolModule, {
      parameters: { LocalProtocol: { ethPrice8: 2000_00000000n } },
      deploymentId,
    })) as unknown as DeployLocalProtocolReturnType;
    await openBooks({ connection: connection as NetworkConnection, protocol, traders: 50, collateral: 5_000n });
    ({ key: KEEPER_KEY } = await fundFreshKey({ connection: connection as NetworkConnection, protocol }));
  });

  after(async function () {
    for (const k of keepers) await k.stop();
    await proxy?.stop();
    await connection?.close();
    await node?.stop();
    if (deploymentDir) rmSync(deploymentDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("exits non-zero with a message naming the field on a bad config", async function () {
    const k = startKeeperProcess({ config: { ...(await baseConfig("bad")), rpcUrls: ["ftp://127.0.0.1:1"] }, dir, name: "bad", env: { KEEPER_PRIVATE_KEY: KEEPER_KEY } });
    expect(await k.exited).to.equal(2);
    expect(k.text()).to.match(/invalid configuration: rpcUrls\.0: must be an http\(s\):\/\/ or ws\(s\):\/\/ URL/);
    const k2 = startKeeperProcess({ config: { ...(await baseConfig("bad2")), strategy: { riskHaircut: "3" } }, dir, name: "bad2", env: { KEEPER_PRIVATE_KEY: KEEPER_KEY } });
    expect(await k2.exited).to.equal(2);
    expect(k2.text()).to.match(/strategy\.riskHaircut: must be between 0 and 1/);
  });

  it("checks at start, exits 2 naming the field (never a stack trace): chain id, code and a view per contract, metrics port, an answering endpoint", async function () {
    const env = { KEEPER_PRIVATE_KEY: KEEPER_KEY };
    const eoa = new connection.ethers.Wallet(KEEPER_KEY).address;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["chain", { chainId: 1 }, /invalid configuration: chainId: configured 1 but http:\/\/127\.0\.0\.1:\d+ serves chain 31337/],
      ["eoa", { contracts: { vault: eoa } }, /invalid configuration: contracts\.vault: no contract code at 0x[0-9a-fA-F]{40} on chain 31337/],
      // a contract, but not the one the keeper expects: the fund's token answers no healthBatch
      ["wrong", { contracts: { marginLens: await protocol.usdc.getAddress() } }, /invalid configuration: contracts\.marginLens: the contract at 0x[0-9a-fA-F]{40} does not answer healthBatch/],
      ["port", { metrics: { port: node!.port } }, new RegExp(`invalid configuration: metrics\\.port: port ${node!.port} on 127\\.0\\.0\\.1 is already in use`)],
      ["silent", { rpcUrls: [`http://127.0.0.1:${await freePort()}`] }, /invalid configuration: rpcUrls: no endpoint answered eth_chainId/],
    ];
    const runs = await Promise.all(
      cases.map(async ([name, over]) => {
        const cfg = { ...(await baseConfig(`check-${name}`)), ...over };
        return startKeeperProcess({ config: cfg, dir, name: `check-${name}`, env });
      }),
    );
    for (let i = 0; i < cases.length; i++) {
      const k = runs[i];
      expect(await k.exited, `${cases[i][0]}: ${k.text()}`).to.equal(2);
      expect(k.text(), cases[i][0]).to.match(cases[i][2]);
      expect(k.text(), `${cases[i][0]} printed a stack trace`).to.not.match(/\n\s+at /);
    }
  });

  it("discovers every account from vault events, screens them, serves /metrics and /health", async function () {
    const cfg = await baseConfig("a");
    const k = startKeeperProcess({ config: cfg, dir, name: "a", env: { KEEPER_PRIVATE_KEY: KEEPER_KEY } });
    keepers.push(k);
    await k.waitFor((l) => l.msg === "discovery resumed" && l.from === "scratch");
    await k.waitFor((l) => l.msg === "accounts discovered" && Number(l.total) >= 51);
    // the gauges are set at the end of the cycle that discovered the accounts: poll briefly
    let metrics = "";
    for (let i = 0; i < 50 && !/^keeper_accounts_by_tier\{tier="0"\} 51$/m.test(metrics); i++) {
      metrics = await (await fetch(`http://127.0.0.1:${cfg.metrics.port}/metrics`)).text();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(metrics).to.match(/^keeper_accounts_tracked 51$/m);
    expect(metrics).to.match(/^keeper_accounts_by_tier\{tier="0"\} 51$/m);
    expect(metrics).to.include("keeper_reaction_seconds_bucket");
    const health = await fetch(`http://127.0.0.1:${cfg.metrics.port}/health`);
    expect(health.status).to.equal(200);
    expect(((await health.json()) as { accounts: number }).accounts).to.equal(51);
    const cp = JSON.parse(readFileSync(cfg.discovery.checkpointFile, "utf8")) as { accounts: string[]; lastBlock: string };
    expect(cp.accounts.length).to.equal(51);
  });

  it("survives the node going away and catches up when it is back", async function () {
    const k = keepers[0];
    await proxy!.stop();
    await k.waitFor((l) => l.msg === "cycle failed; retrying", 30_000);
    // the endpoint's gauge follows its calls, not the last successful cycle
    const port = (JSON.parse(readFileSync(join(dir, "a.json"), "utf8")) as { metrics: { port: number } }).metrics.port;
    const down = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(down).to.match(new RegExp(`^keeper_rpc_healthy\\{url="http://127\\.0\\.0\\.1:${proxyPort}"\\} 0$`, "m"));
    // the chain moves on while the keeper cannot see it: three new accounts
    await openBooks({ connection: connection as NetworkConnection, protocol, traders: 3, from: 50, collateral: 5_000n });
    proxy = await startProxy(node!.port, proxyPort);
    await k.waitFor((l) => l.msg === "accounts discovered" && Number(l.total) === 54, 60_000);
    expect(k.child.exitCode).to.equal(null);
  });

  it("stops cleanly on SIGTERM and resumes from its checkpoint without a full rescan", async function () {
    const k = keepers.shift()!;
    const cpFile = join(dir, "a.checkpoint.json");
    await k.stop();
    const before = JSON.parse(readFileSync(cpFile, "utf8")) as { lastBlock: string };
    expect(k.child.exitCode).to.equal(0);
    expect(k.logs.some((l) => l.msg === "stopped")).to.equal(true);

    const cfg = { ...(await baseConfig("a")), discovery: { chunkSize: 50, reorgDepth: 5, checkpointFile: cpFile } };
    const k2 = startKeeperProcess({ config: cfg, dir, name: "a2", env: { KEEPER_PRIVATE_KEY: KEEPER_KEY } });
    keepers.push(k2);
    const resumed = await k2.waitFor((l) => l.msg === "discovery resumed");
    expect(resumed.from).to.equal("checkpoint");
    expect(resumed.accounts).to.equal(54);
    // resumes at the checkpoint minus the reorg window, not at block 0
    expect(BigInt(resumed.fromBlock as string)).to.equal(BigInt(before.lastBlock) + 1n - 5n);
    await k2.waitFor((l) => l.msg === "cycle" || l.msg === "metrics on /metrics and /health");
  });
});
