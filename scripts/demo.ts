/**
 * Liquidation demo (`npm run demo`): the whole protocol on Hardhat's in-process chain, no setup.
 * Deploys through Ignition (deploy/local/deployLocalProtocol.ts), a market maker quotes and about twenty
 * traders open naked and hedged books; the ETH price falls in steps; after each step the real keeper
 * (keeper/src: discovery, healthBatch screening, auctionStatusBatch, decideActions, createSender with
 * simulation and the profit check) runs over viem against the in-process provider, starting auctions,
 * bidding from its own vault account, and ending recovered auctions. Prints a timeline and writes
 * reports/demo.json (every event) and reports/demo.html (SVG chart).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import type { Address, EIP1193Provider } from "viem";
import { deployLocalProtocol } from "../deploy/local/deployLocalProtocol.js";
import { signOrder, type Order } from "../deploy/local/signOrder.js";
import { blackScholesReference, toWad } from "./reference/blackScholesReference.js";
import { EXPIRY_DAYS, PRICE_PATH, TRADERS, legText, type TraderSpec } from "./demo/book.js";
import { createInProcessKeeper } from "./demo/createInProcessKeeper.js";
import { renderDemoHtml, type DemoReport, type DemoEvent, type Sample } from "./demo/renderDemoHtml.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
const VOL = 8n * 10n ** 17n; // [wad] 80% for every expiry
const RATE = 5n * 10n ** 16n; // [wad] 5%
const MAX_UINT = 2n ** 256n - 1n;
/** ILiquidationEngine.EndReason, by value */
const END_REASONS = ["bid restored the target", "closed out", "recovered"];
const ROUND_SECONDS = 60; // time between keeper rounds (the discount grows 0.3 points per minute)
const MAX_ROUNDS = 25;

const num = (w: bigint): number => Number(w) / 1e18;
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
  const signers = await ethers.getSigners();
  const [deployer, maker, keeperSigner] = signers;
  const p = await deployLocalProtocol({ connection });
  const vaultAddr = (await p.vault.getAddress()) as Address;
  const engineAddr = (await p.liquidationEngine.getAddress()) as Address;
  const weth = (await p.weth.getAddress()) as Address;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const defaults = async () => (await p.liquidationEngine.underlyingParams(ethers.ZeroAddress))[1];
  const tiers = (await defaults()).tiers as { ratioWad: bigint; shareWad: bigint }[];

  // Liquidation policy for the demo (deployer holds RISK_ADMIN): a small starter tip and a dust size;
  // tiers 1.05/1.02/1.00 → 10%/25%/100%, target 1.10, discount 1% → 10% over 30 min, fund share 20% (defaults).
  const current = await defaults();
  await p.liquidationEngine.connect(deployer).setUnderlyingParams(ethers.ZeroAddress, {
    tiers: current.tiers.map((t: { ratioWad: bigint; shareWad: bigint }) => ({ ratioWad: t.ratioWad, shareWad: t.shareWad })),
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
  const target = policy.targetRatioWad as bigint;
  const [startDisc, maxDisc, duration] = [policy.startDiscountWad, policy.maxDiscountWad, policy.duration] as bigint[];
  const fundShare = policy.fundShareWad as bigint;

  // series: puts and calls over three expiries
  const now = BigInt(await networkHelpers.time.latest());
  const expiries = EXPIRY_DAYS.map((d) => now + BigInt(d) * DAY);
  const postVols = () => p.oracleHub.connect(deployer).setVols(weth, expiries, expiries.map(() => VOL));
  await postVols();
  const seriesOf = new Map<string, bigint>();
  const seriesName = new Map<bigint, string>();
  for (const t of TRADERS)
    for (const l of t.legs) {
      const key = `${l.strike}:${l.expiry}:${l.isCall}`;
      if (seriesOf.has(key)) continue;
      await p.vault.connect(deployer).listSeries(weth, BigInt(l.strike) * WAD, expiries[l.expiry], l.isCall);
      const id = (await p.vault.seriesIdOf(weth, BigInt(l.strike) * WAD, expiries[l.expiry], l.isCall)) as bigint;
      seriesOf.set(key, id);
      seriesName.set(id, `${l.strike}${l.isCall ? "C" : "P"}-${EXPIRY_DAYS[l.expiry]}d`);
    }

  // money: the maker and the keeper are well funded; each trader deposits, trades, then withdraws spare collateral
  const fund = async (s: { address: string }, amount: bigint, signer: typeof deployer) => {
    await p.usdc.mint(s.address, amount);
    await p.usdc.connect(signer).approve(vaultAddr, amount);
    await p.vault.connect(signer).deposit(amount);
  };
  await fund(maker, 50_000_000n * USDC, maker);
  await fund(keeperSigner, 3_000_000n * USDC, keeperSigner);
  // the protocol seeds the insurance fund (the engine's own vault account) so insolvent accounts find bidders
  const SEED = 20_000n * USDC;
  await p.usdc.mint(deployer.address, SEED);
  await p.usdc.connect(deployer).approve(vaultAddr, SEED);
  await p.vault.connect(deployer).depositFor(engineAddr, SEED);

  // traders are extra accounts of the in-process chain (impersonated, funded with gas)
  const traders: Trader[] = [];
  let salt = 1n;
  for (let i = 0; i < TRADERS.length; i++) {
    const spec = TRADERS[i];
    const address = ethers.getAddress(ethers.dataSlice(ethers.id(`demo trader ${spec.name}`), 12)) as Address;
    await networkHelpers.impersonateAccount(address);
    await networkHelpers.setBalance(address, 10n ** 20n);
    const signer = await ethers.getSigner(address);
    await fund(signer, 400_000n * USDC, signer);
    const seriesIds: bigint[] = [];
    for (const l of spec.legs) {
      const id = seriesOf.get(`${l.strike}:${l.expiry}:${l.isCall}`)!;
      seriesIds.push(id);
      const bs = blackScholesReference({ spotWad: 2000n * WAD, strikeWad: BigInt(l.strike) * WAD, volWad: VOL, timeSec: expiries[l.expiry] - now, rateWad: RATE });
      const price = toWad(l.isCall ? bs.callPrice : bs.putPrice) / 10n ** 12n; // [USDC decimals] fair premium
      const size = BigInt(Math.abs(l.size)) * WAD;
      // the maker quotes the other side: it buys what the trader sells and sells what the trader buys
      const order: Order = { maker: maker.address, seriesId: id, isBuy: l.size < 0, sizeWad: size, price, deadline: now + DAY, nonce: await p.vault.nonceOf(maker.address), salt: salt++ };
      const signature = await signOrder({ signer: maker, vault: vaultAddr, chainId, order });
      await p.vault.connect(signer).fill(order, signature, size);
    }
    if (spec.ratio !== undefined) {
      const h = await p.marginLens.health(address);
      // withdraw = equity − ratio × maintenance  (in token decimals, rounded down)
      const keep = (h.maintenanceWad * BigInt(Math.round(spec.ratio * 1e6))) / 10n ** 6n;
      const spare = (h.equityWad - keep) / 10n ** 12n;
      if (spare > 0n) await p.vault.connect(signer).withdraw(spare, address);
    } else {
      await p.vault.connect(signer).withdraw(350_000n * USDC, address);
    }
    traders.push({ ...spec, address, seriesIds });
  }
  const byAddress = new Map(traders.map((t) => [t.address.toLowerCase(), t]));
  const nameOf = (a: string) => byAddress.get(a.toLowerCase())?.name ?? (a.toLowerCase() === keeperSigner.address.toLowerCase() ? "keeper" : a.slice(0, 8));

  // the keeper: keeper/src over viem on the in-process provider
  const { keeper, sender } = createInProcessKeeper({
    provider: connection.provider as unknown as EIP1193Provider,
    chainId: Number(chainId),
    address: keeperSigner.address as Address,
    contracts: {
      vault: vaultAddr,
      marginLens: (await p.marginLens.getAddress()) as Address,
      liquidationLens: (await p.liquidationLens.getAddress()) as Address,
      liquidationEngine: engineAddr,
      priceFeeds: [(await p.ethUsdFeed.getAddress()) as Address],
    },
    nativePriceWad: 2000n * WAD,
    logLevel: process.env.DEMO_KEEPER_LOG ?? "silent",
  });

  const events: DemoEvent[] = [];
  const samples: Sample[] = [];
  let spot = 2000n * WAD;
  let stepIndex = 0;
  const push = (e: DistributiveOmit<DemoEvent, "step" | "sample">) => events.push({ step: stepIndex, sample: samples.length - 1, ...e } as DemoEvent);

  type Status = { ratioWad: bigint; tier: bigint; active: boolean; auctionId: bigint };
  const statuses = async (): Promise<Map<string, Status>> => {
    const r = (await p.liquidationLens.auctionStatusBatch(traders.map((t) => t.address))) as Status[];
    return new Map(traders.map((t, i) => [t.address.toLowerCase(), r[i]]));
  };
  const tierText = (tier: bigint): string => (tier === 0n ? "-" : tier === MAX_UINT ? "INSOLVENT" : `tier ${tier} (${num(tiers[Number(tier) - 1].shareWad) * 100}%)`);
  const sample = async (label: string) => {
    const st = await statuses();
    const ratios: Record<string, number | null> = {};
    for (const t of traders) ratios[t.name] = ratioNum(st.get(t.address.toLowerCase())!.ratioWad);
    samples.push({ index: samples.length, label, step: stepIndex, price: num(spot), block: Number(await ethers.provider.getBlockNumber()), ratios });
    return st;
  };

  // accounts an auction touched, with what a full liquidation would have sold (gross notional at the first start)
  const touched = new Map<string, { fullNotional: number; soldNotional: number; soldSize: number; bids: number; auctions: number }>();
  const lastLiqPrice = new Map<string, number>();
  const liqPrice = async (a: string): Promise<number> => num(((await p.marginLens.liquidationPrice(a, weth)) as [bigint, bigint])[0]);

  let lastBlock = await ethers.provider.getBlockNumber();
  const drainEvents = async (): Promise<string[]> => {
    const head = await ethers.provider.getBlockNumber();
    if (head <= lastBlock) return [];
    // the engine's auction events and the vault's loss ledger (pending loss, insurance cover, bad debt)
    const logs = [
      ...(await p.liquidationEngine.queryFilter("*", lastBlock + 1, head)),
      ...(await p.vault.queryFilter(p.vault.filters.PendingLoss(), lastBlock + 1, head)),
      ...(await p.vault.queryFilter(p.vault.filters.InsuranceCover(), lastBlock + 1, head)),
      ...(await p.vault.queryFilter(p.vault.filters.BadDebt(), lastBlock + 1, head)),
    ].sort((x, y) => x.blockNumber - y.blockNumber || x.index - y.index);
    lastBlock = head;
    const lines: string[] = [];
    for (const log of logs) {
      const name = log.fragment?.name ?? log.eventName;
      const a = log.args;
      if (!a) continue;
      if (name === "PendingLoss") {
        const paused = (a.pendingLoss as bigint) > (a.insuranceFund as bigint);
        lines.push(`  ⏸ LOSS   pending $${usd(Number(a.pendingLoss) / 1e6, 2)} vs insurance fund $${usd(Number(a.insuranceFund) / 1e6, 2)}: withdrawals ${paused ? "paused" : "open"}`);
        continue;
      }
      const who = nameOf(a.account as string);
      const base = { block: log.blockNumber, tx: log.transactionHash, account: a.account as string, name: who };
      if (name === "StartAuction") {
        // the book before the block of the start (a start-and-bid sells in the same transaction)
        const h = await p.marginLens.health(a.account, { blockTag: log.blockNumber - 1 });
        const full = h.positions.reduce((s: number, x: { sizeWad: bigint }) => s + Math.abs(num(x.sizeWad)) * num(spot), 0);
        const tt = touched.get(who) ?? { fullNotional: full, soldNotional: 0, soldSize: 0, bids: 0, auctions: 0 };
        tt.auctions++;
        touched.set(who, tt);
        push({ type: "start", ...base, auctionId: Number(a.auctionId), series: seriesName.get(a.seriesId) ?? String(a.seriesId), ratio: num(a.ratioWad), tier: a.tier === MAX_UINT ? "insolvent" : Number(a.tier), mark: num(a.markPriceWad), notional: num(a.notionalWad), tip: Number(a.tip) / 1e6, keeper: nameOf(a.keeper) });
        lines.push(`  ▶ START  ${who.padEnd(6)} auction #${a.auctionId}  lot ${seriesName.get(a.seriesId)}  ratio ${ratioText(a.ratioWad)}  ${tierText(a.tier)}  lot notional $${usd(num(a.notionalWad))}  tip $${usd(Number(a.tip) / 1e6, 2)}`);
      } else if (name === "Bid") {
        const size = num(a.sizeWad);
        const tt = touched.get(who)!;
        tt.soldNotional += size * num(spot);
        tt.soldSize += size;
        tt.bids++;
        push({ type: "bid", ...base, auctionId: Number(a.auctionId), bidder: nameOf(a.bidder), series: seriesName.get(a.seriesId) ?? String(a.seriesId), size, price: num(a.priceWad), discount: num(a.discountWad), ratioBefore: ratioNum(a.ratioBeforeWad), ratioAfter: ratioNum(a.ratioAfterWad), accountCash: Number(a.accountCash) / 1e6, fundShare: Number(a.fundShare) / 1e6 });
        lines.push(`  ● BID    ${who.padEnd(6)} #${a.auctionId}  ${size.toFixed(2)} × ${seriesName.get(a.seriesId)} at $${num(a.priceWad).toFixed(2)} (discount ${(num(a.discountWad) * 100).toFixed(2)}%)  ratio ${ratioText(a.ratioBeforeWad)} → ${ratioText(a.ratioAfterWad)}  fund +$${usd(Number(a.fundShare) / 1e6, 2)}`);
      } else if (name === "EndAuction") {
        const lp = await liqPrice(a.account);
        push({ type: "end", ...base, auctionId: Number(a.auctionId), ratio: ratioNum(a.ratioWad), reason: END_REASONS[Number(a.reason)] ?? String(a.reason), liquidationPrice: lp, previousLiquidationPrice: lastLiqPrice.get(who) ?? null });
        const lpText = (x: number) => (x > 0 ? `$${usd(x, 1)}` : "none");
        lines.push(`  ■ END    ${who.padEnd(6)} #${a.auctionId}  ${END_REASONS[Number(a.reason)] ?? ""}, ratio ${ratioText(a.ratioWad)}  liquidation price ${lastLiqPrice.has(who) ? `${lpText(lastLiqPrice.get(who)!)} → ` : ""}${lpText(lp)}${lp === 0 ? " (no short put risk left)" : ""}`);
        lastLiqPrice.set(who, lp);
      } else if (name === "ResetAuction") {
        push({ type: "reset", ...base, auctionId: Number(a.auctionId), previousAuctionId: Number(a.previousAuctionId), series: seriesName.get(a.seriesId) ?? "" });
        lines.push(`  ↻ RESET  ${who.padEnd(6)} #${a.previousAuctionId} → #${a.auctionId}  lot ${seriesName.get(a.seriesId)}`);
      } else if (name === "InsuranceCover") {
        push({ type: "insurancePayout", ...base, to: a.to as string, amount: Number(a.amount) / 1e6 });
        lines.push(`  ⛑ FUND   ${who.padEnd(6)} insurance fund paid $${usd(Number(a.amount) / 1e6, 2)} of its loss`);
      } else if (name === "BadDebt") {
        push({ type: "badDebt", ...base, amount: Number(a.amount) / 1e6 });
        lines.push(`  ✖ DEBT   ${who.padEnd(6)} bad debt recorded $${usd(Number(a.amount) / 1e6, 2)}`);
      }
    }
    return lines;
  };

  console.log("Greeks options protocol — liquidation demo (Hardhat in-process chain, Ignition deployment)");
  console.log(`ETH $2,000, vol 80%, rate 5%; ${traders.length} traders + a market maker; tiers ${tiers.map((t) => `${num(t.ratioWad)}→${num(t.shareWad) * 100}%`).join(", ")}; target ${num(target)}; discount ${num(startDisc) * 100}%→${num(maxDisc) * 100}% over ${Number(duration) / 60} min; fund share ${num(fundShare) * 100}%`);
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
    const prev = spot;
    spot = BigInt(priceUsd) * WAD;
    await p.ethUsdFeed.connect(deployer).updateAnswer(BigInt(priceUsd) * 10n ** 8n);
    await postVols();
    const st = await sample(`$${priceUsd}`);
    push({ type: "price", block: Number(await ethers.provider.getBlockNumber()), price: priceUsd, previous: num(prev) });
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
  const insurance = Number(await p.vault.insuranceFund()) / 1e6;
  const badDebt = Number(await p.vault.totalBadDebt()) / 1e6;
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
    const s = (await p.liquidationLens.auctionStatus(t.address)) as { active: boolean; tier: bigint; seriesId: bigint; maxSizeWad: bigint; ratioWad: bigint; canReset: boolean };
    if (!s.active) continue;
    const why = s.maxSizeWad === 0n ? "the engine offers no size (selling more of the lot would not raise the ratio); waits for a reset after the tail" : `max bid ${num(s.maxSizeWad).toFixed(2)}`;
    console.log(`still under auction: ${t.name} ratio ${ratioText(s.ratioWad)} lot ${seriesName.get(s.seriesId) ?? s.seriesId} — ${why}`);
    push({ type: "open", block: Number(await ethers.provider.getBlockNumber()), account: t.address, name: t.name, ratio: ratioNum(s.ratioWad), maxSize: num(s.maxSizeWad), canReset: s.canReset });
  }
  console.log(`sold $${usd(sold)} of notional where a full liquidation of the same accounts (whole books at the first auction) would have sold $${usd(full)} (${((sold / Math.max(full, 1)) * 100).toFixed(1)}%)`);
  console.log(`insurance fund $${usd(insurance, 2)}; bad debt $${usd(badDebt, 2)}; long-only accounts touched: ${healthyTouched.length}`);

  const report: DemoReport = {
    generatedAt: new Date().toISOString(),
    chain: { chainId: Number(chainId), blocks: Number(await ethers.provider.getBlockNumber()) },
    params: {
      tiers: tiers.map((t) => ({ ratio: num(t.ratioWad), share: num(t.shareWad) })),
      target: num(target),
      startDiscount: num(startDisc),
      maxDiscount: num(maxDisc),
      durationSec: Number(duration),
      fundShare: num(fundShare),
      vol: num(VOL),
      rate: num(RATE),
      pricePath: [2000, ...PRICE_PATH],
    },
    keeper: { address: keeperSigner.address, runs: "keeper/src createKeeper (real modules) over viem custom transport on the in-process provider" },
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
