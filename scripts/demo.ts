/**
 * Liquidation demo (`npm run demo`): the whole protocol on Hardhat's in-process chain, no setup.
 * Deploys through Ignition (deploy/local/deployLocalProtocol.ts), a market maker quotes and about twenty
 * traders open naked and hedged books; the ETH price falls in steps; after each step the real keeper
 * (keeper/src: discovery, healthBatch screening, auctionStatusBatch, decideActions, createSender with
 * simulation and the profit check) runs over viem against the in-process provider, starting auctions,
 * bidding from its own vault account, and ending recovered auctions. Prints a timeline and writes
 * reports/demo.json (every event) and reports/demo.html (SVG chart).
 *
 * Every protocol read and write of the demo itself goes through the SDK (sdk/src) over viem clients on
 * the same provider: deposits, withdrawals, SDK-signed fills, health, liquidation prices, auction
 * statuses, the insurance fund and bad debt, and the event stream (decodeProtocolLog). What stays on
 * deploy/local's ethers contracts is deployment and admin-only setup the SDK has no function for:
 * the liquidation policy (setUnderlyingParams, RISK_ADMIN), listing series (listSeries, restricted),
 * vols (OracleHub.setVols), and the mocks (USDC mint, the ETH/USD feed's updateAnswer). Chain controls
 * (impersonation, balances, time) stay on Hardhat's network helpers.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import { getAddress, isAddressEqual, keccak256, slice, stringToHex, zeroAddress, type Address } from "viem";
import { deployLocalProtocol } from "../deploy/local/deployLocalProtocol.js";
import {
  decodeProtocolLog,
  deposit,
  fill,
  getAuctionStatus,
  getBadDebt,
  getDeployment,
  getHealth,
  getInsuranceFund,
  getLiquidationPrice,
  getSeriesList,
  liquidationEngineAbi,
  optionVaultAbi,
  signOrder,
  withdraw,
  type AuctionStatus,
  type Order,
} from "../sdk/src/index.js";
import { blackScholesReference, toWad } from "./reference/blackScholesReference.js";
import { EXPIRY_DAYS, PRICE_PATH, TRADERS, legText, type TraderSpec } from "./demo/book.js";
import { createDemoClients } from "./demo/createDemoClients.js";
import { createInProcessKeeper } from "./demo/createInProcessKeeper.js";
import { renderDemoHtml, type DemoReport, type DemoEvent, type Sample } from "./demo/renderDemoHtml.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
const VOL_WAD = 8n * 10n ** 17n; // 80% for every expiry
const RATE_WAD = 5n * 10n ** 16n; // 5%
const MAX_UINT = 2n ** 256n - 1n;
/** ILiquidationEngine.EndReason, by value */
const END_REASONS = ["bid restored the target", "closed out", "recovered"];
const ROUND_SECONDS = 60; // time between keeper rounds (the discount grows 0.3 points per minute)
const MAX_ROUNDS = 25;

const num = (w: bigint): number => Number(w) / 1e18;
/** [USDC decimals] → dollars */
const dollars = (amountUsdc: bigint): number => Number(amountUsdc) / 1e6;
const usd = (x: number, d = 0): string => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const ratioNum = (r: bigint): number | null => (r >= MAX_UINT / 2n ? null : num(r));
const ratioText = (r: bigint): string => (r >= MAX_UINT / 2n ? "  ∞  " : num(r).toFixed(3));

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Trader = TraderSpec & { address: Address; seriesIds: bigint[] };

async function main(): Promise<void> {
  const t0 = Date.now();
  await hre.tasks.getTask("build").run({ noTests: true, quiet: true });
  const connection = await hre.network.connect();
  const { ethers, networkHelpers } = connection;
  // ethers signer of the admin setup (deployer holds the admin roles); the maker and the keeper are
  // the chain's next default accounts and act through the SDK
  const [deployerSigner, makerSigner, keeperSigner] = await ethers.getSigners();
  const deployerAddress = getAddress(deployerSigner.address);
  const makerAddress = getAddress(makerSigner.address);
  const keeperAddress = getAddress(keeperSigner.address);
  const p = await deployLocalProtocol({ connection });
  const deployment = await getDeployment({
    addresses: {
      optionVault: await p.vault.getAddress(),
      marginEngine: await p.marginEngine.getAddress(),
      marginLens: await p.marginLens.getAddress(),
      liquidationEngine: await p.liquidationEngine.getAddress(),
      liquidationLens: await p.liquidationLens.getAddress(),
      oracleHub: await p.oracleHub.getAddress(),
    },
  });
  const weth = getAddress(await p.weth.getAddress());
  const ethUsdFeed = getAddress(await p.ethUsdFeed.getAddress());

  const { publicClient, walletOf, mined } = await createDemoClients({ provider: connection.provider });
  const chainId = publicClient.chain.id;
  const headBlock = async (): Promise<bigint> => publicClient.getBlockNumber({ cacheTime: 0 });

  // the default liquidation parameters (no SDK read for them: a typed read with the SDK's ABI)
  const defaults = async () =>
    (await publicClient.readContract({ address: deployment.liquidationEngine, abi: liquidationEngineAbi, functionName: "underlyingParams", args: [zeroAddress] }))[1];
  const tiers = (await defaults()).tiers;

  // Liquidation policy for the demo (deployer holds RISK_ADMIN; admin-only, no SDK function: ethers):
  // a small starter tip and a dust size;
  // tiers 1.05/1.02/1.00 → 10%/25%/100%, target 1.10, discount 1% → 10% over 30 min, fund share 20% (defaults).
  const current = await defaults();
  await p.liquidationEngine.connect(deployerSigner).setUnderlyingParams(zeroAddress, {
    tiers: current.tiers.map((t) => ({ ratioWad: t.ratioWad, shareWad: t.shareWad })),
    targetRatioWad: current.targetRatioWad,
    curve: current.curve,
    startDiscountWad: current.startDiscountWad,
    maxDiscountWad: current.maxDiscountWad,
    duration: current.duration,
    tail: current.tail,
    cuspWad: current.cuspWad,
    fundShareWad: current.fundShareWad,
    tipFlat: 5n * USDC,
    tipShareWad: 5n * 10n ** 14n,
    tipCap: 50n * USDC,
    minSizeWad: 10n ** 16n,
  });
  const policy = await defaults();
  const targetRatioWad = policy.targetRatioWad;
  const { startDiscountWad, maxDiscountWad, duration: durationSec, fundShareWad } = policy;

  // series: puts and calls over three expiries (listing and vols are admin-only: ethers)
  const now = BigInt(await networkHelpers.time.latest());
  const expiries = EXPIRY_DAYS.map((d) => now + BigInt(d) * DAY);
  const postVols = () => p.oracleHub.connect(deployerSigner).setVols(weth, expiries, expiries.map(() => VOL_WAD));
  await postVols();
  const seriesKey = (strikeWad: bigint, expiry: bigint, isCall: boolean) => `${strikeWad}:${expiry}:${isCall}`;
  const legKey = (l: TraderSpec["legs"][number]) => seriesKey(BigInt(l.strike) * WAD, expiries[l.expiry], l.isCall);
  const listed = new Set<string>();
  for (const t of TRADERS)
    for (const l of t.legs) {
      const key = legKey(l);
      if (listed.has(key)) continue;
      listed.add(key);
      await p.vault.connect(deployerSigner).listSeries(weth, BigInt(l.strike) * WAD, expiries[l.expiry], l.isCall);
    }
  // the ids as listed, read back through the SDK
  const seriesOf = new Map<string, bigint>();
  const seriesName = new Map<bigint, string>();
  for (const s of (await getSeriesList(publicClient, { deployment })).series) {
    if (!isAddressEqual(s.underlying, weth)) continue;
    seriesOf.set(seriesKey(s.strikeWad, s.expiry, s.isCall), s.seriesId);
    seriesName.set(s.seriesId, `${s.strikeWad / WAD}${s.isCall ? "C" : "P"}-${EXPIRY_DAYS[expiries.indexOf(s.expiry)]}d`);
  }

  // money: the maker and the keeper are well funded; each trader deposits, trades, then withdraws spare collateral
  // (minting the mock USDC is the mock's own function: ethers; the deposit is the SDK's, approval included)
  const fund = async (address: Address, amount: bigint) => {
    await p.usdc.mint(address, amount);
    await mined((await deposit(walletOf(address), { deployment, amount })).hash);
  };
  await fund(makerAddress, 50_000_000n * USDC);
  await fund(keeperAddress, 3_000_000n * USDC);
  // the protocol seeds the insurance fund (the engine's own vault account) so insolvent accounts find bidders
  const SEED = 20_000n * USDC;
  await p.usdc.mint(deployerAddress, SEED);
  await mined((await deposit(walletOf(deployerAddress), { deployment, amount: SEED, account: deployment.liquidationEngine })).hash);

  // traders are extra accounts of the in-process chain (impersonated, funded with gas)
  const traders: Trader[] = [];
  const maker = walletOf(makerAddress);
  let salt = 1n;
  for (let i = 0; i < TRADERS.length; i++) {
    const spec = TRADERS[i];
    const address = getAddress(slice(keccak256(stringToHex(`demo trader ${spec.name}`)), 12));
    await networkHelpers.impersonateAccount(address);
    await networkHelpers.setBalance(address, 10n ** 20n);
    const trader = walletOf(address);
    await fund(address, 400_000n * USDC);
    const seriesIds: bigint[] = [];
    for (const l of spec.legs) {
      const id = seriesOf.get(legKey(l))!;
      seriesIds.push(id);
      const bs = blackScholesReference({ spotWad: 2000n * WAD, strikeWad: BigInt(l.strike) * WAD, volWad: VOL_WAD, timeSec: expiries[l.expiry] - now, rateWad: RATE_WAD });
      const price = toWad(l.isCall ? bs.callPrice : bs.putPrice) / 10n ** 12n; // [USDC decimals] fair premium
      const sizeWad = BigInt(Math.abs(l.size)) * WAD;
      // the maker quotes the other side: it buys what the trader sells and sells what the trader buys
      const nonce = await publicClient.readContract({ address: deployment.optionVault, abi: optionVaultAbi, functionName: "nonceOf", args: [makerAddress] });
      const order: Order = { maker: makerAddress, seriesId: id, isBuy: l.size < 0, sizeWad, price, deadline: now + DAY, nonce, salt: salt++ };
      const signature = await signOrder(maker, { optionVault: deployment.optionVault, order, chainId });
      await mined((await fill(trader, { deployment, order, signature, fillSizeWad: sizeWad })).hash);
    }
    if (spec.ratio !== undefined) {
      const h = await getHealth(publicClient, { deployment, account: address });
      // withdraw = equity − ratio × maintenance  (in token decimals, rounded down)
      const keepWad = (h.maintenanceWad * BigInt(Math.round(spec.ratio * 1e6))) / 10n ** 6n;
      const spareUsdc = (h.equityWad - keepWad) / 10n ** 12n;
      if (spareUsdc > 0n) await mined((await withdraw(trader, { deployment, amount: spareUsdc, to: address })).hash);
    } else {
      await mined((await withdraw(trader, { deployment, amount: 350_000n * USDC, to: address })).hash);
    }
    traders.push({ ...spec, address, seriesIds });
  }
  const byAddress = new Map(traders.map((t) => [t.address.toLowerCase(), t]));
  const nameOf = (a: string) => byAddress.get(a.toLowerCase())?.name ?? (a.toLowerCase() === keeperAddress.toLowerCase() ? "keeper" : a.slice(0, 8));

  // the keeper: keeper/src over viem on the in-process provider
  const { keeper, sender } = createInProcessKeeper({
    provider: connection.provider,
    chainId,
    address: keeperAddress,
    contracts: {
      vault: deployment.optionVault,
      marginLens: deployment.marginLens,
      liquidationLens: deployment.liquidationLens,
      liquidationEngine: deployment.liquidationEngine,
      priceFeeds: [ethUsdFeed],
    },
    nativePriceWad: 2000n * WAD,
    logLevel: process.env.DEMO_KEEPER_LOG ?? "silent",
  });

  const events: DemoEvent[] = [];
  const samples: Sample[] = [];
  let spotWad = 2000n * WAD;
  let stepIndex = 0;
  const push = (e: DistributiveOmit<DemoEvent, "step" | "sample">) => events.push({ step: stepIndex, sample: samples.length - 1, ...e } as DemoEvent);

  // every trader's auction status at one block (LiquidationLens.auctionStatus, what auctionStatusBatch loops over)
  const statuses = async (): Promise<Map<string, AuctionStatus>> => {
    const blockNumber = await headBlock();
    const r = await Promise.all(traders.map((t) => getAuctionStatus(publicClient, { deployment, account: t.address, blockNumber })));
    return new Map(traders.map((t, i) => [t.address.toLowerCase(), r[i]]));
  };
  const tierText = (tier: bigint): string => (tier === 0n ? "-" : tier === MAX_UINT ? "INSOLVENT" : `tier ${tier} (${num(tiers[Number(tier) - 1].shareWad) * 100}%)`);
  const sample = async (label: string) => {
    const st = await statuses();
    const ratios: Record<string, number | null> = {};
    for (const t of traders) ratios[t.name] = ratioNum(st.get(t.address.toLowerCase())!.ratioWad);
    samples.push({ index: samples.length, label, step: stepIndex, price: num(spotWad), block: Number(await headBlock()), ratios });
    return st;
  };

  // accounts an auction touched, with what a full liquidation would have sold (gross notional at the first start)
  const touched = new Map<string, { fullNotional: number; soldNotional: number; soldSize: number; bids: number; auctions: number }>();
  const lastLiqPrice = new Map<string, number>();
  const liqPrice = async (account: Address): Promise<number> => num((await getLiquidationPrice(publicClient, { deployment, account, underlying: weth })).downWad);

  let lastBlock = await headBlock();
  const drainEvents = async (): Promise<string[]> => {
    const head = await headBlock();
    if (head <= lastBlock) return [];
    // the engine's auction events and the vault's loss ledger (pending loss, insurance cover, bad debt),
    // decoded with the SDK's event ABI; one getLogs over both contracts returns them in chain order
    const logs = await publicClient.getLogs({ address: [deployment.optionVault, deployment.liquidationEngine], fromBlock: lastBlock + 1n, toBlock: head });
    lastBlock = head;
    const lines: string[] = [];
    for (const log of logs) {
      const ev = decodeProtocolLog(log);
      if (!ev) continue;
      const base = { block: Number(log.blockNumber), tx: log.transactionHash };
      switch (ev.eventName) {
        case "PendingLoss": {
          const a = ev.args;
          const paused = a.pendingLoss > a.insuranceFund;
          lines.push(`  ⏸ LOSS   pending $${usd(dollars(a.pendingLoss), 2)} vs insurance fund $${usd(dollars(a.insuranceFund), 2)}: withdrawals ${paused ? "paused" : "open"}`);
          break;
        }
        case "StartAuction": {
          const a = ev.args;
          const who = nameOf(a.account);
          // the book before the block of the start (a start-and-bid sells in the same transaction)
          const h = await getHealth(publicClient, { deployment, account: a.account, blockNumber: log.blockNumber - 1n });
          const full = h.positions.reduce((s, x) => s + Math.abs(num(x.sizeWad)) * num(spotWad), 0);
          const tt = touched.get(who) ?? { fullNotional: full, soldNotional: 0, soldSize: 0, bids: 0, auctions: 0 };
          tt.auctions++;
          touched.set(who, tt);
          push({ type: "start", ...base, account: a.account, name: who, auctionId: Number(a.auctionId), series: seriesName.get(a.seriesId) ?? String(a.seriesId), ratio: num(a.ratioWad), tier: a.tier === MAX_UINT ? "insolvent" : Number(a.tier), mark: num(a.markPriceWad), notional: num(a.notionalWad), tip: dollars(a.tip), keeper: nameOf(a.keeper) });
          lines.push(`  ▶ START  ${who.padEnd(6)} auction #${a.auctionId}  lot ${seriesName.get(a.seriesId)}  ratio ${ratioText(a.ratioWad)}  ${tierText(a.tier)}  lot notional $${usd(num(a.notionalWad))}  tip $${usd(dollars(a.tip), 2)}`);
          break;
        }
        case "Bid": {
          const a = ev.args;
          const who = nameOf(a.account);
          const size = num(a.sizeWad);
          const tt = touched.get(who)!;
          tt.soldNotional += size * num(spotWad);
          tt.soldSize += size;
          tt.bids++;
          push({ type: "bid", ...base, account: a.account, name: who, auctionId: Number(a.auctionId), bidder: nameOf(a.bidder), series: seriesName.get(a.seriesId) ?? String(a.seriesId), size, price: num(a.priceWad), discount: num(a.discountWad), ratioBefore: ratioNum(a.ratioBeforeWad), ratioAfter: ratioNum(a.ratioAfterWad), accountCash: dollars(a.accountCash), fundShare: dollars(a.fundShare) });
          lines.push(`  ● BID    ${who.padEnd(6)} #${a.auctionId}  ${size.toFixed(2)} × ${seriesName.get(a.seriesId)} at $${num(a.priceWad).toFixed(2)} (discount ${(num(a.discountWad) * 100).toFixed(2)}%)  ratio ${ratioText(a.ratioBeforeWad)} → ${ratioText(a.ratioAfterWad)}  fund +$${usd(dollars(a.fundShare), 2)}`);
          break;
        }
        case "BidHedge": {
          // a combined lot: the short's hedge went with it, in proportion
          const a = ev.args;
          const who = nameOf(a.account);
          const size = num(a.sizeWad);
          touched.get(who)!.soldNotional += size * num(spotWad);
          push({ type: "bidHedge", ...base, account: a.account, name: who, auctionId: Number(a.auctionId), series: seriesName.get(a.seriesId) ?? String(a.seriesId), size });
          lines.push(`    + with ${size.toFixed(2)} × ${seriesName.get(a.seriesId)} (its hedge, in proportion: one unit)`);
          break;
        }
        case "EndAuction": {
          const a = ev.args;
          const who = nameOf(a.account);
          const lp = await liqPrice(a.account);
          push({ type: "end", ...base, account: a.account, name: who, auctionId: Number(a.auctionId), ratio: ratioNum(a.ratioWad), reason: END_REASONS[a.reason] ?? String(a.reason), liquidationPrice: lp, previousLiquidationPrice: lastLiqPrice.get(who) ?? null });
          const lpText = (x: number) => (x > 0 ? `$${usd(x, 1)}` : "none");
          lines.push(`  ■ END    ${who.padEnd(6)} #${a.auctionId}  ${END_REASONS[a.reason] ?? ""}, ratio ${ratioText(a.ratioWad)}  liquidation price ${lastLiqPrice.has(who) ? `${lpText(lastLiqPrice.get(who)!)} → ` : ""}${lpText(lp)}${lp === 0 ? " (no short put risk left)" : ""}`);
          lastLiqPrice.set(who, lp);
          break;
        }
        case "ResetAuction": {
          const a = ev.args;
          const who = nameOf(a.account);
          push({ type: "reset", ...base, account: a.account, name: who, auctionId: Number(a.auctionId), previousAuctionId: Number(a.previousAuctionId), series: seriesName.get(a.seriesId) ?? "" });
          lines.push(`  ↻ RESET  ${who.padEnd(6)} #${a.previousAuctionId} → #${a.auctionId}  lot ${seriesName.get(a.seriesId)}`);
          break;
        }
        case "InsuranceCover": {
          const a = ev.args;
          const who = nameOf(a.account);
          push({ type: "insurancePayout", ...base, account: a.account, name: who, to: a.to, amount: dollars(a.amount) });
          lines.push(`  ⛑ FUND   ${who.padEnd(6)} insurance fund paid $${usd(dollars(a.amount), 2)} of its loss`);
          break;
        }
        case "BadDebt": {
          const a = ev.args;
          const who = nameOf(a.account);
          push({ type: "badDebt", ...base, account: a.account, name: who, amount: dollars(a.amount) });
          lines.push(`  ✖ DEBT   ${who.padEnd(6)} bad debt recorded $${usd(dollars(a.amount), 2)}`);
          break;
        }
      }
    }
    return lines;
  };

  console.log("Greeks options protocol — liquidation demo (Hardhat in-process chain, Ignition deployment)");
  console.log(`ETH $2,000, vol 80%, rate 5%; ${traders.length} traders + a market maker; tiers ${tiers.map((t) => `${num(t.ratioWad)}→${num(t.shareWad) * 100}%`).join(", ")}; target ${num(targetRatioWad)}; discount ${num(startDiscountWad) * 100}%→${num(maxDiscountWad) * 100}% over ${Number(durationSec) / 60} min; fund share ${num(fundShareWad) * 100}%`);
  console.log("Keeper: keeper/src (createKeeper → screenAccounts, readAuctionStatuses, decideActions, createSender) over viem on the in-process provider; one round per simulated minute.\n");
  const opening = await sample("open");
  console.log("Opening books (ratio = equity / maintenance; initial margin = 1.3 × maintenance):");
  for (const t of traders) {
    const st = opening.get(t.address.toLowerCase())!;
    const lp = t.kind === "long" ? 0 : await liqPrice(t.address);
    if (lp > 0) lastLiqPrice.set(t.name, lp);
    console.log(`  ${t.name.padEnd(6)} ${t.kind.padEnd(6)} ${t.legs.map(legText).join(" / ").padEnd(30)} ratio ${ratioText(st.ratioWad)}  liq. price ${lp > 0 ? "$" + usd(lp, 1) : "-"}`);
  }
  for (const line of await drainEvents()) console.log(line); // (nothing yet; moves the cursor)

  for (const priceUsd of PRICE_PATH) {
    stepIndex++;
    const prev = spotWad;
    spotWad = BigInt(priceUsd) * WAD;
    // the mock ETH/USD feed's own setter (no SDK function: ethers)
    await p.ethUsdFeed.connect(deployerSigner).updateAnswer(BigInt(priceUsd) * 10n ** 8n);
    await postVols();
    const st = await sample(`$${priceUsd}`);
    push({ type: "price", block: Number(await headBlock()), price: priceUsd, previous: num(prev) });
    console.log(`\n── step ${stepIndex}: ETH $${usd(num(prev))} → $${usd(priceUsd)} (${(((priceUsd - num(prev)) / num(prev)) * 100).toFixed(1)}%) ──`);
    const affected = traders.filter((t) => {
      const s = st.get(t.address.toLowerCase())!;
      return s.active || s.tier !== 0n || (s.ratioWad < 125n * 10n ** 16n && t.kind !== "long");
    });
    for (const t of affected) {
      const s = st.get(t.address.toLowerCase())!;
      console.log(`  ${t.name.padEnd(6)} ratio ${ratioText(s.ratioWad)}  ${tierText(s.tier)}${s.active ? "  (auction live)" : ""}`);
      push({ type: "ratio", block: samples[samples.length - 1].block, account: t.address, name: t.name, ratio: ratioNum(s.ratioWad), tier: s.tier === MAX_UINT ? "insolvent" : Number(s.tier) });
    }
    if (affected.length === 0) console.log("  every account above 1.25");

    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const r = await keeper.cycle({ force: true });
      const lines = await drainEvents();
      if (lines.length > 0) {
        await sample(`$${priceUsd} r${round}`);
        console.log(`  [keeper round ${round}, +${(round - 1) * ROUND_SECONDS / 60} min]`);
        for (const line of lines) console.log(line);
      }
      if (r && r.sent === 0 && sender.pendingCount() === 0 && lines.length === 0 && round > 1) break;
      await networkHelpers.time.increase(ROUND_SECONDS);
    }
    // keep vols fresh after the rounds too (the clock moved)
    await postVols();
  }
  const final = await sample("end");

  // summary
  const insurance = dollars((await getInsuranceFund(publicClient, { deployment })).amount);
  // the protocol's total (getBadDebt also reads one account's: the insurance fund's, which is never auctioned)
  const badDebt = dollars((await getBadDebt(publicClient, { deployment, account: deployment.liquidationEngine })).total);
  const sold = [...touched.values()].reduce((s, x) => s + x.soldNotional, 0);
  const full = [...touched.values()].reduce((s, x) => s + x.fullNotional, 0);
  const bids = events.filter((e) => e.type === "bid");


  const untouched = traders.filter((t) => !touched.has(t.name));
  const healthyTouched = traders.filter((t) => touched.has(t.name) && t.kind === "long");
  console.log("\n══ summary ══");
  console.log(`accounts auctioned: ${touched.size} of ${traders.length} (${[...touched.keys()].join(", ")}); never touched: ${untouched.map((t) => t.name).join(", ")}`);
  console.log(`auctions started ${events.filter((e) => e.type === "start").length}, bids ${bids.length}, ended ${events.filter((e) => e.type === "end").length}, resets ${events.filter((e) => e.type === "reset").length}`);
  console.log("account  auctions  bids  sold (notional)  full liquidation  share  final ratio  tier");
  for (const [name, x] of touched) {
    const t = traders.find((y) => y.name === name);
    const s = t && final.get(t.address.toLowerCase());
    if (!s) continue; // not one of the demo's traders
    console.log(`  ${name.padEnd(6)} ${String(x.auctions).padStart(8)} ${String(x.bids).padStart(5)}  $${usd(x.soldNotional).padStart(14)}  $${usd(x.fullNotional).padStart(15)}  ${((x.soldNotional / x.fullNotional) * 100).toFixed(0).padStart(4)}%  ${ratioText(s.ratioWad).padStart(11)}  ${tierText(s.tier)}`);
  }
  for (const t of traders) {
    const s = await getAuctionStatus(publicClient, { deployment, account: t.address });
    if (!s.active) continue;
    const why = s.maxSizeWad === 0n ? "the engine offers no size (selling more of the lot would not raise the ratio); waits for a reset after the tail" : `max bid ${num(s.maxSizeWad).toFixed(2)}`;
    console.log(`still under auction: ${t.name} ratio ${ratioText(s.ratioWad)} lot ${seriesName.get(s.seriesId) ?? s.seriesId} — ${why}`);
    push({ type: "open", block: Number(s.blockNumber), account: t.address, name: t.name, ratio: ratioNum(s.ratioWad), maxSize: num(s.maxSizeWad), canReset: s.canReset });
  }
  console.log(`sold $${usd(sold)} of notional where a full liquidation of the same accounts (whole books at the first auction) would have sold $${usd(full)} (${((sold / Math.max(full, 1)) * 100).toFixed(1)}%)`);
  console.log(`insurance fund $${usd(insurance, 2)}; bad debt $${usd(badDebt, 2)}; long-only accounts touched: ${healthyTouched.length}`);

  const report: DemoReport = {
    generatedAt: new Date().toISOString(),
    chain: { chainId, blocks: Number(await headBlock()) },
    params: {
      tiers: tiers.map((t) => ({ ratio: num(t.ratioWad), share: num(t.shareWad) })),
      target: num(targetRatioWad),
      startDiscount: num(startDiscountWad),
      maxDiscount: num(maxDiscountWad),
      durationSec: Number(durationSec),
      fundShare: num(fundShareWad),
      vol: num(VOL_WAD),
      rate: num(RATE_WAD),
      pricePath: [2000, ...PRICE_PATH],
    },
    keeper: { address: keeperAddress, runs: "keeper/src createKeeper (real modules) over viem custom transport on the in-process provider" },
    accounts: traders.map((t) => ({ name: t.name, address: t.address, kind: t.kind, book: t.legs.map(legText), targetOpeningRatio: t.ratio ?? null })),
    events,
    samples,
    summary: {
      accountsAuctioned: [...touched.keys()],
      perAccount: Object.fromEntries([...touched].map(([k, v]) => [k, v])),
      soldNotional: sold,
      fullLiquidationNotional: full,
      soldShare: full > 0 ? sold / full : 0,
      insuranceFund: insurance,
      badDebt,
      untouched: untouched.map((t) => t.name),
      seconds: (Date.now() - t0) / 1000,
    },
  };
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  mkdirSync(join(root, "reports"), { recursive: true });
  writeFileSync(join(root, "reports/demo.json"), JSON.stringify(report, null, 1));
  writeFileSync(join(root, "reports/demo.html"), renderDemoHtml(report));
  console.log(`\nwrote reports/demo.json (${events.length} events) and reports/demo.html; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await keeper.stop();
  await connection.close();
}

await main();
