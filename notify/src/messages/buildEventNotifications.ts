import type { Address, Hex } from "viem";
import { MAX_UINT256, WAD, mulDivDown, type ProtocolLog } from "../../../sdk/src/index.js";
import { readCollateralBefore } from "../reads/readCollateralBefore.js";
import { readPositionBefore } from "../reads/readPositionBefore.js";
import type { MessageContext } from "./createMessageContext.js";
import { describeLiquidationPrice } from "./describeLiquidationPrice.js";
import { describeSeries } from "./describeSeries.js";
import { formatAmountWad, formatPercent, formatRatio, formatSize, formatToken, shortAddress } from "./formatFigures.js";
import type { Notification } from "./Notification.js";

/** A decoded protocol log with where it sits in the chain. */
export type ProtocolLogEntry = { event: ProtocolLog; blockNumber: bigint; blockHash: Hex; logIndex: number; transactionHash: Hex };

export type BuildEventNotificationsParameters = {
  entry: ProtocolLogEntry;
  /** true when messages about this account are wanted */
  isWatched: (account: Address) => boolean;
  /** every watched account (recipients of a socialized loss) */
  watched: () => readonly Address[];
  /** [wad] sizes of bids on the same account and series earlier in the same block (position before this bid = position before the block − these) */
  earlierBidsInBlockWad: bigint;
  /** the other logs of the same transaction (a bid's vault transfer, a combined bid's `BidHedge`) */
  sameTx?: readonly ProtocolLogEntry[];
};

export const END_REASONS = ["a bid restored the target ratio", "the last position needing margin was sold", "prices recovered and the auction was ended"] as const;
const END_REASON_NAMES = ["BidRestoredTarget", "ClosedOut", "Recovered"] as const;

/**
 * The messages one protocol log gives: auction start, bid (size and share sold, price, discount,
 * ratio before → after, the liquidation price after it), end (reason), reset, settlement — each for
 * the account concerned, when watched — and a socialized loss, for every watched account that had
 * collateral the block before (each lost the same fraction of it). Figures are read at the log's block.
 */
export async function buildEventNotifications(ctx: MessageContext, { entry, isWatched, watched, earlierBidsInBlockWad, sameTx = [] }: BuildEventNotificationsParameters): Promise<Notification[]> {
  const { event: ev, blockNumber } = entry;
  const base = (account: Address) => ({
    key: `${entry.transactionHash}:${entry.logIndex}:${account}`,
    account,
    chainId: ctx.chainId,
    blockNumber: blockNumber.toString(),
    blockHash: entry.blockHash,
    txHash: entry.transactionHash,
    logIndex: entry.logIndex,
  });
  const token = (x: bigint) => formatToken(x, ctx.collateral);
  const seriesLine = async (seriesId: bigint) => {
    const s = await ctx.series(seriesId, blockNumber);
    return { s, line: describeSeries(s, await ctx.label(s.underlying)) };
  };

  switch (ev.eventName) {
    case "StartAuction": {
      const a = ev.args;
      if (!isWatched(a.account)) return [];
      const { line } = await seriesLine(a.seriesId);
      const tier = a.tier === MAX_UINT256 ? "insolvent (equity <= 0)" : `tier ${a.tier}`;
      return [
        {
          ...base(a.account),
          kind: "auctionStart",
          title: `Liquidation auction #${a.auctionId} started on ${shortAddress(a.account)}`,
          text: [
            `Lot: ${line}`,
            `Ratio ${formatRatio(a.ratioWad)}, ${tier} (auctions start under ${formatRatio(ctx.firstTierWad)})`,
            `Mark ${formatAmountWad(a.markPriceWad)} per option; keeper tip ${token(a.tip)}`,
          ].join("\n"),
          data: { auctionId: a.auctionId.toString(), seriesId: a.seriesId.toString(), ratioWad: a.ratioWad.toString(), tier: a.tier.toString(), markPriceWad: a.markPriceWad.toString(), tip: a.tip.toString(), keeper: a.keeper },
        },
      ];
    }
    case "Bid": {
      const a = ev.args;
      if (!isWatched(a.account)) return [];
      const { s, line } = await seriesLine(a.seriesId);
      const before = await readPositionBefore(ctx.client, { deployment: ctx.deployment, account: a.account, seriesId: a.seriesId, blockNumber });
      const lotIsShort = before < 0n;
      const positionBeforeWad = (lotIsShort ? -before : before) - earlierBidsInBlockWad;
      const shareWad = positionBeforeWad > 0n ? mulDivDown(a.sizeWad, WAD, positionBeforeWad) : WAD;
      const price = await ctx.prices(a.account, s.underlying, blockNumber);
      const same = (x: Address) => x.toLowerCase() === a.account.toLowerCase();
      // a combined lot: its hedge went with the short, and who paid is the short leg's transfer's cash
      let hedge: { seriesId: bigint; sizeWad: bigint } | undefined;
      let accountPaid = lotIsShort;
      for (const o of sameTx) {
        if (o.event.eventName === "BidHedge" && same(o.event.args.account) && o.event.args.auctionId === a.auctionId) hedge = o.event.args;
        if (o.event.eventName === "TransferPosition" && same(o.event.args.from) && o.event.args.seriesId === a.seriesId) {
          // (no cash moved: a callback bidder pays after its callback; keep the side of the position)
          if (o.event.args.collateralToTo !== 0n) accountPaid = o.event.args.collateralToTo > 0n;
        }
      }
      const hedgeLine = hedge ? `With its hedge, as one unit: ${formatSize(hedge.sizeWad)} of ${(await seriesLine(hedge.seriesId)).line}` : undefined;
      return [
        {
          ...base(a.account),
          kind: "bid",
          title: `Liquidation bid on ${shortAddress(a.account)}: ${formatSize(a.sizeWad)} of ${formatSize(positionBeforeWad)} sold (${formatPercent(shareWad)})`,
          text: [
            `Auction #${a.auctionId} · ${line}`,
            ...(hedgeLine ? [hedgeLine] : []),
            `Price ${formatAmountWad(a.priceWad)} per option${hedge ? " of the unit" : ""}, discount ${formatPercent(a.discountWad)}; you ${accountPaid ? "paid" : "received"} ${token(a.accountCash)}`,
            `Ratio ${formatRatio(a.ratioBeforeWad)} → ${formatRatio(a.ratioAfterWad)}`,
            `Now: ${describeLiquidationPrice(price)}`,
          ].join("\n"),
          data: {
            auctionId: a.auctionId.toString(),
            seriesId: a.seriesId.toString(),
            bidder: a.bidder,
            sizeWad: a.sizeWad.toString(),
            positionBeforeWad: positionBeforeWad.toString(),
            shareWad: shareWad.toString(),
            priceWad: a.priceWad.toString(),
            discountWad: a.discountWad.toString(),
            ratioBeforeWad: a.ratioBeforeWad.toString(),
            ratioAfterWad: a.ratioAfterWad.toString(),
            accountCash: a.accountCash.toString(),
            ...(hedge ? { hedgeSeriesId: hedge.seriesId.toString(), hedgeSizeWad: hedge.sizeWad.toString() } : {}),
          },
          ...(price ? { prices: [price] } : {}),
        },
      ];
    }
    case "EndAuction": {
      const a = ev.args;
      if (!isWatched(a.account)) return [];
      return [
        {
          ...base(a.account),
          kind: "auctionEnd",
          title: `Liquidation auction #${a.auctionId} on ${shortAddress(a.account)} ended: ${END_REASONS[a.reason] ?? `reason ${a.reason}`}`,
          text: `Ratio ${formatRatio(a.ratioWad)}${a.ratioWad === MAX_UINT256 ? " (no requirement left)" : ""}`,
          data: { auctionId: a.auctionId.toString(), ratioWad: a.ratioWad.toString(), reason: String(a.reason), reasonName: END_REASON_NAMES[a.reason] ?? String(a.reason) },
        },
      ];
    }
    case "ResetAuction": {
      const a = ev.args;
      if (!isWatched(a.account)) return [];
      const { line } = await seriesLine(a.seriesId);
      return [
        {
          ...base(a.account),
          kind: "auctionReset",
          title: `Liquidation auction #${a.previousAuctionId} on ${shortAddress(a.account)} reset as #${a.auctionId}`,
          text: [`Lot: ${line}`, `Mark ${formatAmountWad(a.markPriceWad)} per option`].join("\n"),
          data: { auctionId: a.auctionId.toString(), previousAuctionId: a.previousAuctionId.toString(), seriesId: a.seriesId.toString(), markPriceWad: a.markPriceWad.toString() },
        },
      ];
    }
    case "Settle": {
      const a = ev.args;
      if (!isWatched(a.account)) return [];
      const { line } = await seriesLine(a.seriesId);
      const short = a.sizeWad < 0n;
      return [
        {
          ...base(a.account),
          kind: "settlement",
          title: `Position settled for ${shortAddress(a.account)}: ${formatSize(a.sizeWad)} closed`,
          text: [
            line,
            `${short ? "Paid" : "Credited"} ${token(a.amount)}${a.shortfall > 0n ? `; unpaid ${token(a.shortfall)} (bad debt)` : ""}`,
          ].join("\n"),
          data: { seriesId: a.seriesId.toString(), sizeWad: a.sizeWad.toString(), amount: a.amount.toString(), shortfall: a.shortfall.toString() },
        },
      ];
    }
    case "SocializeLoss": {
      const a = ev.args;
      const candidates = watched().filter((x) => x.toLowerCase() !== a.account.toLowerCase());
      const collateral = await readCollateralBefore(ctx.client, { deployment: ctx.deployment, accounts: candidates, blockNumber });
      const fallRay = a.indexBeforeRay - a.indexAfterRay;
      const fraction = a.indexBeforeRay > 0n ? mulDivDown(fallRay, WAD, a.indexBeforeRay) : 0n;
      const out: Notification[] = [];
      candidates.forEach((acct, i) => {
        const had = collateral[i];
        if (had === 0n) return;
        const lost = a.indexBeforeRay > 0n ? mulDivDown(had, fallRay, a.indexBeforeRay) : 0n;
        out.push({
          ...base(acct),
          kind: "socializedLoss",
          title: `Loss socialized: the collateral of ${shortAddress(acct)} fell by ${formatPercent(fraction)} (≈ ${token(lost)})`,
          text: [
            `${token(a.amount)} of unpaid debt of ${shortAddress(a.account)} was spread over every depositor (${token(a.absorbed)} absorbed)`,
            `Your collateral: ≈ ${token(had)} before, ≈ ${token(had - lost)} after`,
          ].join("\n"),
          data: {
            debtor: a.account,
            amount: a.amount.toString(),
            absorbed: a.absorbed.toString(),
            indexBeforeRay: a.indexBeforeRay.toString(),
            indexAfterRay: a.indexAfterRay.toString(),
            collateralBefore: had.toString(),
            estimatedLoss: lost.toString(),
          },
        });
      });
      return out;
    }
    default:
      return [];
  }
}
