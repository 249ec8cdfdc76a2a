// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {IDiscountCurve} from "../../../contracts/interfaces/IDiscountCurve.sol";
import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngineViews} from "../../../contracts/interfaces/IMarginEngineViews.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {LiquidationEngine} from "../../../contracts/liquidation/LiquidationEngine.sol";
import {StairstepExpDiscount} from "../../../contracts/liquidation/curves/StairstepExpDiscount.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice Restricted setters: bounds (errors with values), events, views, access; constructor guards.
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
        new LiquidationEngine(address(manager), IOptionVault(address(0)), IMarginEngineViews(address(margin)), linear);
    }

    function test_setTiers_setsAndEmits() public {
        ILiquidationEngine.Tier[] memory t = _tiers3(1.06e18, 0.05e18, 1.03e18, 0.5e18, 0.99e18, 1e18);
        vm.expectEmit();
        emit ILiquidationEngine.SetTiers(t);
        liq.setTiers(t);
        assertEq(_defaults().tiers[1].shareWad, 0.5e18, "stored");
        t = new ILiquidationEngine.Tier[](1);
        t[0] = ILiquidationEngine.Tier(1.05e18, 1e18);
        liq.setTiers(t);
        assertEq(_defaults().tiers.length, 1, "shrunk");
    }

    function test_setTiers_revertsOutOfBounds() public {
        ILiquidationEngine.Tier[] memory none = new ILiquidationEngine.Tier[](0);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tierCount"), 0, 1, 4));
        liq.setTiers(none);
        ILiquidationEngine.Tier[] memory t = _tiers3(1.1e18, 0.1e18, 1.02e18, 0.25e18, 1e18, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tierRatio"), 1.1e18, 0.5e18, 1.1e18 - 1)
        );
        liq.setTiers(t);
        t = _tiers3(1.05e18, 0.1e18, 1.05e18, 0.25e18, 1e18, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tierRatio"), 1.05e18, 0.5e18, 1.05e18 - 1)
        );
        liq.setTiers(t);
        t = _tiers3(1.05e18, 0.3e18, 1.02e18, 0.25e18, 1e18, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tierShare"), 0.25e18, 0.3e18, 1e18)
        );
        liq.setTiers(t);
        t = _tiers3(1.05e18, 0, 1.02e18, 0.25e18, 1e18, 1e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tierShare"), 0, 1, 1e18));
        liq.setTiers(t);
    }

    function test_setTiers_revertsOnFractionalTierUnit() public {
        // the table is stored in one slot, in whole units of 1e-9
        ILiquidationEngine.Tier[] memory t = _tiers3(1.05e18 + 1, 0.1e18, 1.02e18, 0.25e18, 1e18, 1e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotWholeTierUnit.selector, 1.05e18 + 1, 1e9));
        liq.setTiers(t);
        t = _tiers3(1.05e18, 0.1e18 + 5e8, 1.02e18, 0.25e18, 1e18, 1e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotWholeTierUnit.selector, 0.1e18 + 5e8, 1e9));
        liq.setTiers(t);
        // whole units round-trip exactly, up to the bounds
        t = _tiers3(2e18 - 1e9, 1e9, 1.5e18 + 7e9, 0.3e18 + 3e9, 0.5e18, 1e18);
        liq.setTarget(3e18);
        liq.setTiers(t);
        ILiquidationEngine.Tier[] memory got = _defaults().tiers;
        for (uint256 i; i < 3; ++i) {
            assertEq(got[i].ratioWad, t[i].ratioWad, "ratio round-trips");
            assertEq(got[i].shareWad, t[i].shareWad, "share round-trips");
        }
    }

    function test_setTarget() public {
        vm.expectEmit();
        emit ILiquidationEngine.SetTarget(1.2e18);
        liq.setTarget(1.2e18);
        assertEq(_defaults().targetRatioWad, 1.2e18, "stored");
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("target"), 1.05e18, 1.05e18 + 1, 3e18)
        );
        liq.setTarget(1.05e18);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("target"), 3e18 + 1, 1.05e18 + 1, 3e18)
        );
        liq.setTarget(3e18 + 1);
    }

    function test_setCurve() public {
        StairstepExpDiscount s = new StairstepExpDiscount(60, 1.2e18);
        vm.expectEmit();
        emit ILiquidationEngine.SetCurve(address(s), 0.02e18, 0.2e18, 600);
        liq.setCurve(s, 0.02e18, 0.2e18, 600);
        IDiscountCurve c = _defaults().curve;
        assertTrue(address(c) == address(s), "stored");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.ZeroAddress.selector));
        liq.setCurve(IDiscountCurve(address(0)), 0, 0, 600);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("maxDiscount"), 0.6e18, 0, 0.5e18)
        );
        liq.setCurve(s, 0, 0.6e18, 600);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("startDiscount"), 0.3e18, 0, 0.2e18)
        );
        liq.setCurve(s, 0.3e18, 0.2e18, 600);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("duration"), 59, 60, 7 days));
        liq.setCurve(s, 0, 0.2e18, 59);
    }

    function test_setResetFundShareTipMinSizeHoleStopped() public {
        vm.expectEmit();
        emit ILiquidationEngine.SetReset(7200, 0.3e18);
        liq.setReset(7200, 0.3e18);
        (uint256 tail, uint256 cusp) = (_defaults().tail, _defaults().cuspWad);
        assertEq(tail + cusp, 7200 + 0.3e18, "reset");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tail"), 10, 60, 7 days));
        liq.setReset(10, 0.3e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("cusp"), 0, 0.01e18, 1e18));
        liq.setReset(7200, 0);

        vm.expectEmit();
        emit ILiquidationEngine.SetFundShare(0.5e18);
        liq.setFundShare(0.5e18);
        assertEq(_defaults().fundShareWad, 0.5e18, "fund share");
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("fundShare"), 1e18 + 1, 0, 1e18)
        );
        liq.setFundShare(1e18 + 1);

        vm.expectEmit();
        emit ILiquidationEngine.SetTip(1e6, 0.001e18, 10e6);
        liq.setTip(1e6, 0.001e18, 10e6);
        (uint256 flat, uint256 share, uint256 cap) = (_defaults().tipFlat, _defaults().tipShareWad, _defaults().tipCap);
        assertEq(flat + share + cap, 1e6 + 0.001e18 + 10e6, "tip");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tipFlat"), 11e6, 0, 10e6));
        liq.setTip(11e6, 0, 10e6);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("tipShare"), 0.02e18, 0, 0.01e18)
        );
        liq.setTip(0, 0.02e18, 10e6);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILiquidationEngine.InvalidParam.selector, bytes32("tipCap"), uint256(type(uint128).max) + 1, 0, type(uint128).max
            )
        );
        liq.setTip(0, 0, uint256(type(uint128).max) + 1);

        vm.expectEmit();
        emit ILiquidationEngine.SetMinSize(0.01e18);
        liq.setMinSize(0.01e18);
        assertEq(_defaults().minSizeWad, 0.01e18, "min size");
        vm.expectRevert(
            abi.encodeWithSelector(
                ILiquidationEngine.InvalidParam.selector, bytes32("minSize"), uint256(type(uint128).max) + 1, 0, type(uint128).max
            )
        );
        liq.setMinSize(uint256(type(uint128).max) + 1);

        vm.expectEmit();
        emit ILiquidationEngine.SetHole(5e24);
        liq.setHole(5e24);
        (uint256 h,) = liq.hole();
        assertEq(h, 5e24, "hole");
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("hole"), 0, 1, type(uint256).max)
        );
        liq.setHole(0);

        vm.expectEmit();
        emit ILiquidationEngine.SetStopped(2);
        liq.setStopped(2);
        assertEq(liq.stopped(), 2, "stopped");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InvalidParam.selector, bytes32("stopped"), 4, 0, 3));
        liq.setStopped(4);
    }

    function test_setters_revertForUnauthorized() public {
        bytes memory err = abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, carol);
        vm.startPrank(carol);
        vm.expectRevert(err);
        liq.setTarget(1.2e18);
        vm.expectRevert(err);
        liq.setStopped(1);
        vm.expectRevert(err);
        liq.setHole(1);
        vm.expectRevert(err);
        liq.setFundShare(0);
        vm.expectRevert(err);
        liq.setMinSize(0);
        vm.expectRevert(err);
        liq.setTip(0, 0, 0);
        vm.expectRevert(err);
        liq.setReset(60, 0.1e18);
        vm.expectRevert(err);
        liq.setCurve(linear, 0, 0, 60);
        vm.expectRevert(err);
        liq.setTiers(new ILiquidationEngine.Tier[](0));
        vm.stopPrank();
    }
}
