/**
 * Keeper reaction: blocks and milliseconds from the price-update transaction to the first bid on each
 * newly liquidatable account, on a fresh Hardhat in-process chain with the whole protocol deployed
 * through Ignition and the real keeper (createKeeper, screenAccounts, decideActions, createSender)
 * over viem on the chain's provider (scripts/demo/createInProcessKeeper.ts).
 *
 * Books: `count` traders, each short one 30-day 2000 put, with collateral spread so the opening ratios
 * run from 1.32 to 2.82; the price then falls 2000 → 1880 and the accounts that land in a tier are
 * the newly liquidatable ones. Automine is off during the measurement: the chain mines one block after
 * each keeper cycle (block time = one keeper cycle), so a block holds every transaction the keeper
 * sent in that cycle (up to the block gas limit). The keeper needs two blocks at least: `start`, then
 * `bid` once the auction is live. ms runs from sending the price update to mining the bid's block.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { Wallet } from "ethers";
import type { Address, EIP1193Provider } from "viem";
import { deployLocalProtocol } from "../../deploy/local/deployLocalProtocol.js";
import { signOrder, type Order } from "../../deploy/local/signOrder.js";
import { createInProcessKeeper } from "../demo/createInProcessKeeper.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;

export type RunKeeperReactionParameters = { connection: NetworkConnection; count: number };
export type RunKeeperReactionReturnType = {
  count: number;
  liquidatable: number;
  bid: number;
  blocks: number[];
  ms: number[];
};

export async function runKeeperReaction({ connection, count }: RunKeeperReactionParameters): Promise<RunKeeperReactionReturnType> {
  const { ethers, provider } = connection;
  const [deployer, maker, keeperSigner] = await ethers.getSigners();
  const p = await deployLocalProtocol({ connection });
  const vault = (await p.vault.getAddress()) as Address;
  const engine = (await p.liquidationEngine.getAddress()) as Address;
  const weth = (await p.weth.getAddress()) as Address;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiry = now + 30n * DAY;
  await p.vault.listSeries(weth, 2000n * WAD, expiry, false);
  const seriesId = (await p.vault.seriesIdOf(weth, 2000n * WAD, expiry, false)) as bigint;
  const postVol = () => p.oracleHub.connect(deployer).setVol(weth, expiry, 8n * 10n ** 17n);
  await postVol();
  const total = 10n ** 13n;
  await p.usdc.mint(deployer.address, total);
  await p.usdc.approve(vault, total);
  await p.usdc.mint(keeperSigner.address, 10n ** 12n);
  await p.usdc.connect(keeperSigner).approve(vault, 10n ** 12n);
  await p.vault.connect(keeperSigner).deposit(10n ** 12n);
  await p.vault.depositFor(maker.address, 10n ** 12n);

  // each trader (a fresh key) signs an order selling one put; the maker fills it
  const sell = async (w: Wallet, salt: bigint) => {
    const order: Order = { maker: w.address, seriesId, isBuy: false, sizeWad: WAD, price: 150n * USDC, deadline: now + DAY, nonce: 0n, salt };
    const signature = await signOrder({ signer: w, vault, chainId, order });
    await p.vault.connect(maker).fill(order, signature, WAD);
  };
  // probe: maintenance M and v = equity − collateral of one short put (premium − mark − fee)
  const probe = new Wallet(ethers.id("reaction probe"));
  await p.vault.depositFor(probe.address, 10_000n * USDC);
  await sell(probe, 0n);
  const h = await p.marginLens.health(probe.address);
  const m = h.maintenanceWad as bigint;
  const v = (h.equityWad as bigint) - 10_000n * WAD;
  const traders: Address[] = [];
  for (let i = 0; i < count; i++) {
    const w = new Wallet(ethers.id(`reaction trader ${count} ${i}`));
    // collateral C = r × M − v with r from 1.32 to 2.82 [wad → USDC, rounded up]
    const r = 1_320_000n + (1_500_000n * BigInt(i)) / BigInt(count);
    const c = ((m * r) / 10n ** 6n - v + 10n ** 12n - 1n) / 10n ** 12n;
    await p.vault.depositFor(w.address, c);
    await sell(w, BigInt(i + 1));
    traders.push(w.address as Address);
  }

  const { keeper } = createInProcessKeeper({
    provider: provider as unknown as EIP1193Provider,
    chainId: Number(chainId),
    address: keeperSigner.address as Address,
    contracts: { vault, marginEngine: (await p.marginEngine.getAddress()) as Address, liquidationEngine: engine, priceFeeds: [(await p.ethUsdFeed.getAddress()) as Address] },
    nativePriceWad: 2000n * WAD,
  });
  await keeper.cycle({ force: true }); // discovery and a first screening: the keeper is warm

  await provider.request({ method: "evm_setAutomine", params: [false] });
  try {
    const t0 = Date.now();
    await p.ethUsdFeed.updateAnswer(1880n * 10n ** 8n);
    await postVol();
    await provider.request({ method: "evm_mine", params: [] });
    const b0 = await ethers.provider.getBlockNumber();
    // auctionStatus runs a full liquidation quote (with a liquidation-price scan): small batches stay under the call gas cap
    const st: { tier: bigint }[] = [];
    for (let i = 0; i < traders.length; i += 10) st.push(...((await p.liquidationLens.auctionStatusBatch(traders.slice(i, i + 10))) as { tier: bigint }[]));
    const liquidatable = new Set(traders.filter((_, i) => st[i].tier !== 0n).map((a) => a.toLowerCase()));
    const firstBid = new Map<string, { blocks: number; ms: number }>();
    let last = b0;
    for (let round = 0; round < 12 && firstBid.size < liquidatable.size; round++) {
      await keeper.cycle({ force: true });
      await provider.request({ method: "evm_mine", params: [] });
      const head = await ethers.provider.getBlockNumber();
      const ms = Date.now() - t0;
      const logs = (await p.liquidationEngine.queryFilter(p.liquidationEngine.filters.Bid(), last + 1, head)) as { blockNumber: number; args: { account: string } }[];
      for (const l of logs) {
        const a = l.args.account.toLowerCase();
        if (liquidatable.has(a) && !firstBid.has(a)) firstBid.set(a, { blocks: l.blockNumber - b0, ms });
      }
      last = head;
    }
    return { count, liquidatable: liquidatable.size, bid: firstBid.size, blocks: [...firstBid.values()].map((x) => x.blocks), ms: [...firstBid.values()].map((x) => x.ms) };
  } finally {
    await provider.request({ method: "evm_setAutomine", params: [true] });
    await keeper.stop();
  }
}

/** The q-quantile (nearest rank) of `xs`. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
