import type { NetworkConnection } from "hardhat/types/network";
import { Wallet } from "ethers";
import type { DeployLocalProtocolReturnType } from "../../../deploy/local/deployLocalProtocol.js";

export type FundFreshKeyParameters = {
  connection: NetworkConnection;
  protocol: DeployLocalProtocolReturnType;
  /** native token sent by a plain transfer from the node's first account [wei]; 0 sends none */
  ethWei?: bigint;
  /** collateral put in the key's vault account [USDC decimals] (minted to it and deposited by it, or depositFor when it has no gas) */
  vaultUsdc?: bigint;
};

export type FundFreshKeyReturnType = { key: `0x${string}`; address: `0x${string}` };

/**
 * A new random key the node does not hold (not one of `hardhat node`'s or anvil's built-in accounts):
 * funded with a plain ETH transfer and given vault collateral, as an operator funds a keeper.
 */
export async function fundFreshKey({ connection, protocol: p, ethWei = 10n ** 19n, vaultUsdc = 0n }: FundFreshKeyParameters): Promise<FundFreshKeyReturnType> {
  const { ethers } = connection;
  const w = Wallet.createRandom().connect(ethers.provider);
  const accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
  if (accounts.map((a) => a.toLowerCase()).includes(w.address.toLowerCase())) throw new Error("a fresh key must not be a node account");
  const [funder] = await ethers.getSigners();
  if (ethWei > 0n) await (await funder.sendTransaction({ to: w.address, value: ethWei })).wait();
  if (vaultUsdc > 0n) {
    const vault = await p.vault.getAddress();
    if (ethWei > 0n) {
      await (await p.usdc.mint(w.address, vaultUsdc)).wait();
      await (await p.usdc.connect(w).approve(vault, vaultUsdc)).wait();
      await (await p.vault.connect(w).deposit(vaultUsdc)).wait();
    } else {
      await (await p.usdc.mint(funder.address, vaultUsdc)).wait();
      await (await p.usdc.connect(funder).approve(vault, vaultUsdc)).wait();
      await (await p.vault.connect(funder).depositFor(w.address, vaultUsdc)).wait();
    }
  }
  return { key: w.privateKey as `0x${string}`, address: w.address as `0x${string}` };
}
