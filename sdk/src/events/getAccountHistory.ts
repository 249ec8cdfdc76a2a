import { isAddressEqual, type Address, type Client, type Hash } from "viem";
import { getBlockNumber, getLogs } from "viem/actions";
import type { ProtocolDeployment } from "../deployment/getDeployment.js";
import { decodeProtocolLog } from "./decodeProtocolLog.js";

export type GetAccountHistoryParameters = {
  deployment: Pick<ProtocolDeployment, "optionVault" | "liquidationEngine">;
  account: Address;
  fromBlock: bigint;
  /** default: the latest block (read once) */
  toBlock?: bigint;
  /** most blocks per eth_getLogs request (default 10,000; RPC providers cap the range) */
  chunkSize?: bigint;
};

type Meta = { blockNumber: bigint; logIndex: number; transactionHash: Hash };

/** One entry of an account's history (units as in the events' natspec). */
export type AccountHistoryEntry = Meta &
  (
    | {
        type: "fill";
        orderHash: Hash;
        maker: Address;
        taker: Address;
        /** the account's role in the fill */
        role: "maker" | "taker";
        seriesId: bigint;
        /** true when the account bought (went long) */
        accountIsBuy: boolean;
        /** [wad] */
        sizeWad: bigint;
        /** [collateral token decimals] premium of this fill */
        premium: bigint;
      }
    | { type: "auctionStart"; auctionId: bigint; keeper: Address; seriesId: bigint; /** [wad] */ ratioWad: bigint; tier: bigint; /** [wad] */ markPriceWad: bigint; /** [token decimals] */ tip: bigint }
    | {
        type: "bid";
        auctionId: bigint;
        bidder: Address;
        /** the account's role: the liquidated account, or the bidder */
        role: "account" | "bidder";
        seriesId: bigint;
        /** [wad] size taken */
        sizeWad: bigint;
        /** [wad] bidder's price per option */
        priceWad: bigint;
        /** [1e18 = 100%] */
        discountWad: bigint;
        /** [wad] */
        ratioBeforeWad: bigint;
        /** [wad] */
        ratioAfterWad: bigint;
        /** [token decimals] cash the account paid (short lot) or received (long lot) */
        accountCash: bigint;
      }
    | {
        /** the hedge a combined bid sold with its lot (right after that bid's entry) */
        type: "bidHedge";
        auctionId: bigint;
        seriesId: bigint;
        /** [wad] hedge sold with the bid's size of the short */
        sizeWad: bigint;
      }
    | { type: "auctionEnd"; auctionId: bigint; /** [wad] */ ratioWad: bigint; /** 0 BidRestoredTarget, 1 ClosedOut, 2 Recovered */ reason: number }
    | { type: "auctionReset"; auctionId: bigint; previousAuctionId: bigint; seriesId: bigint }
    | { type: "settlement"; seriesId: bigint; /** [wad] signed */ sizeWad: bigint; /** [token decimals] */ amount: bigint; /** [token decimals] */ shortfall: bigint }
    | { type: "badDebt"; /** [token decimals] */ amount: bigint }
    | {
        type: "socializedLoss";
        /** whose unpaid debt was socialized */
        debtor: Address;
        /** [token decimals] */
        amount: bigint;
        /** [token decimals] */
        absorbed: bigint;
        /** [1e27] every account's collateral fell by 1 − indexAfter / indexBefore */
        indexBeforeRay: bigint;
        indexAfterRay: bigint;
      }
  );

export type GetAccountHistoryReturnType = { entries: AccountHistoryEntry[]; toBlock: bigint };

/**
 * The account's fills, auction starts, bids (as the liquidated account or as bidder), ends and resets,
 * settlements and bad debt, plus every socialized loss (each lowers every account's collateral), in
 * chain order, from the vault's and the liquidation engine's logs in [fromBlock, toBlock].
 */
export async function getAccountHistory(
  client: Client,
  { deployment, account, fromBlock, toBlock, chunkSize = 10_000n }: GetAccountHistoryParameters,
): Promise<GetAccountHistoryReturnType> {
  const to = toBlock ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const logs = [];
  for (let start = fromBlock; start <= to; start += chunkSize) {
    const end = start + chunkSize - 1n < to ? start + chunkSize - 1n : to;
    logs.push(...(await getLogs(client, { address: [deployment.optionVault, deployment.liquidationEngine], fromBlock: start, toBlock: end })));
  }
  const is = (a: Address) => isAddressEqual(a, account);
  const entries: AccountHistoryEntry[] = [];
  for (const log of logs) {
    const ev = decodeProtocolLog(log);
    if (!ev || log.blockNumber === null || log.logIndex === null || log.transactionHash === null) continue;
    const meta: Meta = { blockNumber: log.blockNumber, logIndex: log.logIndex, transactionHash: log.transactionHash };
    switch (ev.eventName) {
      case "Fill": {
        const a = ev.args;
        if (!is(a.maker) && !is(a.taker)) break;
        const role = is(a.maker) ? "maker" : "taker";
        entries.push({
          ...meta,
          type: "fill",
          orderHash: a.orderHash,
          maker: a.maker,
          taker: a.taker,
          role,
          seriesId: a.seriesId,
          accountIsBuy: role === "maker" ? a.makerIsBuy : !a.makerIsBuy,
          sizeWad: a.sizeWad,
          premium: a.premium,
        });
        break;
      }
      case "StartAuction": {
        const a = ev.args;
        if (is(a.account))
          entries.push({ ...meta, type: "auctionStart", auctionId: a.auctionId, keeper: a.keeper, seriesId: a.seriesId, ratioWad: a.ratioWad, tier: a.tier, markPriceWad: a.markPriceWad, tip: a.tip });
        break;
      }
      case "Bid": {
        const a = ev.args;
        if (!is(a.account) && !is(a.bidder)) break;
        entries.push({
          ...meta,
          type: "bid",
          auctionId: a.auctionId,
          bidder: a.bidder,
          role: is(a.account) ? "account" : "bidder",
          seriesId: a.seriesId,
          sizeWad: a.sizeWad,
          priceWad: a.priceWad,
          discountWad: a.discountWad,
          ratioBeforeWad: a.ratioBeforeWad,
          ratioAfterWad: a.ratioAfterWad,
          accountCash: a.accountCash,
        });
        break;
      }
      case "BidHedge":
        if (is(ev.args.account)) entries.push({ ...meta, type: "bidHedge", auctionId: ev.args.auctionId, seriesId: ev.args.seriesId, sizeWad: ev.args.sizeWad });
        break;
      case "EndAuction":
        if (is(ev.args.account)) entries.push({ ...meta, type: "auctionEnd", auctionId: ev.args.auctionId, ratioWad: ev.args.ratioWad, reason: ev.args.reason });
        break;
      case "ResetAuction":
        if (is(ev.args.account))
          entries.push({ ...meta, type: "auctionReset", auctionId: ev.args.auctionId, previousAuctionId: ev.args.previousAuctionId, seriesId: ev.args.seriesId });
        break;
      case "Settle":
        if (is(ev.args.account))
          entries.push({ ...meta, type: "settlement", seriesId: ev.args.seriesId, sizeWad: ev.args.sizeWad, amount: ev.args.amount, shortfall: ev.args.shortfall });
        break;
      case "BadDebt":
        if (is(ev.args.account)) entries.push({ ...meta, type: "badDebt", amount: ev.args.amount });
        break;
      case "SocializeLoss":
        entries.push({
          ...meta,
          type: "socializedLoss",
          debtor: ev.args.account,
          amount: ev.args.amount,
          absorbed: ev.args.absorbed,
          indexBeforeRay: ev.args.indexBeforeRay,
          indexAfterRay: ev.args.indexAfterRay,
        });
        break;
    }
  }
  entries.sort((x, y) => (x.blockNumber === y.blockNumber ? x.logIndex - y.logIndex : x.blockNumber < y.blockNumber ? -1 : 1));
  return { entries, toBlock: to };
}
