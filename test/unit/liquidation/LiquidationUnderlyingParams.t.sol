// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice An underlying's own parameter set (setUnderlyingParams): it decides the auctions of accounts
/// whose lot is on that underlying (tiers, target, curve, dust), an auction keeps the set it started with,
/// the stop level stays engine-wide, and every field is bounded as by the default's setters.
contract LiquidationUnderlyingParamsTest is LiquidationTestBase {
    address internal constant BTC = address(0xB7C);

    function setUp() public override {
        super.setUp();
        _aliceSells(call2000, 10e18, 4000e6);
    }

    /// @dev ETH's own set: enters liquidation below 1.20 (30% of the lot per bid), below 1.00 all of it;
    /// target 1.30; discount 2% → 20% over 10 minutes; fund share 10%.
    function _ethParams() internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        p.tiers = new ILiquidationEngine.Tier[](2);
        p.tiers[0] = ILiquidationEngine.Tier(1.2e18, 0.3e18);
        p.tiers[1] = ILiquidationEngine.Tier(1e18, 1e18);
        p.targetRatioWad = 1.3e18;
        p.curve = linear;
        (p.startDiscountWad, p.maxDiscountWad, p.duration) = (0.02e18, 0.2e18, 600);
        (p.tail, p.cuspWad) = (2 hours, 0.3e18);
        p.fundShareWad = 0.1e18;
        p.minSizeWad = 0;
    }

    function test_setUnderlyingParams_storesEmitsAndLeavesTheDefault() public {
        ILiquidationEngine.UnderlyingParams memory p = _ethParams();
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(ETH, 1, p);
        liq.setUnderlyingParams(ETH, p);
        (uint256 key, ILiquidationEngine.UnderlyingParams memory got) = liq.underlyingParams(ETH);
        assertEq(key, 1, "first set");
        assertEq(got.targetRatioWad, 1.3e18, "target");
        assertEq(got.tiers.length, 2, "tiers");
        assertEq(got.tiers[0].shareWad, 0.3e18, "share");
        assertEq(got.duration, 600, "duration");
        (key, got) = liq.underlyingParams(BTC);
        assertEq(key, 0, "BTC uses the default");
        assertEq(got.targetRatioWad, 1.1e18, "default target");
        assertEq(_defaults().targetRatioWad, 1.1e18, "default unchanged");
        // changing it keeps its key
        p.targetRatioWad = 1.25e18;
        liq.setUnderlyingParams(ETH, p);
        (key, got) = liq.underlyingParams(ETH);
        assertEq(key, 1, "same set");
        assertEq(got.targetRatioWad, 1.25e18, "changed");
    }

    function test_auction_runsWithTheLotUnderlyingsSet() public {
        _pushRatioBelow(alice, 1.15e18);
        assertTrue(_ratio(alice) > 1.05e18, "healthy by the default's tiers");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotLiquidatable.selector, alice, _ratio(alice), 1.05e18));
        vm.prank(keeper);
        liq.start(alice);
        liq.setUnderlyingParams(ETH, _ethParams());
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        assertTrue(st.canStart && st.tier == 1, "below ETH's 1.20: startable, tier 1");
        assertEq(st.discountWad, 0.02e18, "ETH's start discount");
        _start(alice);
        assertEq(liq.auctionOf(alice).paramsKey, 1, "the auction runs with ETH's set");
        vm.warp(block.timestamp + 300);
        assertEq(liqLens.discountOf(alice), 0.11e18, "half of ETH's 10-minute curve");
        // one maximum bid: at most 30% of the lot, and only what brings the ratio to ETH's 1.30
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertTrue(sold > 0 && sold <= 3e18, "ETH's share bounds the bid");
        uint256 r = _ratio(alice);
        if (vault.isUnderAuction(alice)) assertTrue(r < 1.3e18, "open only below ETH's target");
        else assertTrue(r >= 1.3e18, "ended at ETH's target");
    }

    function test_liveAuctionKeepsItsSetAfterRemoval() public {
        liq.setUnderlyingParams(ETH, _ethParams());
        _pushRatioBelow(alice, 1.15e18);
        _start(alice);
        vm.expectEmit();
        emit ILiquidationEngine.RemoveUnderlyingParams(ETH, 1);
        liq.removeUnderlyingParams(ETH);
        (uint256 key,) = liq.underlyingParams(ETH);
        assertEq(key, 0, "ETH back on the default");
        assertEq(liq.auctionOf(alice).paramsKey, 1, "the live auction keeps its set");
        assertEq(_status(alice).discountWad, 0.02e18, "and its curve");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NoParamSet.selector, ETH));
        liq.removeUnderlyingParams(ETH);
        // a new set for ETH takes a new key
        liq.setUnderlyingParams(ETH, _ethParams());
        (key,) = liq.underlyingParams(ETH);
        assertEq(key, 2, "keys are not reused");
    }

    function test_stopLevelIsEngineWide() public {
        liq.setUnderlyingParams(ETH, _ethParams());
        _pushRatioBelow(alice, 1.15e18);
        _start(alice);
        liq.setStopped(3);
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.Stopped.selector, 3));
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, 1e18, 0, address(0), "");
        liq.setStopped(0);
        // a set created while stopped inherits the level
        liq.setStopped(3);
        liq.setUnderlyingParams(BTC, _ethParams());
        liq.setStopped(0);
        _bid(carol, alice, 1e17);
    }

    function test_setUnderlyingParams_boundsAndAccess() public {
        ILiquidationEngine.UnderlyingParams memory p = _ethParams();
        p.targetRatioWad = 1.2e18; // not above the first threshold
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.TargetOutOfRange.selector, 1.2e18, 1.2e18 + 1, 3e18)
        );
        liq.setUnderlyingParams(ETH, p);
        p = _ethParams();
        p.maxDiscountWad = 0.6e18;
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.MaxDiscountOutOfRange.selector, 0.6e18, 0.5e18)
        );
        liq.setUnderlyingParams(ETH, p);
        p = _ethParams();
        p.tiers = new ILiquidationEngine.Tier[](0);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TierCountOutOfRange.selector, 0, 1, 4));
        liq.setUnderlyingParams(ETH, p);
        p = _ethParams();
        p.tail = 1;
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.DurationOutOfRange.selector, 1, 60, 7 days));
        liq.setUnderlyingParams(ETH, p);
        (uint256 key,) = liq.underlyingParams(ETH);
        assertEq(key, 0, "a rejected set leaves nothing behind");
        p = _ethParams();
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, carol));
        vm.prank(carol);
        liq.setUnderlyingParams(ETH, p);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, carol));
        vm.prank(carol);
        liq.removeUnderlyingParams(ETH);
    }

    /// address(0) is the default set (key 0): writing it allocates no key and is read back whole.
    function test_setUnderlyingParams_zeroAddressWritesTheDefaultSet() public {
        ILiquidationEngine.UnderlyingParams memory p = _ethParams();
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        (uint256 key, ILiquidationEngine.UnderlyingParams memory got) = liq.underlyingParams(address(0));
        assertEq(key, 0, "default key");
        assertEq(keccak256(abi.encode(got)), keccak256(abi.encode(p)), "stored whole");
        assertEq(keccak256(abi.encode(liq.paramSet(0))), keccak256(abi.encode(p)), "paramSet(0) agrees");
        (key,) = liq.underlyingParams(ETH);
        assertEq(key, 0, "ETH reads the default");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NoParamSet.selector, address(0)));
        liq.removeUnderlyingParams(address(0));
    }
}
