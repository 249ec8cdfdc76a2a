// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {MockVaultReentrantCallee} from "../../../contracts/mocks/MockVaultReentrantCallee.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice Issue 10 item 7: during a callback bid the vault's entry points are locked (the engine holds
/// its own guard and locks the vault around the callee), and unlocked again once the bid returns.
contract LiquidationLockTest is LiquidationTestBase {
    MockVaultReentrantCallee internal evil;

    function setUp() public override {
        super.setUp();
        _aliceSells(call2000, 10e18, 4000e6);
        evil = new MockVaultReentrantCallee(IOptionVault(address(vault)));
        _fund(address(evil), 1_000_000e6);
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
    }

    function test_callbackBid_vaultEntryPointsLocked() public {
        for (uint256 mode = 1; mode <= 4; ++mode) {
            if (mode == 2) continue; // a deposit only adds collateral: open (test below)
            evil.setMode(mode);
            _nextLot = _lot(alice);
            vm.expectRevert(abi.encodeWithSelector(IOptionVault.LiquidationInProgress.selector));
            vm.prank(dave);
            liq.bid(alice, 1, _nextLot, 0.1e18, 0, address(evil), "");
        }
    }

    function test_callbackBid_unlocksAfterTheCallee() public {
        evil.setMode(0);
        _nextLot = _lot(alice);
        vm.prank(dave);
        uint256 sold = liq.bid(alice, 1, _nextLot, 0.1e18, 0, address(evil), "");
        assertTrue(sold > 0, "the callback bid went through");
        // the same transaction's lock is gone once the bid returned: the vault answers again
        vm.prank(address(evil));
        vault.requestWithdrawal(1);
        (uint256 amount,) = vault.withdrawalRequestOf(address(evil));
        assertEq(amount, 1, "entry points unlocked");
    }

    function test_callbackBid_depositStaysOpen() public {
        token.mint(address(evil), 1);
        vm.prank(address(evil));
        token.approve(address(vault), 1);
        uint256 c0 = vault.collateralOf(address(evil));
        evil.setMode(2);
        _nextLot = _lot(alice);
        vm.prank(dave);
        liq.bid(alice, 1, _nextLot, 0.1e18, 0, address(evil), "");
        assertTrue(vault.collateralOf(address(evil)) >= c0 - 1e12, "the bid went through with a deposit inside");
    }

    function test_setLiquidationLock_onlyLiquidator() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, address(this)));
        vault.setLiquidationLock(true);
    }
}
