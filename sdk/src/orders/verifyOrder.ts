import { isAddressEqual, recoverTypedDataAddress, type Address, type Client, type Hex } from "viem";
import { getChainId, getCode, readContract } from "viem/actions";
import { hashOrder } from "./hashOrder.js";
import { orderDomain, orderTypes, type Order } from "./orderTypes.js";

const erc1271Abi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "", type: "bytes4" }],
  },
] as const;
const ERC1271_MAGIC = "0x1626ba7e";

export type VerifyOrderParameters = { optionVault: Address; order: Order; signature: Hex; chainId?: number | bigint };
export type VerifyOrderReturnType = {
  valid: boolean;
  /** how it was checked: "eoa" (ECDSA recover) or "erc1271" (the maker's isValidSignature on-chain) */
  kind: "eoa" | "erc1271";
};

/**
 * Whether `signature` is the maker's, as the vault checks it: ECDSA recovery for an EOA maker, ERC-1271
 * `isValidSignature(digest, signature)` for a maker with code. Nonce, deadline and fills are not checked.
 */
export async function verifyOrder(client: Client, { optionVault, order, signature, chainId }: VerifyOrderParameters): Promise<VerifyOrderReturnType> {
  const id = chainId ?? client.chain?.id ?? (await getChainId(client));
  const code = await getCode(client, { address: order.maker });
  if (code && code !== "0x") {
    const digest = hashOrder({ optionVault, chainId: id, order });
    try {
      const magic = await readContract(client, { address: order.maker, abi: erc1271Abi, functionName: "isValidSignature", args: [digest, signature] });
      return { valid: magic.toLowerCase() === ERC1271_MAGIC, kind: "erc1271" };
    } catch {
      return { valid: false, kind: "erc1271" };
    }
  }
  try {
    const signer = await recoverTypedDataAddress({
      domain: orderDomain({ optionVault, chainId: id }),
      types: orderTypes,
      primaryType: "Order",
      message: order,
      signature,
    });
    return { valid: isAddressEqual(signer, order.maker), kind: "eoa" };
  } catch {
    return { valid: false, kind: "eoa" };
  }
}
