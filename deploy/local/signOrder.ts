import type { Signer } from "ethers";
import { orderDomain, orderTypes } from "../../sdk/src/orders/orderTypes.js";

/** EIP-712 order of the vault (the SDK's `Order`, with string addresses for ethers callers). */
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

/** The SDK's EIP-712 types (one definition of the order in the repo), in the mutable shape ethers takes. */
export const ORDER_TYPES = { Order: orderTypes.Order.map((f) => ({ ...f })) };

export type SignOrderParameters = {
  signer: Signer;
  /** the vault's address */
  vault: string;
  chainId: bigint;
  order: Order;
};

/** Signs `order` with an ethers signer for the vault's EIP-712 domain (the SDK's `orderDomain`). */
export async function signOrder({ signer, vault, chainId, order }: SignOrderParameters): Promise<string> {
  const domain = orderDomain({ optionVault: vault as `0x${string}`, chainId });
  return signer.signTypedData({ ...domain }, ORDER_TYPES, order);
}
