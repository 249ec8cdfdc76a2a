// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {IDiscountCurve} from "../../../contracts/interfaces/IDiscountCurve.sol";
import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {LiquidationEngine} from "../../../contracts/liquidation/LiquidationEngine.sol";
import {StairstepExpDiscount} from "../../../contracts/liquidation/curves/StairstepExpDiscount.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice Restricted setters: bounds (named errors with values), events, views, access; constructor guards.
/// The default parameter set is written whole with setUnderlyingParams(address(0), p) (the base's
/// _defaultsWith* helpers read it and change one field).
contract LiquidationParamsTest is LiquidationTestBase {
    function _tiers3(uint64 r0, uint64 s0, uint64 r1, uint64 s1, uint64 r2, uint64 s2)
        internal
        pure
        returns (ILiquidationEngine.Tier[] memory t)
    {
        t = new ILiquidationEngine.Tier[](3);
        t[0] = ILiquidationEngine.Tier(r0, s0);
        t[1] = ILiquidationEngine.Tier(r1, s1);
        t[2] = ILiquidationEngine.Tier(r2, s2);
    }

    function test_constructor_defaultsAndZeroAddress() public {
        ILiquidationEngine.Tier[] memory t = _defaults().tiers;
        assertEq(t.length, 3, "three tiers");
        assertEq(t[0].ratioWad, 1.05e18, "t0");
        assertEq(t[1].shareWad, 0.25e18, "t1");
        assertEq(t[2].shareWad, 1e18, "t2");
        assertEq(_defaults().targetRatioWad, 1.1e18, "target");
        (uint256 s, uint256 m, uint256 d) = (_defaults().startDiscountWad, _defaults().maxDiscountWad, _defaults().duration);
        assertEq(s + m + d, 0.01e18 + 0.1e18 + 1800, "curve");
        assertEq(_defaults().fundShareWad, 0.2e18, "fund share");
        assertEq(liq.stopped(), 0, "stopped");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.ZeroAddress.selector));
        new LiquidationEngine(address(manager), IOptionVault(address(0)), IMarginEngine(address(margin)), linear);
    }

    function test_defaultSet_readBackThroughBothViews() public view {
        (uint256 key, ILiquidationEngine.UnderlyingParams memory p) = liq.underlyingParams(address(0));
        ILiquidationEngine.UnderlyingParams memory q = liq.paramSet(0);
        assertEq(key, 0, "the default set is key 0");
        assertEq(keccak256(abi.encode(p)), keccak256(abi.encode(q)), "underlyingParams(0) == paramSet(0)");
    }

    function test_setTiers_setsAndEmits() public {
        ILiquidationEngine.Tier[] memory t = _tiers3(1.06e18, 0.05e18, 1.03e18, 0.5e18, 0.99e18, 1e18);
        ILiquidationEngine.UnderlyingParams memory p = _defaultsWithTiers(t);
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        assertEq(_defaults().tiers[1].shareWad, 0.5e18, "stored");
        t = new ILiquidationEngine.Tier[](1);
        t[0] = ILiquidationEngine.Tier(1.05e18, 1e18);
        _setTiers(t);
        assertEq(_defaults().tiers.length, 1, "shrunk");
    }

    function test_setTiers_revertsOutOfBounds() public {
        ILiquidationEngine.UnderlyingParams memory p = _defaultsWithTiers(new ILiquidationEngine.Tier[](0));
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TierCountOutOfRange.selector, 0, 1, 4));
        liq.setUnderlyingParams(address(0), p);
        // a first threshold at the target: the target is checked against the new table first
        p = _defaultsWithTiers(_tiers3(1.1e18, 0.1e18, 1.02e18, 0.25e18, 1e18, 1e18));
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TargetOutOfRange.selector, 1.1e18, 1.1e18 + 1, 3e18));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithTiers(_tiers3(1.05e18, 0.1e18, 1.05e18, 0.25e18, 1e18, 1e18));
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.TierRatioOutOfRange.selector, 1, 1.05e18, 0.5e18, 1.05e18 - 1)
        );
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithTiers(_tiers3(1.05e18, 0.3e18, 1.02e18, 0.25e18, 1e18, 1e18));
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TierShareOutOfRange.selector, 1, 0.25e18, 0.3e18, 1e18));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithTiers(_tiers3(1.05e18, 0, 1.02e18, 0.25e18, 1e18, 1e18));
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TierShareOutOfRange.selector, 0, 0, 1, 1e18));
        liq.setUnderlyingParams(address(0), p);
        // a first threshold below the target but above MAX_TIER_RATIO
        p = _defaultsWithTiers(_tiers3(2e18 + 1e9, 0.1e18, 1.02e18, 0.25e18, 1e18, 1e18));
        p.targetRatioWad = 3e18;
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.TierRatioOutOfRange.selector, 0, 2e18 + 1e9, 0.5e18, 2e18)
        );
        liq.setUnderlyingParams(address(0), p);
        assertEq(_defaults().tiers.length, 3, "unchanged after the reverts");
    }

    function test_setTiers_revertsOnFractionalTierUnit() public {
        // the table is stored in one slot, in whole units of 1e-9
        ILiquidationEngine.UnderlyingParams memory p =
            _defaultsWithTiers(_tiers3(1.05e18 + 1, 0.1e18, 1.02e18, 0.25e18, 1e18, 1e18));
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotWholeTierUnit.selector, 1.05e18 + 1, 1e9));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithTiers(_tiers3(1.05e18, 0.1e18 + 5e8, 1.02e18, 0.25e18, 1e18, 1e18));
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotWholeTierUnit.selector, 0.1e18 + 5e8, 1e9));
        liq.setUnderlyingParams(address(0), p);
        // whole units round-trip exactly, up to the bounds
        ILiquidationEngine.Tier[] memory t = _tiers3(2e18 - 1e9, 1e9, 1.5e18 + 7e9, 0.3e18 + 3e9, 0.5e18, 1e18);
        p = _defaultsWithTiers(t);
        p.targetRatioWad = 3e18;
        _setDefaults(p);
        ILiquidationEngine.Tier[] memory got = _defaults().tiers;
        for (uint256 i; i < 3; ++i) {
            assertEq(got[i].ratioWad, t[i].ratioWad, "ratio round-trips");
            assertEq(got[i].shareWad, t[i].shareWad, "share round-trips");
        }
        assertEq(_defaults().targetRatioWad, 3e18, "target stored with the table");
    }

    function test_setTarget() public {
        ILiquidationEngine.UnderlyingParams memory p = _defaultsWithTarget(1.2e18);
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        assertEq(_defaults().targetRatioWad, 1.2e18, "stored");
        p = _defaultsWithTarget(1.05e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TargetOutOfRange.selector, 1.05e18, 1.05e18 + 1, 3e18));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithTarget(3e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TargetOutOfRange.selector, 3e18 + 1, 1.05e18 + 1, 3e18));
        liq.setUnderlyingParams(address(0), p);
        assertEq(_defaults().targetRatioWad, 1.2e18, "unchanged after the reverts");
    }

    function test_setCurve() public {
        StairstepExpDiscount s = new StairstepExpDiscount(60, 1.2e18);
        ILiquidationEngine.UnderlyingParams memory p = _defaultsWithCurve(s, 0.02e18, 0.2e18, 600);
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        IDiscountCurve c = _defaults().curve;
        assertTrue(address(c) == address(s), "stored");
        assertEq(_defaults().startDiscountWad + _defaults().maxDiscountWad + _defaults().duration, 0.02e18 + 0.2e18 + 600, "curve stored");
        p = _defaultsWithCurve(IDiscountCurve(address(0)), 0, 0, 600);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.ZeroAddress.selector));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithCurve(s, 0, 0.6e18, 600);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.MaxDiscountOutOfRange.selector, 0.6e18, 0.5e18));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithCurve(s, 0.3e18, 0.2e18, 600);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.StartDiscountOutOfRange.selector, 0.3e18, 0.2e18));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithCurve(s, 0, 0.2e18, 59);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.DurationOutOfRange.selector, 59, 60, 7 days));
        liq.setUnderlyingParams(address(0), p);
    }

    function test_setResetFundShareTipMinSizeHoleStopped() public {
        ILiquidationEngine.UnderlyingParams memory p = _defaultsWithReset(7200, 0.3e18);
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        (uint256 tail, uint256 cusp) = (_defaults().tail, _defaults().cuspWad);
        assertEq(tail + cusp, 7200 + 0.3e18, "reset");
        p = _defaultsWithReset(10, 0.3e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.DurationOutOfRange.selector, 10, 60, 7 days));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithReset(7200, 0);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.CuspOutOfRange.selector, 0, 0.01e18, 1e18));
        liq.setUnderlyingParams(address(0), p);

        p = _defaultsWithFundShare(0.5e18);
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        assertEq(_defaults().fundShareWad, 0.5e18, "fund share");
        p = _defaultsWithFundShare(1e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.FundShareOutOfRange.selector, 1e18 + 1, 1e18));
        liq.setUnderlyingParams(address(0), p);

        p = _defaultsWithTip(1e6, 0.001e18, 10e6);
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        (uint256 flat, uint256 share, uint256 cap) = (_defaults().tipFlat, _defaults().tipShareWad, _defaults().tipCap);
        assertEq(flat + share + cap, 1e6 + 0.001e18 + 10e6, "tip");
        p = _defaultsWithTip(11e6, 0, 10e6);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TipOutOfRange.selector, 11e6, 0, 10e6));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithTip(0, 0.02e18, 10e6);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.TipOutOfRange.selector, 0, 0.02e18, 10e6));
        liq.setUnderlyingParams(address(0), p);
        p = _defaultsWithTip(0, 0, uint256(type(uint128).max) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.TipOutOfRange.selector, 0, 0, uint256(type(uint128).max) + 1)
        );
        liq.setUnderlyingParams(address(0), p);

        p = _defaultsWithMinSize(0.01e18);
        vm.expectEmit();
        emit ILiquidationEngine.SetUnderlyingParams(address(0), 0, p);
        liq.setUnderlyingParams(address(0), p);
        assertEq(_defaults().minSizeWad, 0.01e18, "min size");
        p = _defaultsWithMinSize(uint256(type(uint128).max) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILiquidationEngine.MinSizeOutOfRange.selector, uint256(type(uint128).max) + 1, type(uint128).max
            )
        );
        liq.setUnderlyingParams(address(0), p);

        vm.expectEmit();
        emit ILiquidationEngine.SetHole(5e24);
        liq.setHole(5e24);
        (uint256 h,) = liq.hole();
        assertEq(h, 5e24, "hole");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.HoleOutOfRange.selector, 0));
        liq.setHole(0);

        vm.expectEmit();
        emit ILiquidationEngine.SetStopped(2);
        liq.setStopped(2);
        assertEq(liq.stopped(), 2, "stopped");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.StopLevelOutOfRange.selector, 4, 3));
        liq.setStopped(4);
    }

    function test_setters_revertForUnauthorized() public {
        bytes memory err = abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, carol);
        ILiquidationEngine.UnderlyingParams memory p = _defaultsWithTarget(1.2e18);
        vm.startPrank(carol);
        vm.expectRevert(err);
        liq.setUnderlyingParams(address(0), p);
        vm.expectRevert(err);
        liq.setUnderlyingParams(ETH, p);
        vm.expectRevert(err);
        liq.removeUnderlyingParams(ETH);
        vm.expectRevert(err);
        liq.setStopped(1);
        vm.expectRevert(err);
        liq.setHole(1);
        vm.stopPrank();
        assertEq(_defaults().targetRatioWad, 1.1e18, "unchanged");
    }
}
