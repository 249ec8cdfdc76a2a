// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDiscountCurve
/// @notice The Dutch-auction policy of the liquidation engine (dss `Abacus`): the liquidator's discount
/// as a function of the time elapsed since the auction started or was last reset.
/// @dev Implementations must be non-decreasing in `elapsed`, start at `startDiscountWad` for elapsed = 0
/// and never exceed `maxDiscountWad`, so the discount never decreases within an auction.
interface IDiscountCurve {
    /// @notice The discount now.
    /// @param startDiscountWad [1e18 = 100%] Discount at elapsed = 0.
    /// @param maxDiscountWad [1e18 = 100%] Upper bound (>= startDiscountWad).
    /// @param elapsed [seconds] Time since the auction started or was reset.
    /// @param duration [seconds] Time scale of the curve (the linear curve reaches the max at `duration`).
    /// @return discountWad [1e18 = 100%] In [startDiscountWad, maxDiscountWad].
    function discount(uint256 startDiscountWad, uint256 maxDiscountWad, uint256 elapsed, uint256 duration)
        external
        view
        returns (uint256 discountWad);
}
