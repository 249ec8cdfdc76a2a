// The keeper's view of the optionVault ABI: the SDK's generated functions and events (sdk/src/abis, the one
// generated copy) plus every protocol error, listed once in the SDK, so a revert raised anywhere in the
// protocol decodes by name at any call.
import { optionVaultAbi as functionsAndEvents } from "../../../sdk/src/abis/optionVaultAbi.js";
import { protocolErrorsAbi } from "../../../sdk/src/abis/protocolErrorsAbi.js";

export const optionVaultAbi = [...functionsAndEvents, ...protocolErrorsAbi] as const;
