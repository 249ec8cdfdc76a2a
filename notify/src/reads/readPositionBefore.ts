import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { optionVaultAbi, type ProtocolDeployment } from "../../../sdk/src/index.js";

export type ReadPositionBeforeParameters = { deployment: Pick<ProtocolDeployment, "optionVault">; account: Address; seriesId: bigint; blockNumber: bigint };

/** [wad] signed position of `account` in `seriesId` at the end of the block before `blockNumber` (OptionVault.positionOf). */
export async function readPositionBefore(client: Client, { deployment, account, seriesId, blockNumber }: ReadPositionBeforeParameters): Promise<bigint> {
  return readContract(client, { address: deployment.optionVault, abi: optionVaultAbi, functionName: "positionOf", args: [account, seriesId], blockNumber: blockNumber - 1n });
}
