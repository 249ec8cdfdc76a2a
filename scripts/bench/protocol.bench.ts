/**
 * Protocol-core gas benchmark on the real contracts deployed through the Ignition module
 * (deploy/modules/LocalProtocol.ts): receipts' gasUsed of the vault's value-moving calls, and
 * eth_estimateGas of the account-health view for accounts with 1, 4, 16 and 32 positions (whole call
 * gas of the view run as a transaction, cold storage included).
 *
 * Scenario:
 * - vault.deposit: an account's first deposit (allowance given before).
 * - vault.fill: a taker fills a fresh maker order; both accounts funded, neither holds the series
 *   (two positions open, premium moves, both parties' margin checked by the real engine).
 * - vault.withdraw: withdrawal by an account holding one short (margin check by the real engine).
 * - vault.settle: settle(account, series) of a short after the settlement price is fixed.
 * - margin.health.N: `MarginLens.health` of an account holding N positions (calls and puts, long
 *   and short, 4 expiries, strikes 1500..2600).
 */
import type { BenchContext, BenchModule, BenchResult } from "./benchTypes.js";
import { deployLocalProtocol } from "../../deploy/local/deployLocalProtocol.js";
import { signOrder, type Order } from "../../deploy/local/signOrder.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
const HEALTH_SIZES = [1, 4, 16, 32] as const;

async function run({ connection }: BenchContext): Promise<BenchResult> {
  const { ethers, networkHelpers } = connection;
  const signers = await ethers.getSigners();
  const [, mm, taker, writer] = signers;
  const p = await deployLocalProtocol({ connection });
  const vaultAddr: string = await p.vault.getAddress();
  const weth: string = await p.weth.getAddress();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const now = BigInt(await networkHelpers.time.latest());
  const gas: Record<string, number> = {};

  const used = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
    Number((await (await tx).wait())!.gasUsed);

  // fund the market maker generously; accounts under test are funded per scenario
  await p.usdc.mint(mm.address, 100_000_000n * USDC);
  await p.usdc.connect(mm).approve(vaultAddr, ethers.MaxUint256);
  await p.vault.connect(mm).deposit(100_000_000n * USDC);

  // series: 4 expiries x strikes x call/put, vols posted per expiry
  const expiries = [7n, 30n, 90n, 180n].map((d) => now + d * DAY);
  const series: bigint[] = [];
  for (const expiry of expiries) {
    await p.oracleHub.setVol(weth, expiry, 8n * 10n ** 17n);
    for (const strike of [1500n, 1800n, 2000n, 2200n, 2600n]) {
      for (const isCall of [true, false]) {
        await p.vault.listSeries(weth, strike * WAD, expiry, isCall);
        series.push(await p.vault.seriesIdOf(weth, strike * WAD, expiry, isCall));
      }
    }
  }

  let salt = 0n;
  const mmOrder = async (seriesId: bigint, isBuy: boolean, sizeWad: bigint, price: bigint) => {
    const order: Order = {
      maker: mm.address,
      seriesId,
      isBuy,
      sizeWad,
      price,
      deadline: now + 365n * DAY,
      nonce: await p.vault.nonceOf(mm.address),
      salt: ++salt,
    };
    return { order, signature: await signOrder({ signer: mm, vault: vaultAddr, chainId, order }) };
  };

  // vault.deposit
  await p.usdc.mint(taker.address, 1_000_000n * USDC);
  await p.usdc.connect(taker).approve(vaultAddr, ethers.MaxUint256);
  gas["vault.deposit"] = await used(p.vault.connect(taker).deposit(500_000n * USDC));

  // vault.fill: the taker sells one call to the market maker's bid
  const bid = await mmOrder(series[6], true, 5n * WAD, 50n * USDC);
  gas["vault.fill"] = await used(p.vault.connect(taker).fill(bid.order, bid.signature, WAD));

  // vault.withdraw: the taker (one short) takes part of its collateral out
  gas["vault.withdraw"] = await used(p.vault.connect(taker).withdraw(1_000n * USDC, taker.address));

  // margin.health.N: accounts holding N positions each
  const rows: [string, string, string, string][] = [];
  for (const n of HEALTH_SIZES) {
    const account = ethers.Wallet.createRandom().connect(ethers.provider);
    await writer.sendTransaction({ to: account.address, value: 10n ** 20n });
    await p.usdc.mint(account.address, 10_000_000n * USDC);
    await p.usdc.connect(account).approve(vaultAddr, ethers.MaxUint256);
    await p.vault.connect(account).deposit(10_000_000n * USDC);
    for (let i = 0; i < n; i++) {
      // alternate: the account buys (mm sells) and sells (mm buys)
      const accountBuys = i % 3 !== 2;
      const q = await mmOrder(series[i], !accountBuys, 10n * WAD, 80n * USDC);
      await p.vault.connect(account).fill(q.order, q.signature, BigInt(1 + (i % 4)) * WAD);
    }
    const g = Number(await p.marginLens.health.estimateGas(account.address));
    gas[`margin.health.${n}`] = g;
    rows.push([`margin.health.${n}`, String(g), "", `${n} positions, eth_estimateGas`]);
  }
  const perPosition = Math.round((gas["margin.health.32"] - gas["margin.health.16"]) / 16);
  gas["margin.health.perPosition.16to32"] = perPosition;

  // vault.settle: a short after expiry of the 7-day series
  await networkHelpers.time.increaseTo(expiries[0] + 60n);
  await p.ethUsdFeed.updateAnswer(2100_00000000n);
  const roundId = await p.ethUsdFeed.latestRound();
  await p.vault.settleSeries(series[6], roundId);
  gas["vault.settle"] = await used(p.vault.settle(taker.address, series[6]));

  rows.unshift(
    ["vault.deposit", String(gas["vault.deposit"]), "", "first deposit of an account"],
    ["vault.fill", String(gas["vault.fill"]), "", "fresh order, both sides margin-checked (real engine)"],
    ["vault.withdraw", String(gas["vault.withdraw"]), "", "account with one short, margin-checked"],
    ["vault.settle", String(gas["vault.settle"]), "", "short, after settleSeries"],
  );
  rows.push(["margin.health per position 16->32", String(perPosition), "<= 25000", "marginal cost"]);
  return { gas, accuracy: {}, rows };
}

const bench: BenchModule = { name: "protocol", run };
export default bench;
