import type { NetworkConnection } from "hardhat/types/network";
import { Wallet } from "ethers";
import { signOrder, type Order } from "../../../deploy/local/signOrder.js";
import type { DeployLocalProtocolReturnType } from "../../../deploy/local/deployLocalProtocol.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;

export type TightBook = {
  wallet: Wallet;
  /** "naked" short puts near initial margin, "hedged" put spreads, "safe" short puts with a wide buffer, "long" puts */
  kind: "naked" | "hedged" | "safe" | "long";
};

export type OpenTightBooksParameters = {
  connection: NetworkConnection;
  protocol: DeployLocalProtocolReturnType;
  /** number of traders */
  traders: number;
};

export type OpenTightBooksReturnType = { books: TightBook[]; expiries: bigint[] };

/**
 * Books made to be liquidated by a fall: lists puts at 1800/1900/2000 over 14 and 30 days, funds a
 * market maker (signer #1), and for trader i opens by kind (i mod 5): 0–1 naked short puts left at a
 * ratio of 1.31–1.45 after withdrawing spare collateral, 2 a put spread (short 2000 / long 1800) at
 * ratio 3, 3 a naked short put at ratio 4 (a buffer no step of the test reaches), 4 a long put.
 * Premiums are fixed (the maker is generous); the withdrawal sets the ratio on the protocol's marks.
 */
export async function openTightBooks({ connection, protocol: p, traders }: OpenTightBooksParameters): Promise<OpenTightBooksReturnType> {
  const { ethers, provider } = connection;
  const maker = (await ethers.getSigners())[1];
  const vault = await p.vault.getAddress();
  const weth = await p.weth.getAddress();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiries = [now + 14n * DAY, now + 30n * DAY];
  await (await p.oracleHub.setVols(weth, expiries, [8n * 10n ** 17n, 8n * 10n ** 17n])).wait();
  const series = new Map<string, bigint>();
  const seriesOf = async (strike: bigint, e: number): Promise<bigint> => {
    const key = `${strike}:${e}`;
    const known = series.get(key);
    if (known !== undefined) return known;
    await (await p.vault.listSeries(weth, strike * WAD, expiries[e], false)).wait();
    const id = (await p.vault.seriesIdOf(weth, strike * WAD, expiries[e], false)) as bigint;
    series.set(key, id);
    return id;
  };
  await (await p.usdc.mint(maker.address, 20_000_000n * USDC)).wait();
  await (await p.usdc.connect(maker).approve(vault, 20_000_000n * USDC)).wait();
  await (await p.vault.connect(maker).deposit(20_000_000n * USDC)).wait();

  const books: TightBook[] = [];
  let salt = 1n;
  for (let i = 0; i < traders; i++) {
    const w = new Wallet(ethers.keccak256(ethers.toUtf8Bytes(`keeper-liq-e2e-trader-${i}`)), ethers.provider);
    const kind: TightBook["kind"] = (["naked", "naked", "hedged", "safe", "long"] as const)[i % 5];
    await provider.request({ method: "hardhat_setBalance", params: [w.address, "0x56BC75E2D63100000"] });
    const deposit = 300_000n * USDC;
    await (await p.usdc.mint(w.address, deposit)).wait();
    await (await p.usdc.connect(w).approve(vault, deposit)).wait();
    await (await p.vault.connect(w).deposit(deposit)).wait();
    const size = BigInt(10 + (i % 7) * 3) * WAD;
    const strike = [1800n, 1900n, 2000n][i % 3];
    const e = i % 2;
    const legs: { id: bigint; traderBuys: boolean; price: bigint }[] =
      kind === "hedged"
        ? [
            { id: await seriesOf(2000n, e), traderBuys: false, price: 150n * USDC },
            { id: await seriesOf(1800n, e), traderBuys: true, price: 60n * USDC },
          ]
        : [{ id: await seriesOf(strike, e), traderBuys: kind === "long", price: 100n * USDC }];
    for (const leg of legs) {
      const order: Order = {
        maker: maker.address,
        seriesId: leg.id,
        isBuy: !leg.traderBuys,
        sizeWad: size,
        price: leg.price,
        deadline: now + 10n * DAY,
        nonce: await p.vault.nonceOf(maker.address),
        salt: salt++,
      };
      const signature = await signOrder({ signer: maker, vault, chainId, order });
      await (await p.vault.connect(w).fill(order, signature, size)).wait();
    }
    // leave equity = ratio × maintenance (long books keep 10,000)
    const h = await p.marginLens.health(w.address);
    const ratioE6 = kind === "naked" ? 1_310_000n + BigInt(i % 4) * 45_000n : kind === "hedged" ? 3_000_000n : 4_000_000n;
    const keep = kind === "long" ? 10_000n * WAD : (h.maintenanceWad * ratioE6) / 10n ** 6n;
    const spare = (h.equityWad - keep) / 10n ** 12n;
    if (spare > 0n) await (await p.vault.connect(w).withdraw(spare, w.address)).wait();
    books.push({ wallet: w, kind });
  }
  return { books, expiries };
}
