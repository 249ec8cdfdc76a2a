import type { Signer, TypedDataDomain } from "ethers";

/** EIP-712 order of the vault (mirrors contracts/libraries/OrderLib.sol). */
export type Order = {
  maker: string;
  seriesId: bigint;
  /** true: the maker buys (goes long); false: the maker sells (goes short) */
  isBuy: boolean;
  /** [wad] size the order may be filled for */
  sizeWad: bigint;
  /** [collateral token decimals] premium per contract (per 1e18 of size) */
  price: bigint;
  /** [unix seconds] */
  deadline: bigint;
  nonce: bigint;
  salt: bigint;
};

export const ORDER_TYPES = {
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

export type SignOrderParameters = {
  signer: Signer;
  /** the vault's address */
  vault: string;
  chainId: bigint;
  order: Order;
};

/** Signs `order` for the vault's EIP-712 domain ("OptionVault", "1"); returns the signature. */
export async function signOrder({ signer, vault, chainId, order }: SignOrderParameters): Promise<string> {
  const domain: TypedDataDomain = { name: "OptionVault", version: "1", chainId, verifyingContract: vault };
  return signer.signTypedData(domain, ORDER_TYPES, order);
}
