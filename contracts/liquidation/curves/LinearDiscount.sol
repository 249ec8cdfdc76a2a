// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDiscountCurve} from "../../interfaces/IDiscountCurve.sol";

/// @title LinearDiscount
/// @notice Discount growing linearly from the start value to the max over `duration`, then flat
/// (dss `LinearDecrease`, mirrored: the liquidator's discount grows as the price would fall).
contract LinearDiscount is IDiscountCurve {
    /// @inheritdoc IDiscountCurve
    function discount(uint256 startDiscountWad, uint256 maxDiscountWad, uint256 elapsed, uint256 duration)
        external
        pure
        returns (uint256)
    {
        if (maxDiscountWad <= startDiscountWad || elapsed >= duration) {
            return maxDiscountWad > startDiscountWad ? maxDiscountWad : startDiscountWad;
        }
        // d = start + (max − start) × elapsed / duration, rounded down (elapsed < duration, so d < max)
        return startDiscountWad + (maxDiscountWad - startDiscountWad) * elapsed / duration;
    }
}
