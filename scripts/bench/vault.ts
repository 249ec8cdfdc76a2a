/**
 * Vault gas benchmark: gasUsed from the receipts of `deposit`, `withdraw`, `fill` and `settle` on the
 * in-process Hardhat network (compiler profile fixed in hardhat.config.ts).
 *
 * Scenario (each figure is one representative transaction, cold storage for the account involved):
 * - vault.deposit:  first deposit of an account (allowance already given).
 * - vault.fill:     a taker fills a fresh maker order (both accounts funded, no previous position), so
 *                   two positions open and premium moves; margin via MockMarginEngine (the real engine's
 *                   cost is measured separately under margin.health.*).
 * - vault.withdraw: withdrawal by an account holding one short position (margin check runs).
 * - vault.settle:   settle(account, series) of a short after the series' settlement price is fixed.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse, TypedDataDomain } from "ethers";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type RunParameters = { ethers: HardhatEthers };
export type RunReturnType = Record<string, number>;

const ORDER_TYPES = {
  Order: [
    { name: "maker", type: "address" },
    { name: "seriesId", type: "uint256" },
    { name: "isBuy", type: "bool" },
    { name: "sizeWad", type: "uint256" },
    { name: "price", type: "uint256" },
    { name: "deadline", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "salt", type: "uint256" },
  ],
};

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const UNDERLYING = "0x000000000000000000000000000000000000e7e7";

/** Contracts are deployed by artifact name, so their methods are untyped here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return Number(receipt.gasUsed);
}

export async function run({ ethers }: RunParameters): Promise<RunReturnType> {
  const [admin, alice, bob, carol] = await ethers.getSigners();
  const managerArtifact = require("@openzeppelin/contracts/build/contracts/AccessManager.json");
  const managerFactory = new ethers.ContractFactory(managerArtifact.abi, managerArtifact.bytecode, admin);
  const manager = await managerFactory.deploy(admin.address);
  await manager.waitForDeployment();

  const token: Any = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const oracle: Any = await ethers.deployContract("MockVaultOracleHub");
  const vault: Any = await ethers.deployContract("OptionVault", [
    await manager.getAddress(),
    await token.getAddress(),
    await oracle.getAddress(),
  ]);
  const engine: Any = await ethers.deployContract("MockMarginEngine", [await vault.getAddress()]);
  await (await vault.setMarginEngine(await engine.getAddress())).wait();
  await (await engine.setShortRequirement(100n * WAD)).wait();

  const latest = await ethers.provider.getBlock("latest");
  if (latest === null) throw new Error("no block");
  const expiry = BigInt(latest.timestamp) + 30n * 86400n;
  await (await vault.listSeries(UNDERLYING, 2000n * WAD, expiry, true)).wait();
  const seriesId = 1n;

  const fund = async (signer: HardhatEthersSigner, amount: bigint): Promise<number> => {
    await (await token.mint(signer.address, amount)).wait();
    await (await (token.connect(signer) as Any).approve(await vault.getAddress(), amount)).wait();
    return gasOf((vault.connect(signer) as Any).deposit(amount));
  };

  const out: RunReturnType = {};
  out["vault.deposit"] = await fund(alice, 10_000n * USDC);
  await fund(bob, 10_000n * USDC);
  await fund(carol, 10_000n * USDC);

  const { chainId } = await ethers.provider.getNetwork();
  const domain: TypedDataDomain = {
    name: "OptionVault",
    version: "1",
    chainId,
    verifyingContract: await vault.getAddress(),
  };
  const order = {
    maker: alice.address,
    seriesId,
    isBuy: false,
    sizeWad: 10n * WAD,
    price: 25n * USDC,
    deadline: expiry,
    nonce: 0n,
    salt: 1n,
  };
  const signature = await alice.signTypedData(domain, ORDER_TYPES, order);
  out["vault.fill"] = await gasOf((vault.connect(bob) as Any).fill(order, signature, 4n * WAD));

  out["vault.withdraw"] = await gasOf((vault.connect(alice) as Any).withdraw(1_000n * USDC, alice.address));

  await ethers.provider.send("evm_setNextBlockTimestamp", [Number(expiry) + 3600]);
  await ethers.provider.send("evm_mine", []);
  await (await oracle.setSettlement(UNDERLYING, expiry, 7, 2150n * WAD)).wait();
  await (await vault.settleSeries(seriesId, 7)).wait();
  out["vault.settle"] = await gasOf(vault.settle(alice.address, seriesId));
  return out;
}
