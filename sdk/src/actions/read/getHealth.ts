import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { marginLensWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetHealthParameters = {
  deployment: Pick<ProtocolDeployment, "marginLens">;
  account: Address;
  /** Block to read at (default: the latest, read once). */
  blockNumber?: bigint;
};

/** One live position of a health report. */
export type PositionHealth = {
  seriesId: bigint;
  /** index of the position in the vault's `positionsOf` arrays */
  index: bigint;
  /** [wad] signed size, + long, − short */
  sizeWad: bigint;
  /** [wad] Black-Scholes price of one option */
  priceWad: bigint;
  /** [wad] delta of one option */
  deltaWad: bigint;
  /** [wad per unit of spot] gamma of one option */
  gammaWad: bigint;
  /** [wad per 1.0 of vol] vega of one option */
  vegaWad: bigint;
  /** [wad] size × price */
  valueWad: bigint;
  /** [wad] maintenance minus maintenance without this position (negative for a hedge) */
  contributionWad: bigint;
};

export type GetHealthReturnType = {
  /** [wad] collateral + mark-to-market */
  equityWad: bigint;
  /** [wad] maintenance requirement */
  maintenanceWad: bigint;
  /** [wad] initial requirement */
  initialWad: bigint;
  /** [wad] equity / maintenance, rounded down; 0 when equity <= 0; 2^256 − 1 when maintenance = 0 */
  ratioWad: bigint;
  /** highest size-tier index over the account's underlyings (0 = first tier) */
  tierIndex: bigint;
  /** [wad] maintenance before the size-tier factor */
  maintenanceBeforeTierWad: bigint;
  positions: readonly PositionHealth[];
  blockNumber: bigint;
};

/** The account's full health report (MarginLens.health: spot with the sequencer check). */
export async function getHealth(client: Client, { deployment, account, blockNumber }: GetHealthParameters): Promise<GetHealthReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const h = await readContract(client, {
    address: deployment.marginLens,
    abi: marginLensWithErrorsAbi,
    functionName: "health",
    args: [account],
    blockNumber: bn,
  });
  return { ...h, blockNumber: bn };
}
