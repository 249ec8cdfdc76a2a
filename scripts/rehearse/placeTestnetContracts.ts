import { numberToHex, pad, parseAbi, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { readArtifact } from "../deploy/readArtifactAbi.js";
import type { TestnetFeed } from "./testnetFeeds.js";

export type PlaceTestnetContractsParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  account: Address;
  feeds: TestnetFeed[];
  /** the testnet's USDC address: a 6-decimal, freely mintable "USD Coin" goes there */
  usdc: Address;
};

const FEED_ABI = parseAbi(["function updateAnswer(int256 answer)"]);

/**
 * Puts contracts AT the testnet's real addresses on a local anvil: for each, a template is deployed
 * normally (constructor run), then its runtime code (immutables included) is copied to the real address
 * with anvil_setCode and its first storage slots with anvil_setStorageAt. Feeds are RehearsalAggregator
 * (the feed's description and decimals; one round posted at the real address with a realistic answer);
 * USDC is MockERC20("USD Coin", "USDC", 6).
 */
export async function placeTestnetContracts({ publicClient, walletClient, account, feeds, usdc }: PlaceTestnetContractsParameters): Promise<void> {
  const place = async (name: string, args: unknown[], target: Address, slots: number) => {
    const { abi, bytecode } = readArtifact(name);
    const hash = await walletClient.deployContract({ abi, bytecode, args, account, chain: null });
    const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash });
    const code = await publicClient.getCode({ address: contractAddress! });
    await publicClient.request({ method: "anvil_setCode" as never, params: [target, code] as never });
    for (let i = 0; i < slots; i++) {
      const slot = pad(numberToHex(i), { size: 32 });
      const value = (await publicClient.getStorageAt({ address: contractAddress!, slot })) ?? pad("0x0", { size: 32 });
      await publicClient.request({ method: "anvil_setStorageAt" as never, params: [target, slot, pad(value as Hex, { size: 32 })] as never });
    }
  };
  for (const f of feeds) {
    await place("RehearsalAggregator", [f.decimals, f.description], f.address, 3);
    const hash = await walletClient.writeContract({ address: f.address, abi: FEED_ABI, functionName: "updateAnswer", args: [f.answer], account, chain: null });
    await publicClient.waitForTransactionReceipt({ hash });
  }
  // OpenZeppelin 5 ERC20 storage: 0 balances, 1 allowances, 2 totalSupply, 3 name, 4 symbol
  await place("MockERC20", ["USD Coin", "USDC", 6], usdc, 5);
}
