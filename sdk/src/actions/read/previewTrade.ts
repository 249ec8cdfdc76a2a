import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { marginLensWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";
import { ratioWadOf } from "../../math/ratioWadOf.js";
import { WAD } from "../../math/wad.js";

export type PreviewTradeParameters = {
  deployment: Pick<ProtocolDeployment, "marginLens">;
  account: Address;
  seriesId: bigint;
  /** [wad] signed change of the account's position (+ buy, − sell) */
  sizeDeltaWad: bigint;
  /** [wad] premium per option the trade is made at; when set, its cash leg (−sizeDelta × price) is added to equity after */
  priceWad?: bigint;
  blockNumber?: bigint;
};

export type MarginFigures = {
  /** [wad] */
  equityWad: bigint;
  /** [wad] */
  maintenanceWad: bigint;
  /** [wad] */
  initialWad: bigint;
  /** [wad] equity / maintenance (0 when equity <= 0, 2^256 − 1 when maintenance = 0) */
  ratioWad: bigint;
};

export type PreviewTradeReturnType = {
  before: MarginFigures;
  after: MarginFigures;
  /** [wad] mark price of one option of the series (0 when expired) */
  markPriceWad: bigint;
  /** [wad] the trade's cash leg added to `after.equityWad` (0 without `priceWad`) */
  cashWad: bigint;
  blockNumber: bigint;
};

/** Margin before and after a hypothetical trade (MarginLens.marginWithTrade with 0 and `sizeDeltaWad`, spot without the sequencer check). */
export async function previewTrade(
  client: Client,
  { deployment, account, seriesId, sizeDeltaWad, priceWad, blockNumber }: PreviewTradeParameters,
): Promise<PreviewTradeReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const read = (delta: bigint) =>
    readContract(client, {
      address: deployment.marginLens,
      abi: marginLensWithErrorsAbi,
      functionName: "marginWithTrade",
      args: [account, seriesId, delta],
      blockNumber: bn,
    });
  const [b, a] = await Promise.all([read(0n), read(sizeDeltaWad)]);
  // cash = −sizeDelta × price (a buyer pays; rounded against the trader: floor of a signed product)
  const product = -sizeDeltaWad * (priceWad ?? 0n);
  const cashWad = product >= 0n ? product / WAD : -((-product + WAD - 1n) / WAD);
  const figures = (equityWad: bigint, maintenanceWad: bigint, initialWad: bigint): MarginFigures => ({
    equityWad,
    maintenanceWad,
    initialWad,
    ratioWad: ratioWadOf(equityWad, maintenanceWad),
  });
  return {
    before: figures(b[0], b[1], b[2]),
    after: figures(a[0] + cashWad, a[1], a[2]),
    markPriceWad: a[3],
    cashWad,
    blockNumber: bn,
  };
}
