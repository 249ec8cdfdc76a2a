import type { Address, Chain, PublicClient, Transport } from "viem";
import { optionVaultAbi } from "../abis/optionVaultAbi.js";
import { oracleHubAbi } from "../abis/oracleHubAbi.js";
import { YEAR_SECONDS } from "../strategy/hedgeCost.js";
import { blackScholesDelta } from "./blackScholesDelta.js";

export type CreateLotRiskReaderParameters = {
  /** the option vault (series data; its oracleHub() gives spot and vol) */
  vault: Address;
};

export type LotRisk = {
  /** |Δ| of one option */
  deltaAbs: number;
  /** [collateral units] */
  spot: number;
  /** [1 = 100% per year] */
  vol: number;
};

export type CreateLotRiskReaderReturnType = {
  /** delta, spot and vol of a lot's series at `blockNumber` (series cached for good, oracle values per block) */
  read: (client: PublicClient<Transport, Chain>, seriesId: bigint, blockNumber?: bigint) => Promise<LotRisk>;
};

type SeriesData = { underlying: Address; expiry: bigint; isCall: boolean; strikeWad: bigint };

/**
 * Reads what the hedge cost needs about a lot (strategy/hedgeCost.ts): the series (vault.series, cached:
 * series are immutable), spot, vol and rate from the protocol's oracle hub (spotIgnoringSequencer, as the
 * liquidation quote prices), and the Black-Scholes delta computed from them off chain.
 */
export function createLotRiskReader({ vault }: CreateLotRiskReaderParameters): CreateLotRiskReaderReturnType {
  const series = new Map<bigint, Promise<SeriesData>>();
  let hub: Promise<Address> | undefined;
  const perBlock = new Map<string, Promise<LotRisk>>();
  let cachedBlock: bigint | undefined;

  const read: CreateLotRiskReaderReturnType["read"] = (client, seriesId, blockNumber) => {
    if (blockNumber !== cachedBlock) {
      perBlock.clear();
      cachedBlock = blockNumber;
    }
    const key = seriesId.toString();
    const hit = perBlock.get(key);
    if (hit) return hit;
    const p = (async () => {
      hub ??= client.readContract({ address: vault, abi: optionVaultAbi, functionName: "oracleHub" }) as Promise<Address>;
      let s = series.get(seriesId);
      if (!s) {
        s = client.readContract({ address: vault, abi: optionVaultAbi, functionName: "series", args: [seriesId] }) as unknown as Promise<SeriesData>;
        series.set(seriesId, s);
        s.catch(() => series.delete(seriesId));
      }
      const [h, sd] = await Promise.all([hub, s]);
      const [spotWad, volWad, rateWad, block] = await Promise.all([
        client.readContract({ address: h, abi: oracleHubAbi, functionName: "spotIgnoringSequencer", args: [sd.underlying], blockNumber }) as Promise<bigint>,
        client.readContract({ address: h, abi: oracleHubAbi, functionName: "vol", args: [sd.underlying, sd.expiry], blockNumber }) as Promise<bigint>,
        client.readContract({ address: h, abi: oracleHubAbi, functionName: "rate", args: [sd.underlying], blockNumber }) as Promise<bigint>,
        client.getBlock(blockNumber === undefined ? {} : { blockNumber }),
      ]);
      const spot = Number(spotWad) / 1e18;
      const vol = Number(volWad) / 1e18;
      const years = Math.max(0, Number(sd.expiry - block.timestamp)) / YEAR_SECONDS;
      const delta = blackScholesDelta({ spot, strike: Number(sd.strikeWad) / 1e18, vol, years, rate: Number(rateWad) / 1e18, isCall: sd.isCall });
      return { deltaAbs: Math.abs(delta), spot, vol };
    })();
    perBlock.set(key, p);
    p.catch(() => perBlock.delete(key));
    return p;
  };
  return { read };
}
