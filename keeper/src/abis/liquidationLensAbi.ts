// The keeper's view of the liquidationLens ABI: the SDK's generated functions and events (sdk/src/abis, the one
// generated copy) plus every protocol error, listed once in the SDK, so a revert raised anywhere in the
// protocol decodes by name at any call.
import { liquidationLensAbi as functionsAndEvents } from "../../../sdk/src/abis/liquidationLensAbi.js";
import { protocolErrorsAbi } from "../../../sdk/src/abis/protocolErrorsAbi.js";

export const liquidationLensAbi = [...functionsAndEvents, ...protocolErrorsAbi] as const;
