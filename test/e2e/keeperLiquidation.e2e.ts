/**
 * Keeper liquidation end-to-end against the real LiquidationEngine: `hardhat node` on a free loopback
 * port as a child process, the protocol deployed through the Ignition module, 50 books made to be
 * liquidated by a fall (test/e2e/helpers/openTightBooks.ts: naked short puts near initial margin,
 * well-collateralised put spreads and short puts, long puts), the insurance fund seeded, and the
 * keeper run as two competing separate processes (`tsx keeper/src/index.ts`) reading the engine from
 * deployed_addresses.json. The ETH price falls in steps through the mock aggregator; after each step
 * the test waits until the engine's own views show nothing left for a keeper to do. Every process
 * started here is stopped in `after`.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import LocalProtocolModule from "../../deploy/modules/LocalProtocol.js";
import type { DeployLocalProtocolReturnType } from "../../deploy/local/deployLocalProtocol.js";
import { freePort } from "./helpers/freePort.js";
import { fundFreshKey } from "./helpers/fundFreshKey.js";
import { openTightBooks, type TightBook } from "./helpers/openTightBooks.js";
import { startKeeperProcess, type StartKeeperProcessReturnType } from "./helpers/startKeeperProcess.js";
import { startNode, type StartNodeReturnType } from "./helpers/startNode.js";

const ROOT = join(import.meta.dirname, "..", "..");
const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const MAX_UINT = 2n ** 256n - 1n;
const SEED = 50_000n * USDC; // insurance fund seed [USDC decimals]
const PRICES = [1960n, 1920n, 1880n, 1840n, 1500n]; // [USD]

type Status = { auctionId: bigint; active: boolean; maxSizeWad: bigint; ratioWad: bigint; tier: bigint; canStart: boolean; canEnd: boolean; canReset: boolean };

describe("keeper liquidation end-to-end (real node, real engine, two competing keepers as separate processes)", function () {
  this.timeout(300_000);
  let node: StartNodeReturnType | undefined;
  let connection: NetworkConnection<string> | undefined;
  let keeper: StartKeeperProcessReturnType | undefined;
  let rival: StartKeeperProcessReturnType | undefined;
  let dir = "";
  let deploymentDir = "";
  let p: DeployLocalProtocolReturnType;
  let books: TightBook[] = [];
  let expiries: bigint[] = [];
  // two fresh random keys the node does not hold (funded by a transfer): the keeper and a rival
  let KEEPER_KEY = "";
  let RIVAL_KEY = "";

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "keeper-liq-e2e-"));
    node = await startNode();
    connection = await network.create({ network: "localhost", override: { url: node.url } });
    const deploymentId = `keeper-liq-e2e-${process.pid}-${Date.now()}`;
    deploymentDir = join(ROOT, "deploy", "deployments", deploymentId);
    p = (await connection.ignition.deploy(LocalProtocolModule, {
      parameters: { LocalProtocol: { ethPrice8: 2000_00000000n } },
      deploymentId,
    })) as unknown as DeployLocalProtocolReturnType;
    ({ books, expiries } = await openTightBooks({ connection: connection as NetworkConnection, protocol: p, traders: 50 }));
    const signers = await connection.ethers.getSigners();
    const vault = await p.vault.getAddress();
    // the keeper's vault account takes the slices; the deployer (RISK_ADMIN, FEEDER) seeds the fund
    ({ key: KEEPER_KEY } = await fundFreshKey({ connection: connection as NetworkConnection, protocol: p, vaultUsdc: 5_000_000n * USDC }));
    ({ key: RIVAL_KEY } = await fundFreshKey({ connection: connection as NetworkConnection, protocol: p, vaultUsdc: 5_000_000n * USDC }));
    await (await p.usdc.mint(signers[0].address, SEED)).wait();
    await (await p.usdc.approve(vault, SEED)).wait();
    await (await p.vault.depositFor(vault, SEED)).wait(); // the insurance fund is the vault's own account
  });

  after(async function () {
    await keeper?.stop();
    await rival?.stop();
    await connection?.close();
    await node?.stop();
    if (deploymentDir) rmSync(deploymentDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("takes every account that fell into a tier back to the target (or closes it out), touches no healthy one, and books the fund and bad debt as the events say", async function () {
    const engine = p.liquidationEngine;
    const accounts = books.map((b) => b.wallet.address);
    const weth = await p.weth.getAddress();
    const target = (await engine.underlyingParams("0x0000000000000000000000000000000000000000"))[1].targetRatioWad as bigint;
    const startBlock = await connection!.ethers.provider.getBlockNumber();
    const positionsOf = async (a: string) =>
      ((await p.marginLens.health(a)).positions as { seriesId: bigint; sizeWad: bigint }[]).map((x) => `${x.seriesId}:${x.sizeWad}`).join(",");
    const before = new Map<string, string>();
    for (const a of accounts) before.set(a, await positionsOf(a));

    // two keepers with their own keys, checkpoints and metrics ports compete for the same auctions
    const startOne = async (name: string, key: string) =>
      startKeeperProcess({
        config: {
          rpcUrls: [node!.url],
          deploymentDir,
          logLevel: "info",
          discovery: { chunkSize: 500, reorgDepth: 5, checkpointFile: join(dir, `${name}.checkpoint.json`) },
          screening: { watchRatio: "1.3" },
          // gas priced as on a cheap chain so that a 1% discount on a few options pays
          strategy: { minProfit: "0", riskHaircut: "0", nativePrice: "1" },
          tx: { maxFeeGwei: 100, priorityFeeGwei: 1, stuckAfterMs: 5_000 },
          rpc: { pollIntervalMs: 200, timeoutMs: 5_000 },
          metrics: { port: await freePort() },
        },
        dir,
        name,
        env: { KEEPER_PRIVATE_KEY: key },
      });
    keeper = await startOne("liq", KEEPER_KEY);
    rival = await startOne("rival", RIVAL_KEY);
    for (const k of [keeper, rival]) await k.waitFor((l) => l.msg === "accounts discovered" && Number(l.total) >= books.length);

    const statuses = async (): Promise<Status[]> => (await p.liquidationLens.auctionStatusBatch(accounts)) as Status[];
    // nothing left for any keeper: no startable account, no endable auction, no live auction below target with size for sale
    const idle = (s: Status) => !s.canStart && !(s.active && s.canEnd) && !(s.active && s.maxSizeWad > 0n && s.ratioWad < target);
    const waitIdle = async (label: string) => {
      const deadline = Date.now() + 90_000; // a guard against hanging, not a speed bar (2 loaded cores are slow)
      let calm = 0;
      for (;;) {
        const st = await statuses();
        calm = st.every(idle) ? calm + 1 : 0;
        if (calm >= 3) return;
        if (Date.now() > deadline) {
          const busy = st.map((s, i) => [accounts[i], s] as const).filter(([, s]) => !idle(s));
          throw new Error(`${label}: keeper left work undone for ${busy.length} accounts: ${busy.map(([a, s]) => `${a} ratio ${s.ratioWad} tier ${s.tier} active ${s.active} max ${s.maxSizeWad}`).join("; ")}`);
        }
        await new Promise((r) => setTimeout(r, 400));
      }
    };

    const tiered = new Set<string>();
    const belowMaintenance = new Set<string>();
    for (const price of PRICES) {
      await (await p.ethUsdFeed.updateAnswer(price * 10n ** 8n)).wait();
      await (await p.oracleHub.setVols(weth, expiries, expiries.map(() => 8n * 10n ** 17n))).wait();
      const st = await statuses();
      st.forEach((s, i) => {
        if (s.tier !== 0n) tiered.add(accounts[i]);
        if (s.tier !== 0n && s.ratioWad < WAD) belowMaintenance.add(accounts[i]);
      });
      await waitIdle(`after ${price}`);
    }

    type EngineLog = { fragment?: { name: string }; args: Record<string, bigint | string> };
    const logs = (await engine.queryFilter("*", startBlock + 1)) as EngineLog[];
    const named = (n: string) => logs.filter((l) => l.fragment?.name === n).map((l) => l.args);
    const vaultLogs = (await p.vault.queryFilter("*", startBlock + 1)) as EngineLog[];
    const vaultNamed = (n: string) => vaultLogs.filter((l) => l.fragment?.name === n).map((l) => l.args);
    const started = new Set(named("StartAuction").map((a) => String(a.account)));
    const bid = named("Bid");
    // the price fall pushed accounts into tiers, some below maintenance, and the keeper acted on them
    expect(tiered.size).to.be.greaterThan(5);
    expect(belowMaintenance.size).to.be.greaterThan(0);
    expect(bid.length).to.be.greaterThan(0);
    for (const a of tiered) expect(started.has(a), `${a} fell into a tier but no auction started`).to.equal(true);

    // every account that fell into a tier: at or above the target, or closed out (no requirement left);
    // an open auction below the target always offers size (at least the minimum size), so nothing else
    const end = await statuses();
    const summaries = (await p.marginLens.healthBatch(accounts)) as { maintenanceWad: bigint; ratioWad: bigint }[];
    accounts.forEach((a, i) => {
      if (!tiered.has(a)) return;
      const closed = summaries[i].maintenanceWad === 0n;
      if (closed) return;
      expect(end[i].ratioWad, `${a} left below the target`).to.be.gte(target);
      expect(end[i].active, `${a} recovered but its auction is still open`).to.equal(false);
    });

    // no healthy account touched: never in a tier → no auction, no bid, same positions
    for (const b of books) {
      const a = b.wallet.address;
      if (tiered.has(a)) continue;
      expect(started.has(a), `${a} (${b.kind}) was never in a tier but was auctioned`).to.equal(false);
      expect(await positionsOf(a)).to.equal(before.get(a));
    }
    for (const b of books.filter((x) => x.kind === "long" || x.kind === "safe")) expect(tiered.has(b.wallet.address), `${b.kind} book fell into a tier`).to.equal(false);

    // insurance fund = seed + Σ fund shares − Σ payouts; it is the vault's own account (the one loss ledger)
    const fundIn = bid.reduce((s, a) => s + BigInt(a.fundShare), 0n);
    const payouts = vaultNamed("InsuranceCover").reduce((s, a) => s + BigInt(a.amount), 0n);
    expect(await p.vault.insuranceFund()).to.equal(SEED + fundIn - payouts);
    expect(await p.vault.collateralOf(await p.vault.getAddress())).to.equal(SEED + fundIn - payouts);
    // bad debt per account and in total = the vault's BadDebt events
    const debts = vaultNamed("BadDebt");
    expect(await p.vault.totalBadDebt()).to.equal(debts.reduce((s, a) => s + BigInt(a.amount), 0n));
    for (const a of accounts) expect(await p.vault.badDebtOf(a)).to.equal(debts.filter((d) => String(d.account) === a).reduce((s, d) => s + BigInt(d.amount), 0n));

    // neither keeper crashed, and neither re-sent a transaction that reverted on chain
    let lostRaces = 0;
    for (const k of [keeper!, rival!]) {
      const reverted = k.logs.filter((l) => l.msg === "mined revert (lost a race in the same block); never resent").map((l) => `${l.action}:${l.account}:${l.auctionId}`);
      expect(new Set(reverted).size, "a mined revert was sent again").to.equal(reverted.length);
      lostRaces += reverted.length;
      // both vault accounts hold 5M USDC: a margin revert naming a liquidated account is not theirs
      expect(k.logs.filter((l) => /keeper vault margin too low/.test(l.msg)).length, "margin warnings about the keeper's own account").to.equal(0);
      const failed = k.logs.filter((l) => l.msg === "send failed; nonce resync");
      expect(failed.map((l) => String(l.err).slice(0, 200)), "a send failed").to.deep.equal([]);
      expect(k.child.exitCode, "keeper exited").to.equal(null);
    }
    const byBidder = new Map<string, number>();
    for (const b of bid) byBidder.set(String(b.bidder), (byBidder.get(String(b.bidder)) ?? 0) + 1);
    console.log(`      bids per keeper: ${[...byBidder.values()].join(" / ")}; mined reverts (races lost in the same block): ${lostRaces}`);
    console.log(
      `      ${tiered.size} accounts fell into a tier (${belowMaintenance.size} below maintenance); ${started.size} auctioned, ${bid.length} bids, ` +
        `${named("EndAuction").length} ended; fund ${Number(SEED + fundIn - payouts) / 1e6} USDC (payouts ${Number(payouts) / 1e6}); bad debt ${debts.length}`,
    );
  });
});
