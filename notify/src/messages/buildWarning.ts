import type { Address, Hex } from "viem";
import { getPositions, type MarginSummary } from "../../../sdk/src/index.js";
import type { MessageContext } from "./createMessageContext.js";
import { describeLiquidationPrice } from "./describeLiquidationPrice.js";
import { formatAmountWad, formatRatio, shortAddress } from "./formatFigures.js";
import type { Notification } from "./Notification.js";

export type BuildWarningParameters = { summary: MarginSummary; blockNumber: bigint; blockHash: Hex };

/**
 * The soft margin call: the account's ratio fell under the warning level (above the first liquidation
 * tier), with the liquidation price of every underlying of its book (both directions) and how far spot
 * is from it. Keyed by account and the block of the crossing.
 */
export async function buildWarning(ctx: MessageContext, { summary, blockNumber, blockHash }: BuildWarningParameters): Promise<Notification> {
  const account: Address = summary.account;
  const { positions } = await getPositions(ctx.client, { deployment: ctx.deployment, account, blockNumber });
  const underlyings = [...new Map(positions.map((p) => [p.underlying.toLowerCase(), p.underlying])).values()];
  const read = await Promise.all(underlyings.map((u) => ctx.prices(account, u, blockNumber)));
  const prices = read.filter((p) => p !== undefined);
  return {
    key: `warning:${account}:${blockNumber}`,
    kind: "warning",
    account,
    chainId: ctx.chainId,
    blockNumber: blockNumber.toString(),
    blockHash,
    title: `Margin warning for ${shortAddress(account)}: ratio ${formatRatio(summary.ratioWad)} is under ${formatRatio(ctx.warningRatioWad)}`,
    text: [
      `Liquidation auctions may start under ${formatRatio(ctx.firstTierWad)}: add collateral or reduce risk.`,
      `Equity ${formatAmountWad(summary.equityWad)}, maintenance ${formatAmountWad(summary.maintenanceWad)}`,
      ...read.map((p) => describeLiquidationPrice(p)),
    ].join("\n"),
    data: {
      ratioWad: summary.ratioWad.toString(),
      warningRatioWad: ctx.warningRatioWad.toString(),
      firstTierWad: ctx.firstTierWad.toString(),
      equityWad: summary.equityWad.toString(),
      maintenanceWad: summary.maintenanceWad.toString(),
    },
    prices,
  };
}
