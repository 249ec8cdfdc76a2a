import { getAddress, keccak256, toBytes, type Address } from "viem";

/**
 * The protocol's identifier of an underlying named `name` ("ETH", "BTC") on a testnet: the last 20
 * bytes of keccak256("greeks.underlying:" + name), checksummed. OracleHub and the vault key markets and
 * series by this address; it is not a token (testnets have no canonical WBTC). A parameter file may
 * give an explicit `underlying` address instead (e.g. the chain's WETH on a mainnet).
 */
export function underlyingId(name: string): Address {
  return getAddress(`0x${keccak256(toBytes(`greeks.underlying:${name}`)).slice(-40)}`);
}
