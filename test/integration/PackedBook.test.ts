import { expect } from "chai";
import { network } from "hardhat";
import { expectedLot } from "../../sdk/src/math/expectedLot.js";
import { signOrder } from "../../deploy/local/signOrder.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
const ETH = "0x000000000000000000000000000000000000E7E7";
const MAX = 2n ** 256n - 1n;

/**
 * The margin engine's hot path reads books through the vault's compact `packedBookOf`; the vault's margin
 * checks and the lenses hand it `bookOf`. Differential check on the real contracts: the packed book decodes
 * to `bookOf`, a liquidation quote prices exactly what `margin(bookOf)` prices (account, and bidder with
 * the slice), with and without a size-tier table, and open interest stays Σ longs = Σ shorts through
 * fills and a liquidation transfer.
 */
describe("PackedBook (integration, differential)", function () {
  it("packedBookOf = bookOf, quote = margin(bookOf), tiers flag, open interest", async function () {
    const { ethers } = await network.connect();
    const [admin, maker, account, bidder] = await ethers.getSigners();
    const deploy = (name: string, args: unknown[] = []): Promise<any> => ethers.deployContract(name, args);
    const manager = await deploy("AccessManager", [admin.address]);
    const m = await manager.getAddress();
    const token = await deploy("MockERC20", ["USD Coin", "USDC", 6]);
    const feed = await deploy("MockPriceFeed", [8, 2000n * 10n ** 8n]);
    const hub = await deploy("OracleHub", [m, ethers.ZeroAddress, 0]);
    const maxLossLib = await (await deploy("MaxLossLib")).getAddress();
    const margin = await ethers.deployContract("MarginEngine", [m, await token.getAddress(), await hub.getAddress()], {
      libraries: {
        MaxLossLib: maxLossLib,
        MarginParamsLib: await (await deploy("MarginParamsLib")).getAddress(),
        LiquidationQuoteLib: await (await ethers.deployContract("LiquidationQuoteLib", { libraries: { MaxLossLib: maxLossLib } })).getAddress(),
      },
    });
    const vault = await deploy("OptionVault", [m, await token.getAddress(), await hub.getAddress(), await margin.getAddress()]);
    const curve = await deploy("LinearDiscount");
    const paramsLib = await deploy("LiquidationParamsLib");
    const liq = await ethers.deployContract(
      "LiquidationEngine",
      [m, await vault.getAddress(), await margin.getAddress(), await curve.getAddress()],
      { libraries: { LiquidationParamsLib: await paramsLib.getAddress() } },
    );
    const marginLens = await ethers.deployContract("MarginLens", [await vault.getAddress(), await margin.getAddress()], {
      libraries: { MaxLossLib: maxLossLib },
    });
    const liqLens = await deploy("LiquidationLens", [await liq.getAddress(), await marginLens.getAddress()]);
    await (await hub.setFeed(ETH, await feed.getAddress(), 7n * DAY)).wait();
    await (await hub.setVolConfig(ETH, WAD / 20n, 5n * WAD, 5n * WAD, 7n * DAY)).wait();
    await (await hub.setRate(ETH, WAD / 20n)).wait();
    await (await margin.setRiskParams(ETH, (15n * WAD) / 100n, (30n * WAD) / 100n, (3n * WAD) / 100n, (130n * WAD) / 100n)).wait();
    await (await vault.setLiquidator(await liq.getAddress())).wait();

    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const expiries = [14n, 30n, 45n].map((d) => now + d * DAY);
    for (const e of expiries) await (await hub.setVol(ETH, e, (60n * WAD) / 100n)).wait();
    for (let k = 0; k < 5; k++) {
      await (await vault.listSeries(ETH, 2000n * WAD + BigInt(50 * k) * WAD, expiries[k % 3], k !== 2)).wait();
    }
    for (const who of [maker, account, bidder]) {
      await (await token.mint(who.address, 1_000_000_000n * USDC)).wait();
      await (await token.connect(who).approve(await vault.getAddress(), MAX)).wait();
    }
    await (await vault.connect(maker).deposit(1_000_000_000n * USDC)).wait();
    await (await vault.connect(bidder).deposit(1_000_000_000n * USDC)).wait();
    await (await vault.connect(account).deposit(2_000n * USDC)).wait();
    const { chainId } = await ethers.provider.getNetwork();
    for (let k = 0; k < 5; k++) {
      const isLong = k === 3;
      const mark: bigint = await marginLens.markPrice(BigInt(k + 1));
      const order = {
        maker: maker.address,
        seriesId: BigInt(k + 1),
        isBuy: !isLong,
        sizeWad: WAD,
        price: mark / 10n ** 12n + (isLong ? 1n : 0n),
        deadline: now + 30n * DAY,
        nonce: 0n,
        salt: BigInt(k + 1),
      };
      const signature = await signOrder({ signer: maker, vault: await vault.getAddress(), chainId, order });
      await (await vault.connect(account).fill(order, signature, WAD)).wait();
    }

    // a plain (writable) copy of a decoded AccountBook, to pass back to the engine
    const bookOf = async (who: string) => {
      const b = await vault.bookOf(who);
      const series = b.series.map((s: any) => [s.underlying, s.expiry, s.isCall, s.strikeWad]);
      return [b.account, b.collateral, [...b.seriesIds], [...b.sizesWad], series];
    };
    const checkOpenInterest = async () => {
      for (let id = 1n; id <= 5n; id++) {
        let longs = 0n;
        let shorts = 0n;
        for (const who of [maker, account, bidder]) {
          const size: bigint = await vault.positionOf(who.address, id);
          if (size > 0n) longs += size;
          else shorts -= size;
        }
        const [l, s] = await vault.openInterest(id);
        expect([l, s]).to.deep.equal([longs, shorts]);
        expect(l).to.equal(s);
      }
    };
    const checkPacked = async (who: string) => {
      const book = await vault.bookOf(who);
      const [collateral, words]: [bigint, bigint[]] = await vault.packedBookOf(who);
      expect(collateral).to.equal(book.collateral);
      expect(words.length).to.equal(2 * book.seriesIds.length);
      const mask = (bits: bigint) => (1n << bits) - 1n;
      for (let i = 0; i < book.seriesIds.length; i++) {
        const [w, v] = [words[2 * i], words[2 * i + 1]];
        expect(w & mask(32n)).to.equal(book.seriesIds[i]);
        expect(BigInt.asIntN(96, (w >> 32n) & mask(96n))).to.equal(book.sizesWad[i]);
        expect(w >> 128n).to.equal(book.series[i].strikeWad);
        expect(ethers.getAddress(ethers.toBeHex(v & mask(160n), 20))).to.equal(book.series[i].underlying);
        expect((v >> 160n) & mask(64n)).to.equal(book.series[i].expiry);
        expect(((v >> 224n) & 1n) === 1n).to.equal(book.series[i].isCall);
      }
    };
    const qp = (bidderAddr: string) => ({
      targetRatioWad: (11n * WAD) / 10n,
      discountWad: WAD / 20n,
      bidCapWad: MAX,
      minSizeWad: 0n,
      tierRatiosWad: [(105n * WAD) / 100n, (102n * WAD) / 100n, WAD],
      tierSharesWad: [WAD / 10n, WAD / 4n, WAD],
      bidder: bidderAddr,
    });
    const checkQuote = async () => {
      const q = await margin.liquidationQuote(await vault.getAddress(), account.address, qp(bidder.address));
      const [equity, mm] = await margin.margin(await bookOf(account.address), false);
      expect([q.equityWad, q.maintenanceWad]).to.deep.equal([equity, mm]);
      if (q.sizeWad === 0n) return q;
      // a combined lot's bidder is checked after the transfer (LiquidationEngine), not quoted
      if (q.pairSeriesId !== 0n) {
        expect([q.bidderEquityWad, q.bidderInitialWad]).to.deep.equal([0n, 0n]);
        return q;
      }
      // the bidder's book with the slice, through the AccountBook path
      const b = await vault.bookOf(bidder.address);
      const slice = q.positionWad < 0n ? -q.sizeWad : q.sizeWad;
      const ids = [...b.seriesIds];
      const sizes = [...b.sizesWad];
      const series = b.series.map((s: any) => [s.underlying, s.expiry, s.isCall, s.strikeWad]);
      const at = ids.findIndex((id: bigint) => id === q.seriesId);
      if (at >= 0) sizes[at] += slice;
      else {
        const s = await vault.series(q.seriesId);
        ids.push(q.seriesId);
        sizes.push(slice);
        series.push([s.underlying, s.expiry, s.isCall, s.strikeWad]);
      }
      const [be, , bi] = await margin.margin([bidder.address, b.collateral, ids, sizes, series], false);
      expect([q.bidderEquityWad, q.bidderInitialWad]).to.deep.equal([be, bi]);
      return q;
    };

    await checkPacked(account.address);
    await checkPacked(maker.address);
    await checkPacked(bidder.address);
    await checkOpenInterest();
    await checkQuote();

    // a size-tier table: the flag bit is invisible in the views and the tier applies
    const before = await margin.liquidationQuote(await vault.getAddress(), account.address, qp(ethers.ZeroAddress));
    await (await margin.setTiers(ETH, [{ notionalWad: 0n, factorWad: WAD }, { notionalWad: 1000n * WAD, factorWad: 2n * WAD }])).wait();
    expect((await margin.riskParams(ETH)).imFactorWad).to.equal((130n * WAD) / 100n);
    expect((await margin.tiers(ETH)).length).to.equal(2);
    const withTiers = await checkQuote();
    expect(withTiers.maintenanceWad).to.be.greaterThan((before.maintenanceWad * 3n) / 2n);
    // setRiskParams keeps the table
    await (await margin.setRiskParams(ETH, (15n * WAD) / 100n, (30n * WAD) / 100n, (3n * WAD) / 100n, (140n * WAD) / 100n)).wait();
    expect((await margin.riskParams(ETH)).imFactorWad).to.equal((140n * WAD) / 100n);
    // (a later block: prices moved by time decay, the table still doubles the maintenance)
    expect((await checkQuote()).maintenanceWad).to.be.greaterThan((before.maintenanceWad * 3n) / 2n);

    // liquidate: spot up until the ratio is below 1, start, one maximum bid; books and open interest still agree
    let spot = 2000n;
    for (; spot < 20000n; spot += 100n) {
      await (await feed.updateAnswer(spot * 10n ** 8n)).wait();
      const [e, mm] = await margin.margin(await bookOf(account.address), false);
      if (mm !== 0n && e * WAD < mm * WAD) break;
    }
    await ethers.provider.send("evm_mine", []);
    await checkQuote();
    await (await liq.start(account.address)).wait();
    const st = await liqLens.auctionStatus(account.address);
    await (await (liq.connect(bidder) as any).bid(account.address, st.auctionId, expectedLot(st.seriesId, st.lotIsShort, st.pairSeriesId), st.maxSizeWad, 0n, ethers.ZeroAddress, "0x")).wait();
    await checkPacked(account.address);
    await checkPacked(bidder.address);
    await checkOpenInterest();
    await checkQuote();
  });
});
