// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice A vol-feeder outage (1-day max age) on the real hub, vault, margin and liquidation engines: an
/// account below maintenance is started and bid with the stale vol's conservative value, while new risk
/// (a fill, a withdrawal) reverts StaleVol.
contract LiquidationStaleVolTest is LiquidationTestBase {
    uint256 internal constant MAX_AGE = 1 days;

    function setUp() public override {
        super.setUp();
        // the deployments' vol policy: max change 0.5 per update, max age 1 day
        hub.setVolConfig(ETH, 0.05e18, 5e18, 0.5e18, MAX_AGE);
        _aliceSells(call2000, 10e18, 4000e6);
    }

    /// @dev The feeder stops: `age` seconds after the last post; the spot feed keeps answering.
    function _outage(uint256 age) internal {
        vm.warp(T0 + age);
        vm.roll(block.number + 1);
        _setSpot(2000e18);
    }

    function test_startAndBid_workWithStaleVolWhileFillAndWithdrawRevert() public {
        uint256 ratioFresh = _ratio(alice);
        _outage(MAX_AGE + 12 hours);
        // conservative vol: 0.6 + ⌈0.5 × 12 h / 24 h⌉ = 0.85
        (uint256 volWad, uint256 addOnWad) = hub.conservativeVol(ETH, expiry);
        assertEq(addOnWad, 0.25e18, "add-on");
        assertEq(volWad, 0.85e18, "conservative vol");
        assertLt(_ratio(alice), ratioFresh, "the stale vol lowers the ratio of a short");
        _pushRatioBelow(alice, 1.05e18);

        uint256 id = _start(alice);
        assertEq(id, 1, "started on the stale vol");
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertGt(sold, 0, "bid filled on the stale vol");
        assertEq(vault.positionOf(carol, call2000), -int256(sold), "carol took the slice");

        // new risk stays blocked: a fill (both parties checked strictly) and a withdrawal
        bytes memory stale =
            abi.encodeWithSelector(IOracleHub.StaleVol.selector, ETH, expiry, T0, MAX_AGE);
        _tradeOrRevert(BOB_PK, dave, call2200, true, 1e18, 10e6, stale);
        vm.prank(carol);
        vm.expectRevert(stale);
        vault.withdraw(1e6, carol);
        // and the strict view reverts as the vault's check does
        vm.expectRevert(stale);
        lens.accountMargin(alice);
    }
}
