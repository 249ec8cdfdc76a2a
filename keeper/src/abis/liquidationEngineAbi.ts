// PROVISIONAL hand-written ABI of the liquidation engine's keeper-facing API (notes: "Keeper-facing API
// (FIXED)"). `npm run keeper:abis` replaces this file with the artifact's ABI once
// contracts/liquidation/LiquidationEngine.sol is built. Error argument lists not fixed by the API are
// guesses; names are what the keeper acts on.
import { parseAbi } from "viem";

export const liquidationEngineAbi = parseAbi([
  "struct AuctionStatus { uint256 auctionId; bool active; uint256 seriesId; bool lotIsShort; uint256 maxSizeWad; uint256 markPriceWad; uint256 discountWad; uint256 bidPriceWad; uint256 ratioWad; uint256 tier; uint64 startedAt; bool canStart; bool canEnd; bool canReset; }",
  "function start(address account) returns (uint256 auctionId)",
  "function bid(address account, uint256 expectedAuctionId, uint256 maxSizeWad, uint256 priceLimitWad, address callee, bytes data) returns (uint256 soldWad)",
  "function end(address account)",
  "function reset(address account)",
  "function auctionStatus(address account) view returns (AuctionStatus)",
  "function auctionStatusBatch(address[] accounts) view returns (AuctionStatus[])",
  "error NotLiquidatable(address account, uint256 ratioWad, uint256 thresholdWad)",
  "error AuctionNotActive(address account)",
  "error StaleAuction(address account, uint256 expected, uint256 current)",
  "error PriceLimitExceeded(uint256 priceWad, uint256 limitWad)",
  "error Stopped(uint256 level)",
  "error CoolOff(address account, uint256 blockNumber)",
  "error NotRecovered(address account, uint256 ratioWad, uint256 targetWad)",
  "error ResetNotAllowed(address account)",
  "error BidderUnhealthy(address bidder, int256 equityWad, uint256 initialWad)",
]);
