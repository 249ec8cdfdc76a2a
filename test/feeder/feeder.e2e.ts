/**
 * The volatility feeder against a real node and a real HTTP source: anvil on a free loopback port with
 * the local protocol deployed through Ignition, two ETH expiries listed, a Deribit-style ticker server
 * on 127.0.0.1, and the feeder run as a separate process (`tsx feeder/src/index.ts`): first post, a far
 * target walked in allowed steps, bad readings refused, a refresh before the max age, a dry run, a bad
 * config (exit 2 naming the field), and the long-running mode's /health and /metrics with a clean stop.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import LocalProtocolModule from "../../deploy/modules/LocalProtocol.js";
import type { DeployLocalProtocolReturnType } from "../../deploy/local/deployLocalProtocol.js";
import { ROLES } from "../../deploy/roles.js";
import { instrumentName } from "../../feeder/src/sources/createHttpSource.js";
import { startAnvil, type StartAnvilReturnType } from "../../scripts/bench/startAnvil.js";
import { freePort } from "../e2e/helpers/freePort.js";
import { stopChild } from "../e2e/helpers/startNode.js";

const ROOT = join(import.meta.dirname, "..", "..");
const W = 10n ** 18n;
const pct = (p: number) => (BigInt(Math.round(p * 100)) * W) / 10_000n;
const FEEDER = mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: 4 });
const FEEDER_KEY = toHex(FEEDER.getHdKey().privateKey!);

type Run = { code: number | null; out: string };

describe("volatility feeder end-to-end (anvil, HTTP source on 127.0.0.1, feeder as a separate process)", function () {
  this.timeout(180_000);
  let anvil: StartAnvilReturnType | undefined;
  let connection: NetworkConnection<string> | undefined;
  let server: Server | undefined;
  let p: DeployLocalProtocolReturnType;
  let dir = "";
  let deploymentDir = "";
  let sourceUrl = "";
  let weth = "";
  let expiries: bigint[] = [];
  /** mark_iv by instrument name (percent, Deribit style); a string is served as is */
  const quotes = new Map<string, number | string>();

  const writeConfig = (name: string, extra: Record<string, unknown> = {}) => {
    const file = join(dir, `${name}.json`);
    const config = {
      rpcUrl: anvil!.url,
      chainId: 31337,
      deploymentDir,
      markets: [{ name: "ETH", underlying: weth, source: { type: "http", url: `${sourceUrl}/public/ticker?instrument_name={instrument}` } }],
      retries: { attempts: 2, backoffMs: 50 },
      metrics: { enabled: false },
      ...extra,
    };
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  };
  const runFeeder = (args: string[], env: Record<string, string> = { FEEDER_PRIVATE_KEY: FEEDER_KEY }): Promise<Run> => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "feeder", "src", "index.ts"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out })));
  };
  const vols = async () => Promise.all(expiries.map(async (e) => (await p.oracleHub.volData(weth, e))[0] as bigint));
  const setQuote = (v: number | string, which: "both" | 0 | 1 = "both") => {
    for (const [i, e] of expiries.entries()) if (which === "both" || which === i) quotes.set(instrumentName("ETH", e), v);
  };

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "feeder-e2e-"));
    anvil = await startAnvil();
    connection = await network.create({ network: "localhost", override: { url: anvil.url } });
    const deploymentId = `feeder-e2e-${process.pid}-${Date.now()}`;
    deploymentDir = join(ROOT, "deploy", "deployments", deploymentId);
    p = (await connection.ignition.deploy(LocalProtocolModule, { deploymentId })) as unknown as DeployLocalProtocolReturnType;
    weth = await p.weth.getAddress();
    const now = BigInt((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    expiries = [now + 7n * 86_400n, now + 30n * 86_400n];
    for (const e of expiries) await (await p.vault.listSeries(weth, 2000n * W, e, true)).wait();
    await (await p.manager.grantRole(ROLES.FEEDER, FEEDER.address, 0)).wait();
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const q = quotes.get(url.searchParams.get("instrument_name") ?? "");
      if (url.pathname !== "/public/ticker" || q === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(`{"result":{"instrument_name":"${url.searchParams.get("instrument_name")}","mark_iv":${typeof q === "number" ? q : JSON.stringify(q)}}}`);
    });
    const port = await freePort();
    await new Promise<void>((r) => server!.listen(port, "127.0.0.1", () => r()));
    sourceUrl = `http://127.0.0.1:${port}`;
  });

  after(async function () {
    await connection?.close();
    await anvil?.stop();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
    if (deploymentDir) rmSync(deploymentDir, { recursive: true, force: true });
  });

  it("posts the source's implied vol for every listed expiry", async function () {
    setQuote(62.5);
    const r = await runFeeder(["--config", writeConfig("a"), "--once"]);
    expect(r.code, r.out).to.equal(0);
    expect(await vols()).to.deep.equal([pct(62.5), pct(62.5)]);
    expect(r.out).to.include('"reason":"first"');
  });

  it("walks a far target in steps of at most the hub's maximum change", async function () {
    setQuote(200);
    const seen: bigint[][] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runFeeder(["--config", writeConfig("b"), "--once"]);
      expect(r.code, r.out).to.equal(0);
      seen.push(await vols());
    }
    expect(seen.map((v) => v[0])).to.deep.equal([pct(112.5), pct(162.5), pct(200)]);
    expect(seen[2]).to.deep.equal([pct(200), pct(200)]);
  });

  it("refuses unusable readings (NaN, outside the bounds) and posts nothing for them", async function () {
    setQuote("NaN", 0);
    setQuote(900, 1);
    const r = await runFeeder(["--config", writeConfig("c"), "--once"]);
    expect(r.code).to.equal(1);
    expect(r.out).to.include("unusable reading");
    expect(r.out).to.include("outside OracleHub's bounds");
    expect(await vols()).to.deep.equal([pct(200), pct(200)]);
  });

  it("re-posts an unchanged value before the max age runs out", async function () {
    setQuote(200);
    let r = await runFeeder(["--config", writeConfig("d"), "--once"]);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.not.include('"msg":"posting"');
    const [, before] = await p.oracleHub.volData(weth, expiries[0]);
    await connection!.provider.request({ method: "evm_increaseTime", params: [86_400 - 3_600 + 60] });
    await connection!.provider.request({ method: "evm_mine", params: [] });
    r = await runFeeder(["--config", writeConfig("d"), "--once"]);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.include('"reason":"refresh"');
    const [vol, after] = await p.oracleHub.volData(weth, expiries[0]);
    expect(vol).to.equal(pct(200));
    expect(after > before).to.equal(true);
  });

  it("a dry run needs no key and sends nothing", async function () {
    setQuote(230);
    const r = await runFeeder(["--config", writeConfig("e"), "--once", "--dry-run"], {});
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.include("would post");
    expect(await vols()).to.deep.equal([pct(200), pct(200)]);
  });

  it("a bad configuration exits 2 naming the field; a missing key too", async function () {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ rpcUrl: anvil!.url, deploymentDir, markets: [{ name: "ETH", underlying: weth, source: { type: "http", url: "ftp://example" } }] }));
    let r = await runFeeder(["--config", file, "--once"]);
    expect(r.code).to.equal(2);
    expect(r.out).to.include("invalid configuration: markets.0.source.url");
    r = await runFeeder(["--config", writeConfig("f"), "--once"], {});
    expect(r.code).to.equal(2);
    expect(r.out).to.include("FEEDER_PRIVATE_KEY");
  });

  it("runs as a service: /health, /metrics, posts on a move, stops cleanly on SIGTERM", async function () {
    setQuote(210);
    const port = await freePort();
    const file = writeConfig("g", { metrics: { enabled: true, host: "127.0.0.1", port }, policy: { pollIntervalMs: 300 } });
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "feeder", "src", "index.ts"), "--config", file], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FEEDER_PRIVATE_KEY: FEEDER_KEY } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    try {
      let health: Response | undefined;
      for (let i = 0; i < 100; i++) {
        health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        if (health?.status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(health?.status, out).to.equal(200);
      expect(await vols()).to.deep.equal([pct(210), pct(210)]);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).to.match(/feeder_vol_posts_total\{market="ETH",reason="move"\} 2/);
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).to.equal(0);
    } finally {
      await stopChild(child);
    }
  });
});
