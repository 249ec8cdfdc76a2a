import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";
import type { SeriesInfo } from "./getSeriesList.js";

export type GetPositionsParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  account: Address;
  blockNumber?: bigint;
};

export type Position = SeriesInfo & {
  /** [wad] signed size, + long, − short */
  sizeWad: bigint;
};

export type GetPositionsReturnType = {
  /** [collateral token decimals] the account's collateral */
  collateral: bigint;
  /** open, non-zero positions (vault order) */
  positions: Position[];
  blockNumber: bigint;
};

/** The account's collateral and open positions with their series (OptionVault.bookOf). */
export async function getPositions(client: Client, { deployment, account, blockNumber }: GetPositionsParameters): Promise<GetPositionsReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const book = await readContract(client, {
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: "bookOf",
    args: [account],
    blockNumber: bn,
  });
  return {
    collateral: book.collateral,
    positions: book.seriesIds.map((seriesId, i) => ({
      seriesId,
      sizeWad: book.sizesWad[i],
      underlying: book.series[i].underlying,
      expiry: book.series[i].expiry,
      isCall: book.series[i].isCall,
      strikeWad: book.series[i].strikeWad,
    })),
    blockNumber: bn,
  };
}
