import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import { oracleHubAbi, type ProtocolDeployment } from "../../../sdk/src/index.js";

export type ReadSpotParameters = { deployment: Pick<ProtocolDeployment, "oracleHub">; underlying: Address; blockNumber: bigint };

/** [wad] spot of `underlying` at `blockNumber` as the lenses price it (OracleHub.spotIgnoringSequencer). */
export async function readSpot(client: Client, { deployment, underlying, blockNumber }: ReadSpotParameters): Promise<bigint> {
  return readContract(client, { address: deployment.oracleHub, abi: oracleHubAbi, functionName: "spotIgnoringSequencer", args: [underlying], blockNumber });
}
