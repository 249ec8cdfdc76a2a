// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {ProtocolFixture} from "../../utils/ProtocolFixture.sol";

/// @notice The withdrawal delay closes the window before an insolvent account's auction starts: a
/// depositor who sees the loss coming must request, wait the delay, and by then the started auction's
/// deficit counts in the pending loss (withdrawals pause above the fund) or the loss is socialized onto
/// the requested collateral too. The protocol is the shared fixture with a withdrawal delay; this test
/// contract then takes the vault's liquidator role (it records deficits and covers losses as the
/// liquidation engine would).
contract OptionVaultWithdrawalDelayTest is ProtocolFixture {
    uint256 internal constant T0 = 1_700_000_000;
    uint256 internal constant DELAY = 300;

    address internal alice = address(0xA11CE);
    address internal insolvent = address(0xBAD);

    function setUp() public {
        vm.warp(T0);
        ProtocolOptions memory o = _options(2000e8, uint64(T0 + 30 days));
        o.withdrawalDelay = DELAY;
        _deployProtocol(o);
        vault.setLiquidator(address(this));
        _fund(alice, 1_000e6);
    }

    function test_withdraw_needsAMaturedRequest() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalNotReady.selector, alice, 100e6, 0, 0));
        vault.withdraw(100e6, alice);

        vm.expectEmit(true, true, true, true, address(vault));
        emit IOptionVault.RequestWithdrawal(alice, 100e6, T0 + DELAY);
        vm.prank(alice);
        vault.requestWithdrawal(100e6);
        vm.warp(T0 + DELAY - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalNotReady.selector, alice, 100e6, 100e6, T0 + DELAY));
        vault.withdraw(100e6, alice);

        vm.warp(T0 + DELAY);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalNotReady.selector, alice, 101e6, 100e6, T0 + DELAY));
        vault.withdraw(101e6, alice);
        vm.prank(alice);
        vault.withdraw(60e6, alice);
        vm.prank(alice);
        vault.withdraw(40e6, alice);
        assertEq(token.balanceOf(alice), 100e6, "withdrew the request in two parts");
        (uint256 left,) = vault.withdrawalRequestOf(alice);
        assertEq(left, 0, "request used up");
    }

    function test_window_closed_pendingLossPausesTheMaturedRequest() public {
        vm.prank(alice);
        vault.requestWithdrawal(1_000e6);
        // an account goes insolvent; its auction starts within the delay and records its deficit
        vm.warp(T0 + 12);
        vault.setDeficit(insolvent, 500e6);
        vm.warp(T0 + DELAY);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalsPaused.selector, 500e6, 0));
        vault.withdraw(1_000e6, alice);
        // the loss is socialized: the requested collateral bears its share
        vault.coverLoss(insolvent, address(0xB1D), 500e6);
        vault.setDeficit(insolvent, 0);
        (uint256 requested,) = vault.withdrawalRequestOf(alice);
        assertEq(requested, 1_000e6, "request unchanged");
        assertEq(vault.collateralOf(alice), 500e6, "alice's collateral took the loss pro rata");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, alice, 500e6, 1_000e6));
        vault.withdraw(1_000e6, alice);
        vm.prank(alice);
        vault.withdraw(500e6, alice);
        assertEq(token.balanceOf(alice), 500e6, "she got out what was left, not ahead of the loss");
    }

    function test_setWithdrawalDelay_boundedAndRestricted() public {
        uint256 max = vault.MAX_WITHDRAWAL_DELAY();
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalDelayTooLong.selector, max + 1, max));
        vault.setWithdrawalDelay(max + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, alice));
        vault.setWithdrawalDelay(0);
        vm.expectEmit(true, true, true, true, address(vault));
        emit IOptionVault.SetWithdrawalDelay(0);
        vault.setWithdrawalDelay(0);
        vm.prank(alice);
        vault.withdraw(1e6, alice);
        assertEq(token.balanceOf(alice), 1e6, "no request needed without a delay");
    }
}
