import type { Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { marginLensWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetMarkPriceParameters = {
  deployment: Pick<ProtocolDeployment, "marginLens">;
  seriesId: bigint;
  blockNumber?: bigint;
};

export type GetMarkPriceReturnType = {
  /** [wad] Black-Scholes price of one option (0 when expired) */
  priceWad: bigint;
  blockNumber: bigint;
};

/** Mark price of one option of `seriesId` (MarginLens.markPrice, spot without the sequencer check). */
export async function getMarkPrice(client: Client, { deployment, seriesId, blockNumber }: GetMarkPriceParameters): Promise<GetMarkPriceReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const priceWad = await readContract(client, {
    address: deployment.marginLens,
    abi: marginLensWithErrorsAbi,
    functionName: "markPrice",
    args: [seriesId],
    blockNumber: bn,
  });
  return { priceWad, blockNumber: bn };
}
