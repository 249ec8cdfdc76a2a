/**
 * viem clients over the in-process Hardhat chain's EIP-1193 provider, for the SDK's reads and writes
 * (sdk/src) in the demo: one public client, and a wallet client per sender whose account is the
 * provider's own (a JSON-RPC account: Hardhat's default accounts, or an impersonated address), so the
 * chain signs and assigns nonces as it does for the ethers signers of the admin setup.
 */
import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type Address,
  type Chain,
  type CustomTransport,
  type Hash,
  type JsonRpcAccount,
  type PublicClient,
  type WalletClient,
} from "viem";
import { getChainId, waitForTransactionReceipt } from "viem/actions";

/** What viem's custom transport accepts: any object with an EIP-1193 `request` (Hardhat's `connection.provider`). */
export type InProcessProvider = Parameters<typeof custom>[0];

/** The in-process chain as a viem chain (no URL: every request goes through the provider). */
export function inProcessChain(chainId: number): Chain {
  return defineChain({
    id: chainId,
    name: "hardhat-in-process",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
}

export type CreateDemoClientsParameters = {
  provider: InProcessProvider;
};

export type DemoWalletClient = WalletClient<CustomTransport, Chain, JsonRpcAccount>;

export type CreateDemoClientsReturnType = {
  publicClient: PublicClient<CustomTransport, Chain>;
  /** a wallet client sending from `address` through the provider (eth_sendTransaction, eth_signTypedData_v4) */
  walletOf: (address: Address) => DemoWalletClient;
  /** waits for the transaction's receipt and throws when it reverted */
  mined: (hash: Hash) => Promise<void>;
};

/** The clients, on the chain id the provider reports (eth_chainId). */
export async function createDemoClients({ provider }: CreateDemoClientsParameters): Promise<CreateDemoClientsReturnType> {
  const transport = custom(provider);
  const chain = inProcessChain(await getChainId(createPublicClient({ transport })));
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  const wallets = new Map<string, DemoWalletClient>();
  const walletOf = (address: Address): DemoWalletClient => {
    const key = address.toLowerCase();
    let w = wallets.get(key);
    if (!w) {
      w = createWalletClient({ account: address, chain, transport, pollingInterval: 50 });
      wallets.set(key, w);
    }
    return w;
  };
  const mined = async (hash: Hash): Promise<void> => {
    const receipt = await waitForTransactionReceipt(publicClient, { hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  };
  return { publicClient, walletOf, mined };
}
