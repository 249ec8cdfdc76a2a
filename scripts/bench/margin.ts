/**
 * Gas benchmark of the margin engine's account-health view.
 *
 * Deploys an AccessManager, the vault/oracle test doubles (MockVaultPositions, MockOracleHub) and the
 * MarginEngine; configures two underlyings (an ETH-like one at 3,000 and a BTC-like one at 60,000)
 * with the recommended risk parameters and size tiers; gives four accounts 1, 4, 16 and 32 positions
 * across both underlyings, five expiries and strikes from 80% to 120% of spot, long and short calls
 * and puts; then reports `engine.health.estimateGas(account)`: the whole call as a transaction,
 * every storage slot cold.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

export interface RunParameters {
  ethers: HardhatEthers;
}

export type RunReturnType = {
  "margin.health.1": number;
  "margin.health.4": number;
  "margin.health.16": number;
  "margin.health.32": number;
};

const WAD = 10n ** 18n;
const DAY = 86_400n;
const POSITION_COUNTS = [1, 4, 16, 32] as const;

export async function run({ ethers }: RunParameters): Promise<RunReturnType> {
  const [admin] = await ethers.getSigners();
  const manager = await ethers.deployContract("AccessManager", [await admin.getAddress()]);
  const vault = await ethers.deployContract("MockVaultPositions", [6]);
  const oracle = await ethers.deployContract("MockOracleHub");
  const engine = await ethers.deployContract("MarginEngine", [
    await manager.getAddress(),
    await vault.getAddress(),
    await oracle.getAddress(),
  ]);

  // the admin (role 0 holder) may call the restricted setters without further wiring
  const eth = "0x00000000000000000000000000000000000E7E01";
  const btc = "0x00000000000000000000000000000000000B7C01";
  const spots = new Map<string, bigint>([
    [eth, 3_000n * WAD],
    [btc, 60_000n * WAD],
  ]);
  const vols = new Map<string, bigint>([
    [eth, (65n * WAD) / 100n],
    [btc, (55n * WAD) / 100n],
  ]);

  const latest = await ethers.provider.getBlock("latest");
  const now = BigInt(latest!.timestamp);
  const expiries = [7n, 14n, 30n, 60n, 90n].map((d) => now + d * DAY);

  for (const [u, s] of spots) {
    await (await oracle.setSpot(u, s)).wait();
    await (await oracle.setRate(u, (5n * WAD) / 100n)).wait();
    for (const e of expiries) await (await oracle.setVol(u, e, vols.get(u)!)).wait();
    await (
      await engine.setRiskParams(u, (15n * WAD) / 100n, (30n * WAD) / 100n, (3n * WAD) / 100n, (130n * WAD) / 100n)
    ).wait();
    await (
      await engine.setTiers(u, [
        { notionalWad: 0n, factorWad: WAD },
        { notionalWad: 1_000_000n * WAD, factorWad: (110n * WAD) / 100n },
        { notionalWad: 5_000_000n * WAD, factorWad: (125n * WAD) / 100n },
        { notionalWad: 20_000_000n * WAD, factorWad: (150n * WAD) / 100n },
      ])
    ).wait();
  }

  // 32 series: mostly ETH, every third one BTC; 5 expiries; strikes 80%..120% of spot; calls and puts
  for (let k = 0; k < 32; k++) {
    const u = k % 3 === 2 ? btc : eth;
    const strike = (spots.get(u)! * BigInt(80 + 5 * (k % 9))) / 100n;
    await (
      await vault.setSeries(k + 1, {
        underlying: u,
        expiry: expiries[k % expiries.length],
        isCall: k % 2 === 0,
        strikeWad: strike,
      })
    ).wait();
  }

  const result: Record<string, number> = {};
  for (const n of POSITION_COUNTS) {
    const account = ethers.Wallet.createRandom().address;
    await (await vault.setCollateral(account, 10_000_000n * 10n ** 6n)).wait();
    for (let k = 0; k < n; k++) {
      const size = (BigInt(1 + (k % 3)) * WAD) / (k % 3 === 2 ? 10n : 1n);
      await (await vault.setPosition(account, k + 1, k % 4 < 2 ? -size : size)).wait();
    }
    const gas = await engine.health.estimateGas(account);
    result[`margin.health.${n}`] = Number(gas);
  }
  return result as RunReturnType;
}
