import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { marginLensWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetLiquidationPriceParameters = {
  deployment: Pick<ProtocolDeployment, "marginLens">;
  account: Address;
  /** the underlying's identifier (its token address) */
  underlying: Address;
  blockNumber?: bigint;
};

export type GetLiquidationPriceReturnType = {
  /** [wad] nearest spot below the current one with ratio <= 1; 0 when none in [S/16, S] */
  downWad: bigint;
  /** [wad] nearest spot above with ratio <= 1; 0 when none in [S, 16·S] */
  upWad: bigint;
  blockNumber: bigint;
};

/** Spots of `underlying` at which the account's margin ratio reaches 1 (MarginLens.liquidationPrice). */
export async function getLiquidationPrice(
  client: Client,
  { deployment, account, underlying, blockNumber }: GetLiquidationPriceParameters,
): Promise<GetLiquidationPriceReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const [downWad, upWad] = await readContract(client, {
    address: deployment.marginLens,
    abi: marginLensWithErrorsAbi,
    functionName: "liquidationPrice",
    args: [account, underlying],
    blockNumber: bn,
  });
  return { downWad, upWad, blockNumber: bn };
}
