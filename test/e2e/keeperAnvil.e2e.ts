/**
 * The keeper as a new operator runs it, on anvil (@foundry-rs/anvil, a child process on a free loopback
 * port): the protocol deployed through the Ignition module, books made to be liquidated by a fall
 * (helpers/openTightBooks.ts), and a keeper key that is a fresh random key the node does not hold. The
 * keeper signs every transaction itself and sends it raw; anvil has no signer for it, so a keeper that
 * asked the node to sign (eth_sendTransaction) would send nothing here.
 *
 * One run, in order: the key has vault collateral but no gas, so every send fails and /health answers
 * 503 (a dry-run keeper next to it, with KEEPER_ADDRESS and no key, prints "would send" from that
 * address); a plain transfer funds the key with mining paused (evm_setAutomine false), the keeper
 * broadcasts its start-and-bids into the paused pool and is killed (SIGKILL) before they mine; a second
 * keeper process with the same key and journal reconciles them as pending and sends nothing for those
 * accounts; one evm_mine mines exactly the first process' transactions; with mining back on the keeper
 * finishes, and no transaction of its key ever reverted. Every process started here is stopped in `after`.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import LocalProtocolModule from "../../deploy/modules/LocalProtocol.js";
import type { DeployLocalProtocolReturnType } from "../../deploy/local/deployLocalProtocol.js";
import { startAnvil, type StartAnvilReturnType } from "../../scripts/bench/startAnvil.js";
import { freePort } from "./helpers/freePort.js";
import { fundFreshKey } from "./helpers/fundFreshKey.js";
import { openTightBooks } from "./helpers/openTightBooks.js";
import { startKeeperProcess, type KeeperLogLine, type StartKeeperProcessReturnType } from "./helpers/startKeeperProcess.js";

const ROOT = join(import.meta.dirname, "..", "..");
const USDC = 10n ** 6n;

describe("keeper on anvil with a fresh key (local signing, health, dry run, restart with mining paused)", function () {
  this.timeout(300_000);
  let node: StartAnvilReturnType | undefined;
  let connection: NetworkConnection<string> | undefined;
  const procs: StartKeeperProcessReturnType[] = [];
  let dir = "";
  let deploymentDir = "";

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "keeper-anvil-e2e-"));
    node = await startAnvil({ gasLimit: 300_000_000n });
  });

  after(async function () {
    for (const k of procs) await k.stop();
    await connection?.close();
    await node?.stop();
    if (deploymentDir) rmSync(deploymentDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("signs with its own key, reports failing sends on /health, dry-runs from KEEPER_ADDRESS, and never sends twice across a restart", async function () {
    connection = await network.create({ network: "localhost", override: { url: node!.url } });
    const c = connection as NetworkConnection;
    const deploymentId = `keeper-anvil-e2e-${process.pid}-${Date.now()}`;
    deploymentDir = join(ROOT, "deploy", "deployments", deploymentId);
    const p = (await connection.ignition.deploy(LocalProtocolModule, {
      parameters: { LocalProtocol: { ethPrice8: 2000_00000000n } },
      deploymentId,
    })) as unknown as DeployLocalProtocolReturnType;
    const { books, expiries } = await openTightBooks({ connection: c, protocol: p, traders: 10 });
    const weth = await p.weth.getAddress();
    // the key: collateral in its vault account (depositFor), no gas yet
    const keeper = await fundFreshKey({ connection: c, protocol: p, ethWei: 0n, vaultUsdc: 5_000_000n * USDC });
    const provider = connection.provider;
    const rpc = (method: string, params: unknown[] = []) => provider.request({ method, params });

    const config = async (name: string, over: Record<string, unknown> = {}) => ({
      rpcUrls: [node!.url],
      chainId: 31337,
      deploymentDir,
      logLevel: "info",
      discovery: { chunkSize: 500, reorgDepth: 5, checkpointFile: join(dir, `${name}.checkpoint.json`) },
      screening: { watchRatio: "1.3" },
      strategy: { minProfit: "0", nativePrice: "1" },
      tx: { maxFeeGwei: 100, priorityFeeGwei: 1, stuckAfterMs: 600_000, journalFile: join(dir, `${name}.inflight.json`) },
      rpc: { pollIntervalMs: 200, timeoutMs: 5_000 },
      metrics: { port: await freePort() },
      ...over,
    });
    const health = async (port: number) => {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      return { status: r.status, body: (await r.json()) as { problems: string[] } };
    };
    const until = async <T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> => {
      const end = Date.now() + ms;
      for (;;) {
        const v = await f();
        if (v !== undefined) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    const cfg1 = await config("k");
    const k1 = startKeeperProcess({ config: cfg1, dir, name: "k1", env: { KEEPER_PRIVATE_KEY: keeper.key } });
    procs.push(k1);
    const dryCfg = await config("dry", { dryRun: true });
    const dry = startKeeperProcess({ config: dryCfg, dir, name: "dry", env: { KEEPER_ADDRESS: keeper.address } });
    procs.push(dry);
    const starting = await k1.waitFor((l) => l.msg === "keeper starting");
    expect(starting.signer).to.match(/local key/);
    for (const k of [k1, dry]) await k.waitFor((l) => l.msg === "accounts discovered" && Number(l.total) >= books.length);
    expect((await health(cfg1.metrics.port)).status).to.equal(200);

    // the fall: accounts into tiers
    await (await p.ethUsdFeed.updateAnswer(1840n * 10n ** 8n)).wait();
    await (await p.oracleHub.setVols(weth, expiries, expiries.map(() => 8n * 10n ** 17n))).wait();

    // no gas: the node refuses every raw transaction; /health says so
    const refused = await k1.waitFor((l) => l.msg === "send failed; nonce resync", 60_000);
    expect(String(refused.err)).to.match(/insufficient funds|funds/i);
    const h503 = await until("503", async () => {
      const h = await health(cfg1.metrics.port);
      return h.status === 503 ? h : undefined;
    });
    expect(h503.body.problems.join(" ")).to.match(/sends failing/);
    // the dry run simulates from KEEPER_ADDRESS (whose vault account has the collateral) and prints what it would send
    const would = await dry.waitFor((l) => l.msg === "would send", 60_000);
    expect(would.from).to.equal(keeper.address);
    expect(["startAndBid", "start"]).to.include(would.action);
    await dry.stop();

    // fund the key with a plain transfer while mining is paused; the keeper's transactions wait in the pool
    await rpc("evm_setAutomine", [false]);
    const [funder] = await connection.ethers.getSigners();
    await funder.sendTransaction({ to: keeper.address, value: 10n ** 19n });
    await rpc("evm_mine");
    const firstSent = await k1.waitFor((l) => l.msg === "sent", 60_000);
    await new Promise((r) => setTimeout(r, 2_500)); // the rest of that cycle's sends
    const sent1 = k1.logs.filter((l) => l.msg === "sent" && Number(l.nonce) >= Number(firstSent.nonce));
    expect(sent1.length).to.be.greaterThan(0);
    const sentAccounts = new Set(sent1.map((l) => String(l.account).toLowerCase()));
    expect((await health(cfg1.metrics.port)).status, "a send succeeded: healthy again").to.equal(200);
    await k1.kill(); // a crash: no shutdown hook runs

    // the restart: same key, same journal and checkpoint
    const cfg2 = { ...cfg1, metrics: { port: await freePort() } };
    const k2 = startKeeperProcess({ config: cfg2, dir, name: "k2", env: { KEEPER_PRIVATE_KEY: keeper.key } });
    procs.push(k2);
    const reconciled = await k2.waitFor((l) => l.msg === "in-flight journal reconciled");
    expect(reconciled.pending).to.equal(sent1.length);
    await k2.waitFor((l) => l.msg === "action skipped" && l.reason === "inFlight" && sentAccounts.has(String(l.account).toLowerCase()), 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const sentBeforeMine = k2.logs.filter((l: KeeperLogLine) => l.msg === "sent" && sentAccounts.has(String(l.account).toLowerCase()));
    expect(sentBeforeMine, "sent again after the restart").to.deep.equal([]);

    // one block: exactly the first process' transactions from this key
    const before = await connection.ethers.provider.getBlockNumber();
    await rpc("evm_mine");
    const block = await connection.ethers.provider.getBlock(before + 1, true);
    const ours = block!.prefetchedTransactions.filter((t) => t.from.toLowerCase() === keeper.address.toLowerCase()).map((t) => t.hash.toLowerCase());
    expect(new Set(ours)).to.deep.equal(new Set(sent1.map((l) => String(l.hash).toLowerCase())));
    await rpc("evm_setAutomine", [true]);
    await k2.waitFor((l) => l.msg === "mined" && String(l.hash).toLowerCase() === ours[0], 60_000);

    // the keeper goes on with mining back: its bids land, signed by its own key
    await until("a Bid by the keeper", async () => {
      const bids = await p.liquidationEngine.queryFilter(p.liquidationEngine.filters.Bid(undefined, undefined, keeper.address));
      return bids.length > 0 ? bids : undefined;
    });
    await new Promise((r) => setTimeout(r, 3_000));

    // not one transaction of this key reverted on chain (a double send would have)
    const head = await connection.ethers.provider.getBlockNumber();
    let count = 0;
    for (let b = 1; b <= head; b++) {
      const blk = await connection.ethers.provider.getBlock(b, true);
      for (const t of blk!.prefetchedTransactions) {
        if (t.from.toLowerCase() !== keeper.address.toLowerCase()) continue;
        count++;
        const receipt = await connection.ethers.provider.getTransactionReceipt(t.hash);
        expect(receipt!.status, `keeper transaction ${t.hash} reverted`).to.equal(1);
      }
    }
    expect(count).to.be.greaterThan(0);

    // metrics an operator can alert on: every labelled series from the start, units in the names
    const metrics = await (await fetch(`http://127.0.0.1:${cfg2.metrics.port}/metrics`)).text();
    for (const re of [
      /^keeper_transactions_total\{action="reset",result="reverted"\} 0$/m,
      /^keeper_transactions_total\{action="startAndBid",result="mined"\} [1-9]/m,
      /^keeper_bids_total\{result="lost"\} \d+$/m,
      /^keeper_actions_skipped_total\{reason="unexpectedRevert"\} \d+$/m,
      new RegExp(`^keeper_rpc_healthy\\{url="${node!.url.replace(/[.:/]/g, "\\$&")}"\\} 1$`, "m"),
      /^keeper_head_lag_blocks \d+$/m,
      /^keeper_reaction_blocks_bucket\{le="1"\} \d+$/m,
      /^keeper_profit_realized_tokens -?\d/m,
      /^keeper_gas_spent_native_tokens_total /m,
    ])
      expect(metrics).to.match(re);
    const collateral = Number(/^keeper_vault_collateral_tokens (\S+)$/m.exec(metrics)?.[1]);
    expect(collateral, "vault collateral in whole tokens").to.be.within(1_000_000, 10_000_000);
    expect((await health(cfg2.metrics.port)).status).to.equal(200);
    expect(k2.child.exitCode).to.equal(null);
  });
});
