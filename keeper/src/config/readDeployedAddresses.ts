import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isAddress, type Address } from "viem";
import { ConfigError } from "../errors/KeeperError.js";

export type ReadDeployedAddressesParameters = {
  /** Ignition deployment folder (e.g. ignition/deployments/chain-31337) */
  deploymentDir: string;
};

export type ReadDeployedAddressesReturnType = {
  vault?: Address;
  marginLens?: Address;
  liquidationEngine?: Address;
  liquidationLens?: Address;
  /** spot feeds: futures named *Feed* that are not the sequencer uptime feed */
  priceFeeds: Address[];
};

/**
 * Reads Ignition's deployed_addresses.json ("<Module>#<FutureId>" → address) and picks the keeper's
 * contracts by future id: OptionVault, MarginLens, LiquidationEngine, LiquidationLens, and every *Feed* except the
 * sequencer feed.
 */
export function readDeployedAddresses({ deploymentDir }: ReadDeployedAddressesParameters): ReadDeployedAddressesReturnType {
  const file = join(deploymentDir, "deployed_addresses.json");
  if (!existsSync(file)) throw new ConfigError("deploymentDir", `no deployed_addresses.json in ${deploymentDir}`);
  let map: Record<string, string>;
  try {
    map = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch (cause) {
    throw new ConfigError("deploymentDir", `${file} is not valid JSON`, { cause });
  }
  const out: ReadDeployedAddressesReturnType = { priceFeeds: [] };
  for (const [key, value] of Object.entries(map)) {
    if (!isAddress(value, { strict: false })) continue;
    const id = key.includes("#") ? key.slice(key.indexOf("#") + 1) : key;
    if (id === "OptionVault") out.vault = value;
    else if (id === "MarginLens") out.marginLens = value;
    else if (id === "LiquidationEngine") out.liquidationEngine = value;
    else if (id === "LiquidationLens") out.liquidationLens = value;
    else if (/feed/i.test(id) && !/sequencer|uptime/i.test(id)) out.priceFeeds.push(value);
  }
  return out;
}
