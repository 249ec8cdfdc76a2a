/** Contract ABIs with the shared protocol errors appended (what the SDK decodes reverts with). */
import { liquidationEngineAbi } from "../abis/liquidationEngineAbi.js";
import { liquidationLensAbi } from "../abis/liquidationLensAbi.js";
import { marginLensAbi } from "../abis/marginLensAbi.js";
import { optionVaultAbi } from "../abis/optionVaultAbi.js";
import { protocolErrorsAbi } from "../abis/protocolErrorsAbi.js";

export const vaultWithErrorsAbi = [...optionVaultAbi, ...protocolErrorsAbi] as const;
export const marginLensWithErrorsAbi = [...marginLensAbi, ...protocolErrorsAbi] as const;
export const liquidationEngineWithErrorsAbi = [...liquidationEngineAbi, ...protocolErrorsAbi] as const;
export const liquidationLensWithErrorsAbi = [...liquidationLensAbi, ...protocolErrorsAbi] as const;
