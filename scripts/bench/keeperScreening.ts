/**
 * Screening throughput of the keeper: accounts' health read per second through the keeper's own
 * `screenAccounts` (MarginEngine.healthBatch, batched and concurrent) with a viem client over the
 * given EIP-1193 provider.
 *
 * The book set-up uses the margin engine's test doubles (MockVaultPositions, MockOracleHub): the
 * figure measures the margin engine's batched view plus the keeper's batching, not the vault, and
 * lets 10,000 accounts be written in a few seconds (straight into its storage).
 * Books: 1 to 3 positions each (calls and puts, long and short, 4 expiries, strikes 80%..120%).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { createPublicClient, custom, defineChain, encodeAbiParameters, getAddress, keccak256, toHex, type Address, type EIP1193Provider } from "viem";
import { screenAccounts } from "../../keeper/src/strategy/screenAccounts.js";

export type RunKeeperScreeningParameters = {
  ethers: HardhatEthers;
  provider: EIP1193Provider;
  /** account counts to measure, ascending */
  counts: readonly number[];
  batchSize: number;
  concurrency: number;
};

export type RunKeeperScreeningReturnType = { count: number; perSecond: number; ms: number; unhealthy: number }[];

const WAD = 10n ** 18n;
const DAY = 86_400n;

export async function runKeeperScreening({ ethers, provider, counts, batchSize, concurrency }: RunKeeperScreeningParameters): Promise<RunKeeperScreeningReturnType> {
  const [admin] = await ethers.getSigners();
  const manager = await ethers.deployContract("AccessManager", [await admin.getAddress()]);
  const vault = await ethers.deployContract("MockVaultPositions", [6]);
  const oracle = await ethers.deployContract("MockOracleHub");
  // the mock vault answers decimals() (6) like the collateral token the engine reads its scale from
  const maxLossLib = await (await ethers.deployContract("MaxLossLib")).getAddress();
  const marginParamsLib = await (await ethers.deployContract("MarginParamsLib")).getAddress();
  const engine = await ethers.deployContract("MarginEngine", [await manager.getAddress(), await vault.getAddress(), await oracle.getAddress()], {
    libraries: {
      MaxLossLib: maxLossLib,
      MarginParamsLib: marginParamsLib,
      LiquidationQuoteLib: await (await ethers.deployContract("LiquidationQuoteLib", { libraries: { MaxLossLib: maxLossLib } })).getAddress(),
    },
  });
  const lens = await ethers.deployContract("MarginLens", [await vault.getAddress(), await engine.getAddress()], { libraries: { MaxLossLib: maxLossLib } });
  const eth = "0x00000000000000000000000000000000000E7E01";
  const spot = 2_000n * WAD;
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiries = [7n, 30n, 60n, 90n].map((d) => now + d * DAY);
  await (await oracle.setSpot(eth, spot)).wait();
  await (await oracle.setRate(eth, (5n * WAD) / 100n)).wait();
  for (const e of expiries) await (await oracle.setVol(eth, e, (70n * WAD) / 100n)).wait();
  await (await engine.setRiskParams(eth, (15n * WAD) / 100n, (30n * WAD) / 100n, (3n * WAD) / 100n, (130n * WAD) / 100n)).wait();
  for (let k = 0; k < 16; k++)
    await (await vault.setSeries(k + 1, { underlying: eth, expiry: expiries[k % 4], isCall: k % 2 === 0, strikeWad: (spot * BigInt(80 + 5 * (k % 9))) / 100n })).wait();

  const max = counts[counts.length - 1];
  const accounts: Address[] = Array.from({ length: max }, (_, i) => getAddress(`0x${(0xa0000000 + i).toString(16).padStart(40, "0")}`));
  // Books are written straight into MockVaultPositions' storage (hardhat_setStorageAt): slot 1 is
  // `_collateral`, slot 2 `_ids`, slot 3 `_sizes` (mappings of dynamic arrays); 10,000 accounts
  // through transactions would take minutes, through storage a few seconds.
  const target = (await vault.getAddress()) as Address;
  const word = (x: bigint) => toHex(BigInt.asUintN(256, x), { size: 32 });
  const mapSlot = (a: Address, slot: bigint) => BigInt(keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [a, slot])));
  const set = (slot: bigint, value: bigint) => provider.request({ method: "hardhat_setStorageAt" as never, params: [target, word(slot), word(value)] as never });
  let queued: Promise<unknown>[] = [];
  for (let i = 0; i < max; i++) {
    const a = accounts[i];
    const n = 1 + (i % 3);
    // collateral 50..450 USDC against 0.5..1.5 contracts per leg: a mix of healthy and unhealthy books
    queued.push(set(mapSlot(a, 1n), BigInt(50 + ((i * 37) % 400)) * 10n ** 6n));
    const idsSlot = mapSlot(a, 2n);
    const sizesSlot = mapSlot(a, 3n);
    queued.push(set(idsSlot, BigInt(n)), set(sizesSlot, BigInt(n)));
    const idsData = BigInt(keccak256(word(idsSlot)));
    const sizesData = BigInt(keccak256(word(sizesSlot)));
    for (let k = 0; k < n; k++) {
      const sid = BigInt(1 + ((i + 5 * k) % 16));
      const size = (BigInt(1 + ((i + k) % 3)) * WAD) / 2n;
      queued.push(set(idsData + BigInt(k), sid), set(sizesData + BigInt(k), (i + k) % 2 === 0 ? -size : size));
    }
    if (queued.length >= 5_000) {
      await Promise.all(queued);
      queued = [];
    }
  }
  await Promise.all(queued);
  const [ids0, sizes0] = await vault.positionsOf(accounts[2]);
  if (ids0.length !== 3 || sizes0.length !== 3) throw new Error("storage layout of MockVaultPositions changed");

  const chainId = Number(await provider.request({ method: "eth_chainId" }));
  const chain = defineChain({ id: chainId, name: "bench", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [] } } });
  const client = createPublicClient({ chain, transport: custom(provider) });
  const marginLens = (await lens.getAddress()) as Address;
  const out: RunKeeperScreeningReturnType = [];
  for (const count of counts) {
    const set = accounts.slice(0, count);
    await screenAccounts({ client, marginLens, accounts: set.slice(0, Math.min(count, batchSize)), batchSize, concurrency }); // warm-up
    const reps = count <= 1_000 ? 3 : 1;
    let best = Infinity;
    let unhealthy = 0;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      const res = await screenAccounts({ client, marginLens, accounts: set, batchSize, concurrency });
      const ms = performance.now() - t0;
      if (res.size !== count) throw new Error(`screened ${res.size} of ${count}`);
      unhealthy = [...res.values()].filter((s) => s.ratioWad < WAD).length;
      best = Math.min(best, ms);
    }
    out.push({ count, ms: best, perSecond: Math.round((count / best) * 1000), unhealthy });
  }
  return out;
}
