import type { Address, Hex } from "viem";
import { getChainId, signTypedData } from "viem/actions";
import type { SigningClient } from "../internal/types.js";
import { orderDomain, orderTypes, type Order } from "./orderTypes.js";

export type SignOrderParameters = {
  optionVault: Address;
  order: Order;
  /** default: the client's chain, else eth_chainId */
  chainId?: number | bigint;
};
export type SignOrderReturnType = Hex;

/** Signs `order` with the client's account for the vault's EIP-712 domain ("OptionVault", "1"). */
export async function signOrder(client: SigningClient, { optionVault, order, chainId }: SignOrderParameters): Promise<SignOrderReturnType> {
  const id = chainId ?? client.chain?.id ?? (await getChainId(client));
  return signTypedData(client, {
    account: client.account,
    domain: orderDomain({ optionVault, chainId: id }),
    types: orderTypes,
    primaryType: "Order",
    message: order,
  });
}
