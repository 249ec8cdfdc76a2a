// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDiscountCurve} from "../../interfaces/IDiscountCurve.sol";

/// @title StairstepExpDiscount
/// @notice Discount growing by a multiplicative factor every `step` seconds, capped at the max
/// (dss `StairstepExponentialDecrease`, mirrored: the discount grows instead of the price decaying):
///   d(t) = min(start × growth^⌊t / step⌋, max)
/// The `duration` argument is ignored: the step length and growth factor set the time scale.
contract StairstepExpDiscount is IDiscountCurve {
    /// @notice A constructor parameter is outside its bounds.
    error InvalidCurve(uint256 stepSeconds, uint256 growthWad);

    uint256 internal constant WAD = 1e18;
    /// @notice Bounds of the growth factor per step [wad]: ×1.0001 (keeps rounding far below one step's
    /// growth, so the curve is non-decreasing) to ×10.
    uint256 public constant MIN_GROWTH = 1.0001e18;
    uint256 public constant MAX_GROWTH = 10e18;

    /// @notice Length of one step [seconds].
    uint256 public immutable step;
    /// @notice Multiplicative growth of the discount per step [wad].
    uint256 public immutable growth;

    /// @param step_ [seconds] Step length, > 0.
    /// @param growth_ [wad] Growth factor per step, in [MIN_GROWTH, MAX_GROWTH].
    constructor(uint256 step_, uint256 growth_) {
        if (step_ == 0 || growth_ < MIN_GROWTH || growth_ > MAX_GROWTH) revert InvalidCurve(step_, growth_);
        step = step_;
        growth = growth_;
    }

    /// @inheritdoc IDiscountCurve
    function discount(uint256 startDiscountWad, uint256 maxDiscountWad, uint256 elapsed, uint256)
        external
        view
        returns (uint256)
    {
        if (maxDiscountWad <= startDiscountWad) return startDiscountWad;
        if (startDiscountWad == 0) return 0; // zero never grows multiplicatively (dss has the same fixed point)
        // factor = growth^n by squaring, in wad, each product rounded down; stop as soon as
        // start × factor reaches max, i.e. factor >= limit = max / start.
        uint256 limit = maxDiscountWad * WAD / startDiscountWad;
        uint256 factor = WAD;
        uint256 base = growth;
        // n = ⌊elapsed / step⌋; factor < limit <= 1e36 and base <= max(limit, MAX_GROWTH) <= 1e36 at every
        // multiplication below, so products stay below 1e72 < 2^256
        for (uint256 n = elapsed / step; n > 0; n >>= 1) {
            if (n & 1 == 1) {
                factor = factor * base / WAD;
                if (factor >= limit) return maxDiscountWad;
            }
            if (n > 1) {
                base = base * base / WAD;
                if (base > limit) base = limit; // any later use then reaches the cap anyway
            }
        }
        // d = start × factor, rounded down; < max because factor < limit
        return startDiscountWad * factor / WAD;
    }
}
