// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {LiquidationUpkeep} from "../../../contracts/liquidation/LiquidationUpkeep.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice Chainlink Automation upkeep: bounded scan, start and reset, idempotent perform; the vault's
/// account list, last trade block and under-auction hook.
contract LiquidationUpkeepTest is LiquidationTestBase {
    function setUp() public override {
        super.setUp();
        _aliceSells(call2000, 10e18, 4000e6);
    }

    function test_vault_accountListAndLastTradeBlock() public view {
        // bob, carol, dave deposited in setUp, then alice
        assertEq(vault.accountCount(), 4, "four accounts");
        assertTrue(vault.accountAt(0) == bob && vault.accountAt(3) == alice, "first-seen order");
        assertEq(vault.lastTradeBlock(alice), block.number - 1, "alice traded in the previous block");
        assertEq(vault.lastTradeBlock(carol), 0, "never traded");
    }

    function test_vault_setUnderAuctionRestrictedAndEvented() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, carol));
        vm.prank(carol);
        vault.setUnderAuction(alice, true);
        vm.expectEmit();
        emit IOptionVault.SetUnderAuction(alice, true);
        vm.prank(address(liq));
        vault.setUnderAuction(alice, true);
        assertTrue(vault.isUnderAuction(alice), "flagged");
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vm.prank(address(liq));
        vault.setUnderAuction(address(0), true);
    }

    function test_checkUpkeep_nothingWhenHealthy() public view {
        (bool needed, bytes memory data) = upkeep.checkUpkeep(abi.encode(uint256(0), uint256(10)));
        assertTrue(!needed, "nothing");
        (address[] memory s, address[] memory r) = abi.decode(data, (address[], address[]));
        assertEq(s.length + r.length, 0, "empty");
    }

    function test_upkeep_startsThenResetsIdempotently() public {
        _pushRatioBelow(alice, 1.05e18);
        (bool needed, bytes memory data) = upkeep.checkUpkeep(abi.encode(uint256(0), uint256(10)));
        assertTrue(needed, "needed");
        (address[] memory s,) = abi.decode(data, (address[], address[]));
        assertEq(s.length, 1, "one start");
        assertTrue(s[0] == alice, "alice");
        vm.expectEmit();
        emit LiquidationUpkeep.UpkeepStart(alice, 1);
        upkeep.performUpkeep(data);
        assertTrue(vault.isUnderAuction(alice), "started");
        // replaying the same performData skips alice
        vm.expectEmit();
        emit LiquidationUpkeep.UpkeepSkip(alice);
        upkeep.performUpkeep(data);
        assertEq(liq.auctionOf(alice).id, 1, "not restarted");
        // after the tail the upkeep resets
        vm.warp(block.timestamp + 2 hours);
        _setSpot(_spot());
        (needed, data) = upkeep.checkUpkeep(abi.encode(uint256(3), uint256(1)));
        (, address[] memory r) = abi.decode(data, (address[], address[]));
        assertTrue(needed && r.length == 1 && r[0] == alice, "reset listed");
        upkeep.performUpkeep(data);
        assertEq(liq.auctionOf(alice).id, 2, "reset");
    }

    function _spot() internal view returns (uint256) {
        (, int256 answer,,,) = feed.latestRoundData();
        return uint256(answer) * 1e10;
    }

    function test_checkUpkeep_clipsRangeAndBoundsCount() public {
        (bool needed,) = upkeep.checkUpkeep(abi.encode(uint256(100), uint256(10)));
        assertTrue(!needed, "beyond the list");
        vm.expectRevert(abi.encodeWithSelector(LiquidationUpkeep.ScanTooLarge.selector, 201, 200));
        upkeep.checkUpkeep(abi.encode(uint256(0), uint256(201)));
    }

    function test_withdrawTips_restricted() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, carol));
        vm.prank(carol);
        upkeep.withdrawTips(1, carol);
        _setTip(2e6, 0, 2e6);
        _pushRatioBelow(alice, 1.05e18);
        (, bytes memory data) = upkeep.checkUpkeep(abi.encode(uint256(0), uint256(10)));
        upkeep.performUpkeep(data);
        assertEq(vault.collateralOf(address(upkeep)), 2e6, "tip accrued");
        upkeep.withdrawTips(2e6, carol);
        assertEq(token.balanceOf(carol), 2e6, "sent");
    }
}
