/**
 * The SDK (sdk/src) against a real anvil node started here on a free loopback port, with the protocol
 * deployed through the Ignition module (deploy/modules/LocalProtocol.ts). Every read is compared with
 * the contract view (through ethers, an independent path) at the block the SDK reports; an SDK-signed
 * order is filled on-chain through the SDK; a book is pushed into liquidation and auctioned through the
 * SDK's writes; reverts are decoded by name; and the packed tarball is installed into a fresh project
 * outside the repo (viem its only other dependency) and read from. Every process is stopped in `after`.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { createPublicClient, createWalletClient, erc20Abi, getAddress, http, parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { waitForTransactionReceipt, writeContract } from "viem/actions";
import LocalProtocolModule from "../../deploy/modules/LocalProtocol.js";
import type { DeployLocalProtocolReturnType } from "../../deploy/local/deployLocalProtocol.js";
import { startAnvil, type StartAnvilReturnType } from "../../scripts/bench/startAnvil.js";
import * as sdk from "../../sdk/src/index.js";
import type { Order, ProtocolDeployment, ProtocolErrorName, SigningClient } from "../../sdk/src/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
const run = promisify(execFile);


// the error-name union is derived from the ABI: an unknown name does not compile
const known: ProtocolErrorName = "ZeroAmount";
// @ts-expect-error not a protocol error
const unknown: ProtocolErrorName = "NoSuchError";
void known;
void unknown;

async function expectProtocolError(p: Promise<unknown>, name: ProtocolErrorName): Promise<sdk.ProtocolError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(sdk.ProtocolError);
    const pe = e as sdk.ProtocolError;
    expect(pe.errorName).to.equal(name);
    return pe;
  }
  throw new Error(`expected ${name}`);
}

/** Entry types after the first auction start and bid of a history (what a watcher reports beyond them). */
function entries0AfterBid(h: { entries: { type: string }[] }): string[] {
  return h.entries.map((e) => e.type).slice(2);
}

describe("sdk (@greeks/sdk) on anvil", function () {
  this.timeout(90_000);
  let node: StartAnvilReturnType | undefined;
  let connection: NetworkConnection<string> | undefined;
  let deploymentDir = "";
  let packDir = "";
  let p: DeployLocalProtocolReturnType;
  let d: ProtocolDeployment;
  let pub: PublicClient;
  let maker: SigningClient, trader: SigningClient, liquidator: SigningClient, owner: SigningClient;
  let weth: Address;
  let seriesIds: bigint[] = [];
  let fromBlock = 0n;
  let order: Order;
  let signature: Hex;
  let trader2: SigningClient;

  const wallet = (key: Hex) => createWalletClient({ account: privateKeyToAccount(key), chain: foundry, transport: http(node!.url) });
  const mined = async (hash: Hex) => {
    const r = await waitForTransactionReceipt(pub, { hash });
    expect(r.status).to.equal("success");
    return r;
  };

  before(async function () {
    node = await startAnvil({ gasLimit: 300_000_000n });
    connection = await network.create({ network: "localhost", override: { url: node.url } });
    const deploymentId = `sdk-test-${process.pid}-${Date.now()}`;
    deploymentDir = join(ROOT, "deploy", "deployments", deploymentId);
    p = (await connection.ignition.deploy(LocalProtocolModule, {
      parameters: { LocalProtocol: { ethPrice8: 2000_00000000n } },
      deploymentId,
    })) as unknown as DeployLocalProtocolReturnType;
    pub = createPublicClient({ chain: foundry, transport: http(node.url) });
    // fresh keys (maker, trader, liquidator, contract-wallet owner), funded with gas by anvil_setBalance
    [maker, trader, liquidator, owner] = [0, 1, 2, 3].map(() => wallet(generatePrivateKey()));
    for (const c of [maker, trader, liquidator, owner])
      await pub.request({ method: "anvil_setBalance" as never, params: [c.account.address, "0x56BC75E2D63100000"] as never });
    weth = getAddress(await p.weth.getAddress());
    const now = BigInt((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    const expiries = [now + 14n * DAY, now + 30n * DAY];
    await (await p.oracleHub.setVols(weth, expiries, [8n * 10n ** 17n, 8n * 10n ** 17n])).wait();
    for (const [k, e, isCall] of [[2000n, 0, false], [2200n, 1, true]] as const) {
      await (await p.vault.listSeries(weth, k * WAD, expiries[e], isCall)).wait();
      seriesIds.push(await p.vault.seriesIdOf(weth, k * WAD, expiries[e], isCall));
    }
    for (const c of [maker, trader, liquidator]) await (await p.usdc.mint(c.account.address, 5_000_000n * USDC)).wait();
    fromBlock = await pub.getBlockNumber();
  });

  after(async function () {
    await connection?.close();
    await node?.stop();
    if (deploymentDir) rmSync(deploymentDir, { recursive: true, force: true });
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  it("reads the address book from the Ignition deployment folder and from given addresses", async function () {
    d = await sdk.getDeployment({ deploymentDir });
    expect(d.optionVault).to.equal(getAddress(await p.vault.getAddress()));
    expect(d.marginLens).to.equal(getAddress(await p.marginLens.getAddress()));
    expect(d.liquidationLens).to.equal(getAddress(await p.liquidationLens.getAddress()));
    expect(d.liquidationEngine).to.equal(getAddress(await p.liquidationEngine.getAddress()));
    expect(d.oracleHub).to.equal(getAddress(await p.oracleHub.getAddress()));
    expect(d.marginEngine).to.equal(getAddress(await p.marginEngine.getAddress()));
    expect(await sdk.getDeployment({ addresses: d })).to.deep.equal(d);
    const lower = { ...d, optionVault: d.optionVault.toLowerCase() as Address };
    expect((await sdk.getDeployment({ addresses: lower })).optionVault).to.equal(d.optionVault);
    let threw = false;
    await sdk.getDeployment({ addresses: { ...d, oracleHub: "0x1234" as Address } }).catch((e) => (threw = e instanceof sdk.SdkError));
    expect(threw).to.equal(true);
  });

  it("deposits (approving first when the allowance is short) and decodes a revert by name (withdraw 0: ZeroAmount)", async function () {
    const r1 = await sdk.deposit(maker, { deployment: d, amount: 2_000_000n * USDC });
    expect(r1.approvalHash).to.be.a("string");
    await mined(r1.hash);
    await mined(await writeContract(trader, { chain: foundry, account: trader.account, address: getAddress(await p.usdc.getAddress()), abi: erc20Abi, functionName: "approve", args: [d.optionVault, 10n ** 30n] }));
    const r2 = await sdk.deposit(trader, { deployment: d, amount: 300_000n * USDC });
    expect(r2.approvalHash, "allowance sufficed").to.equal(undefined);
    await mined(r2.hash);
    await mined((await sdk.deposit(liquidator, { deployment: d, amount: 2_000_000n * USDC })).hash);
    expect(await p.vault.collateralOf(maker.account.address)).to.equal(2_000_000n * USDC);
    expect(await p.vault.collateralOf(trader.account.address)).to.equal(300_000n * USDC);

    const e = await expectProtocolError(sdk.withdraw(trader, { deployment: d, amount: 0n }), "ZeroAmount");
    expect(e.functionName).to.equal("withdraw");
    expect(e.args).to.deep.equal([]);
    const big = await expectProtocolError(sdk.withdraw(trader, { deployment: d, amount: 10n ** 12n * USDC }), "InsufficientCollateral");
    if (big.is("InsufficientCollateral")) {
      expect(big.args[0]).to.equal(trader.account.address);
      expect(big.args[1]).to.equal(300_000n * USDC);
      expect(big.args[2]).to.equal(10n ** 12n * USDC);
    }
    await expectProtocolError(sdk.requestWithdrawal(trader, { deployment: d, amount: 0n }), "ZeroAmount");
  });

  it("signs an order (hash equal to vault.hashOrder, verified as EOA and ERC-1271) and fills it on-chain", async function () {
    const now = BigInt((await pub.getBlock()).timestamp);
    order = {
      maker: maker.account.address,
      seriesId: seriesIds[0],
      isBuy: true, // the maker buys puts: the trader goes short
      sizeWad: 25n * WAD,
      price: 100n * USDC,
      deadline: now + DAY,
      nonce: await p.vault.nonceOf(maker.account.address),
      salt: 42n,
    };
    signature = await sdk.signOrder(maker, { optionVault: d.optionVault, order });
    const hash = sdk.hashOrder({ optionVault: d.optionVault, chainId: 31337, order });
    expect(hash).to.equal(await p.vault.hashOrder(order));
    expect(await sdk.verifyOrder(pub, { optionVault: d.optionVault, order, signature })).to.deep.equal({ valid: true, kind: "eoa" });
    const forged = await sdk.signOrder(trader, { optionVault: d.optionVault, order });
    expect((await sdk.verifyOrder(pub, { optionVault: d.optionVault, order, signature: forged })).valid).to.equal(false);

    // a contract wallet maker: valid when its owner signed the digest
    const w = await connection!.ethers.deployContract("MockERC1271Wallet", [owner.account.address]);
    const walletOrder = { ...order, maker: getAddress(await w.getAddress()) };
    const digest = sdk.hashOrder({ optionVault: d.optionVault, chainId: 31337, order: walletOrder });
    const ownerSig = await owner.account.sign!({ hash: digest });
    expect(await sdk.verifyOrder(pub, { optionVault: d.optionVault, order: walletOrder, signature: ownerSig })).to.deep.equal({ valid: true, kind: "erc1271" });
    expect((await sdk.verifyOrder(pub, { optionVault: d.optionVault, order: walletOrder, signature: forged })).valid).to.equal(false);

    // not the maker: NotMaker(caller, maker)
    const nm = await expectProtocolError(sdk.cancelOrder(trader, { deployment: d, order }), "NotMaker");
    expect(nm.args).to.deep.equal([trader.account.address, maker.account.address]);

    const { hash: tx, result: premium } = await sdk.fill(trader, { deployment: d, order, signature, fillSizeWad: 20n * WAD });
    expect(premium).to.equal(2_000n * USDC);
    const receipt = await mined(tx);
    const decoded = receipt.logs.map(sdk.decodeProtocolLog).filter((x) => x !== undefined);
    const fillEv = decoded.find((x) => x.eventName === "Fill");
    expect(fillEv?.eventName).to.equal("Fill");
    if (fillEv?.eventName === "Fill") {
      expect(fillEv.args.orderHash).to.equal(hash);
      expect(fillEv.args.sizeWad).to.equal(20n * WAD);
      expect(fillEv.args.premium).to.equal(2_000n * USDC);
    }
    expect(await p.vault.positionOf(trader.account.address, seriesIds[0])).to.equal(-20n * WAD);
    expect(await p.vault.filledOf(hash)).to.equal(20n * WAD);
    // the SDK's decoder agrees with viem's over the whole protocol ABI
    expect(parseEventLogs({ abi: sdk.protocolEventsAbi, logs: receipt.logs }).map((l) => l.eventName)).to.deep.equal(decoded.map((x) => x.eventName));
    // overfilling the rest: Overfill(hash, filled, fill, size)
    const of = await expectProtocolError(sdk.fill(trader, { deployment: d, order, signature, fillSizeWad: 10n * WAD }), "Overfill");
    expect(of.args).to.deep.equal([hash, 20n * WAD, 10n * WAD, 25n * WAD]);
  });

  it("every read equals the contract view at the block it reports", async function () {
    const a = trader.account.address;
    const at = (bn: bigint) => ({ blockTag: Number(bn) });

    const h = await sdk.getHealth(pub, { deployment: d, account: a });
    const hv = await p.marginLens.health(a, at(h.blockNumber));
    expect([h.equityWad, h.maintenanceWad, h.initialWad, h.ratioWad, h.tierIndex, h.maintenanceBeforeTierWad]).to.deep.equal([
      hv.equityWad, hv.maintenanceWad, hv.initialWad, hv.ratioWad, hv.tierIndex, hv.maintenanceBeforeTierWad,
    ]);
    expect(h.positions.length).to.equal(1);
    expect(h.positions[0].sizeWad).to.equal(hv.positions[0].sizeWad);
    expect(h.positions[0].deltaWad).to.equal(hv.positions[0].deltaWad);
    expect(h.positions[0].contributionWad).to.equal(hv.positions[0].contributionWad);

    const accounts = [a, maker.account.address];
    const b = await sdk.getHealthBatch(pub, { deployment: d, accounts });
    const bv = await p.marginLens.healthBatch(accounts, at(b.blockNumber));
    expect(b.summaries.map((s) => [s.account, s.equityWad, s.maintenanceWad, s.initialWad, s.ratioWad])).to.deep.equal(
      bv.map((s: { equityWad: bigint; maintenanceWad: bigint; initialWad: bigint; ratioWad: bigint }, i: number) => [accounts[i], s.equityWad, s.maintenanceWad, s.initialWad, s.ratioWad]),
    );

    const lp = await sdk.getLiquidationPrice(pub, { deployment: d, account: a, underlying: weth });
    const lpv = await p.marginLens.liquidationPrice(a, weth, at(lp.blockNumber));
    expect([lp.downWad, lp.upWad]).to.deep.equal([lpv[0], lpv[1]]);
    expect(lp.downWad, "300k USDC covers 20 short puts even at S/16").to.equal(0n);

    const pt = await sdk.previewTrade(pub, { deployment: d, account: a, seriesId: seriesIds[1], sizeDeltaWad: -5n * WAD, priceWad: 50n * WAD });
    const before = await p.marginLens.marginWithTrade(a, seriesIds[1], 0n, at(pt.blockNumber));
    const after = await p.marginLens.marginWithTrade(a, seriesIds[1], -5n * WAD, at(pt.blockNumber));
    expect([pt.before.equityWad, pt.before.maintenanceWad, pt.before.initialWad]).to.deep.equal([before[0], before[1], before[2]]);
    expect(pt.cashWad).to.equal(250n * WAD);
    expect([pt.after.equityWad, pt.after.maintenanceWad, pt.after.initialWad, pt.markPriceWad]).to.deep.equal([after[0] + 250n * WAD, after[1], after[2], after[3]]);
    expect(pt.before.ratioWad).to.equal((before[0] * WAD) / before[1]);

    const m = await sdk.getMarkPrice(pub, { deployment: d, seriesId: seriesIds[1] });
    expect(m.priceWad).to.equal(await p.marginLens.markPrice(seriesIds[1], at(m.blockNumber)));
    expect(m.priceWad).to.equal(pt.markPriceWad);

    const sl = await sdk.getSeriesList(pub, { deployment: d });
    expect(sl.seriesCount).to.equal(await p.vault.seriesCount(at(sl.blockNumber)));
    expect(sl.series.map((s) => s.seriesId)).to.deep.equal(seriesIds);
    for (const s of sl.series) {
      const v = await p.vault.series(s.seriesId, at(sl.blockNumber));
      expect([s.underlying, s.expiry, s.isCall, s.strikeWad]).to.deep.equal([v.underlying, v.expiry, v.isCall, v.strikeWad]);
    }
    expect((await sdk.getSeriesList(pub, { deployment: d, fromId: 2n, limit: 5n })).series.map((s) => s.seriesId)).to.deep.equal([seriesIds[1]]);

    const pos = await sdk.getPositions(pub, { deployment: d, account: a });
    const book = await p.vault.bookOf(a, at(pos.blockNumber));
    expect(pos.collateral).to.equal(book.collateral);
    expect(pos.positions.map((x) => [x.seriesId, x.sizeWad, x.strikeWad, x.expiry, x.isCall])).to.deep.equal(
      book.seriesIds.map((id: bigint, i: number) => [id, book.sizesWad[i], book.series[i].strikeWad, book.series[i].expiry, book.series[i].isCall]),
    );

    const st = await sdk.getAuctionStatus(pub, { deployment: d, account: a });
    const stv = await p.liquidationLens.auctionStatus(a, at(st.blockNumber));
    const keys = ["auctionId", "active", "seriesId", "lotIsShort", "maxSizeWad", "markPriceWad", "discountWad", "bidPriceWad", "ratioWad", "tier", "startedAt", "canStart", "canEnd", "canReset"] as const;
    expect(keys.map((k) => st[k])).to.deep.equal(keys.map((k) => stv[k]));
    expect(st.canStart).to.equal(false);

    const det = await sdk.getAuctionDetail(pub, { deployment: d, account: a });
    const detv = await p.liquidationLens.auctionDetail(a, at(det.blockNumber));
    expect([det.resetInSec, det.underlying, det.liquidationPriceDownWad, det.liquidationPriceUpWad]).to.deep.equal([
      detv.resetInSec, detv.underlying, detv.liquidationPriceDownWad, detv.liquidationPriceUpWad,
    ]);
    expect(keys.map((k) => det.status[k])).to.deep.equal(keys.map((k) => detv.status[k]));

    const f = await sdk.getInsuranceFund(pub, { deployment: d });
    expect(f.amount).to.equal(await p.vault.insuranceFund(at(f.blockNumber)));
    const bd = await sdk.getBadDebt(pub, { deployment: d, account: a });
    expect([bd.account, bd.total]).to.deep.equal([await p.vault.badDebtOf(a, at(bd.blockNumber)), await p.vault.totalBadDebt(at(bd.blockNumber))]);
    const pl = await sdk.getPendingLoss(pub, { deployment: d });
    const plv = await p.vault.pendingLoss(at(pl.blockNumber));
    expect([pl.amount, pl.paused]).to.deep.equal([plv[0], plv[1]]);

    // a pinned block is used as given
    const pinned = await sdk.getMarkPrice(pub, { deployment: d, seriesId: seriesIds[1], blockNumber: fromBlock });
    expect(pinned.blockNumber).to.equal(fromBlock);
    expect(pinned.priceWad).to.equal(await p.marginLens.markPrice(seriesIds[1], at(fromBlock)));

    // the float Black-Scholes is close to the protocol's mark (same spot, vol, rate and time)
    const s = sl.series[1];
    const t = Number(s.expiry - BigInt((await pub.getBlock({ blockNumber: m.blockNumber })).timestamp)) / (365 * 86_400);
    const bs = sdk.blackScholes(2000, Number(s.strikeWad / WAD), 0.8, t, 0.05, s.isCall);
    expect(Math.abs(bs.price - Number(m.priceWad) / 1e18) / bs.price).to.be.lessThan(0.01);
  });

  it("liquidates through the SDK (startAuction, bid) and reads the account's history in order", async function () {
    const a = trader.account.address;
    // leave the trader at a ratio of about 1.35, then drop ETH to 1800
    const h0 = await sdk.getHealth(pub, { deployment: d, account: a });
    const spare = (h0.equityWad - (135n * h0.maintenanceWad) / 100n) / 10n ** 12n;
    await mined((await sdk.withdraw(trader, { deployment: d, amount: spare })).hash);
    await expectProtocolError(sdk.startAuction(liquidator, { deployment: d, account: a }), "NotLiquidatable");
    const lp = await sdk.getLiquidationPrice(pub, { deployment: d, account: a, underlying: weth });
    const lpv = await p.marginLens.liquidationPrice(a, weth, { blockTag: Number(lp.blockNumber) });
    expect([lp.downWad, lp.upWad]).to.deep.equal([lpv[0], lpv[1]]);
    expect(lp.downWad > 1800n * WAD && lp.downWad < 2000n * WAD, "a ratio of 1.35 breaks between 1800 and 2000").to.equal(true);
    // a second book like it (20 short puts at a ratio of about 1.35), for startAndBid and reset below
    trader2 = wallet(generatePrivateKey());
    await pub.request({ method: "anvil_setBalance" as never, params: [trader2.account.address, "0x56BC75E2D63100000"] as never });
    await (await p.usdc.mint(trader2.account.address, 300_000n * USDC)).wait();
    await mined((await sdk.deposit(trader2, { deployment: d, amount: 300_000n * USDC })).hash);
    const order2 = { ...order, salt: 43n };
    const sig2 = await sdk.signOrder(maker, { optionVault: d.optionVault, order: order2 });
    await mined((await sdk.fill(trader2, { deployment: d, order: order2, signature: sig2, fillSizeWad: 20n * WAD })).hash);
    const h2 = await sdk.getHealth(pub, { deployment: d, account: trader2.account.address });
    await mined((await sdk.withdraw(trader2, { deployment: d, amount: (h2.equityWad - (135n * h2.maintenanceWad) / 100n) / 10n ** 12n })).hash);

    await (await p.ethUsdFeed.updateAnswer(1800n * 10n ** 8n)).wait();

    const st = await sdk.getAuctionStatus(pub, { deployment: d, account: a });
    expect(st.canStart).to.equal(true);
    expect(sdk.tierOf(st.ratioWad, [
      { ratioWad: 105n * 10n ** 16n, shareWad: 10n ** 17n },
      { ratioWad: 102n * 10n ** 16n, shareWad: 25n * 10n ** 16n },
      { ratioWad: 10n ** 18n, shareWad: 10n ** 18n },
    ]).tier).to.equal(st.tier);
    // a live watcher from here on: it reports the start and the bid once each, in order
    const seen: sdk.AccountHistoryEntry[] = [];
    const unwatch = sdk.watchAccount(pub, { deployment: d, account: a, pollingIntervalMs: 50, onEntries: (e) => seen.push(...e) });
    const started = await sdk.startAuction(liquidator, { deployment: d, account: a });
    await mined(started.hash);
    const live = await sdk.getAuctionStatus(pub, { deployment: d, account: a });
    expect(live.active).to.equal(true);
    expect(live.auctionId).to.equal(started.result);
    await expectProtocolError(sdk.startAndBid(liquidator, { deployment: d, account: a, seriesId: live.seriesId, lotIsShort: live.lotIsShort, maxSizeWad: WAD, priceLimitWad: 0n }), "AuctionActive");
    await expectProtocolError(sdk.resetAuction(liquidator, { deployment: d, account: a }), "ResetNotAllowed");
    const stale = await expectProtocolError(
      sdk.bid(liquidator, { deployment: d, account: a, auctionId: live.auctionId + 7n, seriesId: live.seriesId, lotIsShort: live.lotIsShort, maxSizeWad: live.maxSizeWad, priceLimitWad: 0n }),
      "StaleAuction",
    );
    expect(stale.args).to.deep.equal([a, live.auctionId + 7n, live.auctionId]);
    // ask for 5% more than the status offered (as the keeper does): the engine clips the bid to the
    // just-enough size at the bid's own block, whose timestamp (and so discount) may be a second later
    const bidRes = await sdk.bid(liquidator, { deployment: d, account: a, auctionId: live.auctionId, seriesId: live.seriesId, lotIsShort: live.lotIsShort, maxSizeWad: (live.maxSizeWad * 105n) / 100n, priceLimitWad: 0n });
    await mined(bidRes.hash);
    expect(bidRes.result > (live.maxSizeWad * 99n) / 100n && bidRes.result <= (live.maxSizeWad * 105n) / 100n).to.equal(true);
    await expectProtocolError(sdk.endAuction(liquidator, { deployment: d, account: maker.account.address }), "AuctionNotActive");
    for (let i = 0; i < 100 && !seen.some((e) => e.type === "bid"); i++) await new Promise((r) => setTimeout(r, 50));
    unwatch();
    // the bid may have ended the auction in the same transaction (its EndAuction follows it)
    const watched = seen.map((e) => e.type);
    expect(watched.slice(0, 2)).to.deep.equal(["auctionStart", "bid"]);
    expect(watched.slice(2)).to.deep.equal(entries0AfterBid(await sdk.getAccountHistory(pub, { deployment: d, account: a, fromBlock: seen[0].blockNumber })));

    const { entries } = await sdk.getAccountHistory(pub, { deployment: d, account: a, fromBlock });
    const types = entries.map((e) => e.type);
    expect(types.slice(0, 3)).to.deep.equal(["fill", "auctionStart", "bid"]);
    const [fillE, startE, bidE] = entries;
    if (fillE.type === "fill") {
      expect(fillE.role).to.equal("taker");
      expect(fillE.accountIsBuy).to.equal(false);
      expect(fillE.sizeWad).to.equal(20n * WAD);
    }
    if (startE.type === "auctionStart") {
      expect(startE.auctionId).to.equal(live.auctionId);
      expect(startE.keeper).to.equal(liquidator.account.address);
    }
    if (bidE.type === "bid") {
      expect(bidE.role).to.equal("account");
      // the size is the just-enough size at the bid's block (its timestamp, so its discount, can be a
      // second or two after the status read): what the vault booked then, close to what the status offered
      expect(await p.vault.positionOf(a, live.seriesId, { blockTag: Number(bidE.blockNumber) })).to.equal(-20n * WAD + bidE.sizeWad);
      expect(bidE.sizeWad > (live.maxSizeWad * 99n) / 100n && bidE.sizeWad < (live.maxSizeWad * 101n) / 100n).to.equal(true);
      expect(bidE.ratioAfterWad > bidE.ratioBeforeWad).to.equal(true);
      expect(bidE.discountWad > 0n).to.equal(true);
    }
    for (let i = 1; i < entries.length; i++) {
      const x = entries[i - 1], y = entries[i];
      expect(x.blockNumber < y.blockNumber || (x.blockNumber === y.blockNumber && x.logIndex < y.logIndex)).to.equal(true);
    }
    // the bidder sees the same bid as its own
    const lh = await sdk.getAccountHistory(pub, { deployment: d, account: liquidator.account.address, fromBlock });
    expect(lh.entries.filter((e) => e.type === "bid").map((e) => e.type === "bid" && e.role)).to.deep.equal(["bidder"]);
  });

  it("startAndBid, reset after the tail, end once recovered; cancel and request a withdrawal", async function () {
    const a2 = trader2.account.address;
    const before = await sdk.getAuctionStatus(pub, { deployment: d, account: a2 });
    expect(before.canStart).to.equal(true);
    const sb = await sdk.startAndBid(liquidator, { deployment: d, account: a2, seriesId: before.seriesId, lotIsShort: before.lotIsShort, maxSizeWad: WAD / 10n, priceLimitWad: 0n });
    await mined(sb.hash);
    const [auctionId, soldWad] = sb.result;
    expect(soldWad > 0n).to.equal(true);
    const live = await sdk.getAuctionStatus(pub, { deployment: d, account: a2 });
    expect([live.active, live.auctionId]).to.deep.equal([true, auctionId]);
    expect(await p.vault.positionOf(a2, seriesIds[0])).to.equal(-20n * WAD + soldWad);

    // the tail (1 h) passes: anyone may reset, under a new id
    await pub.request({ method: "evm_increaseTime" as never, params: [3601] as never });
    await pub.request({ method: "evm_mine" as never, params: [] as never });
    expect((await sdk.getAuctionDetail(pub, { deployment: d, account: a2 })).status.canReset).to.equal(true);
    await mined((await sdk.resetAuction(liquidator, { deployment: d, account: a2 })).hash);
    const reset = await sdk.getAuctionStatus(pub, { deployment: d, account: a2 });
    expect(reset.auctionId > auctionId).to.equal(true);

    // ETH back at 2000: the ratio is above the target, anyone ends the auction
    await expectProtocolError(sdk.endAuction(liquidator, { deployment: d, account: a2 }), "NotRecovered");
    await (await p.ethUsdFeed.updateAnswer(2000n * 10n ** 8n)).wait();
    await mined((await sdk.endAuction(liquidator, { deployment: d, account: a2 })).hash);
    expect((await sdk.getAuctionStatus(pub, { deployment: d, account: a2 })).active).to.equal(false);

    const { entries } = await sdk.getAccountHistory(pub, { deployment: d, account: a2, fromBlock });
    expect(entries.map((e) => e.type)).to.deep.equal(["fill", "auctionStart", "bid", "auctionReset", "auctionEnd"]);
    const end = entries[4];
    if (end.type === "auctionEnd") expect([end.auctionId, end.reason]).to.deep.equal([reset.auctionId, 2]); // Recovered
    const t1 = await sdk.getAccountHistory(pub, { deployment: d, account: trader.account.address, fromBlock });
    // the first trader's bid was the just-enough size: it restored the target and ended the auction
    expect(t1.entries.map((e) => e.type)).to.deep.equal(["fill", "auctionStart", "bid", "auctionEnd"]);
    const end1 = t1.entries[3];
    if (end1.type === "auctionEnd") expect(end1.reason).to.equal(0); // BidRestoredTarget

    // the maker cancels what is left of its first order; a fill then reverts OrderCancelled
    await mined((await sdk.cancelOrder(maker, { deployment: d, order })).hash);
    const orderHash = sdk.hashOrder({ optionVault: d.optionVault, chainId: 31337, order });
    expect(await p.vault.isCancelled(orderHash)).to.equal(true);
    const oc = await expectProtocolError(sdk.fill(liquidator, { deployment: d, order, signature, fillSizeWad: WAD }), "OrderCancelled");
    expect(oc.args).to.deep.equal([orderHash]);

    await mined((await sdk.requestWithdrawal(liquidator, { deployment: d, amount: 7n * USDC })).hash);
    expect((await p.vault.withdrawalRequestOf(liquidator.account.address))[0]).to.equal(7n * USDC);
  });

  it("a settlement after expiry appears in the account's history; oracle events decode too", async function () {
    const a = trader.account.address;
    const s = (await sdk.getSeriesList(pub, { deployment: d })).series[0];
    const now = BigInt((await pub.getBlock()).timestamp);
    await pub.request({ method: "evm_increaseTime" as never, params: [Number(s.expiry - now + 60n)] as never });
    await pub.request({ method: "evm_mine" as never, params: [] as never });
    await (await p.ethUsdFeed.updateAnswer(1900n * 10n ** 8n)).wait(); // first round after expiry: puts 100 in the money
    const roundId: bigint = await p.ethUsdFeed.latestRound();
    // the SDK's settlement writes: settling an account before its series reverts by name
    await expectProtocolError(sdk.settle(liquidator, { deployment: d, account: a, seriesId: s.seriesId }), "SeriesNotSettled");
    const settled = await sdk.settleSeries(liquidator, { deployment: d, seriesId: s.seriesId, roundId });
    await mined(settled.hash);
    expect(settled.result).to.equal(1900n * WAD);
    await expectProtocolError(sdk.settleSeries(liquidator, { deployment: d, seriesId: s.seriesId, roundId }), "SeriesAlreadySettled");
    const size: bigint = await p.vault.positionOf(a, s.seriesId);
    await mined((await sdk.settle(liquidator, { deployment: d, account: a, seriesId: s.seriesId })).hash);
    const { entries } = await sdk.getAccountHistory(pub, { deployment: d, account: a, fromBlock });
    const last = entries[entries.length - 1];
    expect(last.type).to.equal("settlement");
    if (last.type === "settlement") {
      expect(last.seriesId).to.equal(s.seriesId);
      expect(last.sizeWad).to.equal(size);
      expect(last.amount).to.equal((-size * 100n * USDC + WAD - 1n) / WAD); // a short owes, rounded up
      expect(last.shortfall).to.equal(0n);
    }
    expect((await sdk.getPositions(pub, { deployment: d, account: a })).positions.map((x) => x.seriesId)).to.not.include(s.seriesId);

    const rc = await (await p.oracleHub.setVol(weth, s.expiry + 7n * DAY, 7n * 10n ** 17n)).wait();
    const ev = sdk.decodeProtocolLog(rc.logs[0]);
    expect(ev?.eventName).to.equal("SetVol");
    if (ev?.eventName === "SetVol") expect(ev.args.volWad).to.equal(7n * 10n ** 17n);
    expect(sdk.decodeProtocolLog({ data: "0x", topics: [] })).to.equal(undefined);
  });

  it("an insolvent account: pending loss pauses withdrawals, the bid records bad debt and socializes it (history, reads)", async function () {
    const s = (await sdk.getSeriesList(pub, { deployment: d })).series[1]; // call 2200, the later expiry
    // settle what expired so that the maker and the liquidator may trade again
    for (const c of [maker, liquidator, trader2]) await (await p.vault.settle(c.account.address, seriesIds[0])).wait();
    await (await p.oracleHub.setVol(weth, s.expiry, 8n * 10n ** 17n)).wait(); // fresh vol
    const t3 = wallet(generatePrivateKey());
    const a3 = t3.account.address;
    await pub.request({ method: "anvil_setBalance" as never, params: [a3, "0x56BC75E2D63100000"] as never });
    await (await p.usdc.mint(a3, 300_000n * USDC)).wait();
    await mined((await sdk.deposit(t3, { deployment: d, amount: 300_000n * USDC })).hash);
    const now = BigInt((await pub.getBlock()).timestamp);
    const o3: Order = { ...order, seriesId: s.seriesId, nonce: await p.vault.nonceOf(maker.account.address), deadline: now + DAY, salt: 44n, price: 50n * USDC };
    const sig3 = await sdk.signOrder(maker, { optionVault: d.optionVault, order: o3 });
    await mined((await sdk.fill(t3, { deployment: d, order: o3, signature: sig3, fillSizeWad: 20n * WAD })).hash);
    const h3 = await sdk.getHealth(pub, { deployment: d, account: a3 });
    await mined((await sdk.withdraw(t3, { deployment: d, amount: (h3.equityWad - (135n * h3.maintenanceWad) / 100n) / 10n ** 12n })).hash);

    await (await p.ethUsdFeed.updateAnswer(4000n * 10n ** 8n)).wait(); // calls 1800 in the money: equity < 0
    const st = await sdk.getAuctionStatus(pub, { deployment: d, account: a3 });
    expect(st.ratioWad).to.equal(0n);
    expect(st.tier).to.equal(2n ** 256n - 1n);
    await mined((await sdk.startAuction(liquidator, { deployment: d, account: a3 })).hash);
    const pl = await sdk.getPendingLoss(pub, { deployment: d });
    expect(pl.amount > 0n).to.equal(true);
    expect(pl.paused).to.equal(pl.amount > (await sdk.getInsuranceFund(pub, { deployment: d, blockNumber: pl.blockNumber })).amount);
    if (pl.paused) await expectProtocolError(sdk.withdraw(liquidator, { deployment: d, amount: USDC }), "WithdrawalsPaused");

    const live = await sdk.getAuctionStatus(pub, { deployment: d, account: a3 });
    await mined((await sdk.bid(liquidator, { deployment: d, account: a3, auctionId: live.auctionId, seriesId: live.seriesId, lotIsShort: live.lotIsShort, maxSizeWad: live.maxSizeWad, priceLimitWad: 0n })).hash);
    const bd = await sdk.getBadDebt(pub, { deployment: d, account: a3 });
    expect(bd.account > 0n).to.equal(true);
    expect(bd.total).to.equal(await p.vault.totalBadDebt({ blockTag: Number(bd.blockNumber) }));
    const { entries } = await sdk.getAccountHistory(pub, { deployment: d, account: a3, fromBlock });
    const types = entries.map((e) => e.type);
    expect(types).to.include.members(["fill", "auctionStart", "bid", "badDebt", "socializedLoss"]);
    const badDebt = entries.find((e) => e.type === "badDebt");
    if (badDebt?.type === "badDebt") expect(badDebt.amount).to.equal(bd.account);
    const loss = entries.find((e) => e.type === "socializedLoss");
    if (loss?.type === "socializedLoss") {
      expect(loss.debtor).to.equal(a3);
      expect(loss.indexAfterRay < loss.indexBeforeRay).to.equal(true);
    }
    // everyone else sees the socialized loss too
    const other = await sdk.getAccountHistory(pub, { deployment: d, account: trader2.account.address, fromBlock });
    expect(other.entries.filter((e) => e.type === "socializedLoss").length).to.be.greaterThan(0);
    // chunked log requests give the same history
    const chunked = await sdk.getAccountHistory(pub, { deployment: d, account: a3, fromBlock, toBlock: bd.blockNumber, chunkSize: 3n });
    expect(chunked.entries).to.deep.equal(entries);
  });

  it("the ABI generator reproduces the committed modules and fails (exit 1) on a missing artifact", async function () {
    const out = mkdtempSync(join(tmpdir(), "greeks-sdk-abis-"));
    try {
      const tsx = join(ROOT, "node_modules", ".bin", "tsx");
      const script = join(ROOT, "sdk", "scripts", "generateAbis.ts");
      await run(tsx, [script], { cwd: ROOT, env: { ...process.env, SDK_ABIS_OUT: out } });
      for (const f of readdirSync(out)) {
        expect(readFileSync(join(out, f), "utf8"), `${f} is stale: npm run sdk:abis`).to.equal(readFileSync(join(ROOT, "sdk", "src", "abis", f), "utf8"));
      }
      expect(readdirSync(out).length).to.equal(7);
      const failed = await run(tsx, [script], { cwd: ROOT, env: { ...process.env, SDK_ABIS_OUT: out, SDK_ARTIFACTS_DIR: join(out, "none") } }).then(
        () => undefined,
        (e: { code?: number; stderr?: string }) => e,
      );
      expect(failed?.code).to.equal(1);
      expect(failed?.stderr).to.match(/no artifact for OptionVault/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    // each error once, appended where needed
    const sigs = sdk.protocolErrorsAbi.map((e) => `${e.name}(${e.inputs.map((i) => i.type).join(",")})`);
    expect(new Set(sigs).size).to.equal(sigs.length);
    expect((sdk.optionVaultAbi as readonly { type: string }[]).some((i) => i.type === "error")).to.equal(false);
  });

  it("wad math rounds as named", function () {
    expect(sdk.mulWadDown(3n, WAD / 2n)).to.equal(1n);
    expect(sdk.mulWadUp(3n, WAD / 2n)).to.equal(2n);
    expect(sdk.divWadDown(1n, 3n * WAD)).to.equal(0n);
    expect(sdk.divWadUp(1n, 3n * WAD)).to.equal(1n);
    expect(sdk.toWad(1_500_000n, 6)).to.equal(15n * 10n ** 17n);
    expect(sdk.fromWadUp(10n ** 12n + 1n, 6)).to.equal(2n);
    expect(sdk.tierOf(0n, []).tier).to.equal(2n ** 256n - 1n);
    const bs = sdk.blackScholes(100, 100, 0.2, 1, 0);
    expect(Math.abs(bs.price - 7.9656)).to.be.lessThan(1e-3);
    expect(Math.abs(bs.delta - 0.5398)).to.be.lessThan(1e-3);
  });

  it("packs, installs into a fresh project outside the repo with viem only, and reads from the node", async function () {
    await run(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", join(ROOT, "sdk", "tsconfig.json")], { cwd: ROOT });
    packDir = mkdtempSync(join(tmpdir(), "greeks-sdk-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: join(ROOT, "sdk") });
    const [info] = JSON.parse(stdout) as { filename: string; size: number; entryCount: number }[];
    const tarball = join(packDir, info.filename);
    console.log(`    packed ${info.filename}: ${statSync(tarball).size} bytes, ${info.entryCount} files`);
    expect(statSync(tarball).size).to.be.lessThan(200_000);
    const app = join(packDir, "app");
    rmSync(app, { recursive: true, force: true });
    await run("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "sdk-consumer", private: true, type: "module" }));
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball, join(ROOT, "node_modules", "viem")], { cwd: app });
    const deps = JSON.parse(readFileSync(join(app, "package.json"), "utf8")).dependencies as Record<string, string>;
    expect(Object.keys(deps).sort()).to.deep.equal(["@greeks/sdk", "viem"]);
    expect(readdirSync(join(app, "node_modules", "@greeks", "sdk", "dist"))).to.include("index.d.ts");
    writeFileSync(
      join(app, "main.mjs"),
      `import { getBadDebt, getDeployment, protocolErrorsAbi } from "@greeks/sdk";
import { createPublicClient, http } from "viem";
const client = createPublicClient({ transport: http(process.argv[2]) });
const deployment = await getDeployment({ deploymentDir: process.argv[3] });
const b = await getBadDebt(client, { deployment, account: process.argv[4] });
console.log(JSON.stringify({ account: String(b.account), total: String(b.total), blockNumber: String(b.blockNumber), errors: protocolErrorsAbi.length }));
`,
    );
    const out = await run(process.execPath, ["main.mjs", node!.url, deploymentDir, trader.account.address], { cwd: app });
    const r = JSON.parse(out.stdout) as { account: string; total: string; blockNumber: string; errors: number };
    expect(BigInt(r.total)).to.equal(await p.vault.totalBadDebt({ blockTag: Number(r.blockNumber) }));
    expect(BigInt(r.total) > 0n, "the insolvent account's bad debt").to.equal(true);
    expect(BigInt(r.account)).to.equal(await p.vault.badDebtOf(trader.account.address, { blockTag: Number(r.blockNumber) }));
    expect(r.errors).to.equal(sdk.protocolErrorsAbi.length);
  });
});
