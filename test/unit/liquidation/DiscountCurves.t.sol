// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedDiscount} from "../../../contracts/liquidation/curves/FixedDiscount.sol";
import {LinearDiscount} from "../../../contracts/liquidation/curves/LinearDiscount.sol";
import {StairstepExpDiscount} from "../../../contracts/liquidation/curves/StairstepExpDiscount.sol";
import {Assertions} from "../../utils/Assertions.sol";


/// @notice The three discount curves: values, caps, monotonicity, constructor bounds.
contract DiscountCurvesTest is Assertions {
    LinearDiscount internal linear = new LinearDiscount();
    StairstepExpDiscount internal stair = new StairstepExpDiscount(60, 1.5e18);
    FixedDiscount internal fixedFee = new FixedDiscount();

    function test_discount_linearValues() public view {
        assertEq(linear.discount(0.01e18, 0.1e18, 0, 1800), 0.01e18, "start");
        assertEq(linear.discount(0.01e18, 0.1e18, 900, 1800), 0.055e18, "middle");
        assertEq(linear.discount(0.01e18, 0.1e18, 1799, 1800), 0.01e18 + 0.09e18 * 1799 / 1800, "rounded down");
        assertEq(linear.discount(0.01e18, 0.1e18, 1800, 1800), 0.1e18, "max at duration");
        assertEq(linear.discount(0.01e18, 0.1e18, 1e9, 1800), 0.1e18, "capped");
        assertEq(linear.discount(0.05e18, 0.05e18, 100, 1800), 0.05e18, "flat when start = max");
    }

    function test_discount_stairstepValues() public view {
        assertEq(stair.discount(0.01e18, 0.1e18, 59, 0), 0.01e18, "first step");
        assertEq(stair.discount(0.01e18, 0.1e18, 60, 0), 0.015e18, "x1.5");
        assertEq(stair.discount(0.01e18, 0.1e18, 120, 0), 0.0225e18, "x1.5^2");
        assertEq(stair.discount(0.01e18, 0.1e18, 300, 0), 0.0759375e18, "x1.5^5");
        assertEq(stair.discount(0.01e18, 0.1e18, 360, 0), 0.1e18, "capped");
        assertEq(stair.discount(0.01e18, 0.1e18, type(uint64).max, 0), 0.1e18, "huge time");
        assertEq(stair.discount(0, 0.1e18, 600, 0), 0, "zero stays zero");
    }

    function test_discount_fixedValues() public view {
        assertEq(fixedFee.discount(0.05e18, 0.05e18, 0, 1800), 0.05e18, "start");
        assertEq(fixedFee.discount(0.05e18, 0.05e18, 1800, 1800), 0.05e18, "at duration");
        assertEq(fixedFee.discount(0.05e18, 0.05e18, type(uint64).max, 1800), 0.05e18, "huge time");
        assertEq(fixedFee.discount(0.02e18, 0.1e18, 1e9, 60), 0.02e18, "the start level, not the max");
        assertEq(fixedFee.discount(0, 0.1e18, 600, 60), 0, "zero fee");
    }

    function test_constructor_stairstepRevertsOutOfBounds() public {
        vm.expectRevert(abi.encodeWithSelector(StairstepExpDiscount.InvalidCurve.selector, 0, 1.5e18));
        new StairstepExpDiscount(0, 1.5e18);
        vm.expectRevert(abi.encodeWithSelector(StairstepExpDiscount.InvalidCurve.selector, 60, 1e18));
        new StairstepExpDiscount(60, 1e18);
        vm.expectRevert(abi.encodeWithSelector(StairstepExpDiscount.InvalidCurve.selector, 60, 11e18));
        new StairstepExpDiscount(60, 11e18);
    }

    function testFuzz_discount_nonDecreasingAndBounded(uint256 start, uint256 max, uint256 t1, uint256 t2, uint256 growth)
        public
    {
        max = max % 0.5e18 + 1;
        start = start % (max + 1);
        t1 = t1 % 30 days;
        t2 = t1 + t2 % 30 days;
        growth = 1.0001e18 + growth % 8.9999e18;
        StairstepExpDiscount s = new StairstepExpDiscount(1 + t1 % 600, growth);
        uint256 l1 = linear.discount(start, max, t1, 1800);
        uint256 l2 = linear.discount(start, max, t2, 1800);
        uint256 s1 = s.discount(start, max, t1, 0);
        uint256 s2 = s.discount(start, max, t2, 0);
        uint256 f1 = fixedFee.discount(start, max, t1, 1800);
        uint256 f2 = fixedFee.discount(start, max, t2, 1800);
        if (f1 != start || f2 != start) revert AssertionFailed("fixed", f1, f2);
        if (l1 > l2 || s1 > s2) revert AssertionFailed("decreasing", l1 > l2 ? l1 : s1, l1 > l2 ? l2 : s2);
        if (l1 < start || l2 > max || s1 < start || s2 > max) revert AssertionFailed("bounds", s1, s2);
    }
}
