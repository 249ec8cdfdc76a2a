import { getAddress, isAddress, type Address } from "viem";
import { SdkError } from "../errors/SdkError.js";

/** Addresses of the protocol's contracts on one chain. */
export type ProtocolDeployment = {
  optionVault: Address;
  marginEngine: Address;
  marginLens: Address;
  liquidationEngine: Address;
  liquidationLens: Address;
  oracleHub: Address;
};

export type GetDeploymentParameters =
  | {
      /** Ignition's deployment folder holding `deployed_addresses.json`, e.g. `deploy/deployments/chain-31337` (Node only). */
      deploymentDir: string;
      addresses?: undefined;
    }
  | {
      deploymentDir?: undefined;
      /** Addresses given by the caller (checked and checksummed). */
      addresses: ProtocolDeployment;
    };

export type GetDeploymentReturnType = ProtocolDeployment;

/** Ignition future id (after `<Module>#`) of each contract. */
const IDS: Record<keyof ProtocolDeployment, string> = {
  optionVault: "OptionVault",
  marginEngine: "MarginEngine",
  marginLens: "MarginLens",
  liquidationEngine: "LiquidationEngine",
  liquidationLens: "LiquidationLens",
  oracleHub: "OracleHub",
};

/**
 * The protocol's address book: read from Ignition's `deployed_addresses.json` (keys `<Module>#<Id>`,
 * any module) or taken from `addresses`. Throws SdkError on a missing or malformed address.
 */
export async function getDeployment(parameters: GetDeploymentParameters): Promise<GetDeploymentReturnType> {
  let source: Record<keyof ProtocolDeployment, unknown>;
  if (parameters.addresses) {
    source = parameters.addresses;
  } else {
    // node:fs is loaded only here, so browser bundles that never read a folder do not need it
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const file = join(parameters.deploymentDir, "deployed_addresses.json");
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    } catch (e) {
      throw new SdkError(`cannot read ${file}`, { cause: e as Error });
    }
    const find = (id: string) => Object.entries(json).find(([k]) => k.split("#")[1] === id)?.[1];
    source = Object.fromEntries(Object.entries(IDS).map(([key, id]) => [key, find(id)])) as typeof source;
  }
  const out = {} as ProtocolDeployment;
  for (const key of Object.keys(IDS) as (keyof ProtocolDeployment)[]) {
    const v = source[key];
    if (typeof v !== "string" || !isAddress(v, { strict: false })) {
      throw new SdkError(`deployment: no valid address for ${IDS[key]}`, { details: String(v) });
    }
    out[key] = getAddress(v);
  }
  return out;
}
