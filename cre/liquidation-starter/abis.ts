import { parseAbi } from "viem";

/** OptionVault: the account list the workflow scans. */
export const vaultAbi = parseAbi(["function accountCount() view returns (uint256)", "function accountAt(uint256 index) view returns (address)"]);

/**
 * The status view (IAuctionStatusView): `auctionStatus(address)` as the LiquidationEngine serves it
 * today and a lens will later (same signature; the address is configuration).
 */
export const statusViewAbi = parseAbi([
  "struct AuctionStatus { uint256 auctionId; bool active; uint256 seriesId; bool lotIsShort; uint256 maxSizeWad; uint256 markPriceWad; uint256 discountWad; uint256 bidPriceWad; uint256 ratioWad; uint256 tier; uint64 startedAt; bool canStart; bool canEnd; bool canReset; }",
  "function auctionStatus(address account) view returns (AuctionStatus)",
]);

/** LiquidationReceiver: the forwarder calls onReport(metadata, abi.encode(address[])). */
export const receiverAbi = parseAbi(["function onReport(bytes metadata, bytes report)", "function supportsInterface(bytes4 interfaceId) view returns (bool)"]);
