// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {FixedDiscount} from "../../../contracts/liquidation/curves/FixedDiscount.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice A whole auction with the fixed-fee curve (FixedDiscount, start = max = 5%): the discount does
/// not grow with time, every bid pays the same penalty rate, and the study's `full` policy (one tier at
/// 1.00 → 100%, target 3.0, a dust size above any lot) sells the whole lot in one bid.
contract LiquidationFixedDiscountTest is LiquidationTestBase {
    FixedDiscount internal fixedFee;

    function setUp() public override {
        super.setUp();
        fixedFee = new FixedDiscount();
        _aliceSells(call2000, 10e18, 4000e6);
    }

    function test_auction_fixedDiscountIsConstantAndEveryBidPaysIt() public {
        _setCurve(fixedFee, 0.05e18, 0.05e18, 1800);
        _pushRatioBelow(alice, 1.02e18);
        _start(alice);
        assertEq(liqLens.discountOf(alice), 0.05e18, "at start");
        vm.warp(block.timestamp + 3 hours);
        assertEq(liqLens.discountOf(alice), 0.05e18, "hours later");
        uint256 bids;
        while (vault.isUnderAuction(alice) && bids < 10) {
            ILiquidationEngine.AuctionStatus memory st = _status(alice);
            assertEq(st.discountWad, 0.05e18, "status discount");
            uint256 a0 = vault.collateralOf(alice);
            uint256 sold = _bid(carol, alice, type(uint256).max);
            // the account paid mark × (1 + 5%) per option, rounded up
            uint256 paid = a0 - vault.collateralOf(alice);
            assertEq(paid, (sold * st.markPriceWad / 1e18 * 1.05e18 / 1e18 + 1e12 - 1) / 1e12, "price at 5%");
            ++bids;
            vm.warp(block.timestamp + 10 minutes);
        }
        assertTrue(!vault.isUnderAuction(alice), "ended");
        assertGe(_ratio(alice), 1.1e18, "target reached");
        assertTrue(vault.positionOf(alice, call2000) < 0, "partial: the book lives on");
    }

    function test_auction_fullPolicySellsTheWholeLotBelowMaintenance() public {
        ILiquidationEngine.UnderlyingParams memory p = _defaultsWithCurve(fixedFee, 0.05e18, 0.05e18, 1800);
        p.tiers = new ILiquidationEngine.Tier[](1);
        p.tiers[0] = ILiquidationEngine.Tier(1e18, 1e18);
        p.targetRatioWad = 3e18;
        p.minSizeWad = 1e27;
        _setDefaults(p);
        _pushRatioBelow(alice, 1.05e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotLiquidatable.selector, alice, _ratio(alice), 1e18));
        liq.start(alice);
        _pushRatioBelow(alice, 0.99e18);
        _start(alice);
        assertEq(_status(alice).maxSizeWad, 10e18, "the whole lot");
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertEq(sold, 10e18, "sold whole");
        assertEq(vault.positionOf(alice, call2000), 0, "closed");
        assertTrue(!vault.isUnderAuction(alice), "closed out");
    }
}
