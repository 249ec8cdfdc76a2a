// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {OptionVault} from "../../../contracts/core/OptionVault.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {MockFeeOnTransferERC20} from "../../../contracts/mocks/MockFeeOnTransferERC20.sol";
import {VaultTestBase} from "./VaultTestBase.sol";

contract OptionVaultCollateralTest is VaultTestBase {
    // ------------------------------------------------------------ constructor

    function test_constructor_setsImmutables() public view {
        assertEq(vault.collateralToken(), address(token), "token");
        assertEq(vault.oracleHub(), address(oracle), "oracle");
        assertEq(vault.marginEngine(), address(engine), "engine");
        assertEq(vault.authority(), address(manager), "authority");
        assertEq(vault.MAX_POSITIONS(), 32, "max positions");
    }

    function test_constructor_revertsOnZeroToken() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        new OptionVault(address(manager), address(0), address(oracle), address(engine));
    }

    function test_constructor_revertsOnZeroOracle() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        new OptionVault(address(manager), address(token), address(0), address(engine));
    }

    function test_constructor_revertsOnDecimalsAbove18() public {
        MockERC20 t19 = new MockERC20("X", "X", 19);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.UnsupportedDecimals.selector, uint8(19)));
        new OptionVault(address(manager), address(t19), address(oracle), address(engine));
    }

    function test_collateralToWad_scalesByDecimals() public {
        assertEq(vault.collateralToWad(1_500_000), 1.5e18, "6 decimals");
        for (uint8 d; d <= 18; ++d) {
            MockERC20 t = new MockERC20("X", "X", d);
            OptionVault v = new OptionVault(address(manager), address(t), address(oracle), address(engine));
            assertEq(v.collateralToWad(3 * 10 ** d), 3e18, "one token is 1e18");
        }
    }

    // ------------------------------------------------------------ deposit

    function test_deposit_creditsCallerAndEmits() public {
        token.mint(alice, 1000e6);
        vm.prank(alice);
        token.approve(address(vault), 1000e6);
        vm.expectEmit();
        emit IOptionVault.Deposit(alice, alice, 1000e6);
        vm.prank(alice);
        vault.deposit(1000e6);
        assertEq(vault.collateralOf(alice), 1000e6, "collateral");
        assertEq(token.balanceOf(address(vault)), 1000e6, "vault balance");
    }

    function test_depositFor_creditsAccountPulledFromCaller() public {
        token.mint(bob, 250e6);
        vm.prank(bob);
        token.approve(address(vault), 250e6);
        vm.expectEmit();
        emit IOptionVault.Deposit(alice, bob, 250e6);
        vm.prank(bob);
        vault.depositFor(alice, 250e6);
        assertEq(vault.collateralOf(alice), 250e6, "alice");
        assertEq(vault.collateralOf(bob), 0, "bob");
        assertEq(token.balanceOf(bob), 0, "bob paid");
    }

    function test_deposit_revertsOnZeroAmount() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAmount.selector));
        vm.prank(alice);
        vault.deposit(0);
    }

    function test_depositFor_revertsOnZeroAccount() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vault.depositFor(address(0), 1);
    }

    function test_deposit_revertsOnFeeOnTransferToken() public {
        MockFeeOnTransferERC20 fot = new MockFeeOnTransferERC20(100); // 1%
        OptionVault v = new OptionVault(address(manager), address(fot), address(oracle), address(engine));
        fot.mint(alice, 1000e6);
        vm.prank(alice);
        fot.approve(address(v), 1000e6);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.TransferShortfall.selector, 1000e6, 990e6));
        vm.prank(alice);
        v.deposit(1000e6);
    }

    function testFuzz_deposit_creditsExactly(uint256 amount, uint8 decimals) public {
        decimals = uint8(decimals % 19);
        amount = amount % 1e40 + 1;
        _deploy(decimals);
        _fund(alice, amount);
        assertEq(vault.collateralOf(alice), amount, "collateral");
        assertEq(token.balanceOf(address(vault)), amount, "balance");
    }

    // ------------------------------------------------------------ withdraw

    function test_withdraw_withoutPositionsSendsAndEmits() public {
        _fund(alice, 1000e6);
        vm.expectEmit();
        emit IOptionVault.Withdraw(alice, carol, 400e6);
        vm.prank(alice);
        vault.withdraw(400e6, carol);
        assertEq(vault.collateralOf(alice), 600e6, "left");
        assertEq(token.balanceOf(carol), 400e6, "received");
    }

    function test_withdraw_revertsOnZeroAmount() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAmount.selector));
        vm.prank(alice);
        vault.withdraw(0, alice);
    }

    function test_withdraw_revertsOnZeroReceiver() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vm.prank(alice);
        vault.withdraw(1, address(0));
    }

    function test_withdraw_revertsAboveCollateral() public {
        _fund(alice, 100e6);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, alice, 100e6, 101e6));
        vm.prank(alice);
        vault.withdraw(101e6, alice);
    }

    function test_withdraw_revertsWhileSequencerDown() public {
        _fund(alice, 100e6);
        oracle.setSequencerOk(false);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.SequencerNotOk.selector));
        vm.prank(alice);
        vault.withdraw(1e6, alice);
    }

    /// @dev alice short 10 calls, requirement 100/contract: maintenance 1000, initial 1250 (wad).
    function _shortTen() internal {
        engine.setShortRequirement(100e18);
        _fund(alice, 2000e6);
        _fund(bob, 2000e6);
        _trade(BOB_PK, alice, callId, true, 10e18, 0); // bob buys 10 from alice at 0 premium
    }

    function test_withdraw_downToInitialRequirement() public {
        _shortTen();
        vm.prank(alice);
        vault.withdraw(750e6, alice); // equity 1250 = initial 1250
        assertEq(vault.collateralOf(alice), 1250e6, "left");
    }

    function test_withdraw_revertsBelowInitialRequirement() public {
        _shortTen();
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MarginInsufficient.selector, alice, 1250e18, int256(1249.999999e18)));
        vm.prank(alice);
        vault.withdraw(750e6 + 1, alice);
    }

    function test_withdraw_revertsWithUnsettledExpiredPosition() public {
        _shortTen();
        vm.warp(EXPIRY);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.UnsettledPosition.selector, alice, callId));
        vm.prank(alice);
        vault.withdraw(1e6, alice);
    }

    function test_withdraw_decimals18UsesExactWad() public {
        _deploy(18);
        engine.setShortRequirement(100e18);
        _fund(alice, 2000e18);
        _fund(bob, 2000e18);
        _trade(BOB_PK, alice, callId, true, 10e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MarginInsufficient.selector, alice, 1250e18, int256(1250e18 - 1)));
        vm.prank(alice);
        vault.withdraw(750e18 + 1, alice);
        vm.prank(alice);
        vault.withdraw(750e18, alice);
        assertEq(vault.collateralOf(alice), 1250e18, "left");
    }

    // ------------------------------------------------------------ admin

    /// The margin engine is a constructor argument (deployed first); there is no setter.
    function test_constructor_revertsOnZeroMarginEngine() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        new OptionVault(address(manager), address(token), address(oracle), address(0));
    }
}
