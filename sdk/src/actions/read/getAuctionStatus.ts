import type { Address, Client } from "viem";
import { readContract } from "viem/actions";
import type { ProtocolDeployment } from "../../deployment/getDeployment.js";
import { liquidationLensWithErrorsAbi } from "../../internal/abis.js";
import { resolveBlockNumber } from "../../internal/resolveBlockNumber.js";

export type GetAuctionStatusParameters = {
  deployment: Pick<ProtocolDeployment, "liquidationLens">;
  account: Address;
  blockNumber?: bigint;
};

export type AuctionStatus = {
  /** 0 = no auction ever; increments per start/reset */
  auctionId: bigint;
  active: boolean;
  /** current lot (riskiest position), 0 if none */
  seriesId: bigint;
  /** true: the bidder receives cash (a short lot, or a combined lot worth less than nothing); false: it pays */
  lotIsShort: boolean;
  /** [wad] most size of the lot a bid may take now */
  maxSizeWad: bigint;
  /** [wad] mark of one option of the lot (a combined lot: |mark − hedge mark × |hedge| / |lot||) */
  markPriceWad: bigint;
  /** [1e18 = 100%] current discount */
  discountWad: bigint;
  /** [wad] discount-adjusted price per option */
  bidPriceWad: bigint;
  /** [wad] current margin ratio */
  ratioWad: bigint;
  /** 0 none, 1.. tier index, 2^256 − 1 insolvent */
  tier: bigint;
  /** [unix seconds] */
  startedAt: bigint;
  canStart: boolean;
  canEnd: boolean;
  canReset: boolean;
  /** insolvent and unbid (dust lot, or at the max discount): the insurance fund may take the lot (absorbAuction) */
  canAbsorb: boolean;
  /** a combined lot's hedge (a solvent account's hedged short is sold with it in proportion); 0: one position */
  pairSeriesId: bigint;
  /** [wad] hedge sold with maxSizeWad of the lot */
  pairSizeWad: bigint;
};

export type GetAuctionStatusReturnType = AuctionStatus & { blockNumber: bigint };

/** Status of the account's auction with fresh prices (LiquidationLens.auctionStatus). */
export async function getAuctionStatus(
  client: Client,
  { deployment, account, blockNumber }: GetAuctionStatusParameters,
): Promise<GetAuctionStatusReturnType> {
  const bn = await resolveBlockNumber(client, blockNumber);
  const s = await readContract(client, {
    address: deployment.liquidationLens,
    abi: liquidationLensWithErrorsAbi,
    functionName: "auctionStatus",
    args: [account],
    blockNumber: bn,
  });
  return { ...s, blockNumber: bn };
}
