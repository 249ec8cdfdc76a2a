/**
 * Off-chain order signing as a market maker does it: ethers' signTypedData over the vault's EIP-712
 * domain and Order type, then an on-chain fill by a taker.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { createRequire } from "node:module";
import { ORDER_TYPES } from "../../../deploy/local/signOrder.js";

const require = createRequire(import.meta.url);
const { ethers } = await network.connect();

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const UNDERLYING = "0x000000000000000000000000000000000000e7e7";

async function deploy() {
  const [admin, maker, taker, stranger] = await ethers.getSigners();
  const managerArtifact = require("@openzeppelin/contracts/build/contracts/AccessManager.json");
  const manager = await new ethers.ContractFactory(managerArtifact.abi, managerArtifact.bytecode, admin).deploy(
    admin.address,
  );
  const token = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const oracle = await ethers.deployContract("MockVaultOracleHub");
  const engine = await ethers.deployContract("MockMarginEngine", [6]);
  const vault = await ethers.deployContract("OptionVault", [
    await manager.getAddress(),
    await token.getAddress(),
    await oracle.getAddress(),
    await engine.getAddress(),
  ]);
  const block = await ethers.provider.getBlock("latest");
  const expiry = BigInt(block!.timestamp) + 7n * 86400n;
  await vault.listSeries(UNDERLYING, 2000n * WAD, expiry, true);
  for (const signer of [maker, taker]) {
    await token.mint(signer.address, 1000n * USDC);
    await (token.connect(signer) as typeof token).approve(await vault.getAddress(), 1000n * USDC);
    await (vault.connect(signer) as typeof vault).deposit(1000n * USDC);
  }
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "OptionVault", version: "1", chainId, verifyingContract: await vault.getAddress() };
  const order = {
    maker: maker.address,
    seriesId: 1n,
    isBuy: false,
    sizeWad: 5n * WAD,
    price: 30n * USDC,
    deadline: expiry,
    nonce: 0n,
    salt: 77n,
  };
  return { vault, maker, taker, stranger, domain, order };
}

describe("OptionVault EIP-712 orders (ethers signTypedData)", () => {
  it("hashOrder equals the ethers TypedDataEncoder digest", async () => {
    const { vault, domain, order } = await deploy();
    expect(await vault.hashOrder(order)).to.equal(ethers.TypedDataEncoder.hash(domain, ORDER_TYPES, order));
  });

  it("fills an order signed off-chain and emits Fill", async () => {
    const { vault, maker, taker, domain, order } = await deploy();
    const signature = await maker.signTypedData(domain, ORDER_TYPES, order);
    const orderHash = ethers.TypedDataEncoder.hash(domain, ORDER_TYPES, order);
    await expect((vault.connect(taker) as typeof vault).fill(order, signature, 2n * WAD))
      .to.emit(vault, "Fill")
      .withArgs(orderHash, maker.address, taker.address, 1n, false, 2n * WAD, 60n * USDC, 2n * WAD);
    expect(await vault.positionOf(maker.address, 1n)).to.equal(-2n * WAD);
    expect(await vault.positionOf(taker.address, 1n)).to.equal(2n * WAD);
    expect(await vault.collateralOf(maker.address)).to.equal(1060n * USDC);
    await expect((vault.connect(taker) as typeof vault).fill(order, signature, 4n * WAD))
      .to.be.revertedWithCustomError(vault, "Overfill")
      .withArgs(orderHash, 2n * WAD, 4n * WAD, 5n * WAD);
  });

  it("rejects a signature by anyone but the maker", async () => {
    const { vault, taker, stranger, domain, order } = await deploy();
    const signature = await stranger.signTypedData(domain, ORDER_TYPES, order);
    const orderHash = ethers.TypedDataEncoder.hash(domain, ORDER_TYPES, order);
    await expect((vault.connect(taker) as typeof vault).fill(order, signature, WAD))
      .to.be.revertedWithCustomError(vault, "InvalidSignature")
      .withArgs(orderHash, order.maker);
  });
});
