// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {LiquidationLib} from "../../../contracts/libraries/LiquidationLib.sol";
import {MockLiquidationCallee} from "../../../contracts/mocks/MockLiquidationCallee.sol";
import {MockReentrantLiquidationCallee} from "../../../contracts/mocks/MockReentrantLiquidationCallee.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice Auction life on the real vault, margin engine and oracle hub: start, bids per tier,
/// just-enough sizing, riskiest-first order, end, reset, guards, stop levels, insolvency, callbacks.
contract LiquidationEngineTest is LiquidationTestBase {
    function setUp() public override {
        super.setUp();
        _aliceSells(call2000, 10e18, 4000e6);
    }

    /// @dev The engine's quote parameters now, as the engine builds them.
    function _qp(uint256 discountWad, uint256 capWad) internal view returns (IMarginEngine.QuoteParams memory qp) {
        ILiquidationEngine.Tier[] memory t = _defaults().tiers;
        qp.targetRatioWad = _defaults().targetRatioWad;
        qp.discountWad = discountWad;
        qp.bidCapWad = capWad;
        qp.minSizeWad = _defaults().minSizeWad;
        qp.tierRatiosWad = new uint256[](t.length);
        qp.tierSharesWad = new uint256[](t.length);
        for (uint256 i; i < t.length; ++i) {
            (qp.tierRatiosWad[i], qp.tierSharesWad[i]) = (t[i].ratioWad, t[i].shareWad);
        }
    }

    function _quote(address account, uint256 capWad) internal view returns (IMarginEngine.Quote memory) {
        return _liquidationQuote(account, _qp(liqLens.auctionStatus(account).discountWad, capWad));
    }

    // ================================================================ start

    function test_start_revertsForHealthyAccount() public {
        uint256 r = _ratio(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotLiquidatable.selector, alice, r, 1.05e18));
        liq.start(alice);
    }

    function test_start_tier1_emitsFlagsVaultAndCountsNotional() public {
        _pushRatioBelow(alice, 1.05e18);
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        assertTrue(st.canStart, "canStart");
        assertEq(st.tier, 1, "tier 1");
        IMarginEngine.Quote memory q = _liquidationQuote(alice, _qp(0.01e18, 0));
        vm.expectEmit();
        emit ILiquidationEngine.StartAuction(
            alice, 1, keeper, call2000, q.ratioWad, 1, q.markPriceWad, q.notionalWad, 0
        );
        uint256 id = _start(alice);
        assertEq(id, 1, "first id");
        assertTrue(vault.isUnderAuction(alice), "vault flag");
        assertTrue(vault.isUnderAuction(alice), "engine flag");
        (, uint256 dirt) = liq.hole();
        assertEq(dirt, q.notionalWad, "dirt");
        st = _status(alice);
        assertTrue(st.active && !st.canStart, "active");
        assertEq(st.seriesId, call2000, "lot");
        assertTrue(st.lotIsShort, "short lot");
        assertEq(st.discountWad, 0.01e18, "start discount");
        assertEq(st.startedAt, block.timestamp, "startedAt");
    }

    function test_start_tiers2And3AndInsolvent() public {
        _pushRatioBelow(alice, 1.02e18);
        assertEq(_status(alice).tier, 2, "tier 2");
        _pushRatioBelow(alice, 1e18);
        assertEq(_status(alice).tier, 3, "tier 3");
        _setSpot(6000e18);
        assertEq(_status(alice).tier, type(uint256).max, "insolvent");
        assertEq(_status(alice).maxSizeWad, 10e18, "whole lot for sale");
    }

    function test_start_revertsWhenActive() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.AuctionActive.selector, alice, 1));
        liq.start(alice);
    }

    /// @dev The cool-off stops open-and-liquidate in one block: a fill that meets initial margin (it may
    /// add risk) starts it.
    function test_start_revertsInCoolOffBlockAfterAFillAtInitialMargin() public {
        // dave opens a short at initial margin in this block, then the price moves in the same block
        _fund(dave, 1_000_000e6);
        _trade(BOB_PK, dave, call2000, true, 10e18, lens.markPrice(call2000) / 1e12);
        (int256 e,, uint256 im) = lens.accountMarginIgnoringSequencer(dave);
        vm.prank(dave);
        vault.withdraw(uint256(e - int256(im)) / 1e12 - 1, dave);
        assertEq(vault.lastTradeBlock(dave), block.number, "a fill at initial margin starts the cool-off");
        _pushRatioBelow(dave, 1.01e18);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.CoolOff.selector, dave, block.number));
        liq.start(dave);
        assertTrue(!_status(dave).canStart, "no canStart in cool-off");
        vm.roll(block.number + 1);
        _start(dave);
    }

    /// @dev Issue 10 item 5: an unsafe account's owner cannot delay its own liquidation by placing a tiny
    /// risk-reducing fill first in every block — such a fill does not start the cool-off.
    function test_start_notDelayedByOwnersRiskReducingFills() public {
        _pushRatioBelow(alice, 0.85e18);
        uint256 before = vault.lastTradeBlock(alice);
        for (uint256 k; k < 3; ++k) {
            vm.roll(block.number + 1);
            // alice buys back a sliver (below initial margin: admitted only because it reduces risk)
            _trade(BOB_PK, alice, call2000, false, 0.001e18, lens.markPrice(call2000) / 1e12 + 1);
            assertEq(vault.lastTradeBlock(alice), before, "a risk-reducing fill does not start the cool-off");
            assertTrue(_status(alice).canStart, "startable in the block of the owner's fill");
        }
        _start(alice);
        assertTrue(vault.isUnderAuction(alice), "started in the same block as the owner's fill");
    }

    function test_start_revertsWhenHoleFull() public {
        _pushRatioBelow(alice, 1.05e18);
        liq.setHole(1e18);
        uint256 notional = _liquidationQuote(alice, _qp(0.01e18, 0)).notionalWad;
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.HoleExceeded.selector, 0, notional, 1e18));
        liq.start(alice);
    }

    function test_start_paysCappedTipFromAccount() public {
        _setTip(5e6, 0.001e18, 20e6);
        _pushRatioBelow(alice, 1.05e18);
        IMarginEngine.Quote memory q = _liquidationQuote(alice, _qp(0.01e18, 0));
        // tip = min(5 + 0.1% × notional, 20) USDC
        uint256 expected = 5e6 + q.notionalWad / 1000 / 1e12;
        if (expected > 20e6) expected = 20e6;
        uint256 before = vault.collateralOf(alice);
        _start(alice);
        assertEq(vault.collateralOf(keeper), expected, "tip to keeper");
        assertEq(before - vault.collateralOf(alice), expected, "tip from alice");
    }

    function test_start_noTipForDustLot() public {
        _setTip(5e6, 0, 20e6);
        _setMinSize(11e18);
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        assertEq(vault.collateralOf(keeper), 0, "no tip");
    }

    function test_start_stopLevel1() public {
        _pushRatioBelow(alice, 1.05e18);
        liq.setStopped(1);
        assertTrue(!_status(alice).canStart, "canStart off");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.Stopped.selector, 1));
        liq.start(alice);
    }

    // ================================================================ startAndBid

    function test_startAndBid_startsAndTakesTheStatusSizeInOneTransaction() public {
        _pushRatioBelow(alice, 1.04e18);
        _setTip(1e6, 0, 5e6); // flat 1 USDC
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        assertTrue(st.canStart && st.maxSizeWad > 0, "startable, size offered");
        IMarginEngine.Quote memory q = _liquidationQuote(alice, _qp(0.01e18, 0));
        uint256 c0 = vault.collateralOf(carol);
        _nextLot = _lot(alice);
        vm.expectEmit();
        emit ILiquidationEngine.StartAuction(alice, 1, carol, call2000, q.ratioWad, q.tier, q.markPriceWad, q.notionalWad, 1e6);
        vm.prank(carol);
        (uint256 id, uint256 sold) = liq.startAndBid(alice, _nextLot, type(uint256).max, 0, address(0), "");
        assertEq(id, 1, "auction id");
        // the tip leaves the account first, so just enough is a little more than the status said
        assertTrue(sold >= st.maxSizeWad && sold < st.maxSizeWad * 101 / 100, "about the status' size at the start discount");
        assertEq(vault.positionOf(carol, call2000), -int256(sold), "bidder took the slice");
        assertTrue(vault.collateralOf(carol) > c0 + 1e6, "tip and the slice's price");
        assertTrue(_ratio(alice) >= 1.1e18 && !vault.isUnderAuction(alice), "recovered and closed in the same transaction");
    }

    function test_startAndBid_revertsAsStartAndBidWould() public {
        uint256 r = _ratio(alice);
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotLiquidatable.selector, alice, r, 1.05e18));
        vm.prank(carol);
        liq.startAndBid(alice, _nextLot, 1e18, 0, address(0), "");

        _pushRatioBelow(alice, 1.04e18);
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        // a price limit above what a short lot pays: nothing happens, not even the start
        _nextLot = _lot(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.PriceLimitExceeded.selector, _bidPrice(alice, st.maxSizeWad), st.bidPriceWad * 2, true)
        );
        vm.prank(carol);
        liq.startAndBid(alice, _nextLot, st.maxSizeWad, st.bidPriceWad * 2, address(0), "");
        assertTrue(!vault.isUnderAuction(alice), "not started");

        liq.setStopped(3);
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.Stopped.selector, 3));
        vm.prank(carol);
        liq.startAndBid(alice, _nextLot, 1e18, 0, address(0), "");
        liq.setStopped(0);

        _nextLot = _lot(alice);
        vm.prank(carol);
        liq.startAndBid(alice, _nextLot, 1e15, 0, address(0), "");
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.AuctionActive.selector, alice, 1));
        vm.prank(carol);
        liq.startAndBid(alice, _nextLot, 1e15, 0, address(0), "");
    }

    /// @dev Price per option a bid of `size` on the account's short lot pays the bidder now.
    function _bidPrice(address account, uint256 size) internal view returns (uint256) {
        IMarginEngine.Quote memory q = _liquidationQuote(account, _qp(0.01e18, size));
        return LiquidationLib.settle(true, q.sizeWad, q.markPriceWad, q.accountCash, _defaults().fundShareWad, vault.collateralOf(account), 1e12)
            .priceWad;
    }

    // ================================================================ vault hooks

    function test_vault_blocksWithdrawAndRiskAddingFillsUnderAuction() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.UnderAuction.selector, alice));
        vm.prank(alice);
        vault.withdraw(1, alice);
        // selling more calls adds risk
        _tradeOrRevert(
            BOB_PK,
            alice,
            call2200,
            true,
            1e18,
            lens.markPrice(call2200) / 1e12,
            abi.encodeWithSelector(IOptionVault.UnderAuction.selector, alice)
        );
        // deposits and risk-reducing fills are fine: buy back one call
        _fund(alice, 100e6);
        _trade(BOB_PK, alice, call2000, false, 1e18, lens.markPrice(call2000) / 1e12);
        assertEq(vault.positionOf(alice, call2000), -9e18, "bought back");
    }

    // ================================================================ bids

    function test_bid_tier1_takesAtMostTenPercentAndConservesValue() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        IMarginEngine.Quote memory q = _quote(alice, type(uint256).max);
        uint256 a0 = vault.collateralOf(alice);
        uint256 c0 = vault.collateralOf(carol);
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertEq(sold, q.sizeWad, "sold the max");
        assertLe(sold, 1e18, "10% of 10");
        assertEq(vault.positionOf(carol, call2000), -int256(sold), "carol short");
        assertEq(vault.positionOf(alice, call2000), -10e18 + int256(sold), "alice reduced");
        assertGe(_ratio(alice), q.ratioWad, "ratio not lower");
        assertEq(_ratio(alice), q.ratioAfterWad, "quote's ratio after is exact");
        // value: alice paid A; carol got A − F; the fund got F; F = ⌈20% × penalty⌉
        uint256 paid = a0 - vault.collateralOf(alice);
        assertEq(paid, q.accountCash, "account cash");
        uint256 fund = vault.insuranceFund();
        assertEq(vault.collateralOf(carol) - c0 + fund, paid, "conserved");
        uint256 value = sold * q.markPriceWad / 1e30;
        assertEq(fund, ((paid - value) * 0.2e18 + 1e18 - 1) / 1e18, "fund share rounded up");
    }

    function test_bid_clipsToMaxInsteadOfReverting() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        uint256 maxSize = _status(alice).maxSizeWad;
        uint256 sold = _bid(carol, alice, 100e18);
        assertEq(sold, maxSize, "clipped");
    }

    function test_bid_tier2_takesAtMostQuarter() public {
        _pushRatioBelow(alice, 1.02e18);
        _start(alice);
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertLe(sold, 2.5e18, "25%");
        assertTrue(sold > 1e18 || _ratio(alice) >= 1.1e18, "more than tier 1 unless just enough");
    }

    function test_bid_tier3_justEnoughRestoresTargetAndEnds() public {
        _pushRatioBelow(alice, 1e18);
        _start(alice);
        IMarginEngine.Quote memory q = _quote(alice, type(uint256).max);
        assertTrue(q.maxSizeWad < 10e18, "not the whole lot");
        uint256 lot = 10e18;
        uint256 tol = (lot + 999_999) / 1_000_000;
        IMarginEngine.Quote memory less = _quote(alice, q.maxSizeWad - tol);
        assertTrue(less.ratioAfterWad < 1.1e18, "tolerance less stays below target");
        vm.expectEmit();
        emit ILiquidationEngine.EndAuction(alice, 1, q.ratioAfterWad, ILiquidationEngine.EndReason.BidRestoredTarget);
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertEq(sold, q.maxSizeWad, "sold max");
        assertGe(_ratio(alice), 1.1e18, "target reached");
        assertEq(_ratio(alice), q.ratioAfterWad, "exact");
        assertTrue(!vault.isUnderAuction(alice) && !vault.isUnderAuction(alice), "ended");
        (, uint256 dirt) = liq.hole();
        assertEq(dirt, 0, "dirt released");
    }

    function test_bid_emitsBid() public {
        _pushRatioBelow(alice, 1.02e18);
        _start(alice);
        vm.warp(block.timestamp + 15 minutes);
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        IMarginEngine.Quote memory q = _quote(alice, 1e18);
        LiquidationLib.Settlement memory s = LiquidationLib.settle(
            true, q.sizeWad, q.markPriceWad, q.accountCash, 0.2e18, vault.collateralOf(alice), 1e12
        );
        _nextLot = _lot(alice);
        vm.expectEmit();
        emit ILiquidationEngine.Bid(
            alice, 1, carol, call2000, q.sizeWad, s.priceWad, st.discountWad, q.ratioWad, q.ratioAfterWad, q.accountCash, s.fundShare
        );
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, 1e18, 0, address(0), "");
    }

    function test_bid_twoBiddersSameBlock() public {
        _pushRatioBelow(alice, 1e18);
        _start(alice);
        uint256 s1 = _bid(carol, alice, 0.2e18);
        uint256 s2 = _bid(dave, alice, 0.2e18);
        assertEq(s1, 0.2e18, "first");
        assertEq(s2, 0.2e18, "second");
        assertEq(vault.positionOf(alice, call2000), -9.6e18, "both sold");
        assertEq(vault.positionOf(dave, call2000), -0.2e18, "dave");
    }

    function test_bid_revertsOnPriceLimit() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        IMarginEngine.Quote memory q = _quote(alice, 0.5e18);
        LiquidationLib.Settlement memory s = LiquidationLib.settle(
            true, q.sizeWad, q.markPriceWad, q.accountCash, 0.2e18, vault.collateralOf(alice), 1e12
        );
        _nextLot = _lot(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.PriceLimitExceeded.selector, s.priceWad, s.priceWad + 1, true)
        );
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, 0.5e18, s.priceWad + 1, address(0), "");
        _nextLot = _lot(alice);
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, 0.5e18, s.priceWad, address(0), "");
    }

    function test_bid_revertsOnStaleAuctionAndInactive() public {
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.AuctionNotActive.selector, alice));
        vm.prank(carol);
        liq.bid(alice, 0, _nextLot, 1e18, 0, address(0), "");
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.StaleAuction.selector, alice, 7, 1));
        vm.prank(carol);
        liq.bid(alice, 7, _nextLot, 1e18, 0, address(0), "");
    }

    function test_bid_revertsOnZeroSelfAndUnhealthyBidder() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.ZeroBid.selector));
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, 0, 0, address(0), "");
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.SelfBid.selector, alice));
        vm.prank(alice);
        liq.bid(alice, 1, _nextLot, 1e18, 0, address(0), "");
        // a bidder without collateral cannot carry a short call
        address poor = address(0xBEEF);
        IMarginEngine.Quote memory q = _quote(alice, 1e18);
        uint256 received = q.accountCash - LiquidationLib.settle(
            true, q.sizeWad, q.markPriceWad, q.accountCash, 0.2e18, vault.collateralOf(alice), 1e12
        ).fundShare;
        (int256 eq,, uint256 im) = _marginAfterTaking(poor, received, q.sizeWad);
        // the engine checks the quote's hypothetical (no call after the transfer), less 2 token units for
        // the share rounding of the bidder's cash moves
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.BidderUnhealthy.selector, poor, im, eq - 2e12));
        vm.prank(poor);
        liq.bid(alice, 1, _nextLot, 1e18, 0, address(0), "");
    }

    /// The bidder check reads the quote's hypothetical book (the bidder's positions with the slice, priced
    /// in the same call) instead of pricing the bidder again after the transfer: the bidder's margin after
    /// the bid is what the quote said, within the 2 token units the check deducts for share rounding.
    function testFuzz_bid_bidderCheckMatchesItsMarginAfter(uint256 ratioSeed, uint256 capSeed) public {
        _pushRatioBelow(alice, 0.92e18 + ratioSeed % 0.13e18);
        _start(alice);
        uint256 cap = 1e15 + capSeed % 10e18;
        IMarginEngine.QuoteParams memory qp = _qp(liqLens.auctionStatus(alice).discountWad, cap);
        qp.tierRatiosWad[0] = _defaults().targetRatioWad; // as the engine quotes a live auction
        qp.bidder = carol;
        IMarginEngine.Quote memory q = _liquidationQuote(alice, qp);
        vm.assume(q.sizeWad != 0 && q.equityWad > 0);
        LiquidationLib.Settlement memory s = LiquidationLib.settle(
            true, q.sizeWad, q.markPriceWad, q.accountCash, _defaults().fundShareWad, vault.collateralOf(alice), 1e12
        );
        (int256 eqBefore,,) = lens.accountMarginIgnoringSequencer(carol);
        _nextLot = _lot(alice);
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, cap, 0, address(0), "");
        (int256 eq,, uint256 im) = lens.accountMarginIgnoringSequencer(carol);
        assertEq(im, q.bidderInitialWad, "initial requirement as quoted");
        int256 expected = q.bidderEquityWad + int256(s.toBidder * 1e12);
        assertTrue(eq + 2e12 >= expected && eq <= expected + 2e12, "equity as quoted, within 2 units");
        assertTrue(eq != eqBefore, "the bid changed the bidder's book");
    }

    /// @dev Margin of an empty account after receiving `cash` and a short of `size` call2000.
    function _marginAfterTaking(address who, uint256 cash, uint256 size)
        internal
        view
        returns (int256 eq, uint256 mm, uint256 im)
    {
        (eq, mm, im,) = lens.marginWithTrade(who, call2000, -int256(size));
        eq += int256(cash * 1e12);
    }

    function test_bid_stopLevel3() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        liq.setStopped(3);
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.Stopped.selector, 3));
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, 1e18, 0, address(0), "");
    }

    function test_bid_openAuctionBelowTargetKeepsFirstTier() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        _fund(alice, 150e6); // back between the first threshold and the target: still in liquidation
        uint256 r = _ratio(alice);
        assertTrue(r >= 1.05e18 && r < 1.1e18, "between threshold and target");
        uint256 maxSize = _status(alice).maxSizeWad;
        assertTrue(maxSize != 0, "the first tier's share is still for sale");
        assertLe(maxSize, 1e18, "at most 10% of 10");
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertEq(sold, maxSize, "sold the max");
        assertGe(_ratio(alice), r, "ratio not lower");
    }

    function test_bid_nothingAtOrAboveTarget() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        _fund(alice, 5_000e6); // back above the target: out of liquidation, only `end` remains
        uint256 r = _ratio(alice);
        assertTrue(r >= 1.1e18, "above target");
        assertEq(_status(alice).maxSizeWad, 0, "nothing for sale");
        _nextLot = _lot(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotLiquidatable.selector, alice, r, 1.05e18));
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, 1e18, 0, address(0), "");
    }

    function test_bid_dustRemainderSoldWholeAndNotLeft() public {
        _pushRatioBelow(alice, 1e18);
        _start(alice);
        uint256 maxSize = _status(alice).maxSizeWad;
        _setMinSize(10e18 - maxSize + 1); // the remainder after a max bid would be dust
        assertEq(_status(alice).maxSizeWad, 10e18, "dust rounded up to the lot");
        // a bid that would leave dust is lowered to leave exactly the minimum
        uint256 sold = _bid(carol, alice, 9.999e18);
        assertEq(sold, maxSize - 1, "leaves the minimum");
    }

    // ================================================================ riskiest first

    function test_bid_riskiestFirstThenNext() public {
        // alice also sells 2 puts 1800: the larger short call is the lot first
        _trade(BOB_PK, alice, put1800, true, 2e18, lens.markPrice(put1800) / 1e12);
        vm.roll(block.number + 1);
        _setSpot(3000e18);
        assertEq(_status(alice).seriesId, call2000, "call first");
        _start(alice);
        _setTiers(_oneTier(1e18));
        // sell the whole call lot in insolvency-free tier slices until the put is next
        for (uint256 i; i < 20 && vault.positionOf(alice, call2000) != 0 && vault.isUnderAuction(alice); ++i) {
            _bid(carol, alice, type(uint256).max);
        }
        if (vault.isUnderAuction(alice) && vault.positionOf(alice, call2000) == 0) {
            assertEq(_status(alice).seriesId, put1800, "then the put");
        }
    }

    function _oneTier(uint256 share) internal pure returns (ILiquidationEngine.Tier[] memory t) {
        t = new ILiquidationEngine.Tier[](1);
        t[0] = ILiquidationEngine.Tier(1.05e18, uint64(share));
    }

    // ================================================================ end

    function test_end_revertsUntilRecoveredThenAnyoneEnds() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        uint256 r = _ratio(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotRecovered.selector, alice, r, 1.1e18));
        liq.end(alice);
        _setSpot(2000e18); // price recovers
        r = _ratio(alice);
        assertTrue(_status(alice).canEnd, "canEnd");
        vm.expectEmit();
        emit ILiquidationEngine.EndAuction(alice, 1, r, ILiquidationEngine.EndReason.Recovered);
        vm.prank(dave);
        liq.end(alice);
        assertTrue(!vault.isUnderAuction(alice), "unflagged");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.AuctionNotActive.selector, alice));
        liq.end(alice);
        vm.prank(alice);
        vault.withdraw(1, alice); // withdrawals work again
    }

    // ================================================================ reset

    function test_reset_afterTailWithNewId() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.ResetNotAllowed.selector, alice));
        liq.reset(alice);
        vm.warp(block.timestamp + 1 hours + 1);
        hub.setVol(ETH, expiry, 0.6e18);
        _setSpot(feedSpot());
        assertTrue(_status(alice).canReset, "canReset");
        uint256 mark = lens.markPrice(call2000);
        uint256 notional = _liquidationQuote(alice, _qp(0.01e18, 0)).notionalWad;
        vm.expectEmit();
        emit ILiquidationEngine.ResetAuction(alice, 2, 1, call2000, mark, notional);
        liq.reset(alice);
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        assertEq(st.auctionId, 2, "new id");
        assertEq(st.discountWad, 0.01e18, "curve restarted");
        assertEq(st.startedAt, block.timestamp, "restarted");
    }

    function feedSpot() internal view returns (uint256) {
        (, int256 answer,,,) = feed.latestRoundData();
        return uint256(answer) * 1e10;
    }

    function test_reset_afterCuspMove() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        _setSpot(feedSpot() * 13 / 10); // call mark moves > 20%
        liq.reset(alice);
        assertEq(_status(alice).auctionId, 2, "reset");
    }

    function test_reset_stopLevel2AndInactive() public {
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.AuctionNotActive.selector, alice));
        liq.reset(alice);
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        vm.warp(block.timestamp + 2 hours);
        liq.setStopped(2);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.Stopped.selector, 2));
        liq.reset(alice);
    }

    // ================================================================ discount

    function test_discount_growsLinearlyAndCaps() public {
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        assertEq(liqLens.discountOf(alice), 0.01e18, "start");
        vm.warp(block.timestamp + 15 minutes);
        assertEq(liqLens.discountOf(alice), 0.055e18, "half way");
        vm.warp(block.timestamp + 1 days);
        assertEq(liqLens.discountOf(alice), 0.1e18, "max");
    }

    // ================================================================ insolvency

    /// @dev Deposit `amount` [token decimals] into the insurance fund (the vault's own account).
    function _seedFund(uint256 amount) internal {
        token.mint(address(this), amount);
        token.approve(address(vault), type(uint256).max);
        vault.depositFor(address(vault), amount);
    }

    function test_bid_insolventFundedFundPaysBidder() public {
        _seedFund(100_000e6);
        _setSpot(4000e18);
        _start(alice);
        IMarginEngine.Quote memory q = _quote(alice, type(uint256).max);
        assertTrue(q.equityWad <= 0, "insolvent");
        assertEq(q.sizeWad, 10e18, "whole lot");
        uint256 coll = vault.collateralOf(alice);
        uint256 shortfall = q.accountCash - coll;
        // the engine closes the auction (effects), then the vault covers the shortfall from its fund
        vm.expectEmit(true, true, true, true, address(liq));
        emit ILiquidationEngine.EndAuction(alice, 1, type(uint256).max, ILiquidationEngine.EndReason.ClosedOut);
        vm.expectEmit(true, true, true, true, address(vault));
        emit IOptionVault.InsuranceCover(alice, carol, shortfall);
        uint256 c0 = vault.collateralOf(carol);
        _bid(carol, alice, type(uint256).max);
        assertEq(vault.collateralOf(carol) - c0, q.accountCash, "bidder paid in full");
        assertEq(vault.insuranceFund(), 100_000e6 - shortfall, "fund paid");
        assertEq(vault.collateralOf(alice), 0, "account emptied");
        assertEq(vault.totalBadDebt(), 0, "no bad debt");
        assertTrue(!vault.isUnderAuction(alice), "no positions left: ended");
    }

    /// An insolvent account's short lot with an empty fund: the loss socialized is the lot's fair value
    /// less what the account paid (never the penalty, which only the fund may pay), at most its deficit;
    /// the bidder receives the fair value.
    function test_bid_insolventEmptyFundRecordsBadDebt() public {
        _setSpot(4000e18);
        _start(alice);
        (int256 equity,,) = lens.accountMarginIgnoringSequencer(alice);
        IMarginEngine.Quote memory q = _quote(alice, type(uint256).max);
        uint256 coll = vault.collateralOf(alice);
        uint256 fair = q.sizeWad * q.markPriceWad / 1e18 / 1e12; // rounded down
        uint256 loss = fair - coll;
        assertLe(loss * 1e12, uint256(-equity), "socialized within the deficit at fair marks");
        assertLt(loss, q.accountCash - coll, "the penalty is not socialized");
        vm.expectEmit();
        emit IOptionVault.BadDebt(alice, loss);
        uint256 c0 = vault.collateralOf(carol);
        uint256 b0 = vault.collateralOf(bob);
        uint256 total = vault.totalCollateral();
        uint256 indexAfter = vault.RAY() * (total - loss) / total;
        _bid(carol, alice, type(uint256).max);
        assertEq(vault.badDebtOf(alice), loss, "recorded");
        assertEq(vault.totalBadDebt(), loss, "total");
        // socialized: every account's collateral fell by loss / total at once, the bidder got the fair value
        assertEq(vault.collateralIndex(), indexAfter, "index");
        assertEq(vault.collateralOf(bob), b0 * indexAfter / vault.RAY(), "bystander's pro-rata haircut");
        uint256 carolShares = c0 + coll + loss * vault.RAY() / indexAfter;
        assertEq(vault.collateralOf(carol), carolShares * indexAfter / vault.RAY(), "bidder credited the fair value");
        assertTrue(vault.totalCollateral() + 2 >= total && vault.totalCollateral() <= total, "claims unchanged: the loss moved from the account to all");
        assertEq(vault.collateralOf(alice), 0, "the account keeps nothing");
    }

    /// An insolvent auction whose deficit exceeds the insurance fund pauses every withdrawal until it
    /// closes: nobody can withdraw ahead of the loss that its bids will socialize.
    function test_pendingLoss_pausesWithdrawalsUntilTheInsolventAuctionCloses() public {
        _setSpot(4000e18);
        (int256 equity,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(equity < 0, "insolvent");
        uint256 deficit = (uint256(-equity) + 1e12 - 1) / 1e12;
        vm.expectEmit();
        emit IOptionVault.PendingLoss(alice, deficit, deficit, 0);
        _start(alice);
        (uint256 pending, bool paused) = vault.pendingLoss();
        assertEq(pending, deficit, "deficit of the auction, rounded up");
        assertTrue(paused && vault.withdrawalsPaused(), "paused: the fund is empty");
        assertTrue(liq.auctionOf(alice).insolvent, "flagged");
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalsPaused.selector, deficit, 0));
        vm.prank(bob);
        vault.withdraw(1e6, bob);
        // the bid closes the account out: the loss is realized (socialized) and withdrawals resume
        vm.expectEmit();
        emit IOptionVault.PendingLoss(alice, 0, 0, vault.insuranceFund());
        _bid(carol, alice, type(uint256).max);
        (pending, paused) = vault.pendingLoss();
        assertTrue(pending == 0 && !paused && !vault.withdrawalsPaused(), "resumed");
        uint256 b0 = vault.collateralOf(bob);
        vm.prank(bob);
        vault.withdraw(1e6, bob);
        // the remaining shares are rounded down (the protocol's favour): at most one unit below
        assertLe(vault.collateralOf(bob), b0 - 1e6, "withdrew after the loss landed");
        assertGe(vault.collateralOf(bob) + 1, b0 - 1e6, "within the share rounding");
    }

    function test_pendingLoss_coveredByTheFundDoesNotPause() public {
        _seedFund(100_000e6);
        _setSpot(4000e18);
        _start(alice);
        (uint256 pending, bool paused) = vault.pendingLoss();
        assertTrue(pending > 0 && !paused, "tracked, not paused: the fund covers it");
        vm.prank(bob);
        vault.withdraw(1e6, bob);
        _bid(carol, alice, type(uint256).max);
        (pending,) = vault.pendingLoss();
        assertEq(pending, 0, "closed out: nothing pending");
    }

    function test_vault_setDeficitAndCoverLossOnlyLiquidator() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, bob));
        vm.prank(bob);
        vault.setDeficit(alice, 5e6);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, bob));
        vm.prank(bob);
        vault.coverLoss(alice, bob, 5e6);
        // a pending loss above the (empty) fund pauses withdrawals, live
        vm.expectEmit();
        emit IOptionVault.PendingLoss(alice, 5e6, 5e6, 0);
        vm.prank(address(liq));
        vault.setDeficit(alice, 5e6);
        assertTrue(vault.withdrawalsPaused(), "paused: pending 5 > fund 0");
        assertEq(vault.deficitOf(alice), 5e6, "deficit");
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.WithdrawalsPaused.selector, 5e6, 0));
        vm.prank(bob);
        vault.withdraw(1e6, bob);
        // topping up the fund to the pending loss lifts the pause without any setter
        _seedFund(5e6);
        assertEq(vault.insuranceFund(), 5e6, "fund topped up by depositFor(vault)");
        assertTrue(!vault.withdrawalsPaused(), "covered: pending 5 <= fund 5");
        vm.prank(address(liq));
        vault.setDeficit(alice, 0);
        (uint256 pending, bool paused) = vault.pendingLoss();
        assertTrue(pending == 0 && !paused, "cleared");
    }

    /// @dev eve: long 10 of `longId`, short 12 calls 2200, no cash (drained, as a loss elsewhere would),
    /// the margin stressed until she is solvent but below maintenance.
    function _cashlessBook(uint256 longId) internal returns (address eve) {
        eve = _drainedBook(longId, 10e18, 12e18);
        (int256 equity,,) = lens.accountMarginIgnoringSequencer(eve);
        assertTrue(equity > 0 && _ratio(eve) < 1e18, "solvent, below maintenance, no cash");
    }

    /// @dev eve: long `longWad` of `longId`, short `shortWad` calls 2200, her cash drained and the margin
    /// stressed (h 50%, v 2.0).
    function _drainedBook(uint256 longId, uint256 longWad, uint256 shortWad) internal returns (address eve) {
        eve = vm.addr(0xE5E);
        _fund(eve, 200_000e6);
        _trade(BOB_PK, eve, longId, false, longWad, lens.markPrice(longId) / 1e12 + 1);
        _trade(BOB_PK, eve, call2200, true, shortWad, lens.markPrice(call2200) / 1e12);
        vm.roll(block.number + 1);
        uint256 cash = vault.collateralOf(eve);
        vm.prank(address(liq));
        vault.moveCollateral(eve, bob, cash);
        margin.setRiskParams(ETH, 0.5e18, 2e18, 0.5e18, 1.3e18);
    }

    /// A solvent account with no cash whose riskiest position is an unhedged short (a risk reversal: its
    /// long is a put): the lot is its long (sold to raise the cash), then the short is bought back with it.
    function test_bid_cashConstrainedShortSellsTheLongFirst() public {
        address eve = _cashlessBook(put2000);
        IMarginEngine.Quote memory q = _quote(eve, type(uint256).max);
        assertTrue(q.raisesCash && q.seriesId == put2000 && q.positionWad > 0 && q.pairSeriesId == 0, "the long is the lot");
        assertTrue(q.sizeWad > 0 && q.sizeWad < 10e18, "only what pays for the short");

        _start(eve);
        uint256 sold = _bid(carol, eve, type(uint256).max);
        assertEq(sold, q.sizeWad, "sold the cash lot");
        assertTrue(vault.collateralOf(eve) > 0, "cash raised");
        // next: the short, which the cash now buys back
        ILiquidationEngine.AuctionStatus memory st = _status(eve);
        assertTrue(st.lotIsShort && st.seriesId == call2200 && st.maxSizeWad > 0, "the short is for sale");
        _bid(carol, eve, type(uint256).max);
        assertTrue(vault.positionOf(eve, call2200) > -12e18, "short reduced");
    }

    /// The same cashless account whose short is hedged (a bull call spread and 2 naked calls): the short
    /// and its hedge are sold together in proportion, as one unit that the bidder takes whole — never the
    /// hedge first. The unit (short 2200C less 10/12 of a 2000C) is worth more than nothing, so the bidder
    /// pays; the ratio rises and the rest of the book keeps its 10 : 12 legs.
    function test_bid_hedgedShortSoldWithItsHedgeAsOneUnit() public {
        address eve = _cashlessBook(call2000);
        IMarginEngine.Quote memory q = _quote(eve, type(uint256).max);
        assertTrue(q.seriesId == call2200 && q.positionWad == -12e18 && q.pairSeriesId == call2000, "the short with its hedge");
        assertTrue(!q.raisesCash && !q.accountPays, "not a cash lot; the unit is worth more than nothing");
        assertEq(q.pairSizeWad, q.sizeWad * 10 / 12, "hedge in proportion, rounded down");
        assertEq(q.unitMarkWad, lens.markPrice(call2000) * 10 / 12 - lens.markPrice(call2200), "unit mark: hedge share less the short");

        _start(eve);
        ILiquidationEngine.AuctionStatus memory st = _status(eve);
        assertTrue(!st.lotIsShort && st.pairSeriesId == call2000 && st.markPriceWad == q.unitMarkWad, "status names the unit");
        assertEq(st.pairSizeWad, st.maxSizeWad * 10 / 12, "status: hedge with the max size");
        // naming the short alone (the lot before combined lots) is another lot
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.UnexpectedLot.selector, eve, -int256(call2200), int256(call2200 | call2000 << 32))
        );
        vm.prank(carol);
        liq.bid(eve, st.auctionId, -int256(call2200), type(uint256).max, type(uint256).max, address(0), "");
        _checkUnitBid(eve, st);
    }

    /// @dev carol takes the whole of `st` (a combined lot of eve's short 2200C with her 2000C hedge).
    function _checkUnitBid(address eve, ILiquidationEngine.AuctionStatus memory st) internal {
        uint256 ratioBefore = _ratio(eve);
        uint256 carolCash = vault.collateralOf(carol);
        uint256 hedge = st.maxSizeWad * 10 / 12;
        vm.expectEmit();
        emit ILiquidationEngine.BidHedge(eve, st.auctionId, call2000, hedge);
        assertEq(_bid(carol, eve, type(uint256).max), st.maxSizeWad, "sold the status' size");
        assertTrue(_ratio(eve) >= ratioBefore, "the ratio did not fall");
        assertEq(vault.positionOf(eve, call2200), -12e18 + int256(st.maxSizeWad), "short reduced by the size");
        assertEq(vault.positionOf(eve, call2000), 10e18 - int256(hedge), "hedge reduced in proportion");
        // the legs keep their ratio: long / short >= 10 / 12, within one wei of it
        uint256 longLeft = uint256(vault.positionOf(eve, call2000));
        uint256 shortLeft = uint256(-vault.positionOf(eve, call2200));
        assertTrue(longLeft * 12 >= shortLeft * 10 && (longLeft - 1) * 12 < shortLeft * 10, "leg ratio kept");
        assertEq(vault.positionOf(carol, call2200), -int256(st.maxSizeWad), "bidder took the short");
        assertEq(vault.positionOf(carol, call2000), int256(hedge), "and the hedge");
        assertTrue(vault.collateralOf(carol) < carolCash && vault.collateralOf(eve) > 0, "the bidder paid the account");
    }

    /// Cashless spreads of random sizes (a call spread whose long is worth more than its short, hedge
    /// 60–100% of the short): the lot is the short with its hedge; a maximum bid does not lower the
    /// ratio and leaves the legs in their ratio (the hedge left × short before ∈ [hedge before × short
    /// left, + short before)), and the bidder holds both legs in that proportion.
    function testFuzz_combinedLot_keepsTheHedgeAHedge(uint256 shortSeed, uint256 hedgeSeed) public {
        uint256 shortWad = 1e18 + shortSeed % 19e18;
        uint256 hedgeWad = shortWad * (60 + hedgeSeed % 41) / 100;
        address eve = _drainedBook(call2000, hedgeWad, shortWad);
        (int256 equity,,) = lens.accountMarginIgnoringSequencer(eve);
        uint256 ratioBefore = _ratio(eve);
        vm.assume(equity > 0 && ratioBefore < 1.05e18);
        _start(eve);
        ILiquidationEngine.AuctionStatus memory st = _status(eve);
        assertTrue(st.seriesId == call2200 && st.pairSeriesId == call2000, "the short with its hedge");
        assertTrue(st.maxSizeWad > 0, "a size is offered");
        _bid(carol, eve, type(uint256).max);
        assertGe(_ratio(eve), ratioBefore, "the ratio did not fall");
        uint256 shortLeft = uint256(-vault.positionOf(eve, call2200));
        uint256 hedgeLeft = uint256(vault.positionOf(eve, call2000));
        assertTrue(
            hedgeLeft * shortWad >= hedgeWad * shortLeft && hedgeLeft * shortWad < hedgeWad * shortLeft + shortWad, "legs keep their ratio"
        );
        uint256 sold = shortWad - shortLeft;
        assertEq(uint256(vault.positionOf(carol, call2000)), sold * hedgeWad / shortWad, "the bidder holds the hedge in proportion");
    }

    /// A put spread whose unit is a liability (short 10 2000P with 10 long 1800P, the short worth more): the
    /// account pays the bidder for the unit, the lot is named −(short | hedge << 32), a price limit above
    /// the unit's price reverts, and the bidder's margin is checked with both legs.
    function test_bid_combinedLotTheAccountPaysFor() public {
        address eve = vm.addr(0xE5E);
        _fund(eve, 100_000e6);
        _trade(BOB_PK, eve, put1800, false, 10e18, lens.markPrice(put1800) / 1e12 + 1);
        _trade(BOB_PK, eve, put2000, true, 10e18, lens.markPrice(put2000) / 1e12);
        vm.roll(block.number + 1);
        // a wide stress: the spread's requirement is its maximum loss (where selling it as one unit frees
        // more than buying back the short alone, which also costs a penalty on the short's whole mark)
        margin.setRiskParams(ETH, 0.5e18, 2e18, 0.5e18, 1.3e18);
        // the ratio brought to 1.03 by moving collateral out (the requirement does not depend on it)
        (int256 equity, uint256 mm,) = lens.accountMarginIgnoringSequencer(eve);
        vm.prank(address(liq));
        vault.moveCollateral(eve, bob, (uint256(equity) - mm * 103 / 100) / 1e12 + 1);
        assertTrue(_ratio(eve) < 1.04e18 && _ratio(eve) > 1e18, "in the first tier");
        IMarginEngine.Quote memory q = _quote(eve, type(uint256).max);
        assertEq(q.seriesId, put2000, "the short put");
        assertEq(q.pairSeriesId, put1800, "with its hedge");
        assertTrue(q.accountPays, "a liability unit");
        assertEq(q.unitMarkWad, lens.markPrice(put2000) - lens.markPrice(put1800), "unit mark");
        _start(eve);
        ILiquidationEngine.AuctionStatus memory st = _status(eve);
        assertTrue(st.lotIsShort && st.maxSizeWad > 0, "the bidder is paid");
        int256 lot = -int256(put2000 | put1800 << 32);
        assertEq(_lot(eve), lot, "named with its hedge");
        vm.prank(carol);
        try liq.bid(eve, st.auctionId, lot, type(uint256).max, st.bidPriceWad + 1e15, address(0), "") {
            revert("a limit above the unit's price went through");
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), ILiquidationEngine.PriceLimitExceeded.selector, "price limit");
        }
        uint256 carolCash = vault.collateralOf(carol);
        uint256 eveCash = vault.collateralOf(eve);
        uint256 sold = _bid(carol, eve, type(uint256).max);
        assertTrue(sold > 0 && vault.positionOf(carol, put1800) == int256(sold), "the bidder holds a hedge per short");
        assertTrue(vault.collateralOf(carol) > carolCash && vault.collateralOf(eve) < eveCash, "the account paid the bidder");
        // a bidder without the margin for the spread it takes is refused after the transfer
        address poor = vm.addr(0xB00);
        _fund(poor, 1e6);
        st = _status(eve);
        if (st.active && st.maxSizeWad != 0) {
            _nextLot = _lot(eve);
            vm.prank(poor);
            try liq.bid(eve, st.auctionId, _nextLot, type(uint256).max, 0, address(0), "") {
                revert("a bidder without margin took the spread");
            } catch (bytes memory reason) {
                assertEq(bytes4(reason), ILiquidationEngine.BidderUnhealthy.selector, "bidder margin");
            }
        }
    }

    /// The frontend view: status, time to reset, and the account's updated liquidation prices.
    function test_auctionDetail_statusResetTimeAndLiquidationPrice() public {
        _pushRatioBelow(alice, 1.04e18);
        ILiquidationEngine.AuctionDetail memory d = liqLens.auctionDetail(alice);
        assertTrue(!d.status.active && d.status.canStart, "not started yet");
        assertEq(d.resetInSec, 0, "no live auction");
        _start(alice);
        d = liqLens.auctionDetail(alice);
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        assertTrue(d.status.active && d.status.auctionId == st.auctionId && d.status.maxSizeWad == st.maxSizeWad, "status");
        uint256 tail = _defaults().tail;
        assertEq(d.resetInSec, tail + 1, "a full tail to go");
        assertTrue(d.underlying == ETH, "lot underlying");
        (uint256 down, uint256 up) = lens.liquidationPrice(alice, ETH);
        assertEq(d.liquidationPriceDownWad, down, "down");
        assertEq(d.liquidationPriceUpWad, up, "up");
        vm.warp(block.timestamp + tail);
        assertEq(liqLens.auctionDetail(alice).resetInSec, 1, "one second left");
        vm.warp(block.timestamp + 1);
        assertEq(liqLens.auctionDetail(alice).resetInSec, 0, "resettable");
        assertTrue(liqLens.auctionStatus(alice).canReset, "status agrees");
    }

    // ================================================================ callbacks

    function test_bid_callbackShortLot() public {
        MockLiquidationCallee callee = new MockLiquidationCallee(IOptionVault(address(vault)), liq);
        token.mint(address(callee), 1_000_000e6);
        callee.depositOwn(1_000_000e6);
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        uint256 expected = _status(alice).maxSizeWad;
        if (expected > 0.5e18) expected = 0.5e18;
        _nextLot = _lot(alice);
        vm.prank(dave);
        uint256 sold = liq.bid(alice, 1, _nextLot, 0.5e18, 0, address(callee), "hi");
        assertEq(sold, expected, "sold");
        assertEq(callee.calls(), 1, "called");
        assertTrue(callee.lastCaller() == dave, "caller");
        assertEq(callee.lastSlice(), -int256(sold), "slice");
        assertEq(vault.positionOf(address(callee), call2000), -int256(sold), "callee holds");
        assertTrue(keccak256(callee.lastData()) == keccak256("hi"), "data");
    }

    function test_bid_callbackLongLotPaysAfterCallback() public {
        // eve holds 10 long puts and nothing else: a long-only book can lose at most its value, which its
        // equity holds, so it is never liquidatable, whatever the vol shock
        address eve = vm.addr(0xE5E);
        _fund(eve, 3000e6);
        _trade(BOB_PK, eve, put2000, false, 10e18, lens.markPrice(put2000) / 1e12 + 1);
        vm.roll(block.number + 1);
        margin.setRiskParams(ETH, 0.15e18, 2e18, 0.03e18, 1.3e18);
        assertTrue(!_status(eve).canStart, "a long-only book is not liquidatable");
        // with 0.2 naked short calls next to them (no max-loss cap) the long puts, needing their value, are
        // the riskiest: a long lot
        margin.setRiskParams(ETH, 0.15e18, 0.3e18, 0.03e18, 1.3e18);
        _trade(BOB_PK, eve, call2200, true, 0.2e18, lens.markPrice(call2200) / 1e12);
        vm.roll(block.number + 1);
        margin.setRiskParams(ETH, 0.15e18, 2e18, 0.03e18, 1.3e18);
        // and her cash gone (as a loss elsewhere would take it): the puts' value no longer covers what they
        // need plus the calls' requirement
        uint256 cash = vault.collateralOf(eve);
        vm.prank(address(liq));
        vault.moveCollateral(eve, bob, cash);
        ILiquidationEngine.AuctionStatus memory st = _status(eve);
        assertTrue(st.canStart && !st.lotIsShort, "long lot, liquidatable");
        MockLiquidationCallee callee = new MockLiquidationCallee(IOptionVault(address(vault)), liq);
        token.mint(address(callee), 2_000_000e6);
        callee.depositOwn(1_000_000e6);
        vm.prank(keeper);
        liq.start(eve);
        uint256 e0 = vault.collateralOf(eve);
        _nextLot = _lot(eve);
        vm.prank(dave);
        uint256 sold = liq.bid(eve, 1, _nextLot, 1e18, type(uint256).max, address(callee), "");
        assertEq(vault.positionOf(address(callee), put2000), int256(sold), "callee long");
        assertEq(vault.positionOf(eve, put2000), 10e18 - int256(sold), "eve reduced");
        uint256 received = vault.collateralOf(eve) - e0;
        assertTrue(received > 0 && callee.lastAmount() >= received, "paid after the callback");
        assertEq(vault.insuranceFund(), callee.lastAmount() - received, "fund share from the bidder");
    }

    function test_bid_reentrancyImpossible() public {
        MockReentrantLiquidationCallee evil = new MockReentrantLiquidationCallee(liq);
        _pushRatioBelow(alice, 1.05e18);
        _start(alice);
        for (uint256 mode = 1; mode <= 4; ++mode) {
            evil.setMode(mode);
            _nextLot = _lot(alice);
            vm.expectRevert(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
            vm.prank(dave);
            liq.bid(alice, 1, _nextLot, 0.1e18, 0, address(evil), "");
        }
    }
}
