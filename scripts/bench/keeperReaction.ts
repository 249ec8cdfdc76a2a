/**
 * Keeper reaction: blocks and milliseconds from the price-update transaction to the first bid on each
 * newly liquidatable account, on a fresh Hardhat in-process chain with the whole protocol deployed
 * through Ignition and the real keeper (createKeeper, screenAccounts, decideActions, createSender)
 * over viem on the chain's provider (scripts/demo/createInProcessKeeper.ts).
 *
 * The keeper runs the shipped example configuration (keeper/keeper.example.json: minimum profit, hedge
 * cost, native price, fees, tolerances; `config: "example"`) or the same with every haircut off
 * (`config: "haircut0"`, the figure kept apart). It signs with a fresh key (funded through
 * hardhat_setBalance and depositFor), as the keeper process does.
 *
 * Books: `count` traders, each short SIZE (100) 30-day 2000 puts (200,000 of notional, a book a
 * liquidation bot competes for), with collateral spread so the opening ratios run from 1.32 to 2.82;
 * the price then falls 2000 → 1880 and the accounts that land in a tier are the newly liquidatable ones. Automine is off during the measurement: the chain mines one block after
 * each keeper cycle (block time = one keeper cycle), so a block holds every transaction the keeper
 * sent in that cycle (up to the block gas limit). The keeper needs two blocks at least: `start`, then
 * `bid` once the auction is live. ms runs from sending the price update to mining the bid's block.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Wallet } from "ethers";
import { parseGwei, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { configSchema } from "../../keeper/src/config/configSchema.js";
import { deployLocalProtocol } from "../../deploy/local/deployLocalProtocol.js";
import { signOrder, type Order } from "../../deploy/local/signOrder.js";
import { createInProcessKeeper } from "../demo/createInProcessKeeper.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const DAY = 86_400n;
/** options per trader's short put */
const SIZE = 100n;
const EXAMPLE = join(import.meta.dirname, "..", "..", "keeper", "keeper.example.json");

export type RunKeeperReactionParameters = {
  connection: NetworkConnection;
  count: number;
  /** "example": keeper/keeper.example.json's strategy, fees and watch ratio; "haircut0": the same with no hedge cost, haircut or minimum profit */
  config?: "example" | "haircut0";
};
export type RunKeeperReactionReturnType = {
  count: number;
  liquidatable: number;
  bid: number;
  blocks: number[];
  ms: number[];
};

export async function runKeeperReaction({ connection, count, config = "example" }: RunKeeperReactionParameters): Promise<RunKeeperReactionReturnType> {
  const { ethers, provider } = connection;
  const [deployer, maker] = await ethers.getSigners();
  const example = configSchema.parse({ ...JSON.parse(readFileSync(EXAMPLE, "utf8")), deploymentDir: undefined });
  const keeperAccount = privateKeyToAccount(generatePrivateKey());
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
  const total = 10n ** 15n;
  await p.usdc.mint(deployer.address, total);
  await p.usdc.approve(vault, total);
  // the keeper: a fresh key the chain does not hold, gas by hardhat_setBalance, 10M USDC in its vault account
  await provider.request({ method: "hardhat_setBalance", params: [keeperAccount.address, "0x56BC75E2D63100000"] });
  await p.vault.depositFor(keeperAccount.address, 10n ** 13n);
  await p.vault.depositFor(maker.address, 5n * 10n ** 14n);

  // each trader (a fresh key) signs an order selling one put; the maker fills it
  const sell = async (w: Wallet, salt: bigint) => {
    const order: Order = { maker: w.address, seriesId, isBuy: false, sizeWad: SIZE * WAD, price: 150n * USDC, deadline: now + DAY, nonce: 0n, salt };
    const signature = await signOrder({ signer: w, vault, chainId, order });
    await p.vault.connect(maker).fill(order, signature, SIZE * WAD);
  };
  // probe: maintenance M and v = equity − collateral of one short put (premium − mark − fee)
  const probe = new Wallet(ethers.id("reaction probe"));
  await p.vault.depositFor(probe.address, 1_000_000n * USDC);
  await sell(probe, 0n);
  const h = await p.marginLens.health(probe.address);
  const m = h.maintenanceWad as bigint;
  const v = (h.equityWad as bigint) - 1_000_000n * WAD;
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

  const s = example.strategy;
  const { keeper } = createInProcessKeeper({
    provider,
    chainId: Number(chainId),
    address: keeperAccount.address,
    account: keeperAccount,
    contracts: { vault, marginLens: (await p.marginLens.getAddress()) as Address, liquidationEngine: engine, liquidationLens: (await p.liquidationLens.getAddress()) as Address, priceFeeds: [(await p.ethUsdFeed.getAddress()) as Address] },
    nativePriceWad: s.nativePrice,
    strategy:
      config === "example"
        ? { minProfit: s.minProfit, riskHaircut: s.riskHaircut, hedge: s.hedge, priceTolerance: s.priceTolerance, sizeSlack: s.sizeSlack }
        : { minProfit: 0n, riskHaircut: 0n, hedge: { holdingSeconds: 0, costMultiplier: 0n }, priceTolerance: s.priceTolerance, sizeSlack: s.sizeSlack },
    tx: { maxFeeWei: parseGwei(String(example.tx.maxFeeGwei)), priorityFeeWei: parseGwei(String(example.tx.priorityFeeGwei)) },
    // the example's watch ratio, at least the tier-1 threshold's neighbourhood the bench books open above
    screening: { batchSize: example.screening.batchSize, concurrency: example.screening.concurrency, watchRatio: example.screening.watchRatio },
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
