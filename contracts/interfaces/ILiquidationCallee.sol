// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ILiquidationCallee
/// @notice Callback of a callback-funded liquidation bid (dss `clipperCall`). The liquidation engine
/// first moves the slice (and, for a short lot, the cash the bidder receives) to the callee's vault
/// account, then calls `onLiquidationBid`, then collects what the callee pays (for a long lot) from the
/// callee's vault account, and finally requires the callee's account to be at or above initial margin.
interface ILiquidationCallee {
    /// @notice Called once per callback bid, after the slice is in the callee's vault account.
    /// @param caller The address that called `bid`.
    /// @param account The account being liquidated.
    /// @param seriesId The series of the slice.
    /// @param sliceWad [wad] Signed slice received (+ long, − short).
    /// @param bidderAmount [collateral token decimals] Cash the callee received (short lot) or must have in
    /// its vault account when the callback returns (long lot: price plus fund share).
    /// @param data Opaque data passed through from `bid`.
    function onLiquidationBid(
        address caller,
        address account,
        uint256 seriesId,
        int256 sliceWad,
        uint256 bidderAmount,
        bytes calldata data
    ) external;
}
