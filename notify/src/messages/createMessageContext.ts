import { erc20Abi, type Address, type Client } from "viem";
import { readContract } from "viem/actions";
import { getLiquidationPrice, getSeriesList, type ProtocolDeployment, type SeriesInfo } from "../../../sdk/src/index.js";
import { isRevert } from "../reads/isRevert.js";
import { readSpot } from "../reads/readSpot.js";
import { shortAddress } from "./formatFigures.js";
import type { Notification } from "./Notification.js";

export type CreateMessageContextParameters = {
  client: Client;
  deployment: ProtocolDeployment;
  chainId: number;
  collateral: { decimals: number; symbol: string };
  /** [wad] the soft margin call level, the first liquidation tier, and the re-arm hysteresis */
  warningRatioWad: bigint;
  firstTierWad: bigint;
};

export type MessageContext = CreateMessageContextParameters & {
  /** a series' terms (cached: they never change) */
  series: (seriesId: bigint, blockNumber: bigint) => Promise<SeriesInfo>;
  /** the underlying's token symbol, or its short address (cached) */
  label: (underlying: Address) => Promise<string>;
  /**
   * spot and liquidation prices of `account` on `underlying` at `blockNumber` (MarginLens.liquidationPrice
   * through the SDK); undefined when the lens reverts at that block (the message then says so)
   */
  prices: (account: Address, underlying: Address, blockNumber: bigint) => Promise<NonNullable<Notification["prices"]>[number] | undefined>;
};

/** The reads and settings every message builder shares. */
export function createMessageContext(p: CreateMessageContextParameters): MessageContext {
  const series = new Map<bigint, Promise<SeriesInfo>>();
  const labels = new Map<string, Promise<string>>();
  const label = (underlying: Address): Promise<string> => {
    let l = labels.get(underlying.toLowerCase());
    if (!l) {
      l = readContract(p.client, { address: underlying, abi: erc20Abi, functionName: "symbol" }).catch(() => shortAddress(underlying));
      labels.set(underlying.toLowerCase(), l);
    }
    return l;
  };
  return {
    ...p,
    series: (seriesId, blockNumber) => {
      let s = series.get(seriesId);
      if (!s) {
        s = getSeriesList(p.client, { deployment: p.deployment, fromId: seriesId, limit: 1n, blockNumber }).then((r) => r.series[0]);
        s.catch(() => series.delete(seriesId));
        series.set(seriesId, s);
      }
      return s;
    },
    label,
    prices: async (account, underlying, blockNumber) => {
      let lp, spotWad;
      try {
        [lp, spotWad] = await Promise.all([
          getLiquidationPrice(p.client, { deployment: p.deployment, account, underlying, blockNumber }),
          readSpot(p.client, { deployment: p.deployment, underlying, blockNumber }),
        ]);
      } catch (e) {
        if (isRevert(e)) return undefined;
        throw e;
      }
      const name = await label(underlying);
      return { underlying, label: name, spotWad: spotWad.toString(), downWad: lp.downWad.toString(), upWad: lp.upWad.toString() };
    },
  };
}
