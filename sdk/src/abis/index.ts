export { optionVaultAbi } from "./optionVaultAbi.js";
export { marginEngineAbi } from "./marginEngineAbi.js";
export { marginLensAbi } from "./marginLensAbi.js";
export { liquidationEngineAbi } from "./liquidationEngineAbi.js";
export { liquidationLensAbi } from "./liquidationLensAbi.js";
export { oracleHubAbi } from "./oracleHubAbi.js";
export { protocolErrorsAbi } from "./protocolErrorsAbi.js";
