import { getAddress, keccak256, type Address, type Chain, type Hex, type LocalAccount, type PublicClient, type Transport } from "viem";
import type { ComputeFeesReturnType } from "./computeFees.js";

export type SignAndBroadcastParameters = {
  /** the keeper's key (viem local account): the transaction is signed here, never by the node */
  account: LocalAccount;
  client: PublicClient<Transport, Chain>;
  chainId: number;
  to: Address;
  data: Hex;
  gas: bigint;
  nonce: number;
  fees: ComputeFeesReturnType;
  /** called with the hash before the broadcast (the in-flight journal is written here) */
  beforeBroadcast?: (hash: Hex) => void;
};

export type SignAndBroadcastReturnType = { hash: Hex; serialized: Hex };

/**
 * Signs an EIP-1559 transaction locally with the keeper's key and broadcasts the signed bytes with
 * `eth_sendRawTransaction`: the node needs no account of ours (a public RPC, anvil or a validator's
 * node all work the same). The hash is known before the broadcast (keccak256 of the signed bytes).
 */
export async function signAndBroadcast(p: SignAndBroadcastParameters): Promise<SignAndBroadcastReturnType> {
  const serialized = await p.account.signTransaction({
    type: "eip1559",
    chainId: p.chainId,
    to: getAddress(p.to),
    data: p.data,
    value: 0n,
    gas: p.gas,
    nonce: p.nonce,
    maxFeePerGas: p.fees.maxFeePerGas,
    maxPriorityFeePerGas: p.fees.maxPriorityFeePerGas,
  });
  const hash = keccak256(serialized);
  p.beforeBroadcast?.(hash);
  await p.client.request({ method: "eth_sendRawTransaction", params: [serialized] });
  return { hash, serialized };
}
