// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {VaultTestBase} from "./VaultTestBase.sol";

contract OptionVaultSettlementTest is VaultTestBase {
    uint80 internal constant ROUND = 42;

    /// @dev alice short `size` calls to bob at zero premium; settlement price `priceWad`, fixed.
    function _expireAndFix(uint256 size, uint256 priceWad) internal {
        _trade(ALICE_PK, bob, callId, false, size, 0);
        vm.warp(EXPIRY + 1 hours);
        oracle.setSettlement(UNDERLYING, EXPIRY, ROUND, priceWad);
        vault.settleSeries(callId, ROUND);
    }

    function _assertIdentity() internal view {
        (,,, int256 netCall) = vault.settlementOf(callId);
        (,,, int256 netPut) = vault.settlementOf(putId);
        int256 books = int256(
            vault.collateralOf(alice) + vault.collateralOf(bob) + vault.collateralOf(carol) + vault.protocolFees()
                + vault.insuranceFund()
        ) + netCall + netPut;
        int256 balance = int256(token.balanceOf(address(vault)));
        if (vault.collateralIndex() == vault.RAY()) {
            assertEq(balance, books, "balance == collateral + fees + net");
        } else {
            // after a socialized loss, share rounding leaves a few units of dust, never a shortfall
            assertTrue(balance >= books, "balance >= collateral + fees + net");
            assertTrue(balance - books <= 4, "dust");
        }
    }

    // ------------------------------------------------------------ settleSeries

    function test_settleSeries_fixesCallPayoffAndEmits() public {
        vm.warp(EXPIRY);
        oracle.setSettlement(UNDERLYING, EXPIRY, ROUND, 2150.5e18);
        vm.expectEmit();
        emit IOptionVault.SettleSeries(callId, ROUND, 2150.5e18, 150.5e18);
        assertEq(vault.settleSeries(callId, ROUND), 2150.5e18, "price");
        (bool settled, uint256 price, uint256 payoff, int256 net) = vault.settlementOf(callId);
        assertTrue(settled, "settled");
        assertEq(price, 2150.5e18, "stored price");
        assertEq(payoff, 150.5e18, "payoff");
        assertEq(net, 0, "nothing collected yet");
    }

    function test_settleSeries_putPayoffAndOutOfTheMoney() public {
        vm.warp(EXPIRY);
        oracle.setSettlement(UNDERLYING, EXPIRY, ROUND, 1800e18);
        vault.settleSeries(putId, ROUND);
        vault.settleSeries(callId, ROUND);
        (,, uint256 putPayoff,) = vault.settlementOf(putId);
        (,, uint256 callPayoff,) = vault.settlementOf(callId);
        assertEq(putPayoff, 200e18, "put in the money");
        assertEq(callPayoff, 0, "call out of the money");
    }

    function test_settleSeries_revertsBeforeExpiry() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.SeriesNotExpired.selector, callId, EXPIRY, block.timestamp));
        vault.settleSeries(callId, ROUND);
    }

    function test_settleSeries_revertsOnUnknownSeries() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.UnknownSeries.selector, 9));
        vault.settleSeries(9, ROUND);
    }

    function test_settleSeries_revertsOnInvalidRound() public {
        vm.warp(EXPIRY);
        oracle.setSettlement(UNDERLYING, EXPIRY, ROUND, 2100e18);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, UNDERLYING, EXPIRY, ROUND - 1));
        vault.settleSeries(callId, ROUND - 1);
    }

    function test_settleSeries_revertsWhenAlreadySettled() public {
        vm.warp(EXPIRY);
        oracle.setSettlement(UNDERLYING, EXPIRY, ROUND, 2100e18);
        vault.settleSeries(callId, ROUND);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.SeriesAlreadySettled.selector, callId));
        vault.settleSeries(callId, ROUND);
    }

    // ------------------------------------------------------------ settle

    function test_settle_revertsBeforeSeriesSettled() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.SeriesNotSettled.selector, callId));
        vault.settle(alice, callId);
    }

    function test_settle_revertsOnUnknownSeries() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.UnknownSeries.selector, 9));
        vault.settle(alice, 9);
    }

    function test_settle_revertsWithoutPosition() public {
        _expireAndFix(1e18, 2100e18);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NoPosition.selector, carol, callId));
        vault.settle(carol, callId);
    }

    function test_settle_shortPaysUpLongReceivesDownRemainderToFees() public {
        _fund(alice, 1000e6);
        _fund(bob, 1000e6);
        uint256 third = 333_333_333_333_333_333; // 1/3 contract
        _expireAndFix(third, 2150.5e18); // owed: third × 150.5 = 50.16666666... tokens
        vm.expectEmit();
        emit IOptionVault.Settle(alice, callId, -int256(third), 50_166_667, 0);
        assertEq(vault.settle(alice, callId), 50_166_667, "short pays ceil");
        _assertIdentity();
        vm.expectEmit();
        emit IOptionVault.Settle(bob, callId, int256(third), 50_166_666, 0);
        vm.expectEmit();
        emit IOptionVault.SweepSettlement(callId, 1);
        assertEq(vault.settle(bob, callId), 50_166_666, "long receives floor");

        assertEq(vault.collateralOf(alice), 1000e6 - 50_166_667, "alice");
        assertEq(vault.collateralOf(bob), 1000e6 + 50_166_666, "bob");
        assertEq(vault.protocolFees(), 1, "rounding remainder");
        (,,, int256 net) = vault.settlementOf(callId);
        assertEq(net, 0, "swept");
        (uint256 longs, uint256 shorts) = vault.openInterest(callId);
        assertEq(longs + shorts, 0, "no open interest");
        (uint256[] memory ids,) = vault.positionsOf(alice);
        assertEq(ids.length, 0, "position removed");
        _assertIdentity();
    }

    function test_settle_longBeforeShortKeepsIdentity() public {
        _fund(alice, 2000e6);
        _fund(bob, 100e6);
        _expireAndFix(10e18, 2150.5e18);
        vault.settle(bob, callId);
        (,,, int256 net) = vault.settlementOf(callId);
        assertEq(net, -1505e6, "owed by shorts");
        _assertIdentity();
        vault.settle(alice, callId);
        (,,, net) = vault.settlementOf(callId);
        assertEq(net, 0, "square");
        assertEq(vault.collateralOf(bob), 1605e6, "bob paid");
        assertEq(vault.collateralOf(alice), 495e6, "alice paid");
        _assertIdentity();
    }

    function test_settle_shortfallRecordedAndSocializedProRata() public {
        _fund(alice, 100e6);
        _fund(carol, 10_000e6);
        _expireAndFix(10e18, 2150.5e18); // alice owes 1505
        uint256 total = vault.totalCollateral() - 100e6; // after alice pays all she has
        uint256 indexAfter = vault.RAY() * (total - 1405e6) / total;
        vm.expectEmit();
        emit IOptionVault.Settle(alice, callId, -10e18, 1505e6, 1405e6);
        vm.expectEmit();
        emit IOptionVault.BadDebt(alice, 1405e6);
        vm.expectEmit();
        emit IOptionVault.SocializeLoss(alice, address(0), 1405e6, 1405e6, vault.RAY(), indexAfter);
        vault.settle(alice, callId);
        assertEq(vault.collateralOf(alice), 0, "all collateral paid");
        assertEq(vault.badDebtOf(alice), 1405e6, "bad debt");
        assertEq(vault.totalBadDebt(), 1405e6, "total bad debt");
        assertEq(vault.collateralIndex(), indexAfter, "index fell");
        // carol (a bystander) lost her pro-rata share at once: no withdrawal can get ahead of it
        assertEq(vault.collateralOf(carol), 10_000e6 * indexAfter / vault.RAY(), "carol's pro-rata haircut");
        assertTrue(vault.totalCollateral() + 1 >= total - 1405e6 && vault.totalCollateral() <= total - 1405e6, "claims fell by the loss");
        bytes memory insufficient =
            abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, carol, vault.collateralOf(carol), 10_000e6);
        vm.prank(carol);
        vm.expectRevert(insufficient);
        vault.withdraw(10_000e6, carol);
        // the long is paid in full from the socialized loss; the series ends square
        assertEq(vault.settle(bob, callId), 1505e6, "bob paid in full");
        (,,, int256 net) = vault.settlementOf(callId);
        assertEq(net, 0, "square");
        _assertIdentity();
        // everyone can withdraw what they are shown
        uint256 carolAll = vault.collateralOf(carol);
        uint256 bobAll = vault.collateralOf(bob);
        vm.prank(carol);
        vault.withdraw(carolAll, carol);
        vm.prank(bob);
        vault.withdraw(bobAll, bob);
        _assertIdentity();
    }

    /// @dev Top up the vault's insurance fund (its own account) by `amount` [token decimals].
    function _seedFund(uint256 amount) internal {
        token.mint(address(this), amount);
        token.approve(address(vault), amount);
        vault.depositFor(address(vault), amount);
    }

    function test_settle_shortfallPaidByInsuranceFundFirst() public {
        _seedFund(1000e6);
        assertEq(vault.insuranceFund(), 1000e6, "fund topped up");
        _fund(alice, 100e6);
        _fund(carol, 10_000e6);
        _expireAndFix(10e18, 2150.5e18); // alice owes 1505: 100 from her, 1000 from the fund, 405 socialized
        vm.expectEmit();
        emit IOptionVault.InsuranceCover(alice, address(0), 1000e6);
        vm.expectEmit();
        emit IOptionVault.BadDebt(alice, 405e6);
        vault.settle(alice, callId);
        assertEq(vault.insuranceFund(), 0, "fund paid all it had");
        assertEq(vault.badDebtOf(alice), 405e6, "bad debt after the fund");
        assertEq(vault.settle(bob, callId), 1505e6, "bob paid in full");
        (,,, int256 net) = vault.settlementOf(callId);
        assertEq(net, 0, "square");
    }

    function test_settle_shortfallFullyCoveredByFundSocializesNothing() public {
        _seedFund(5000e6);
        _fund(alice, 100e6);
        _expireAndFix(10e18, 2150.5e18);
        vault.settle(alice, callId);
        assertEq(vault.insuranceFund(), 3595e6, "fund paid 1405");
        assertEq(vault.totalBadDebt(), 0, "no bad debt");
        assertEq(vault.collateralIndex(), vault.RAY(), "index untouched");
        vault.settle(bob, callId);
        _assertIdentity();
    }

    /// Anyone tops up the fund with depositFor(address(vault), x); it is the vault's own account.
    function test_insuranceFund_isTheVaultsOwnAccount() public {
        assertEq(vault.insuranceFund(), 0, "empty");
        token.mint(alice, 7e6);
        vm.startPrank(alice);
        token.approve(address(vault), 7e6);
        vault.depositFor(address(vault), 7e6);
        vm.stopPrank();
        assertEq(vault.insuranceFund(), 7e6, "alice topped it up");
        assertEq(vault.collateralOf(address(vault)), 7e6, "the vault's own account");
        assertEq(vault.collateralOf(alice), 0, "not credited to the payer");
    }

    function test_settle_sweepsOnlyWhenBothSidesAreClosed() public {
        _fund(alice, 10e6);
        _fund(carol, 10e6);
        _trade(CAROL_PK, bob, callId, false, 4e11, 0); // carol short 0.4e-6 contracts
        _expireAndFix(4e11, 2001e18); // alice short the same; bob long 8e11; payoff 1 token per contract
        vault.settle(bob, callId); // floor(0.8 units) = 0
        assertEq(vault.settle(alice, callId), 1, "ceil(0.4 units)");
        (,,, int256 net) = vault.settlementOf(callId);
        assertEq(net, 1, "no sweep while a short is open");
        assertEq(vault.protocolFees(), 0, "fees untouched");
        vm.expectEmit();
        emit IOptionVault.SweepSettlement(callId, 2);
        vault.settle(carol, callId);
        assertEq(vault.protocolFees(), 2, "remainder swept once");
        _assertIdentity();
    }

    function test_settle_outOfTheMoneyMovesNothing() public {
        _fund(alice, 100e6);
        _expireAndFix(10e18, 1999e18);
        assertEq(vault.settle(alice, callId), 0, "short pays nothing");
        assertEq(vault.settle(bob, callId), 0, "long receives nothing");
        assertEq(vault.collateralOf(alice), 100e6, "unchanged");
    }

    function test_settle_unblocksWithdraw() public {
        _fund(alice, 2000e6);
        _expireAndFix(1e18, 2100e18);
        vault.settle(alice, callId);
        vm.prank(alice);
        vault.withdraw(1900e6, alice);
        assertEq(token.balanceOf(alice), 1900e6, "withdrawn");
    }

    function testFuzz_settle_conservesValue(uint256 size, uint256 price, uint8 decimals, bool longFirst) public {
        decimals = uint8(decimals % 19);
        _deploy(decimals);
        size = 1 + size % 1e24;
        price = 1e9 + price % 1e24;
        _fund(alice, 1e36);
        _fund(bob, 1e36);
        _expireAndFix(size, price);
        if (longFirst) vault.settle(bob, callId);
        uint256 paid = vault.settle(alice, callId);
        if (!longFirst) vault.settle(bob, callId);
        uint256 received = vault.collateralOf(bob) - 1e36;
        assertEq(1e36 - vault.collateralOf(alice), paid, "short paid its amount");
        assertTrue(received <= paid && paid - received <= 1, "at most one unit of rounding");
        assertEq(vault.protocolFees(), paid - received, "remainder to fees");
        _assertIdentity();
    }

    // ------------------------------------------------------------ fees

    function _withFees() internal {
        _fund(alice, 1000e6);
        _expireAndFix(333_333_333_333_333_333, 2150.5e18);
        vault.settle(alice, callId);
        vault.settle(bob, callId);
    }

    function test_withdrawFees_sendsAndEmits() public {
        _withFees();
        vm.expectEmit();
        emit IOptionVault.WithdrawFees(carol, 1);
        vault.withdrawFees(carol, 1);
        assertEq(token.balanceOf(carol), 1, "received");
        assertEq(vault.protocolFees(), 0, "fees left");
        _assertIdentity();
    }

    function test_withdrawFees_revertsAboveBalance() public {
        _withFees();
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InsufficientFees.selector, 1, 2));
        vault.withdrawFees(carol, 2);
    }

    function test_withdrawFees_revertsOnZeroInputs() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vault.withdrawFees(address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAmount.selector));
        vault.withdrawFees(carol, 0);
    }

    function test_withdrawFees_revertsForUnauthorized() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, alice));
        vm.prank(alice);
        vault.withdrawFees(alice, 1);
    }
}
