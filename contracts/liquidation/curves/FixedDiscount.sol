// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDiscountCurve} from "../../interfaces/IDiscountCurve.sol";

/// @title FixedDiscount
/// @notice A constant discount: the fixed liquidation fee of the design's alternative to the Dutch
/// auction ("a fixed liquidation fee and a direct sale"). The level is the parameter set's start
/// discount, from the auction's first second to its last:
///   d(t) = startDiscountWad   for every t
/// It honours IDiscountCurve as the degenerate case (start at `startDiscountWad`, non-decreasing, never
/// above the max because the engine requires start <= max). `maxDiscountWad` and `duration` are not
/// read: configure max = start so every view of the set (keepers, lens) reads the one fee.
/// @dev LinearDiscount with start = max returns the same values; this contract names the policy, so a
/// parameter set reads as "fixed fee" rather than as a linear curve that happens to be flat.
contract FixedDiscount is IDiscountCurve {
    /// @inheritdoc IDiscountCurve
    function discount(uint256 startDiscountWad, uint256, uint256, uint256) external pure returns (uint256) {
        return startDiscountWad;
    }
}
