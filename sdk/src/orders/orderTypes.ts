import type { Address } from "viem";

/** The vault's EIP-712 order (mirrors contracts/libraries/OrderLib.sol). */
export type Order = {
  /** the account that signs (EOA or ERC-1271 contract wallet) */
  maker: Address;
  seriesId: bigint;
  /** true: the maker buys (goes long); false: the maker sells (goes short) */
  isBuy: boolean;
  /** [wad] total size the order may be filled for (1e18 = one contract) */
  sizeWad: bigint;
  /** [collateral token decimals] premium per contract (per 1e18 of size) */
  price: bigint;
  /** [unix seconds] last second at which the order can be filled */
  deadline: bigint;
  /** must equal the maker's current nonce (OptionVault.nonceOf) */
  nonce: bigint;
  /** free value that makes otherwise equal orders distinct */
  salt: bigint;
};

/** EIP-712 types: `Order(address maker,uint256 seriesId,bool isBuy,uint256 sizeWad,uint256 price,uint256 deadline,uint256 nonce,uint256 salt)`. */
export const orderTypes = {
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
} as const;

export type OrderDomainParameters = {
  /** the vault's address (verifyingContract) */
  optionVault: Address;
  chainId: number | bigint;
};

/** The vault's EIP-712 domain: name "OptionVault", version "1". */
export function orderDomain({ optionVault, chainId }: OrderDomainParameters) {
  return { name: "OptionVault", version: "1", chainId: Number(chainId), verifyingContract: optionVault } as const;
}
