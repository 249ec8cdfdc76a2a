import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { marginLensWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetHealthBatchParameters = {
  deployment: Pick<ProtocolDeployment, "marginLens">;
  accounts: readonly Address[];
  blockNumber?: bigint;
};

export type MarginSummary = {
  account: Address;
  /** [wad] collateral + mark-to-market */
  equityWad: bigint;
  /** [wad] */
  maintenanceWad: bigint;
  /** [wad] */
  initialWad: bigint;
  /** [wad] equity / maintenance (see GetHealthReturnType.ratioWad) */
  ratioWad: bigint;
};

export type GetHealthBatchReturnType = { summaries: MarginSummary[]; blockNumber: bigint };

/** Equity, requirements and ratio of many accounts in one call (MarginLens.healthBatch, spot without the sequencer check). */
export async function getHealthBatch(
  client: Client,
  { deployment, accounts, blockNumber }: GetHealthBatchParameters,
): Promise<GetHealthBatchReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const rows = await readContract(client, {
    address: deployment.marginLens,
    abi: marginLensWithErrorsAbi,
    functionName: "healthBatch",
    args: [accounts],
    blockNumber: bn,
  });
  return { summaries: rows.map((r, i) => ({ account: accounts[i], ...r })), blockNumber: bn };
}
