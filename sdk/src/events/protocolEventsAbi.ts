import { liquidationEngineAbi } from "../abis/liquidationEngineAbi.js";
import { liquidationLensAbi } from "../abis/liquidationLensAbi.js";
import { marginEngineAbi } from "../abis/marginEngineAbi.js";
import { marginLensAbi } from "../abis/marginLensAbi.js";
import { optionVaultAbi } from "../abis/optionVaultAbi.js";
import { oracleHubAbi } from "../abis/oracleHubAbi.js";

type EventsOf<abi extends readonly { type: string }[]> = Extract<abi[number], { type: "event" }>;

const events = <abi extends readonly { type: string }[]>(abi: abi) => abi.filter((i): i is EventsOf<abi> => i.type === "event");

/** Every event of the protocol's contracts (vault, engines, lenses, oracle hub). */
export const protocolEventsAbi = [
  ...events(optionVaultAbi),
  ...events(marginEngineAbi),
  ...events(marginLensAbi),
  ...events(liquidationEngineAbi),
  ...events(liquidationLensAbi),
  ...events(oracleHubAbi),
] as const;
