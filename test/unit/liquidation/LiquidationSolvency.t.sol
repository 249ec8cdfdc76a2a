// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {LiquidationLib} from "../../../contracts/libraries/LiquidationLib.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice Issue 10 items 1, 6, 9, 10: an insolvent account's assets pay before anything is socialized
/// (its longs are sold first, the socialized part of a short lot is at most its fair value less what the
/// account paid, and the account is closed out, keeping nothing); a bid names its lot; an account below
/// maintenance is always sellable; a live pending loss; the fund absorbs an unbid insolvent lot.
contract LiquidationSolvencyTest is LiquidationTestBase {
    uint256 internal put1900;
    uint256 internal put1700;

    function setUp() public override {
        super.setUp();
        put1900 = vault.listSeries(ETH, 1900e18, expiry, false);
        put1700 = vault.listSeries(ETH, 1700e18, expiry, false);
    }

    /// @dev The issue's book: short 20 puts K=1900, long 10 puts K=1700, funded to 1.2 × its initial
    /// requirement; then ETH crashes to 1,000.
    function _putSpreadCrash() internal returns (uint256 deficit) {
        _fund(alice, 100_000e6);
        _aliceBuys(put1700, 10e18);
        uint256 mark = lens.markPrice(put1900);
        // Alice sells 20 puts K=1900 with enough collateral for the trade
        _trade(BOB_PK, alice, put1900, true, 20e18, mark / 1e12);
        vm.roll(block.number + 1);
        (int256 e,, uint256 im) = lens.accountMarginIgnoringSequencer(alice);
        // withdraw down to 1.2 × IM
        uint256 excess = (uint256(e) - im * 12 / 10) / 1e12;
        vm.prank(alice);
        vault.withdraw(excess, alice);
        _setSpot(1000e18);
        vm.roll(block.number + 1);
        (e,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(e < 0, "insolvent after the crash");
        deficit = uint256(-e) / 1e12; // [token units], rounded down: the bound is checked against it
    }

    function _seedFund(uint256 amount) internal {
        token.mint(address(this), amount);
        token.approve(address(vault), type(uint256).max);
        vault.depositFor(address(vault), amount);
    }

    /// @dev Bid the whole offer until the auction closes (at most `n` bids).
    function _bidOut(uint256 n) internal returns (uint256 bids) {
        for (; bids < n && liq.auctionOf(alice).active; ++bids) {
            _bid(carol, alice, type(uint256).max);
        }
    }

    // ================================================================ item 1

    function test_insolvent_sellsTheLongFirst() public {
        _putSpreadCrash();
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        assertEq(st.seriesId, put1700, "the long is the lot");
        assertTrue(!st.lotIsShort, "a long");
        assertEq(st.tier, type(uint256).max, "insolvent tier");
        _start(alice);
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertEq(sold, 10e18, "the whole long at once");
        assertEq(vault.totalBadDebt(), 0, "nothing socialized while the account held its long");
        assertEq(vault.positionOf(alice, put1700), 0, "long sold");
    }

    /// The issue's case with an empty fund: the deficit is socialized once the long is applied, the
    /// account is closed out and keeps nothing, and what is socialized stays within the deficit at fair
    /// marks plus the discount on the long that no fund could pay.
    function test_insolvent_emptyFund_socializesAtMostTheDeficitAndClosesOut() public {
        uint256 deficit = _putSpreadCrash();
        uint256 longValue = 10 * lens.markPrice(put1700) / 1e12; // [token units]
        _start(alice);
        uint256 discount = liqLens.discountOf(alice);
        _bidOut(10);
        assertTrue(!liq.auctionOf(alice).active, "closed");
        assertEq(vault.positionOf(alice, put1900), 0, "short bought back");
        assertEq(vault.positionOf(alice, put1700), 0, "long sold");
        assertEq(vault.collateralOf(alice), 0, "the owner keeps nothing");
        uint256 socialized = vault.totalBadDebt();
        assertTrue(socialized > 0, "a loss was socialized");
        // the long's discount (rounded up, plus a unit of rounding per bid) is the only excess
        uint256 longPenalty = longValue * discount / 1e18 + 1;
        assertLe(socialized, deficit + longPenalty + 2, "at most the deficit plus the long's discount");
        (uint256 pending, bool paused) = vault.pendingLoss();
        assertTrue(pending == 0 && !paused, "nothing pending after the close-out");
    }

    /// With a fund that pays the discounts, the socialized loss is within the deficit at fair marks.
    function test_insolvent_smallFund_socializesAtMostTheDeficit() public {
        uint256 deficit = _putSpreadCrash();
        _seedFund(500e6);
        _start(alice);
        _bidOut(10);
        assertTrue(!liq.auctionOf(alice).active, "closed");
        assertEq(vault.collateralOf(alice), 0, "the owner keeps nothing");
        assertLe(vault.totalBadDebt(), deficit, "socialized <= deficit at fair marks");
        assertTrue(vault.totalBadDebt() > 0, "the fund was too small for all of it");
    }

    /// A short lot's bidder with an empty fund receives the fair value (the penalty is not socialized);
    /// with a price limit above it, the bid reverts.
    function test_insolvent_emptyFund_bidderPriceIsTheFairValue() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _setSpot(4000e18);
        _start(alice);
        IMarginEngine.Quote memory q = _liquidationQuote(alice, _qpAt(liqLens.discountOf(alice)));
        uint256 fairUnit = q.markPriceWad; // price per option the bidder can get at most
        _nextLot = _lot(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.PriceLimitExceeded.selector, _capPrice(q), fairUnit + 1e15, true)
        );
        vm.prank(carol);
        liq.bid(alice, 1, _nextLot, type(uint256).max, fairUnit + 1e15, address(0), "");
        assertLe(_capPrice(q), fairUnit, "at most the fair mark");
    }

    function _capPrice(IMarginEngine.Quote memory q) internal view returns (uint256) {
        LiquidationLib.Settlement memory s = LiquidationLib.settle(
            true, q.sizeWad, q.markPriceWad, q.accountCash, 0, vault.collateralOf(alice), 1e12
        );
        LiquidationLib.capShortfall(s, q.sizeWad, q.markPriceWad, vault.insuranceFund(), 1e12);
        return s.priceWad;
    }

    function _qpAt(uint256 discountWad) internal view returns (IMarginEngine.QuoteParams memory qp) {
        ILiquidationEngine.UnderlyingParams memory p = _defaults();
        qp.targetRatioWad = p.targetRatioWad;
        qp.discountWad = discountWad;
        qp.bidCapWad = type(uint256).max;
        qp.tierRatiosWad = new uint256[](p.tiers.length);
        qp.tierSharesWad = new uint256[](p.tiers.length);
        for (uint256 i; i < p.tiers.length; ++i) {
            (qp.tierRatiosWad[i], qp.tierSharesWad[i]) = (p.tiers[i].ratioWad, p.tiers[i].shareWad);
        }
        qp.tierRatiosWad[0] = p.targetRatioWad;
    }

    /// After a covered loss the auction is in close-out: a deposit that restores the ratio does not let it
    /// end (the owner cannot keep positions the depositors paid for).
    function test_closeOut_endOnlyWhenHoldingNothing() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _setSpot(4000e18);
        _start(alice);
        _bid(carol, alice, 6e18);
        assertTrue(liq.auctionOf(alice).closeOut, "close-out");
        assertTrue(vault.totalBadDebt() > 0, "socialized");
        _fund(alice, 1_000_000e6);
        assertTrue(_ratio(alice) > 1.1e18, "ratio restored by a deposit");
        vm.expectRevert(
            abi.encodeWithSelector(ILiquidationEngine.NotRecovered.selector, alice, _ratio(alice), type(uint256).max)
        );
        liq.end(alice);
        _bidOut(10);
        assertTrue(!liq.auctionOf(alice).active, "closed out by bids");
        assertEq(vault.positionOf(alice, call2000), 0, "nothing left");
    }

    // ================================================================ item 6

    function test_bid_revertsOnUnexpectedLot() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _pushRatioBelow(alice, 1.04e18);
        _start(alice);
        int256 live = -int256(call2000);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.UnexpectedLot.selector, alice, int256(call2000), live));
        vm.prank(carol);
        liq.bid(alice, 1, int256(call2000), 1e18, 0, address(0), "");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.UnexpectedLot.selector, alice, -int256(put2000), live));
        vm.prank(carol);
        liq.bid(alice, 1, -int256(put2000), 1e18, 0, address(0), "");
        vm.prank(carol);
        assertTrue(liq.bid(alice, 1, live, 1e18, 0, address(0), "") > 0, "the named lot sells");
    }

    /// The lot moves on under the same auction id (the first lot sold out): a bid priced on it reverts.
    function test_bid_lotChangedUnderTheSameAuction() public {
        _aliceSells(call2200, 1e18, 1000e6);
        _aliceSells(call2000, 10e18, 4500e6);
        _setSpot(3200e18);
        vm.roll(block.number + 1);
        (int256 e,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(e <= 0, "insolvent: whole lots");
        _start(alice);
        int256 first = _lot(alice);
        _bid(carol, alice, type(uint256).max);
        if (!liq.auctionOf(alice).active) return; // closed by the first lot: nothing more to show
        int256 next = _lot(alice);
        assertTrue(next != first, "another lot");
        uint256 id = liq.auctionOf(alice).id;
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.UnexpectedLot.selector, alice, first, next));
        vm.prank(dave);
        liq.bid(alice, id, first, type(uint256).max, 0, address(0), "");
    }

    // ================================================================ item 9

    /// Every solvent account below maintenance is sellable at the start discount: the status offers a
    /// size and a bid of it is accepted, leaving equity − maintenance no lower.
    function testFuzz_belowMaintenance_alwaysSellable(uint256 shortPuts, uint256 longPuts, uint256 shortCalls, uint256 spotSeed)
        public
    {
        shortPuts = 1e18 + shortPuts % 29e18;
        longPuts = longPuts % (shortPuts + 1);
        shortCalls = shortCalls % 20e18;
        if (longPuts != 0) _aliceBuysFunded(put1800, longPuts);
        _aliceSellsFunded(put2000, shortPuts);
        if (shortCalls != 0) _aliceSellsFunded(call2200, shortCalls);
        _trimToInitial(alice);
        // a move down or up, up to ±45%
        uint256 spot = 1100e18 + (spotSeed % 1800) * 1e18;
        _setSpot(spot);
        vm.roll(block.number + 1);
        (int256 e, uint256 mm,) = lens.accountMarginIgnoringSequencer(alice);
        vm.assume(e > 0 && mm != 0 && uint256(e) < mm); // solvent, below maintenance
        _start(alice);
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        assertTrue(st.maxSizeWad > 0, "the status offers a size");
        int256 surplusBefore = e - int256(mm);
        _bid(carol, alice, st.maxSizeWad);
        (int256 e2, uint256 mm2,) = lens.accountMarginIgnoringSequencer(alice);
        assertGe(e2 - int256(mm2) + 2e12, surplusBefore, "equity - maintenance not lower (2 units of cash rounding)");
    }

    function _aliceSellsFunded(uint256 seriesId, uint256 sizeWad) internal {
        _fund(alice, 200_000e6);
        _trade(BOB_PK, alice, seriesId, true, sizeWad, lens.markPrice(seriesId) / 1e12);
    }

    function _aliceBuysFunded(uint256 seriesId, uint256 sizeWad) internal {
        _fund(alice, 200_000e6);
        _trade(BOB_PK, alice, seriesId, false, sizeWad, lens.markPrice(seriesId) / 1e12 + 1);
    }

    /// @dev Withdraw down to 1.01 × the initial requirement, next block.
    function _trimToInitial(address account) internal {
        vm.roll(block.number + 1);
        (int256 e,, uint256 im) = lens.accountMarginIgnoringSequencer(account);
        uint256 keep = im * 101 / 100;
        if (uint256(e) > keep) {
            vm.prank(account);
            vault.withdraw((uint256(e) - keep) / 1e12, account);
        }
    }

    // ================================================================ item 10

    function test_refreshDeficit_followsPricesBetweenBids() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _setSpot(4000e18);
        _start(alice);
        uint256 d0 = vault.deficitOf(alice);
        assertTrue(d0 > 0, "deficit recorded at the start");
        _setSpot(3000e18);
        (int256 e,,) = lens.accountMarginIgnoringSequencer(alice);
        vm.prank(dave);
        liq.refreshDeficit(alice);
        uint256 d1 = vault.deficitOf(alice);
        assertEq(d1, e >= 0 ? 0 : (uint256(-e) + 1e12 - 1) / 1e12, "the live deficit");
        assertLt(d1, d0, "smaller after the rebound");
        (uint256 pending,) = vault.pendingLoss();
        assertEq(pending, d1, "pending follows");
    }

    function test_refreshDeficit_revertsWithoutAnAuction() public {
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.AuctionNotActive.selector, alice));
        liq.refreshDeficit(alice);
    }

    /// An auction started while the account was solvent; a further move makes it insolvent: anyone's
    /// refresh records the live deficit before any bid (and a refresh while solvent records nothing).
    function test_refreshDeficit_insolventAfterASolventStart() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _pushRatioBelow(alice, 0.9e18);
        _start(alice);
        vm.prank(dave);
        liq.refreshDeficit(alice);
        assertEq(vault.deficitOf(alice), 0, "solvent: nothing recorded");
        _setSpot(6000e18);
        (int256 e,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(e < 0, "insolvent now");
        vm.prank(dave);
        liq.refreshDeficit(alice);
        uint256 live = (uint256(-e) + 1e12 - 1) / 1e12;
        assertEq(vault.deficitOf(alice), live, "the live deficit, rounded up");
        (uint256 pending,) = vault.pendingLoss();
        assertEq(pending, live, "pending loss follows");
        // from here on the auction counts as insolvent: a rebound to solvency clears the deficit
        _setSpot(2000e18);
        vm.prank(dave);
        liq.refreshDeficit(alice);
        assertEq(vault.deficitOf(alice), 0, "cleared on the rebound");
    }

    /// After a bid, the recorded deficit is what the account still owes (not the deficit before the bid).
    function test_bid_recordsTheDeficitLeftAfterIt() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _setSpot(4000e18);
        _start(alice);
        _bid(carol, alice, 4e18);
        (int256 e,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(e < 0, "still insolvent");
        uint256 live = (uint256(-e) + 1e12 - 1) / 1e12;
        uint256 recorded = vault.deficitOf(alice);
        assertLe(recorded > live ? recorded - live : live - recorded, 1, "the deficit left, within a unit");
    }

    function test_absorb_takesAnUnbidInsolventLotAtTheMaxDiscount() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _setSpot(4000e18);
        _start(alice);
        (int256 e,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(!_status(alice).canAbsorb, "the status: not yet");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotAbsorbable.selector, alice, e, 10e18));
        liq.absorb(alice);
        vm.warp(block.timestamp + 30 minutes - 1);
        assertTrue(!_status(alice).canAbsorb, "not before the curve's duration");
        vm.warp(block.timestamp + 1);
        assertTrue(_status(alice).canAbsorb, "the status: absorbable at the max discount");
        (e,,) = lens.accountMarginIgnoringSequencer(alice);
        uint256 deficit = uint256(-e) / 1e12;
        vm.expectEmit(true, true, true, false);
        emit ILiquidationEngine.Bid(alice, 1, address(vault), call2000, 10e18, 0, 0, 0, 0, 0, 0);
        vm.prank(dave);
        uint256 taken = liq.absorb(alice);
        assertEq(taken, 10e18, "whole lot");
        assertEq(vault.positionOf(address(vault), call2000), -10e18, "the fund holds the short");
        assertEq(vault.positionOf(alice, call2000), 0, "the account holds nothing");
        assertTrue(!liq.auctionOf(alice).active, "closed out");
        assertLe(vault.totalBadDebt(), deficit + 1, "socialized at most the deficit (no discount)");
        (uint256 pending, bool paused) = vault.pendingLoss();
        assertTrue(pending == 0 && !paused, "withdrawals open");
        // the fund holds what it absorbed: its own account is never auctioned (no second, premium-paying sale)
        vm.roll(block.number + 1);
        assertTrue(!_status(address(vault)).canStart, "the fund's account cannot be started");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.InsuranceFundAccount.selector, address(vault)));
        liq.start(address(vault));
    }

    function test_absorb_dustLotAtOnce() public {
        ILiquidationEngine.UnderlyingParams memory p = _defaults();
        p.minSizeWad = 20e18;
        liq.setUnderlyingParams(address(0), p);
        _aliceSells(call2000, 10e18, 4000e6);
        _setSpot(4000e18);
        _start(alice);
        liq.absorb(alice);
        assertEq(vault.positionOf(alice, call2000), 0, "dust taken at once");
    }

    function test_absorb_revertsForASolventAccount() public {
        _aliceSells(call2000, 10e18, 4000e6);
        _pushRatioBelow(alice, 1.04e18);
        _start(alice);
        vm.warp(block.timestamp + 1 hours + 1);
        (int256 e,,) = lens.accountMarginIgnoringSequencer(alice);
        uint256 size = _liquidationQuote(alice, _qpAt(0)).sizeWad; // the fund's quote: no discount
        vm.expectRevert(abi.encodeWithSelector(ILiquidationEngine.NotAbsorbable.selector, alice, e, size));
        liq.absorb(alice);
    }
}
