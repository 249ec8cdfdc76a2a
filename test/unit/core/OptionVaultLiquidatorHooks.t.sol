// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {VaultTestBase} from "./VaultTestBase.sol";

/// @notice The liquidation hooks (transferPosition, moveCollateral, coverLoss, setDeficit, setUnderAuction),
/// wired the way the deployment does it: `setLiquidator` (admin, through the access manager) names the
/// one address allowed to call them.
contract OptionVaultLiquidatorHooksTest is VaultTestBase {
    address internal liquidator = address(0x11D);

    function setUp() public override {
        super.setUp();
        vault.setLiquidator(liquidator);
        _fund(alice, 1000e6);
        _fund(bob, 1000e6);
        _fund(carol, 1000e6);
        _trade(ALICE_PK, bob, callId, false, 10e18, 0); // alice −10, bob +10
    }

    function _transfer(address from, address to, uint256 id, int256 size, int256 coll) internal {
        vm.prank(liquidator);
        vault.transferPosition(from, to, id, size, coll, 0, false);
    }

    function _expectTransferRevert(address from, address to, uint256 id, int256 size, int256 coll, bytes memory err)
        internal
    {
        vm.expectRevert(err);
        vm.prank(liquidator);
        vault.transferPosition(from, to, id, size, coll, 0, false);
    }

    function test_transferPosition_movesShortSliceWithCollateralAndEmits() public {
        vm.expectEmit();
        emit IOptionVault.TransferPosition(alice, carol, callId, -4e18, 300e6, 0);
        _transfer(alice, carol, callId, -4e18, 300e6);
        assertEq(vault.positionOf(alice, callId), -6e18, "from");
        assertEq(vault.positionOf(carol, callId), -4e18, "to");
        assertEq(vault.collateralOf(alice), 700e6, "from paid");
        assertEq(vault.collateralOf(carol), 1300e6, "to received");
        (uint256 longs, uint256 shorts) = vault.openInterest(callId);
        assertEq(longs, 10e18, "longs");
        assertEq(shorts, 10e18, "shorts");
    }

    function test_transferPosition_wholeLongWithCollateralBackToFrom() public {
        _transfer(bob, carol, callId, 10e18, -250e6);
        assertEq(vault.positionOf(bob, callId), 0, "from flat");
        (uint256[] memory ids,) = vault.positionsOf(bob);
        assertEq(ids.length, 0, "from list emptied");
        assertEq(vault.positionOf(carol, callId), 10e18, "to long");
        assertEq(vault.collateralOf(bob), 1250e6, "from received");
        assertEq(vault.collateralOf(carol), 750e6, "to paid");
    }

    function test_transferPosition_offsetsExistingPositionOfReceiver() public {
        _transfer(alice, bob, callId, -10e18, 0);
        assertEq(vault.positionOf(bob, callId), 0, "netted");
        (uint256 longs, uint256 shorts) = vault.openInterest(callId);
        assertEq(longs + shorts, 0, "open interest closed");
    }

    function test_transferPosition_feeFromThePayingSideToTheInsuranceFund() public {
        // short slice: the account (from) pays the bidder and the fee
        vm.expectEmit();
        emit IOptionVault.TransferPosition(alice, carol, callId, -1e18, 100e6, 7e6);
        vm.prank(liquidator);
        vault.transferPosition(alice, carol, callId, -1e18, 100e6, 7e6, false);
        assertEq(vault.collateralOf(alice), 893e6, "from paid price and fee");
        assertEq(vault.collateralOf(carol), 1100e6, "to received the price");
        assertEq(vault.insuranceFund(), 7e6, "fee to the insurance fund (the vault's own account)");
        assertEq(vault.collateralOf(liquidator), 0, "nothing to the liquidator's account");
        // long slice: the bidder (to) pays the account and the fee
        vm.prank(liquidator);
        vault.transferPosition(bob, carol, callId, 2e18, -50e6, 3e6, false);
        assertEq(vault.collateralOf(bob), 1050e6, "from received the price");
        assertEq(vault.collateralOf(carol), 1047e6, "to paid price and fee");
        assertEq(vault.insuranceFund(), 10e6, "fees add up");
        // a fee the payer cannot cover reverts the whole transfer
        _expectTransferRevertFee(
            alice, carol, -1e18, 893e6, 1, abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, alice, 0, 1)
        );
        assertEq(vault.positionOf(alice, callId), -9e18, "nothing moved");
    }

    function _expectTransferRevertFee(address from, address to, int256 size, int256 coll, uint256 fee, bytes memory err)
        internal
    {
        vm.expectRevert(err);
        vm.prank(liquidator);
        vault.transferPosition(from, to, callId, size, coll, fee, false);
    }

    function test_transferPosition_revertsForUnauthorized() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, alice));
        vm.prank(alice);
        vault.transferPosition(alice, carol, callId, -1e18, 0, 0, false);
    }

    function test_transferPosition_endsTheAuctionOfFrom() public {
        vm.prank(liquidator);
        vault.setUnderAuction(alice, true);
        vm.expectEmit();
        emit IOptionVault.SetUnderAuction(alice, false);
        vm.prank(liquidator);
        vault.transferPosition(alice, carol, callId, -1e18, 0, 0, true);
        assertTrue(!vault.isUnderAuction(alice), "flag cleared with the transfer");
    }

    function test_setLiquidator_restrictedAndEvented() public {
        vm.expectEmit();
        emit IOptionVault.SetLiquidator(address(0xBEEF));
        vault.setLiquidator(address(0xBEEF));
        assertEq(vault.liquidator(), address(0xBEEF), "set");
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, liquidator));
        vm.prank(liquidator);
        vault.moveCollateral(alice, carol, 1);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, alice));
        vm.prank(alice);
        vault.setLiquidator(alice);
    }

    function test_transferPosition_revertsOnZeroAddressAndSelf() public {
        _expectTransferRevert(address(0), carol, callId, -1e18, 0, abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        _expectTransferRevert(alice, address(0), callId, -1e18, 0, abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        _expectTransferRevert(alice, alice, callId, -1e18, 0, abi.encodeWithSelector(IOptionVault.SelfTrade.selector, alice));
    }

    function test_transferPosition_revertsOnUnknownOrExpiredSeries() public {
        _expectTransferRevert(alice, carol, 9, -1e18, 0, abi.encodeWithSelector(IOptionVault.UnknownSeries.selector, 9));
        vm.warp(EXPIRY);
        _expectTransferRevert(
            alice, carol, callId, -1e18, 0, abi.encodeWithSelector(IOptionVault.SeriesExpired.selector, callId, EXPIRY)
        );
    }

    function test_transferPosition_revertsOnInvalidSlice() public {
        bytes4 sel = IOptionVault.InvalidTransferSize.selector;
        _expectTransferRevert(alice, carol, callId, 0, 0, abi.encodeWithSelector(sel, -10e18, 0));
        _expectTransferRevert(alice, carol, callId, 1e18, 0, abi.encodeWithSelector(sel, -10e18, 1e18));
        _expectTransferRevert(alice, carol, callId, -11e18, 0, abi.encodeWithSelector(sel, -10e18, -11e18));
        _expectTransferRevert(bob, carol, callId, 11e18, 0, abi.encodeWithSelector(sel, 10e18, 11e18));
        _expectTransferRevert(carol, bob, callId, -1, 0, abi.encodeWithSelector(sel, 0, -1));
        _expectTransferRevert(alice, carol, callId, type(int256).min, 0, abi.encodeWithSelector(sel, -10e18, type(int256).min));
    }

    function test_transferPosition_revertsWhenCollateralShort() public {
        _expectTransferRevert(
            alice,
            carol,
            callId,
            -1e18,
            1001e6,
            abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, alice, 1000e6, 1001e6)
        );
        _expectTransferRevert(
            alice,
            carol,
            callId,
            -1e18,
            -1001e6,
            abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, carol, 1000e6, 1001e6)
        );
    }

    function test_transferPosition_revertsWhenReceiverAtMaxPositions() public {
        for (uint256 i = 1; i <= 32; ++i) {
            uint256 id = vault.listSeries(UNDERLYING, STRIKE + i * 1e18, EXPIRY, true);
            _trade(CAROL_PK, address(0xDA7E), id, false, 1e18, 0);
        }
        _expectTransferRevert(
            alice, carol, callId, -1e18, 0, abi.encodeWithSelector(IOptionVault.TooManyPositions.selector, carol, 32)
        );
    }

    function testFuzz_transferPosition_conserves(int256 size, int256 coll) public {
        size = -1 - int256(uint256(size) % 10e18); // a slice of alice's −10
        coll = int256(uint256(coll) % 2000e6) - 1000e6;
        _transfer(alice, carol, callId, size, coll);
        (uint256 longs, uint256 shorts) = vault.openInterest(callId);
        assertEq(longs, shorts, "longs == shorts");
        assertEq(vault.positionOf(alice, callId) + vault.positionOf(carol, callId), -10e18, "size conserved");
        assertEq(vault.collateralOf(alice) + vault.collateralOf(carol), 2000e6, "collateral conserved");
    }

    // ------------------------------------------------------------ moveCollateral

    function test_moveCollateral_movesAndEmits() public {
        vm.expectEmit();
        emit IOptionVault.MoveCollateral(alice, carol, 123e6);
        vm.prank(liquidator);
        vault.moveCollateral(alice, carol, 123e6);
        assertEq(vault.collateralOf(alice), 877e6, "from");
        assertEq(vault.collateralOf(carol), 1123e6, "to");
    }

    function test_moveCollateral_reverts() public {
        vm.startPrank(liquidator);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vault.moveCollateral(address(0), carol, 1);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vault.moveCollateral(alice, address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAmount.selector));
        vault.moveCollateral(alice, carol, 0);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, alice, 1000e6, 1000e6 + 1));
        vault.moveCollateral(alice, carol, 1000e6 + 1);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, bob));
        vm.prank(bob);
        vault.moveCollateral(alice, bob, 1);
    }

    // ------------------------------------------------------------ coverLoss (empty fund: all socialized)

    function test_coverLoss_haircutsEveryAccountProRataAndCreditsTheBidder() public {
        // 3,000 of collateral; a 300 loss is 10% of it
        uint256 ray = vault.RAY();
        vm.expectEmit();
        emit IOptionVault.BadDebt(alice, 300e6);
        vm.expectEmit();
        emit IOptionVault.SocializeLoss(alice, carol, 300e6, 300e6, ray, ray * 9 / 10);
        vm.prank(liquidator);
        (uint256 fundPaid, uint256 socialized) = vault.coverLoss(alice, carol, 300e6);
        assertEq(fundPaid, 0, "empty fund pays nothing");
        assertEq(socialized, 300e6, "socialized");
        assertEq(vault.badDebtOf(alice), 300e6, "bad debt recorded");
        assertEq(vault.totalBadDebt(), 300e6, "total bad debt");
        assertEq(vault.collateralIndex(), ray * 9 / 10, "index");
        assertEq(vault.collateralOf(alice), 900e6, "alice -10%");
        assertEq(vault.collateralOf(bob), 900e6, "bob -10%");
        assertEq(vault.collateralOf(carol), 900e6 + 300e6 - 1, "carol -10%, then credited the loss (its shares rounded down)");
        assertEq(vault.totalCollateral(), 3000e6 - 1, "claims = the tokens held, less a unit of rounding");
        assertEq(token.balanceOf(address(vault)), 3000e6, "balance");
        // later deposits, moves and withdrawals work at the new index, rounding against the account
        address dave = vm.addr(0xDA7E);
        _fund(dave, 100e6);
        assertEq(vault.collateralOf(dave), 100e6 - 1, "a deposit at index 0.9 rounds its shares down");
        vm.prank(liquidator);
        vault.moveCollateral(carol, dave, 50e6);
        assertTrue(vault.collateralOf(dave) >= 150e6 - 1, "a move gives the receiver at least the amount");
        uint256 all = vault.collateralOf(dave);
        vm.prank(dave);
        vault.withdraw(all, dave);
        assertEq(vault.collateralOf(dave), 0, "withdrew everything shown");
        assertTrue(token.balanceOf(address(vault)) >= vault.totalCollateral(), "every claim backed");
    }

    function test_coverLoss_aboveAllCollateralWipesItOut() public {
        vm.prank(liquidator);
        (uint256 fundPaid, uint256 socialized) = vault.coverLoss(alice, carol, 5000e6);
        assertEq(fundPaid + socialized, 5000e6, "the whole loss is accounted");
        assertEq(vault.badDebtOf(alice), 5000e6, "bad debt");
        assertEq(vault.collateralIndex(), 1, "index at its floor");
        assertEq(vault.collateralOf(alice), 0, "wiped");
        assertEq(vault.collateralOf(carol), 3000e6, "carol credited what was absorbed");
        // deposits still work at the floor index
        address dave = vm.addr(0xDA7E);
        _fund(dave, 100e6);
        assertEq(vault.collateralOf(dave), 100e6, "new deposit intact");
    }

    function test_coverLoss_reverts() public {
        vm.startPrank(liquidator);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vault.coverLoss(alice, address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAmount.selector));
        vault.coverLoss(alice, carol, 0);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, bob));
        vm.prank(bob);
        vault.coverLoss(alice, bob, 1);
    }

    function test_coverLoss_insuranceFundPaysFirstThenSocializes() public {
        // top up the fund (the vault's own account) with 100; a 300 loss: 100 from the fund, 200 socialized
        token.mint(address(this), 100e6);
        token.approve(address(vault), 100e6);
        vault.depositFor(address(vault), 100e6);
        assertEq(vault.insuranceFund(), 100e6, "fund");
        uint256 c0 = vault.collateralOf(carol);
        vm.expectEmit();
        emit IOptionVault.InsuranceCover(alice, carol, 100e6);
        vm.expectEmit();
        emit IOptionVault.BadDebt(alice, 200e6);
        vm.prank(liquidator);
        (uint256 fundPaid, uint256 socialized) = vault.coverLoss(alice, carol, 300e6);
        assertEq(fundPaid, 100e6, "fund paid what it had");
        assertEq(socialized, 200e6, "the rest socialized");
        assertEq(vault.insuranceFund(), 0, "fund emptied");
        assertEq(vault.badDebtOf(alice), 200e6, "bad debt after the fund");
        assertEq(vault.totalBadDebt(), 200e6, "total");
        // 3,000 of collateral absorbs 200: index × 14/15; carol is credited the full 300
        assertEq(vault.collateralIndex(), vault.RAY() * 2800 / 3000, "index");
        assertTrue(vault.collateralOf(carol) + 2 >= c0 * 2800 / 3000 + 300e6, "carol credited the full loss");
        assertTrue(token.balanceOf(address(vault)) >= vault.totalCollateral() + vault.protocolFees(), "every claim backed");
    }

    function test_coverLoss_fullyCoveredByTheFundSocializesNothing() public {
        token.mint(address(this), 1000e6);
        token.approve(address(vault), 1000e6);
        vault.depositFor(address(vault), 1000e6);
        uint256 c0 = vault.collateralOf(carol);
        vm.prank(liquidator);
        (uint256 fundPaid, uint256 socialized) = vault.coverLoss(alice, carol, 300e6);
        assertEq(fundPaid, 300e6, "fund paid it all");
        assertEq(socialized, 0, "nothing socialized");
        assertEq(vault.insuranceFund(), 700e6, "fund left");
        assertEq(vault.collateralIndex(), vault.RAY(), "index untouched");
        assertEq(vault.totalBadDebt(), 0, "no bad debt");
        assertEq(vault.collateralOf(carol), c0 + 300e6, "carol credited");
    }

    // ------------------------------------------------------------ setDeficit (the pending-loss pause)

    function test_setDeficit_pausesWithdrawalsWhilePendingExceedsTheFund() public {
        vm.expectEmit();
        emit IOptionVault.PendingLoss(alice, 50e6, 50e6, 0);
        vm.prank(liquidator);
        vault.setDeficit(alice, 50e6);
        vm.prank(liquidator);
        vault.setDeficit(bob, 20e6);
        (uint256 pending, bool paused) = vault.pendingLoss();
        assertEq(pending, 70e6, "sum of deficits");
        assertTrue(paused && vault.withdrawalsPaused(), "paused: fund 0");
        assertEq(vault.deficitOf(alice), 50e6, "alice");
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalsPaused.selector, 70e6, 0));
        vm.prank(carol);
        vault.withdraw(1e6, carol);
        // a refresh replaces the account's deficit
        vm.prank(liquidator);
        vault.setDeficit(alice, 10e6);
        (pending,) = vault.pendingLoss();
        assertEq(pending, 30e6, "refreshed");
        // a fund at least the pending loss lifts the pause (computed live)
        token.mint(address(this), 30e6);
        token.approve(address(vault), 30e6);
        vault.depositFor(address(vault), 30e6);
        assertTrue(!vault.withdrawalsPaused(), "fund covers it");
        uint256 c0 = vault.collateralOf(carol);
        vm.prank(carol);
        vault.withdraw(1e6, carol);
        assertEq(vault.collateralOf(carol), c0 - 1e6, "withdrew");
    }

    function test_setDeficit_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, bob));
        vm.prank(bob);
        vault.setDeficit(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vm.prank(liquidator);
        vault.setDeficit(address(0), 1);
    }
}
