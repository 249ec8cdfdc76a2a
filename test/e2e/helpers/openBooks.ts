import type { NetworkConnection } from "hardhat/types/network";
import { Wallet, type Signer } from "ethers";
import { signOrder, type Order } from "../../../deploy/local/signOrder.js";
import type { DeployLocalProtocolReturnType } from "../../../deploy/local/deployLocalProtocol.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;

export type OpenBooksParameters = {
  connection: NetworkConnection;
  protocol: DeployLocalProtocolReturnType;
  /** number of traders (each its own fresh key) */
  traders: number;
  /** first trader index (so that later calls add new accounts) */
  from?: number;
  /** [USDC] collateral of each trader */
  collateral?: bigint;
};

export type OpenBooksReturnType = { traders: Wallet[]; maker: Signer; seriesIds: bigint[] };

/**
 * Lists four series (calls and puts, two expiries), funds a market maker, and gives each trader a
 * mixed book through signed-order fills: some short calls, some short puts, some long-short
 * spreads, some long only.
 */
export async function openBooks({ connection, protocol: p, traders, from = 0, collateral = 3_000n }: OpenBooksParameters): Promise<OpenBooksReturnType> {
  const { ethers, provider } = connection;
  const signers = await ethers.getSigners();
  const maker = signers[1];
  const vault = await p.vault.getAddress();
  const weth = await p.weth.getAddress();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiries = [now + 14n * DAY, now + 45n * DAY];
  const specs: [bigint, bigint, boolean][] = [
    [2200n, expiries[0], true],
    [1800n, expiries[0], false],
    [2400n, expiries[1], true],
    [1600n, expiries[1], false],
  ];
  const seriesIds: bigint[] = [];
  for (const [k, e, isCall] of specs) {
    let id: bigint = await p.vault.seriesIdOf(weth, k * WAD, e, isCall);
    if (id === 0n) {
      await (await p.vault.listSeries(weth, k * WAD, e, isCall)).wait();
      id = await p.vault.seriesIdOf(weth, k * WAD, e, isCall);
    }
    seriesIds.push(id);
  }
  for (const e of expiries) await (await p.oracleHub.setVol(weth, e, 8n * 10n ** 17n)).wait();

  if ((await p.vault.collateralOf(maker.address)) < 1_000_000n * USDC) {
    await (await p.usdc.mint(maker.address, 10_000_000n * USDC)).wait();
    await (await p.usdc.connect(maker).approve(vault, 10_000_000n * USDC)).wait();
    await (await p.vault.connect(maker).deposit(10_000_000n * USDC)).wait();
  }
  const wallets: Wallet[] = [];
  for (let i = from; i < from + traders; i++) {
    const w = new Wallet(ethers.keccak256(ethers.toUtf8Bytes(`keeper-e2e-trader-${i}`)), ethers.provider);
    wallets.push(w);
    await provider.request({ method: "hardhat_setBalance", params: [w.address, "0x56BC75E2D63100000"] });
    await (await p.usdc.mint(w.address, collateral * USDC)).wait();
    await (await p.usdc.connect(w).approve(vault, collateral * USDC)).wait();
    await (await p.vault.connect(w).deposit(collateral * USDC)).wait();
    // book by index: naked short call, naked short put, call spread (long + short), long put
    const legs: [number, boolean][] =
      i % 4 === 0 ? [[0, false]] : i % 4 === 1 ? [[1, false]] : i % 4 === 2 ? [[2, true], [0, false]] : [[3, true]];
    for (const [leg, traderBuys] of legs) {
      const size = (BigInt(1 + (i % 3)) * WAD) / 2n;
      const order: Order = {
        maker: maker.address,
        seriesId: seriesIds[leg],
        isBuy: !traderBuys,
        sizeWad: size,
        price: traderBuys ? 120n * USDC : 40n * USDC,
        deadline: now + 10n * DAY,
        nonce: await p.vault.nonceOf(maker.address),
        salt: BigInt(i * 10 + leg),
      };
      const signature = await signOrder({ signer: maker, vault, chainId, order });
      await (await p.vault.connect(w).fill(order, signature, size)).wait();
    }
  }
  return { traders: wallets, maker, seriesIds };
}
