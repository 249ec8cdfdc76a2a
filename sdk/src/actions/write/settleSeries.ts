import type { Hash } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { vaultWithErrorsAbi } from "../../internal/abis.js";
import { guard } from "../../internal/guard.js";
import type { SigningClient } from "../../internal/types.js";

export type SettleSeriesParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault">;
  seriesId: bigint;
  /** the Chainlink round proving the first price at or after expiry (phase-aware: phaseId << 64 | round) */
  roundId: bigint;
  /**
   * true: the bounded fallback for a feed that cannot prove any round, allowed after the hub's grace
   * period (OptionVault.settleSeriesFallback); default false
   */
  fallback?: boolean;
};

export type SettleSeriesReturnType = {
  hash: Hash;
  /** [wad] the settlement price recorded */
  result: Awaited<ReturnType<typeof simulateSettleSeries>>["result"];
};

function simulateSettleSeries(client: SigningClient, { deployment, seriesId, roundId, fallback }: SettleSeriesParameters) {
  return simulateContract(client, {
    account: client.account,
    address: deployment.optionVault,
    abi: vaultWithErrorsAbi,
    functionName: fallback ? "settleSeriesFallback" : "settleSeries",
    args: [seriesId, roundId],
  });
}

/**
 * Record an expired series' settlement price from its proving Chainlink round (OptionVault.settleSeries,
 * or settleSeriesFallback with `fallback`). Anyone may call it. Simulated first; a revert throws
 * ProtocolError (`errorName`, `args`, e.g. InvalidSettlementRound). Returns the transaction hash (not
 * awaited) and the simulated result.
 */
export async function settleSeries(client: SigningClient, parameters: SettleSeriesParameters): Promise<SettleSeriesReturnType> {
  const name = parameters.fallback ? "settleSeriesFallback" : "settleSeries";
  const { request, result } = await guard(name, simulateSettleSeries(client, parameters));
  const hash = await guard(name, writeContract(client, request));
  return { hash, result };
}
