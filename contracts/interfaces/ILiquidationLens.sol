// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "./ILiquidationEngine.sol";

/// @title ILiquidationLens
/// @notice Read-only auction views for keepers and frontends, computed from the liquidation engine's
/// state and parameters and the margin engine's quote (the same one-pass quote a bid uses), so what a
/// status offers is what a bid in the same block takes. Stateless: redeploy it at will.
interface ILiquidationLens {
    /// @notice The liquidation engine the lens reads.
    function liquidationEngine() external view returns (address);

    /// @notice The current discount of the account's live auction [1e18 = 100%] (0 without one).
    function discountOf(address account) external view returns (uint256);

    /// @notice Full status of the account's auction with fresh prices. `maxSizeWad` is what a bid at the
    /// current discount can take: 0 when the engine would refuse every bid now (LiquidationLib.accepted).
    function auctionStatus(address account) external view returns (ILiquidationEngine.AuctionStatus memory);

    /// @notice `auctionStatus` plus the time left until the auction may be reset and the account's
    /// updated liquidation prices on the lot's underlying (IMarginLens.liquidationPrice). One call for a
    /// frontend; heavier than the status (the liquidation price bisects), so keepers use
    /// `auctionStatusBatch`.
    function auctionDetail(address account) external view returns (ILiquidationEngine.AuctionDetail memory d);

    /// @notice `auctionStatus` of many accounts.
    function auctionStatusBatch(address[] calldata accounts)
        external
        view
        returns (ILiquidationEngine.AuctionStatus[] memory);
}
