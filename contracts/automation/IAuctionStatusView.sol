// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";

/// @title IAuctionStatusView
/// @notice The one view the CRE liquidation receiver and its workflow read: an account's auction status
/// with fresh prices. Served today by the LiquidationEngine itself, later by a lens contract with the
/// same signature (the receiver takes its address as a parameter).
interface IAuctionStatusView {
    /// @notice The account's auction status (can start / end / reset, tier, ratio, lot) with fresh prices.
    function auctionStatus(address account) external view returns (ILiquidationEngine.AuctionStatus memory);
}
