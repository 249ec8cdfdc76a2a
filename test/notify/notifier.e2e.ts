/**
 * The notifier (notify/src) as an operator runs it, against anvil (started here on a free loopback port,
 * the protocol deployed through the Ignition module) and a local HTTP receiver on 127.0.0.1 standing in
 * for a JSON webhook, Slack, Discord and Telegram's bot API. One price path walks a trader with 20
 * short puts through a margin warning, an auction start, bids and the auction's end, then a settlement
 * and a socialized loss; the notifier is killed (SIGKILL) mid-path with a message pending and
 * restarted on the same store. Expected messages are derived from the chain (logs read through ethers,
 * the lens views at each block): exactly those, in order, each once per sink. A second run reverts the
 * chain under a pending warning (evm_revert): the warning is never delivered. Every process started here
 * is stopped in `after`.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { createPublicClient, createWalletClient, getAddress, http, type Address, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { waitForTransactionReceipt } from "viem/actions";
import LocalProtocolModule from "../../deploy/modules/LocalProtocol.js";
import type { DeployLocalProtocolReturnType } from "../../deploy/local/deployLocalProtocol.js";
import { startAnvil, type StartAnvilReturnType } from "../../scripts/bench/startAnvil.js";
import * as sdk from "../../sdk/src/index.js";
import type { Order, ProtocolDeployment, SigningClient } from "../../sdk/src/index.js";
import type { Notification } from "../../notify/src/messages/Notification.js";
import { freePort } from "../e2e/helpers/freePort.js";
import { startNotifierProcess, type StartNotifierProcessReturnType } from "./helpers/startNotifierProcess.js";
import { startReceiver, type StartReceiverReturnType } from "./helpers/startReceiver.js";

const ROOT = join(import.meta.dirname, "..", "..");
const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
const TOKEN = "123456:test-bot-token";

describe("notifier on anvil with a local HTTP receiver", function () {
  this.timeout(180_000);
  let node: StartAnvilReturnType | undefined;
  let connection: NetworkConnection<string> | undefined;
  let rx: StartReceiverReturnType | undefined;
  const procs: StartNotifierProcessReturnType[] = [];
  let dir = "";
  let deploymentDir = "";
  let p: DeployLocalProtocolReturnType;
  let d: ProtocolDeployment;
  let pub: PublicClient;
  let maker: SigningClient, trader: SigningClient, liquidator: SigningClient;
  let weth: Address;
  let seriesIds: bigint[] = [];
  let expiries: bigint[] = [];

  const wallet = (key: Hex) => createWalletClient({ account: privateKeyToAccount(key), chain: foundry, transport: http(node!.url) });
  const mined = async (hash: Hex) => {
    const r = await waitForTransactionReceipt(pub, { hash });
    expect(r.status).to.equal("success");
    return r;
  };
  const setPrice = async (usd: bigint) => (await (await p.ethUsdFeed.updateAnswer(usd * 10n ** 8n)).wait())!;
  const rpc = (method: string, params: unknown[] = []) => pub.request({ method: method as never, params: params as never });
  const bodies = (path: string) => rx!.delivered(path).map((r) => r.body as Notification);
  /** a short book of 20 puts, left at a ratio of about 1.35 */
  const openShortBook = async (c: SigningClient, seriesId: bigint, salt: bigint, price = 100n * USDC) => {
    await (await p.usdc.mint(c.account.address, 300_000n * USDC)).wait();
    await mined((await sdk.deposit(c, { deployment: d, amount: 300_000n * USDC })).hash);
    const now = BigInt((await pub.getBlock()).timestamp);
    const order: Order = { maker: maker.account.address, seriesId, isBuy: true, sizeWad: 20n * WAD, price, deadline: now + DAY, nonce: await p.vault.nonceOf(maker.account.address), salt };
    const signature = await sdk.signOrder(maker, { optionVault: d.optionVault, order });
    await mined((await sdk.fill(c, { deployment: d, order, signature, fillSizeWad: 20n * WAD })).hash);
    const h = await sdk.getHealth(pub, { deployment: d, account: c.account.address });
    await mined((await sdk.withdraw(c, { deployment: d, amount: (h.equityWad - (135n * h.maintenanceWad) / 100n) / 10n ** 12n })).hash);
  };
  const notifierConfig = async (name: string, over: Record<string, unknown> = {}) => ({
    rpcUrl: node!.url,
    chainId: 31337,
    deploymentDir,
    accounts: "all",
    confirmations: 0,
    pollIntervalMs: 100,
    store: { file: join(dir, `${name}.store.jsonl`) },
    metrics: { enabled: true, port: await freePort() },
    ...over,
  });

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "notify-e2e-"));
    node = await startAnvil({ gasLimit: 300_000_000n });
    rx = await startReceiver();
    connection = await network.create({ network: "localhost", override: { url: node.url } });
    const deploymentId = `notify-e2e-${process.pid}-${Date.now()}`;
    deploymentDir = join(ROOT, "deploy", "deployments", deploymentId);
    p = (await connection.ignition.deploy(LocalProtocolModule, { parameters: { LocalProtocol: { ethPrice8: 2000_00000000n } }, deploymentId })) as unknown as DeployLocalProtocolReturnType;
    d = await sdk.getDeployment({ deploymentDir });
    pub = createPublicClient({ chain: foundry, transport: http(node.url) });
    [maker, trader, liquidator] = [0, 1, 2].map(() => wallet(generatePrivateKey()));
    for (const c of [maker, trader, liquidator]) await rpc("anvil_setBalance", [c.account.address, "0x56BC75E2D63100000"]);
    weth = getAddress(await p.weth.getAddress());
    const now = BigInt((await pub.getBlock()).timestamp);
    expiries = [now + 14n * DAY, now + 30n * DAY];
    await (await p.oracleHub.setVols(weth, expiries, [8n * 10n ** 17n, 8n * 10n ** 17n])).wait();
    for (const [k, e, isCall] of [[2000n, 0, false], [2200n, 1, true], [1900n, 1, false]] as const) {
      await (await p.vault.listSeries(weth, k * WAD, expiries[e], isCall)).wait();
      seriesIds.push(await p.vault.seriesIdOf(weth, k * WAD, expiries[e], isCall));
    }
    for (const c of [maker, liquidator]) {
      await (await p.usdc.mint(c.account.address, 2_000_000n * USDC)).wait();
      await mined((await sdk.deposit(c, { deployment: d, amount: 2_000_000n * USDC })).hash);
    }
    await openShortBook(trader, seriesIds[0], 1n);
  });

  after(async function () {
    for (const n of procs) await n.stop();
    await connection?.close();
    await node?.stop();
    await rx?.close();
    if (deploymentDir) rmSync(deploymentDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("warning → start → bids → end → settlement → socialized loss: exactly the expected messages, in order, once per sink, across a SIGKILL and restart", async function () {
    const a = trader.account.address;
    const only = { accounts: [a] };
    const fast = { baseDelayMs: 200, maxDelayMs: 60_000, timeoutMs: 5_000 };
    const config = await notifierConfig("main", {
      sinks: [
        { name: "hook", type: "webhook", urlEnv: "NOTIFY_HOOK_URL", ...only, retry: fast, rateLimit: { perMinute: 6000, burst: 50 } },
        { name: "everyone", type: "webhook", urlEnv: "NOTIFY_EVERYONE_URL", kinds: ["socializedLoss"], retry: fast },
        { name: "slack", type: "slack", urlEnv: "NOTIFY_SLACK_URL", ...only, retry: fast, rateLimit: { perMinute: 6000, burst: 50 } },
        { name: "discord", type: "discord", urlEnv: "NOTIFY_DISCORD_URL", ...only, retry: fast, rateLimit: { perMinute: 6000, burst: 50 } },
        { name: "tg", type: "telegram", tokenEnv: "NOTIFY_TG_TOKEN", chatId: "-1001", baseUrl: `${rx!.url}/tg`, ...only, retry: fast, rateLimit: { perMinute: 6000, burst: 50 } },
        { name: "flaky", type: "webhook", urlEnv: "NOTIFY_FLAKY_URL", ...only, kinds: ["auctionStart"], retry: fast },
      ],
    });
    const env = {
      NOTIFY_HOOK_URL: `${rx!.url}/hook`,
      NOTIFY_EVERYONE_URL: `${rx!.url}/everyone`,
      NOTIFY_SLACK_URL: `${rx!.url}/slack`,
      NOTIFY_DISCORD_URL: `${rx!.url}/discord`,
      NOTIFY_TG_TOKEN: TOKEN,
      NOTIFY_FLAKY_URL: `${rx!.url}/flaky`,
    };
    const n1 = startNotifierProcess({ config, dir, name: "n1", env });
    procs.push(n1);
    await n1.waitFor((l) => l.msg === "notifier started");

    // 1. the soft margin call: ETH down in 10-dollar steps until the ratio is under 1.20
    let usd = 2000n;
    let warnBlock = 0n;
    for (;;) {
      usd -= 10n;
      const rc = await setPrice(usd);
      const h = await p.marginLens.health(a, { blockTag: rc.blockNumber });
      if (h.ratioWad < (12n * WAD) / 10n) {
        expect(h.ratioWad > (105n * WAD) / 100n, "the warning comes before the first liquidation tier").to.equal(true);
        warnBlock = BigInt(rc.blockNumber);
        break;
      }
    }
    // hysteresis: back over 1.20 but under 1.25, then under again: no second warning
    const up = await setPrice(usd + 10n);
    const hUp = await p.marginLens.health(a, { blockTag: up.blockNumber });
    expect(hUp.ratioWad >= (12n * WAD) / 10n && hUp.ratioWad < (125n * WAD) / 100n).to.equal(true);
    await setPrice(usd);
    await rx!.waitFor("the warning", () => bodies("/hook").length >= 1);
    const warning = bodies("/hook")[0];
    expect(warning.kind).to.equal("warning");
    expect(warning.key).to.equal(`warning:${a}:${warnBlock}`);
    const lpW = await p.marginLens.liquidationPrice(a, weth, { blockTag: Number(warnBlock) });
    expect(warning.prices).to.deep.equal([
      { underlying: weth, label: "WETH", spotWad: (usd * WAD).toString(), downWad: lpW[0].toString(), upWad: lpW[1].toString() },
    ]);
    expect(BigInt(warning.prices![0].downWad) < usd * WAD && BigInt(warning.prices![0].downWad) > 1800n * WAD).to.equal(true);
    expect(warning.text).to.match(/WETH liquidation price ↓ 1,8\d\d\.\d\d \(−\d\.\d\d%\) · ↑ none up to 16× spot from spot 1,\d{3}\.00/);

    // 2. the fall; the auction starts. The flaky sink answers 500 (Retry-After 30 s): n1 waits, and is killed
    rx!.script("/flaky", [
      { status: 500, headers: { "retry-after": "30" } },
      { status: 500, headers: { "retry-after": "1" } },
    ]);
    await setPrice(1800n);
    const started = await sdk.startAuction(liquidator, { deployment: d, account: a });
    await mined(started.hash);
    await rx!.waitFor("auction start", () => bodies("/hook").some((b) => b.kind === "auctionStart") && rx!.requests.some((r) => r.path === "/flaky"));
    await n1.waitFor((l) => l.msg === "send failed; retrying" && l.sink === "flaky");
    await new Promise((r) => setTimeout(r, 300)); // the other sinks deliver the start
    await rx!.waitFor("the start on every sink", () => ["/slack", "/discord", `/tg/bot${TOKEN}/sendMessage`].every((path) => rx!.delivered(path).length === 2));
    await n1.kill();

    // 3. two small bids while the notifier is down
    const live = await sdk.getAuctionStatus(pub, { deployment: d, account: a });
    for (let i = 0; i < 2; i++)
      await mined((await sdk.bid(liquidator, { deployment: d, account: a, auctionId: live.auctionId, seriesId: live.seriesId, lotIsShort: live.lotIsShort, maxSizeWad: WAD, priceLimitWad: 0n })).hash);

    // 4. the restart on the same store: the bids are caught up, the pending start reaches the flaky sink once
    const n2 = startNotifierProcess({ config: { ...config, metrics: { enabled: true, port: await freePort() } }, dir, name: "n2", env });
    procs.push(n2);
    await rx!.waitFor("the two bids", () => bodies("/hook").filter((b) => b.kind === "bid").length === 2);
    await rx!.waitFor("the flaky sink's delivery", () => rx!.delivered("/flaky").length === 1, 20_000);
    const flaky = rx!.requests.filter((r) => r.path === "/flaky");
    expect(flaky.map((r) => r.status)).to.deep.equal([500, 500, 200]);
    expect(new Set(flaky.map((r) => r.headers["idempotency-key"])).size, "the same message each time").to.equal(1);
    expect(flaky[2].at - flaky[1].at, "Retry-After: 1 honoured over the 200 ms backoff").to.be.at.least(950);

    // 5. bids until the target is restored and the auction ends
    for (let i = 0; i < 6; i++) {
      const st = await sdk.getAuctionStatus(pub, { deployment: d, account: a });
      if (!st.active) break;
      await mined((await sdk.bid(liquidator, { deployment: d, account: a, auctionId: st.auctionId, seriesId: st.seriesId, lotIsShort: st.lotIsShort, maxSizeWad: (st.maxSizeWad * 105n) / 100n, priceLimitWad: 0n })).hash);
    }
    expect((await sdk.getAuctionStatus(pub, { deployment: d, account: a })).active).to.equal(false);

    // 6. expiry: the trader's puts settle
    const now = BigInt((await pub.getBlock()).timestamp);
    await rpc("evm_increaseTime", [Number(expiries[0] - now + 60n)]);
    await rpc("evm_mine");
    await setPrice(1900n);
    await (await p.vault.settleSeries(seriesIds[0], await p.ethUsdFeed.latestRound())).wait();
    for (const c of [trader, maker, liquidator]) await (await p.vault.settle(c.account.address, seriesIds[0])).wait();

    // 7. an insolvent book (20 short calls at 4,000): its auction's bid socializes the loss
    await (await p.oracleHub.setVol(weth, expiries[1], 8n * 10n ** 17n)).wait();
    const t3 = wallet(generatePrivateKey());
    await rpc("anvil_setBalance", [t3.account.address, "0x56BC75E2D63100000"]);
    await openShortBook(t3, seriesIds[1], 2n, 50n * USDC);
    await setPrice(4000n);
    await mined((await sdk.startAuction(liquidator, { deployment: d, account: t3.account.address })).hash);
    const l3 = await sdk.getAuctionStatus(pub, { deployment: d, account: t3.account.address });
    await mined((await sdk.bid(liquidator, { deployment: d, account: t3.account.address, auctionId: l3.auctionId, seriesId: l3.seriesId, lotIsShort: l3.lotIsShort, maxSizeWad: l3.maxSizeWad, priceLimitWad: 0n })).hash);

    // what the chain says happened
    const engine = p.liquidationEngine;
    type Log = { transactionHash: string; index: number; blockNumber: number; args: Record<string, bigint> };
    const ofTrader = async (ev: string) => (await engine.queryFilter((engine.filters as Record<string, (a: string) => never>)[ev](a))) as unknown as Log[];
    const [starts, bids, ends] = [await ofTrader("StartAuction"), await ofTrader("Bid"), await ofTrader("EndAuction")];
    const settles = (await p.vault.queryFilter(p.vault.filters.Settle(a))) as unknown as { transactionHash: string; index: number }[];
    const losses = (await p.vault.queryFilter(p.vault.filters.SocializeLoss())) as unknown as { transactionHash: string; index: number; blockNumber: number; args: { account: string; indexBeforeRay: bigint; indexAfterRay: bigint } }[];
    expect([starts.length, ends.length, settles.length, losses.length]).to.deep.equal([1, 1, 1, 1]);
    expect(bids.length).to.be.at.least(3);
    const key = (l: { transactionHash: string; index: number }, who: string = a) => `${l.transactionHash}:${l.index}:${who}`;
    const expected = [
      ["warning", `warning:${a}:${warnBlock}`],
      ["auctionStart", key(starts[0])],
      ...bids.map((b) => ["bid", key(b)]),
      ["auctionEnd", key(ends[0])],
      ["settlement", key(settles[0])],
      ["socializedLoss", key(losses[0])],
    ];
    await rx!.waitFor("every message", () => bodies("/hook").length >= expected.length && rx!.delivered("/everyone").length > 0, 30_000);
    await new Promise((r) => setTimeout(r, 1_000)); // nothing more may come
    const got = bodies("/hook");
    expect(got.map((b) => [b.kind, b.key])).to.deep.equal(expected);

    // each bid's figures are the event's, its liquidation price the lens view at the bid's block
    for (const [i, b] of bids.entries()) {
      const m = got[2 + i];
      expect(m.data.sizeWad).to.equal(b.args.sizeWad.toString());
      expect(m.data.priceWad).to.equal(b.args.priceWad.toString());
      expect(m.data.discountWad).to.equal(b.args.discountWad.toString());
      expect([m.data.ratioBeforeWad, m.data.ratioAfterWad]).to.deep.equal([b.args.ratioBeforeWad.toString(), b.args.ratioAfterWad.toString()]);
      const before = (await p.vault.positionOf(a, seriesIds[0], { blockTag: b.blockNumber - 1 })) as bigint;
      expect(m.data.positionBeforeWad).to.equal((-before).toString());
      expect(m.data.shareWad).to.equal(((b.args.sizeWad * WAD) / -before).toString());
      const lp = await p.marginLens.liquidationPrice(a, weth, { blockTag: b.blockNumber });
      expect([m.prices![0].downWad, m.prices![0].upWad]).to.deep.equal([lp[0].toString(), lp[1].toString()]);
      expect(m.text).to.match(/\nRatio \d\.\d{4} → \d\.\d{4}\n/);
    }
    expect(got[2 + bids.length].data.reasonName).to.equal("BidRestoredTarget");
    expect(got[2 + bids.length].title).to.match(/ended: a bid restored the target ratio/);

    // every sink got each of its messages once, in the same order
    const keys = got.map((b) => b.key);
    for (const path of ["/slack", "/discord", `/tg/bot${TOKEN}/sendMessage`])
      expect(rx!.delivered(path).map((r) => String(r.headers["idempotency-key"]).split("@")[0]), path).to.deep.equal(keys);
    const slack0 = rx!.delivered("/slack")[0].body as { text: string };
    expect(slack0.text.startsWith(`*${warning.title}*\n`)).to.equal(true);
    expect((rx!.delivered("/discord")[2].body as { content: string }).content.startsWith(`**${got[2].title}**`)).to.equal(true);
    const tg = rx!.delivered(`/tg/bot${TOKEN}/sendMessage`)[1].body as { chat_id: string; text: string };
    expect([tg.chat_id, tg.text.split("\n")[0]]).to.deep.equal(["-1001", got[1].title]);

    // the socialized loss went to every watched depositor that had collateral, with its share of it
    const loss = losses[0];
    const watched = new Set<string>();
    for (const ev of await p.vault.queryFilter(p.vault.filters.Deposit())) watched.add(getAddress((ev as unknown as { args: { account: string } }).args.account));
    for (const ev of await p.vault.queryFilter(p.vault.filters.Fill()))
      for (const k of ["maker", "taker"]) watched.add(getAddress((ev as unknown as { args: Record<string, string> }).args[k]));
    for (const ev of await p.vault.queryFilter(p.vault.filters.TransferPosition()))
      for (const k of ["from", "to"]) watched.add(getAddress((ev as unknown as { args: Record<string, string> }).args[k]));
    const affected: Record<string, string> = {};
    for (const w of watched) {
      if (w === getAddress(loss.args.account)) continue;
      const c = (await p.vault.collateralOf(w, { blockTag: loss.blockNumber - 1 })) as bigint;
      if (c > 0n) affected[w] = ((c * (loss.args.indexBeforeRay - loss.args.indexAfterRay)) / loss.args.indexBeforeRay).toString();
    }
    expect(Object.keys(affected)).to.include.members([a, maker.account.address, liquidator.account.address]);
    const everyone = bodies("/everyone");
    expect(Object.fromEntries(everyone.map((b) => [b.account, b.data.estimatedLoss]))).to.deep.equal(affected);
    expect(everyone.map((b) => b.key)).to.have.members(Object.keys(affected).map((w) => key(loss, w)));

    // metrics of the restarted process: the flaky sink failed once and delivered once
    const metrics = await (await fetch(`http://127.0.0.1:${(n2.logs.find((l) => l.msg === "notifier started")!.metricsPort as number)}/metrics`)).text();
    expect(metrics).to.match(/^notifier_messages_sent_total\{sink="flaky"\} 1$/m);
    expect(metrics).to.match(/^notifier_send_failures_total\{sink="flaky"\} 1$/m);
    expect(metrics).to.match(/^notifier_messages_dropped_total\{sink="hook",reason="reorg"\} 0$/m);
    expect(Number(/^notifier_last_block (\d+)$/m.exec(metrics)?.[1])).to.be.at.least(Number(await pub.getBlockNumber()) - 1);
    await n2.stop();
    expect(await n2.exited).to.equal(0);
  });

  it("a warning whose block leaves the chain (evm_revert, then other blocks) is dropped, never delivered", async function () {
    await setPrice(2000n);
    const t4 = wallet(generatePrivateKey());
    const a4 = t4.account.address;
    await rpc("anvil_setBalance", [a4, "0x56BC75E2D63100000"]);
    await openShortBook(t4, seriesIds[2], 3n);
    rx!.script("/slow", [{ status: 503, headers: { "retry-after": "2" } }]);
    const config = await notifierConfig("reorg", {
      accounts: [a4],
      startBlock: Number(await pub.getBlockNumber()),
      sinks: [{ name: "slow", type: "webhook", urlEnv: "NOTIFY_SLOW_URL", retry: { baseDelayMs: 100, maxDelayMs: 5_000 } }],
    });
    const n3 = startNotifierProcess({ config, dir, name: "n3", env: { NOTIFY_SLOW_URL: `${rx!.url}/slow` } });
    procs.push(n3);
    await n3.waitFor((l) => l.msg === "notifier started");
    const snapshot = await rpc("evm_snapshot");
    let usd = 2000n;
    let steps = 0;
    let crossing = 0n;
    for (; steps < 40; ) {
      usd -= 10n;
      const rc = await setPrice(usd);
      steps++;
      if ((await p.marginLens.health(a4, { blockTag: rc.blockNumber })).ratioWad < (12n * WAD) / 10n) {
        crossing = BigInt(rc.blockNumber);
        break;
      }
    }
    expect(crossing > 0n).to.equal(true);
    await rx!.waitFor("the warning's first attempt", () => rx!.requests.some((r) => r.path === "/slow"));
    const first = rx!.requests.find((r) => r.path === "/slow")!;
    expect([first.status, (first.body as Notification).key]).to.deep.equal([503, `warning:${a4}:${crossing}`]);
    // the reorg: the chain goes back under the pending message and grows other blocks at the same heights
    expect(await rpc("evm_revert", [snapshot])).to.equal(true);
    for (let i = 0; i <= steps; i++) await rpc("evm_mine");
    const dropped = await n3.waitFor((l) => l.msg === "message dropped: its block left the chain", 20_000);
    expect(dropped.key).to.equal(`warning:${a4}:${crossing}`);
    await n3.waitFor((l) => l.msg === "cursor block hash changed (reorg); re-reading");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(rx!.requests.filter((r) => r.path === "/slow").map((r) => r.status), "no delivery, no new warning on the new chain").to.deep.equal([503]);
    const port = n3.logs.find((l) => l.msg === "notifier started")!.metricsPort as number;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).to.match(/^notifier_messages_dropped_total\{sink="slow",reason="reorg"\} 1$/m);
    expect(metrics).to.match(/^notifier_messages_sent_total\{sink="slow"\} 0$/m);
    expect(metrics).to.match(/^notifier_reorgs_total [1-9]/m);
    await n3.stop();
  });

  it("exits 2 naming the field: a secret in the file, a wrong chain id, a warning level under the first tier", async function () {
    const sinks = [{ name: "hook", type: "webhook", urlEnv: "NOTIFY_HOOK_URL" }];
    const env = { NOTIFY_HOOK_URL: `${rx!.url}/never` };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["secret", { sinks: [{ name: "hook", type: "webhook", url: `${rx!.url}/never` }] }, /invalid configuration: sinks\.0\.url: secrets are read only from the environment/],
      ["chain", { chainId: 1, sinks }, /invalid configuration: chainId: configured 1 but the node serves chain 31337/],
      ["tier", { sinks, warning: { ratio: "1.04" } }, /invalid configuration: warning\.ratio: 1\.0400 must be above the first liquidation tier 1\.0500/],
    ];
    const runs = await Promise.all(
      cases.map(async ([name, over]) => {
        const n = startNotifierProcess({ config: await notifierConfig(`bad-${name}`, over), dir, name: `bad-${name}`, env });
        procs.push(n);
        return { code: await n.exited, text: n.text() };
      }),
    );
    runs.forEach((r, i) => {
      expect(r.code, cases[i][0]).to.equal(2);
      expect(r.text).to.match(cases[i][2]);
    });
    expect(rx!.requests.filter((r) => r.path === "/never")).to.deep.equal([]);
  });
});
