import type { NetworkConnection } from "hardhat/types/network";
import type { Hex } from "viem";
import { blackScholesDelta } from "../../../keeper/src/pricing/blackScholesDelta.js";
import { createInProcessKeeper } from "../../demo/createInProcessKeeper.js";
import { volAt, worstMove, type PathModel, type PricePath } from "../paths/generatePaths.js";
import type { DeployStudyReturnType } from "./deployStudy.js";

const WAD = 10n ** 18n;
/** [s] simulated time between keeper rounds while auctions are live (the shipped discount grows 0.3 points a minute) */
export const ROUND_SECONDS = 60;
/** most keeper rounds per price step, and most rounds in a row in which the keeper sends nothing */
export const MAX_ROUNDS = 40;
export const IDLE_ROUNDS = 5;

/**
 * The price-impact model (optional): a liquidation's bidder hedges the delta it took over, and that
 * hedge moves the spot within the block: ΔS / S = −coefficient × (bidder delta × S) / depth, applied
 * before the next keeper round; the path's own returns continue from the moved level.
 */
export type ImpactModel = { coefficient: number; /** [USD] */ depth: number };

export type RunPathParameters = {
  connection: NetworkConnection;
  d: DeployStudyReturnType;
  path: PricePath;
  model: PathModel;
  spot0: number;
  impact?: ImpactModel;
};

/** What one path did to the population under one policy. */
export type PathResult = {
  path: number;
  worstMove: number;
  endSpot: number;
  /** [USD] Σ |size| × spot over bids */
  notionalSold: number;
  /** [USD] Σ discount penalty (bidder's and fund's share) + starter tips */
  penaltyPaid: number;
  /** [USD] bad debt recorded by the vault (beyond the insurance fund) */
  badDebt: number;
  liquidated: string[];
  /** liquidated accounts still holding at least one of their short legs at the end */
  keptOpen: string[];
  /** [gas] Σ gas of the keeper's liquidation transactions (start, bid, start-and-bid, end, reset) */
  gas: number;
  bids: number;
  /** [USD] notional sold per account */
  soldByAccount: Record<string, number>;
  /** [USD] bid notional by book kind */
  soldByKind: Record<string, number>;
  /** bids that sold a long leg while the account held a short (cash lot) */
  longFirstBids: number;
  /** liquidated accounts by book kind */
  liquidatedByKind: Record<string, number>;
  /** accounts whose auction is still live at the end of the path */
  openAuctions: number;
  /** auctionStatusBatch calls that reverted (then read account by account) */
  lensBatchFailures: number;
};

/**
 * One price path on the deployment (reverted to its opening snapshot by the caller): every step moves
 * the time, the oracle's spot and the posted vols; whenever an account can be started or has a live
 * auction, the real keeper (keeper/src via createInProcessKeeper, on this connection's EIP-1193
 * provider) runs rounds one simulated minute apart until it has nothing left to do.
 */
export async function runPath(r: RunPathParameters): Promise<PathResult> {
  const { connection, d, path, model } = r;
  const { p, accounts } = d;
  const provider = connection.provider;
  const deployer = await connection.ethers.getSigner(d.deployer);
  const addresses = accounts.map((a) => a.address);
  const byAddress = new Map(accounts.map((a) => [a.address.toLowerCase(), a]));
  /** [ms] the keeper's clock: the chain's latest block time, updated by the harness as it moves time */
  let chainNowMs = Number((await connection.ethers.provider.getBlock("latest"))!.timestamp) * 1000;
  const tick = async (): Promise<void> => {
    chainNowMs = Number((await connection.ethers.provider.getBlock("latest"))!.timestamp) * 1000;
  };
  const { keeper } = createInProcessKeeper({
    provider,
    chainId: d.chainId,
    address: d.keeper,
    contracts: { vault: d.addresses.vault, marginLens: d.addresses.marginLens, liquidationLens: d.addresses.liquidationLens, liquidationEngine: d.addresses.engine, priceFeeds: [d.addresses.feed] },
    nativePriceWad: BigInt(Math.round(r.spot0)) * WAD,
    // a reverting simulation is not retried (viem's default retries it 3 times with backoff, ~1 s)
    retryCount: 0,
    now: () => chainNowMs,
  });

  let spot = r.spot0;
  let lastBlock = Number(await connection.ethers.provider.getBlockNumber());
  const result: PathResult = { path: path.index, worstMove: worstMove(path), endSpot: 0, notionalSold: 0, penaltyPaid: 0, badDebt: 0, liquidated: [], keptOpen: [], gas: 0, bids: 0, soldByAccount: {}, soldByKind: {}, longFirstBids: 0, liquidatedByKind: {}, openAuctions: 0, lensBatchFailures: 0 };
  const liquidated = new Set<string>();
  const txs = new Set<string>();
  /** remaining short size per account (to tell a cash lot: a long sold while a short is left) */
  const shortLeft = new Map<string, number>();
  for (const a of accounts) shortLeft.set(a.name, a.legs.filter((l) => l.size < 0).reduce((s, l) => s - l.size, 0));

  const post = async (): Promise<void> => {
    const now = BigInt((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    await (await p.ethUsdFeed.connect(deployer).updateAnswer(BigInt(Math.round(spot * 1e8)))).wait();
    const live = d.expiries.filter((e) => e > now + 60n);
    const vol = volAt(model, spot, r.spot0);
    const volWad = BigInt(Math.round(vol * 1e6)) * 10n ** 12n;
    if (live.length > 0) await (await p.oracleHub.connect(deployer).setVols(d.addresses.weth, live, live.map(() => volWad))).wait();
  };
  /** move the clock `seconds` forward for the next block (on anvil every block is one second after the last: see runStudy) */
  const skip = async (seconds: number): Promise<void> => {
    const latest = (await connection.ethers.provider.getBlock("latest"))!.timestamp;
    await provider.request({ method: "evm_setNextBlockTimestamp", params: [latest + seconds] });
  };
  const advance = async (seconds: number): Promise<void> => {
    await skip(seconds);
    await provider.request({ method: "evm_mine", params: [] });
    await tick();
  };

  /** the engine's events since the last call: metrics, and the bidder delta for the impact model */
  const drain = async (): Promise<number> => {
    const head = Number(await connection.ethers.provider.getBlockNumber());
    if (head <= lastBlock) return 0;
    const logs = await p.liquidationEngine.queryFilter("*", lastBlock + 1, head);
    lastBlock = head;
    let bidderDelta = 0;
    const now = Number((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    for (const log of logs) {
      const name = log.fragment?.name ?? log.eventName;
      const a = log.args;
      if (!a) continue;
      txs.add(log.transactionHash);
      const acc = byAddress.get(String(a.account).toLowerCase());
      if (!acc) continue;
      if (name === "StartAuction") {
        result.penaltyPaid += Number(a.tip) / 1e6;
      } else if (name === "Bid") {
        const size = Number(a.sizeWad) / 1e18;
        const sign = acc.signs.get(a.seriesId as bigint) ?? -1;
        const discount = Number(a.discountWad) / 1e18;
        const cash = Number(a.accountCash) / 1e6;
        // short lot: cash = value × (1 + d); long lot: cash = value × (1 − d); penalty = value × d
        result.penaltyPaid += sign < 0 ? (cash * discount) / (1 + discount) : (cash * discount) / (1 - discount);
        result.notionalSold += size * spot;
        result.soldByAccount[acc.name] = (result.soldByAccount[acc.name] ?? 0) + size * spot;
        result.soldByKind[acc.kind] = (result.soldByKind[acc.kind] ?? 0) + size * spot;
        result.bids++;
        liquidated.add(acc.name);
        if (sign < 0) shortLeft.set(acc.name, (shortLeft.get(acc.name) ?? 0) - size);
        else if ((shortLeft.get(acc.name) ?? 0) > 1e-9) result.longFirstBids++;
        // the bidder now holds the slice with the account's sign; its delta [underlying units]
        const s = d.series.get(a.seriesId as bigint)!;
        const years = Math.max(Number(s.expiry) - now, 0) / 31_536_000;
        const delta = blackScholesDelta({ spot, strike: s.strike, vol: volAt(model, spot, r.spot0), years, rate: model.rate, isCall: s.isCall });
        bidderDelta += sign * size * delta;
      }
    }
    return bidderDelta;
  };

  type Status = { active: boolean; canStart: boolean; canEnd: boolean; canReset: boolean; auctionId: bigint; tier: bigint };
  /** what the keeper could act on: starts, ends, resets, and live auctions by id and tier */
  const work = async (): Promise<string> => {
    // at the latest block's own number: the call runs with that block's timestamp (anvil's "latest"
    // call environment can carry another time, under which an oracle age underflows)
    const head = await connection.ethers.provider.getBlockNumber();
    let st: Status[];
    try {
      st = (await p.liquidationLens.auctionStatusBatch(addresses, { blockTag: head })) as Status[];
    } catch {
      // seen on anvil: the batch panics (0x11) where every single status answers; read them one by one
      result.lensBatchFailures++;
      st = [];
      for (const a of addresses) {
        try {
          st.push((await p.liquidationLens.auctionStatus(a, { blockTag: head })) as Status);
        } catch {
          st.push({ active: true, canStart: false, canEnd: false, canReset: false, auctionId: -1n, tier: 0n });
        }
      }
    }
    return st
      .map((x, i) => (x.canStart || x.canEnd || x.canReset || x.active ? `${i}:${x.canStart}:${x.canEnd}:${x.canReset}:${x.active ? x.auctionId : 0n}:${x.tier}` : ""))
      .filter((x) => x !== "")
      .join(",");
  };

  await drain();
  const stepSeconds = Math.round(model.stepHours * 3600);
  /** the work the keeper last went idle on (nothing sent): not re-run until it changes or a day passes */
  let idleOn = "";
  let idleSince = 0;
  for (let step = 0; step < path.logReturns.length; step++) {
    await skip(stepSeconds);
    spot *= Math.exp(path.logReturns[step]);
    await post();
    await tick();
    let w = await work();
    if (w === "" || (w === idleOn && (step - idleSince) * model.stepHours < 24)) continue;
    // rounds a minute apart while the keeper sends; when it sends nothing the wait doubles (1, 2, 4, 8,
    // 16 min: past the shipped curve's 30 min to its max discount), at most IDLE_ROUNDS idle rounds
    let wait = ROUND_SECONDS;
    let idle = 0;
    for (let round = 1; round <= MAX_ROUNDS && idle < IDLE_ROUNDS; round++) {
      const report = await keeper.cycle({ force: true });
      const bidderDelta = await drain();
      if (r.impact && bidderDelta !== 0) {
        // the bidder sells its delta (buys it back when negative): the spot moves against that hedge
        const move = Math.max(-0.5, Math.min(0.5, (-r.impact.coefficient * bidderDelta * spot) / r.impact.depth));
        spot *= 1 + move;
        await post();
      }
      const sent = report?.sent ?? 0;
      w = await work();
      if (w === "") break;
      if (sent > 0) (idle = 0), (wait = ROUND_SECONDS);
      else (idle++), (wait = Math.min(wait * 2, 16 * ROUND_SECONDS));
      await advance(sent > 0 ? ROUND_SECONDS : wait);
    }
    w = await work();
    if (w !== "") (idleOn = w), (idleSince = step);
  }
  await keeper.stop();
  result.endSpot = spot;
  result.liquidated = [...liquidated];
  for (const name of liquidated) {
    const acc = accounts.find((a) => a.name === name)!;
    const h = await p.marginLens.health(acc.address);
    const shorts = (h.positions as { seriesId: bigint; sizeWad: bigint }[]).filter((x) => x.sizeWad < 0n);
    if (shorts.length > 0) result.keptOpen.push(name);
  }
  for (const name of liquidated) {
    const kind = accounts.find((a) => a.name === name)!.kind;
    result.liquidatedByKind[kind] = (result.liquidatedByKind[kind] ?? 0) + 1;
  }
  for (const a of addresses) if (((await p.liquidationLens.auctionStatus(a)) as { active: boolean }).active) result.openAuctions++;
  result.badDebt = Number(await p.vault.totalBadDebt()) / 1e6;
  for (const h of txs) {
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [h as Hex] })) as { gasUsed: string; from: string } | null;
    if (receipt && receipt.from.toLowerCase() === d.keeper.toLowerCase()) result.gas += Number(BigInt(receipt.gasUsed));
  }
  return result;
}
