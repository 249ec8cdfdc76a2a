/**
 * Liquidation benchmark on the real contracts (OracleHub with a MockPriceFeed, OptionVault,
 * MarginEngine, LinearDiscount, LiquidationEngine; ETH at 2,000, h 15%, v 0.30, floor 3%, IM x1.3).
 *
 * The insurance fund is seeded (depositFor). Each bid comes from its own funded bidder account without
 * positions (conservative: the bid pays for the bidder's first book slot).
 * Three accounts hold 1, 5 and 16 option positions (short calls across strikes and five expiries, every
 * fourth one a long call hedge), each funded to exactly its initial requirement. For each account the
 * spot is raised until its margin ratio is just below 1.00 (tier 3: the whole lot may be sold),
 * an auction is started and one maximum bid is made from a funded bidder account. Figures are receipt
 * gasUsed of whole transactions (fresh oracle reads, the one-pass quote, the vault transfers and the
 * bidder's margin re-check included):
 *   liquidation.start       start() on the 5-position account
 *   liquidation.bid.{1,5,16} first maximum bid on each account
 *   liquidation.reset       reset() on the 5-position account after the tail
 *   liquidation.bid.spread  first maximum bid on a bear call spread (short 2000C, long 2250C, 14 d) under
 *                           h 50%, v 2.0 (its requirement is its maximum loss) and IM factor 1.01, funded at
 *                           its initial requirement (ratio 1.01, tier 1): a combined lot, the short and its
 *                           hedge sold together in proportion (parameters restored after)
 *   liquidation.startAndBid.5  startAndBid() (start + first maximum bid, one transaction) on a fourth
 *                           account with the same 5-position book
 * BENCH_PROFILE=1 prints the call tree of liquidation.bid.5 (debug_traceTransaction: inclusive and self
 * gas per frame, cold/warm SLOADs, SSTOREs); BENCH_PROFILE_DUMP=<file> also writes its steps as JSON lines.
 */
import { expectedLot } from "../../sdk/src/math/expectedLot.js";
import { signOrder } from "../../deploy/local/signOrder.js";
import { profileTx, type Known } from "./profileTx.js";
import type { BenchContext, BenchModule, BenchResult } from "./benchTypes.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
const ETH = "0x000000000000000000000000000000000000E7E7";
const POSITION_COUNTS = [1, 5, 16] as const;
// one account per run; the last run measures startAndBid (start + first maximum bid in one transaction)
// and the last but one a combined lot (a bear call spread: its short sold with its long hedge as one unit)
const RUNS = [...POSITION_COUNTS.map((n) => ({ n, combined: false, spread: false })), { n: 2, combined: false, spread: true }, { n: 5, combined: true, spread: false }];

type AnyContract = any;

const liquidation: BenchModule = {
  name: "liquidation",
  async run({ connection }: BenchContext): Promise<BenchResult> {
    const { ethers } = connection;
    const signers = await ethers.getSigners();
    const [admin, maker, keeper] = signers;
    const accounts = signers.slice(3, 3 + RUNS.length);
    const bidders = signers.slice(3 + RUNS.length, 3 + 2 * RUNS.length);
    const deploy = (name: string, args: unknown[] = []): Promise<AnyContract> => ethers.deployContract(name, args);
    const send = async (p: Promise<{ wait(): Promise<unknown> }>) => (await p).wait();

    const manager = await deploy("AccessManager", [admin.address]);
    const token = await deploy("MockERC20", ["USD Coin", "USDC", 6]);
    const feed = await deploy("MockPriceFeed", [8, 2000n * 10n ** 8n]);
    const hub = await deploy("OracleHub", [await manager.getAddress(), ethers.ZeroAddress, 0]);
    const maxLossLib = await (await deploy("MaxLossLib")).getAddress();
    const margin = (await ethers.deployContract("MarginEngine", [await manager.getAddress(), await token.getAddress(), await hub.getAddress()], {
      libraries: {
        MaxLossLib: maxLossLib,
        MarginParamsLib: await (await deploy("MarginParamsLib")).getAddress(),
        LiquidationQuoteLib: await (await ethers.deployContract("LiquidationQuoteLib", { libraries: { MaxLossLib: maxLossLib } })).getAddress(),
      },
    })) as AnyContract;
    const vault = await deploy("OptionVault", [
      await manager.getAddress(),
      await token.getAddress(),
      await hub.getAddress(),
      await margin.getAddress(),
    ]);
    const curve = await deploy("LinearDiscount");
    const paramsLib = await deploy("LiquidationParamsLib");
    const liq = (await ethers.deployContract(
      "LiquidationEngine",
      [await manager.getAddress(), await vault.getAddress(), await margin.getAddress(), await curve.getAddress()],
      { libraries: { LiquidationParamsLib: await paramsLib.getAddress() } },
    )) as AnyContract;
    const marginLens = (await ethers.deployContract("MarginLens", [await vault.getAddress(), await margin.getAddress()], {
      libraries: { MaxLossLib: maxLossLib },
    })) as AnyContract;
    const liqLens = await deploy("LiquidationLens", [await liq.getAddress(), await marginLens.getAddress()]);
    await send(hub.setFeed(ETH, await feed.getAddress(), 7n * DAY));
    await send(hub.setVolConfig(ETH, WAD / 20n, 5n * WAD, 5n * WAD, 7n * DAY));
    await send(hub.setRate(ETH, WAD / 20n));
    await send(margin.setRiskParams(ETH, (15n * WAD) / 100n, (30n * WAD) / 100n, (3n * WAD) / 100n, (130n * WAD) / 100n));
    await send(vault.setLiquidator(await liq.getAddress()));

    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const expiries = [14n, 30n, 45n, 60n, 90n].map((d) => now + d * DAY);
    for (const e of expiries) await send(hub.setVol(ETH, e, (60n * WAD) / 100n));
    const seriesIds: bigint[] = [];
    for (let k = 0; k < 16; k++) {
      const strike = 2000n * WAD + BigInt(50 * k) * WAD;
      await send(vault.listSeries(ETH, strike, expiries[k % expiries.length], true));
      seriesIds.push(BigInt(k + 1));
    }

    const fund = async (who: AnyContract, amount: bigint) => {
      await send(token.mint(who.address, amount));
      await send(token.connect(who).approve(await vault.getAddress(), amount));
      await send(vault.connect(who).deposit(amount));
    };
    await fund(maker, 1_000_000_000n * USDC);
    for (const b of bidders) await fund(b, 1_000_000_000n * USDC);
    const { chainId } = await ethers.provider.getNetwork();
    let salt = 0n;
    const setSpot = (spotWad: bigint) => send(feed.updateAnswer(spotWad / 10n ** 10n));
    const ratioOf = async (who: string): Promise<bigint> => {
      const [equity, mm] = await marginLens.accountMarginIgnoringSequencer(who);
      if (mm === 0n) return 2n ** 256n - 1n;
      return equity <= 0n ? 0n : (equity * WAD) / mm;
    };

    // the insurance fund (the vault's own account) is seeded at deployment
    await send(token.mint(admin.address, 10_000n * USDC));
    await send(token.approve(await vault.getAddress(), 10_000n * USDC));
    await send(vault.depositFor(await vault.getAddress(), 10_000n * USDC));
    const gas: Record<string, number> = {};
    for (let a = 0; a < RUNS.length; a++) {
      const { n, combined, spread } = RUNS[a];
      const account = accounts[a];
      const bidder = bidders[a];
      await setSpot(2000n * WAD);
      await fund(account, 100_000_000n * USDC);
      // the spread: a bear call spread, short 2000C and long 2250C of the same expiry
      const legs: [number, boolean][] = spread ? [[0, false], [5, true]] : Array.from({ length: n }, (_, k) => [k, k % 4 === 3]);
      for (const [k, isLongHedge] of legs) {
        const mark: bigint = await marginLens.markPrice(seriesIds[k]);
        const order = {
          maker: maker.address,
          seriesId: seriesIds[k],
          isBuy: !isLongHedge, // the maker buys what the account sells
          sizeWad: WAD,
          price: mark / 10n ** 12n + (isLongHedge ? 1n : 0n),
          deadline: now + 30n * DAY,
          nonce: 0n,
          salt: ++salt,
        };
        const signature = await signOrder({ signer: maker, vault: await vault.getAddress(), chainId, order });
        await send(vault.connect(account).fill(order, signature, WAD));
      }
      // the spread: a risk-parameter update first (h 50%, v 2.0: its requirement is its maximum loss; IM
      // factor 1.01), so that withdrawing to the initial requirement leaves it at ratio 1.01 (tier 1)
      if (spread) await send(margin.setRiskParams(ETH, WAD / 2n, 2n * WAD, WAD / 2n, (101n * WAD) / 100n));
      // withdraw down to the initial requirement: ratio = IM / MM = 1.3
      const [equity, , im]: [bigint, bigint, bigint] = await marginLens.accountMarginIgnoringSequencer(account.address);
      // (the spread's requirement moves more with a block's time decay: a margin of a cent)
      const excess = (equity - im) / 10n ** 12n - (spread ? 10_000n : 1n);
      await send(vault.connect(account).withdraw(excess, account.address));
      // raise the spot until the ratio is just below 1.00 (not the spread: at 1.01 already)
      let lo = 2000n * WAD;
      let hi = spread ? lo : 8000n * WAD;
      for (let i = 0; i < (spread ? 0 : 40); i++) {
        const mid = (lo + hi) / 2n;
        await setSpot(mid);
        if ((await ratioOf(account.address)) < WAD) hi = mid;
        else lo = mid;
      }
      await setSpot(hi);
      await ethers.provider.send("evm_mine", []);
      if (combined) {
        const next = await liqLens.auctionStatus(account.address);
        const lot = expectedLot(next.seriesId, next.lotIsShort, next.pairSeriesId);
        const tx = await (await liq.connect(bidder).startAndBid(account.address, lot, 2n ** 255n, next.lotIsShort ? 0n : 2n ** 256n - 1n, ethers.ZeroAddress, "0x")).wait();
        gas[`liquidation.startAndBid.${n}`] = Number(tx.gasUsed);
        continue;
      }
      const startTx = await (await liq.connect(keeper).start(account.address)).wait();
      if (n === 5) gas["liquidation.start"] = Number(startTx.gasUsed);
      const st = await liqLens.auctionStatus(account.address);
      const bidTx = await (
        await liq.connect(bidder).bid(account.address, st.auctionId, expectedLot(st.seriesId, st.lotIsShort, st.pairSeriesId), st.maxSizeWad, st.lotIsShort ? 0n : 2n ** 256n - 1n, ethers.ZeroAddress, "0x")
      ).wait();
      gas[spread ? "liquidation.bid.spread" : `liquidation.bid.${n}`] = Number(bidTx.gasUsed);
      if (spread && st.pairSeriesId === 0n) throw new Error("liquidation.bid.spread: the lot is not a combined lot");
      if (n === 5 && process.env.BENCH_PROFILE) {
        const known: Known = {};
        const add = async (name: string, c: AnyContract) => {
          known[(await c.getAddress()).toLowerCase()] = { name, iface: c.interface };
        };
        await add("vault", vault);
        await add("margin", margin);
        await add("hub", hub);
        await add("feed", feed);
        await add("curve", curve);
        await add("manager", manager);
        await add("liq", liq);
        console.log(await profileTx(ethers.provider, bidTx.hash, known, "liquidation.bid.5", Number(bidTx.gasUsed)));
      }
      if (spread) {
        await send(margin.setRiskParams(ETH, (15n * WAD) / 100n, (30n * WAD) / 100n, (3n * WAD) / 100n, (130n * WAD) / 100n));
        continue;
      }
      if (n === 5 && (await vault.isUnderAuction(account.address))) {
        await ethers.provider.send("evm_increaseTime", [3601]);
        await setSpot(hi);
        const resetTx = await (await liq.connect(keeper).reset(account.address)).wait();
        gas["liquidation.reset"] = Number(resetTx.gasUsed);
      }
    }

    const rows: [string, string, string, string][] = [
      ["liquidation.start", String(gas["liquidation.start"]), "-", "5 positions, tier 3"],
      ...POSITION_COUNTS.map((n): [string, string, string, string] => [
        `liquidation.bid.${n}`,
        String(gas[`liquidation.bid.${n}`]),
        n === 5 ? "<= 220000 (goal <= 150000)" : "-",
        `${n} positions, max bid at ratio < 1.00 (tier 3), fresh bidder`,
      ]),
      ["liquidation.bid.spread", String(gas["liquidation.bid.spread"]), "-", "bear call spread 2000C/2250C, max bid of the short with its hedge (combined lot)"],
      ["liquidation.reset", String(gas["liquidation.reset"] ?? "n/a"), "-", "5 positions, after the tail"],
      ["liquidation.startAndBid.5", String(gas["liquidation.startAndBid.5"]), "-", "5 positions, start + first max bid in one tx, fresh bidder"],
    ];
    return { gas, accuracy: {}, rows };
  },
};

export default liquidation;
