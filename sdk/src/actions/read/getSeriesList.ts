import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetSeriesListParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  /** first id (default 1) */
  fromId?: bigint;
  /** most series returned (default all) */
  limit?: bigint;
  blockNumber?: bigint;
};

export type SeriesInfo = {
  seriesId: bigint;
  /** the underlying's identifier (its token address) */
  underlying: Address;
  /** [unix seconds] */
  expiry: bigint;
  isCall: boolean;
  /** [wad] strike in collateral currency per unit of underlying */
  strikeWad: bigint;
};

export type GetSeriesListReturnType = { series: SeriesInfo[]; seriesCount: bigint; blockNumber: bigint };

/** The listed series (OptionVault.seriesCount, then OptionVault.series for each id). */
export async function getSeriesList(
  client: Client,
  { deployment, fromId = 1n, limit, blockNumber }: GetSeriesListParameters,
): Promise<GetSeriesListReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const base = { address: deployment.optionVault, abi: vaultWithErrorsAbi, blockNumber: bn } as const;
  const seriesCount = await readContract(client, { ...base, functionName: "seriesCount" });
  const last = limit === undefined ? seriesCount : fromId + limit - 1n < seriesCount ? fromId + limit - 1n : seriesCount;
  const ids: bigint[] = [];
  for (let id = fromId < 1n ? 1n : fromId; id <= last; id++) ids.push(id);
  const rows = await Promise.all(ids.map((id) => readContract(client, { ...base, functionName: "series", args: [id] })));
  return {
    series: rows.map((s, i) => ({ seriesId: ids[i], underlying: s.underlying, expiry: s.expiry, isCall: s.isCall, strikeWad: s.strikeWad })),
    seriesCount,
    blockNumber: bn,
  };
}
