import { expect } from "chai";
import { network } from "hardhat";
import { deployLocalProtocol } from "../../deploy/local/deployLocalProtocol.js";
import { signOrder, type Order } from "../../deploy/local/signOrder.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;

/**
 * The whole life of a trade on the real contracts deployed through the Ignition module:
 * deposit → quote → fill → price move → health → settle → withdraw.
 */
describe("Lifecycle (integration, Ignition deployment)", function () {
  it("deposits, trades by signed order, margins, settles at expiry and pays out exactly", async function () {
    const connection = await network.connect();
    const { ethers, networkHelpers } = connection;
    const [, maker, taker] = await ethers.getSigners();
    const p = await deployLocalProtocol({ connection });
    const vaultAddr = await p.vault.getAddress();
    const weth = await p.weth.getAddress();
    const chainId = (await ethers.provider.getNetwork()).chainId;

    // list a 30-day 2200 call and post its implied volatility (the deployer holds LISTER and FEEDER)
    const now = BigInt(await networkHelpers.time.latest());
    const expiry = now + 30n * DAY;
    await p.vault.listSeries(weth, 2200n * WAD, expiry, true);
    const seriesId = await p.vault.seriesIdOf(weth, 2200n * WAD, expiry, true);
    await p.oracleHub.setVol(weth, expiry, 8n * 10n ** 17n);

    // deposit
    for (const s of [maker, taker]) {
      await p.usdc.mint(s.address, 100_000n * USDC);
      await p.usdc.connect(s).approve(vaultAddr, 100_000n * USDC);
    }
    await expect(p.vault.connect(maker).deposit(50_000n * USDC))
      .to.emit(p.vault, "Deposit")
      .withArgs(maker.address, maker.address, 50_000n * USDC);
    await p.vault.connect(taker).deposit(20_000n * USDC);

    // quote: the maker sells 10 calls at 60 USDC each; the taker lifts 4 of them
    const order: Order = {
      maker: maker.address,
      seriesId,
      isBuy: false,
      sizeWad: 10n * WAD,
      price: 60n * USDC,
      deadline: now + DAY,
      nonce: await p.vault.nonceOf(maker.address),
      salt: 1n,
    };
    const signature = await signOrder({ signer: maker, vault: vaultAddr, chainId, order });
    await expect(p.vault.connect(taker).fill(order, signature, 4n * WAD)).to.emit(p.vault, "Fill");
    expect(await p.vault.positionOf(maker.address, seriesId)).to.equal(-4n * WAD);
    expect(await p.vault.positionOf(taker.address, seriesId)).to.equal(4n * WAD);
    expect(await p.vault.collateralOf(maker.address)).to.equal(50_240n * USDC);
    expect(await p.vault.collateralOf(taker.address)).to.equal(19_760n * USDC);
    const [longs, shorts] = await p.vault.openInterest(seriesId);
    expect(longs).to.equal(shorts);

    // health before and after a price move: the short call's requirement grows with spot
    const before = await p.marginLens.health(maker.address);
    expect(before.maintenanceWad).to.be.greaterThan(0n);
    expect(before.positions.length).to.equal(1);
    await p.ethUsdFeed.updateAnswer(2300_00000000n);
    const after = await p.marginLens.health(maker.address);
    expect(after.maintenanceWad).to.be.greaterThan(before.maintenanceWad);
    expect(after.equityWad).to.be.lessThan(before.equityWad);
    const [batchMaker, batchTaker] = await p.marginLens.healthBatch([maker.address, taker.address]);
    expect(batchMaker.equityWad).to.equal(after.equityWad);
    // the long's stressed loss is small next to its collateral
    expect(batchTaker.ratioWad).to.be.greaterThan(10n * WAD);
    const [down, up] = await p.marginLens.liquidationPrice(maker.address, weth);
    expect(down).to.equal(0n); // a short call is not hurt by a fall
    expect(up).to.be.greaterThan(2300n * WAD);

    // expiry: the first round at or after expiry fixes the settlement price (2500)
    await networkHelpers.time.increaseTo(expiry + 60n);
    await p.ethUsdFeed.updateAnswer(2500_00000000n);
    const roundId = await p.ethUsdFeed.latestRound();
    await expect(p.vault.settleSeries(seriesId, roundId)).to.emit(p.vault, "SettleSeries");

    // settle both sides: the taker receives (2500 - 2200) x 4 = 1200, the maker pays the same
    await p.vault.settle(taker.address, seriesId);
    await p.vault.settle(maker.address, seriesId);
    expect(await p.vault.collateralOf(taker.address)).to.equal(19_760n * USDC + 1_200n * USDC);
    expect(await p.vault.collateralOf(maker.address)).to.equal(50_240n * USDC - 1_200n * USDC);
    expect(await p.vault.positionOf(maker.address, seriesId)).to.equal(0n);

    // withdraw everything: the vault keeps exactly the protocol fees
    for (const s of [maker, taker]) {
      const all = await p.vault.collateralOf(s.address);
      await expect(p.vault.connect(s).withdraw(all, s.address))
        .to.emit(p.vault, "Withdraw")
        .withArgs(s.address, s.address, all);
    }
    expect(await p.usdc.balanceOf(vaultAddr)).to.equal(await p.vault.protocolFees());
    expect(await p.usdc.balanceOf(maker.address)).to.equal(100_000n * USDC - 1_200n * USDC + 240n * USDC);
  });
});
