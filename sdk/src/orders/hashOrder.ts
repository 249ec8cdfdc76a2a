import { hashTypedData, type Address, type Hash } from "viem";
import { orderDomain, orderTypes, type Order } from "./orderTypes.js";

export type HashOrderParameters = { optionVault: Address; chainId: number | bigint; order: Order };
export type HashOrderReturnType = Hash;

/** The order's EIP-712 digest: what the maker signs and the order's id (equals OptionVault.hashOrder). */
export function hashOrder({ optionVault, chainId, order }: HashOrderParameters): HashOrderReturnType {
  return hashTypedData({ domain: orderDomain({ optionVault, chainId }), types: orderTypes, primaryType: "Order", message: order });
}
