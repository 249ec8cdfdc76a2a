// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../../contracts/interfaces/IMarginEngine.sol";
import {IOptionVault} from "../../contracts/interfaces/IOptionVault.sol";
import {OrderLib} from "../../contracts/libraries/OrderLib.sol";
import {Assertions} from "../utils/Assertions.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";

/// @notice Drives the real vault, margin engine, oracle hub and liquidation engine over random price
/// paths, time, trades, deposits, auction starts, bids (two bidders), ends and resets, and records any
/// violation of the liquidation invariants in ghost flags. The protocol is the shared fixture
/// (test/utils/ProtocolFixture.sol). Each action catches only the reverts it expects (by selector) and
/// re-throws any other; successful calls are counted per action (`ok*`), so a run can be shown not vacuous.
contract LiquidationHandler is ProtocolFixture {
    uint256 internal constant ALICE_PK = 0xA11CE;
    uint256 internal constant BOB_PK = 0xB0B;

    uint64 public expiry;
    uint256 public callId;
    uint256 public putId;
    uint256 public hedgeId; // a long 2400C alice may buy: a spread with her short 2000C (sold as one unit when that helps more)
    address public alice;
    address public bob;
    address[2] public bidders = [address(0xC0C0), address(0xD0D0)];
    uint256 private _salt;
    uint256 private _spotWad = 2000e18;

    // ghost state
    uint256 public bids;
    /// @notice Handler calls so far in this run (every action).
    uint256 public calls;

    /// @notice Calls per action (by selector).
    mapping(bytes4 action => uint256) public callsOf;
    /// @notice Calls per action that reached the engine or vault (an action may return early: no auction to
    /// bid in), by selector; `ok*` counts the ones that went through.
    mapping(bytes4 action => uint256) public triedOf;

    modifier counted() {
        ++calls;
        ++callsOf[msg.sig];
        _;
    }
    bool public valueNotConserved; // Δaccount + Δbidder + Δfund != 0 (collateral) in a bid
    bool public solventRatioLowered; // a bid lowered a solvent account's ratio
    bool public discountDecreased; // the discount fell within one auction
    bool public soldAboveThreshold; // a bid succeeded while the account was not in liquidation: ratio at or
    // above the target (an open auction keeps the account in liquidation between the first threshold and
    // the target), or an auction started at or above the first threshold
    bool public socializedAboveDeficit; // a bid socialized more than the account's deficit at fair marks before it
    bool public keptAssetsAfterLoss; // an auction that socialized a loss closed with the account still holding something
    bool public withdrewWhilePaused; // a withdrawal went through while the pending loss exceeded the fund
    bool public legRatioBroken; // a combined bid left the short and its hedge out of their ratio (beyond a wei)
    uint256 public combinedBids; // bids of a combined lot (the short with its hedge)
    uint256 public socializingBids; // bids that socialized a loss (ghost, for the deterministic test)
    uint256 public okWithdrawals;
    uint256 public okAliceWithdrawals;
    bool private _lossInAuction;
    // successful calls per action (no vacuous runs)
    uint256 public okMovePrice;
    uint256 public okWarp;
    uint256 public okTrades;
    uint256 public okDeposits;
    uint256 public okStarts;
    uint256 public okEnds;
    uint256 public okResets;
    uint256 private _lastAuctionId;
    uint256 private _lastDiscount;

    constructor() {
        vm.warp(1_700_000_000);
        vm.roll(100);
        expiry = uint64(block.timestamp + 30 days);
        alice = vm.addr(ALICE_PK);
        bob = vm.addr(BOB_PK);
        _deployProtocol(2000e8, expiry);
        callId = vault.listSeries(ETH, 2000e18, expiry, true);
        putId = vault.listSeries(ETH, 1800e18, expiry, false);
        hedgeId = vault.listSeries(ETH, 2400e18, expiry, true);
        _fund(bob, 1e13);
        _fund(bidders[0], 1e13);
        _fund(bidders[1], 1e13);
        _fund(alice, 4000e6);
        _aliceSells(callId, 10e18);
        // the seed trade went through; the run's counts start from zero
        assertEq(okTrades, 1, "seed trade");
        okTrades = 0;
    }

    /// @dev Re-throw `reason` unless its selector is one of `expected`.
    function _expect(bytes memory reason, bytes4[] memory expected) internal pure {
        bytes4 sel = _selectorOf(reason);
        for (uint256 i; i < expected.length; ++i) {
            if (sel == expected[i]) return;
        }
        _rethrow(reason);
    }

    function _sels(bytes4 a) internal pure returns (bytes4[] memory e) {
        e = new bytes4[](1);
        e[0] = a;
    }

    function _sels(bytes4 a, bytes4 b) internal pure returns (bytes4[] memory e) {
        e = new bytes4[](2);
        (e[0], e[1]) = (a, b);
    }

    function _sels(bytes4 a, bytes4 b, bytes4 c) internal pure returns (bytes4[] memory e) {
        e = new bytes4[](3);
        (e[0], e[1], e[2]) = (a, b, c);
    }

    function _sels(bytes4 a, bytes4 b, bytes4 c, bytes4 d, bytes4 f) internal pure returns (bytes4[] memory e) {
        e = new bytes4[](5);
        (e[0], e[1], e[2], e[3], e[4]) = (a, b, c, d, f);
    }

    function _aliceSells(uint256 seriesId, uint256 size) internal {
        _aliceTrades(seriesId, size, false);
    }

    function _aliceTrades(uint256 seriesId, uint256 size, bool aliceBuys) internal {
        OrderLib.Order memory o = OrderLib.Order({
            maker: bob,
            seriesId: seriesId,
            isBuy: !aliceBuys,
            sizeWad: size,
            price: lens.markPrice(seriesId) / 1e12 + (aliceBuys ? 1 : 0),
            deadline: block.timestamp + 1 days,
            nonce: vault.nonceOf(bob),
            salt: ++_salt
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(BOB_PK, vault.hashOrder(o));
        ++triedOf[msg.sig];
        vm.prank(alice);
        try vault.fill(o, abi.encodePacked(r, s, v), size) {
            ++okTrades;
        } catch (bytes memory reason) {
            // alice's margin or cash (a long's premium), or a risk-adding fill while she is under auction
            _expect(
                reason,
                _sels(IMarginEngine.MarginInsufficient.selector, IOptionVault.UnderAuction.selector, IOptionVault.InsufficientCollateral.selector)
            );
        }
    }

    function _ratio() internal view returns (int256 equity, uint256 ratio) {
        uint256 mm;
        (equity, mm,) = lens.accountMarginIgnoringSequencer(alice);
        ratio = mm == 0 ? type(uint256).max : equity <= 0 ? 0 : uint256(equity) * 1e18 / mm;
    }

    function _checkDiscount() internal {
        ILiquidationEngine.Auction memory a = liq.auctionOf(alice);
        if (!a.active) return;
        uint256 d = liqLens.discountOf(alice);
        if (a.id == _lastAuctionId && d < _lastDiscount) discountDecreased = true;
        (_lastAuctionId, _lastDiscount) = (a.id, d);
    }

    // ---------------------------------------------------------------- actions

    function movePrice(uint256 seed) external counted {
        // random walk in [1,500, 4,000]
        uint256 step = seed % 401;
        _spotWad = _spotWad + step * 1e18 > 4000e18 + 200e18 ? _spotWad - 200e18 : _spotWad + step * 1e18 - 200e18;
        if (_spotWad < 1500e18) _spotWad = 1500e18;
        feed.updateAnswer(int256(_spotWad / 1e10));
        ++okMovePrice;
        _checkDiscount();
    }

    function warp(uint256 seed) external counted {
        vm.warp(block.timestamp + seed % 20 minutes);
        vm.roll(block.number + 1);
        feed.updateAnswer(int256(_spotWad / 1e10));
        hub.setVol(ETH, expiry, 0.6e18);
        ++okWarp;
        _checkDiscount();
    }

    function aliceTrades(uint256 seed) external counted {
        _aliceSells(seed % 2 == 0 ? callId : putId, 1e18 + seed % 3e18);
        _checkDiscount();
    }

    /// @notice alice buys a long 2400C, the hedge of her short 2000C (a bear call spread with it).
    function aliceBuysHedge(uint256 seed) external counted {
        // the hedge stays below half her short calls: the book keeps a naked part, so it stays liquidatable
        int256 room = -vault.positionOf(alice, callId) / 2 - vault.positionOf(alice, hedgeId);
        if (room < 0.5e18) return;
        _aliceTrades(hedgeId, 0.5e18 + seed % (uint256(room) - 0.5e18 + 1), true);
        _checkDiscount();
    }

    function aliceDeposits(uint256 seed) external counted {
        _fund(alice, 1e6 + seed % 500e6);
        ++okDeposits;
    }

    /// @notice Try to start an auction; a healthy account's spot is first moved up (short calls lose)
    /// to just below the first threshold when the walk's range [1,500, 4,200] allows it (bisection on the
    /// spot), so random paths keep reaching auctions and bids.
    function start() external counted {
        vm.roll(block.number + 1);
        (, uint256 ratio) = _ratio();
        if (ratio >= 1.05e18) {
            uint256 lo = _spotWad;
            uint256 hi = 4200e18;
            feed.updateAnswer(int256(hi / 1e10));
            (, uint256 ratioAtTop) = _ratio();
            if (ratioAtTop < 1.05e18) {
                for (uint256 i; i < 24; ++i) {
                    uint256 mid = (lo + hi) / 2;
                    feed.updateAnswer(int256(mid / 1e10));
                    (, uint256 r) = _ratio();
                    if (r < 1.05e18) hi = mid;
                    else lo = mid;
                }
                _spotWad = hi;
            }
            feed.updateAnswer(int256(_spotWad / 1e10));
            _checkDiscount();
        }
        ++triedOf[msg.sig];
        try liq.start(alice) {
            ++okStarts;
        } catch (bytes memory reason) {
            _expect(
                reason,
                _sels(
                    ILiquidationEngine.NotLiquidatable.selector,
                    ILiquidationEngine.AuctionActive.selector,
                    ILiquidationEngine.CoolOff.selector,
                    ILiquidationEngine.HoleExceeded.selector,
                    ILiquidationEngine.NothingToSell.selector
                )
            );
        }
        _checkDiscount();
    }

    /// @dev What a bid's checks compare against, read before it.
    struct Before {
        int256 equity;
        uint256 ratio;
        int256 surplus;
        bool cashLot;
        uint256 lotId; // a combined lot's short and hedge
        uint256 pair;
        int256 shortHeld; // [wad] a combined lot's short and hedge before the bid
        int256 hedgeHeld;
        uint256 fund;
        uint256 account;
        uint256 bidder;
        uint256 debt;
    }

    function bid(uint256 seed) external counted {
        ILiquidationEngine.Auction memory a = liq.auctionOf(alice);
        if (!a.active) return;
        address bidder = bidders[seed % 2];
        Before memory s0;
        (s0.equity, s0.ratio) = _ratio();
        s0.surplus = _surplus();
        // a cash lot: the riskiest position is a short but the lot is a long (sold to pay for the short;
        // the one sale that may lower a solvent ratio, see IMarginEngine.liquidationQuote)
        (uint256 riskiestId,) = lens.riskiestPosition(alice);
        ILiquidationEngine.AuctionStatus memory st = liqLens.auctionStatus(alice);
        s0.cashLot = !st.lotIsShort && st.pairSeriesId == 0 && vault.positionOf(alice, riskiestId) < 0;
        if (st.pairSeriesId != 0) {
            (s0.lotId, s0.pair) = (st.seriesId, st.pairSeriesId);
            (s0.shortHeld, s0.hedgeHeld) = (vault.positionOf(alice, st.seriesId), vault.positionOf(alice, st.pairSeriesId));
        }
        // the fund is the vault's own account
        (s0.fund, s0.account, s0.bidder, s0.debt) =
            (vault.insuranceFund(), vault.collateralOf(alice), vault.collateralOf(bidder), vault.totalBadDebt());
        _nextLot = _lot(alice);
        ++triedOf[msg.sig];
        // a price limit that takes any price: 0 when the bidder is paid, the maximum when it pays
        uint256 limit = _nextLot < 0 ? 0 : type(uint256).max;
        vm.prank(bidder);
        try liq.bid(alice, a.id, _nextLot, 1e15 + seed % 12e18, limit, address(0), "") returns (uint256) {
            ++bids;
            _afterBid(s0, bidder);
            if (s0.pair != 0) _checkLegRatio(s0);
        } catch (bytes memory reason) {
            _expect(
                reason,
                _sels(
                    ILiquidationEngine.NothingToSell.selector,
                    ILiquidationEngine.BidLowersRatio.selector,
                    ILiquidationEngine.BidderUnhealthy.selector,
                    ILiquidationEngine.PriceLimitExceeded.selector,
                    ILiquidationEngine.NotLiquidatable.selector
                )
            );
        }
        _checkDiscount();
    }

    /// @dev After a combined bid: the hedge left is the short left × hedge / short before, rounded up by
    /// less than a wei (the account keeps at least its share of the hedge; all of it goes with the whole short).
    function _checkLegRatio(Before memory s0) internal {
        ++combinedBids;
        (uint256 sBefore, uint256 hBefore) = (uint256(-s0.shortHeld), uint256(s0.hedgeHeld));
        uint256 sAfter = uint256(-vault.positionOf(alice, s0.lotId));
        uint256 hAfter = uint256(vault.positionOf(alice, s0.pair));
        // hAfter × sBefore ∈ [hBefore × sAfter, hBefore × sAfter + sBefore)
        if (hAfter * sBefore < hBefore * sAfter || hAfter * sBefore >= hBefore * sAfter + sBefore) legRatioBroken = true;
    }

    function _afterBid(Before memory s0, address bidder) internal {
        (, uint256 ratioAfter) = _ratio();
        if (s0.ratio >= 1.1e18) soldAboveThreshold = true;
        // a solvent ratio never falls, except for the cash lot and, below maintenance, a bid that does not
        // lower equity − maintenance (LiquidationLib.accepted; 2 token units of cash rounding)
        if (
            s0.equity > 0 && ratioAfter < s0.ratio && !s0.cashLot && !(s0.ratio < 1e18 && _surplus() + 2e12 >= s0.surplus)
        ) solventRatioLowered = true;
        uint256 socialized = vault.totalBadDebt() - s0.debt;
        if (socialized != 0) {
            ++socializingBids;
            _lossInAuction = true;
            // at most the deficit at fair marks before the bid (alice holds only shorts), a unit of rounding
            uint256 deficit = s0.equity >= 0 ? 0 : uint256(-s0.equity) / 1e12;
            if (socialized > deficit + 1) socializedAboveDeficit = true;
        }
        if (!liq.auctionOf(alice).active && _lossInAuction) {
            _lossInAuction = false;
            if (
                vault.positionOf(alice, callId) != 0 || vault.positionOf(alice, putId) != 0
                    || vault.positionOf(alice, hedgeId) != 0 || vault.collateralOf(alice) != 0
            ) {
                keptAssetsAfterLoss = true;
            }
        }
        int256 total = int256(vault.collateralOf(alice)) + int256(vault.collateralOf(bidder)) + int256(vault.insuranceFund());
        // (a bid that socializes a loss moves every depositor's collateral: conservation is the vault's)
        if (socialized == 0 && total != int256(s0.account) + int256(s0.bidder) + int256(s0.fund)) valueNotConserved = true;
    }

    /// @notice Bob withdraws: never while the pending loss exceeds the fund.
    function bobWithdraws(uint256 seed) external counted {
        bool paused = vault.withdrawalsPaused();
        ++triedOf[msg.sig];
        vm.prank(bob);
        try vault.withdraw(1e6 + seed % 1_000e6, bob) {
            ++okWithdrawals;
            if (paused) withdrewWhilePaused = true;
        } catch (bytes memory reason) {
            _expect(reason, _sels(IOptionVault.WithdrawalsPaused.selector, IMarginEngine.MarginInsufficient.selector));
        }
    }

    /// @dev equity − maintenance of alice [wad].
    function _surplus() internal view returns (int256) {
        (int256 e, uint256 mm,) = lens.accountMarginIgnoringSequencer(alice);
        return e - int256(mm);
    }

    function end() external counted {
        ++triedOf[msg.sig];
        try liq.end(alice) {
            ++okEnds;
        } catch (bytes memory reason) {
            _expect(reason, _sels(ILiquidationEngine.AuctionNotActive.selector, ILiquidationEngine.NotRecovered.selector));
        }
    }

    function reset() external counted {
        ++triedOf[msg.sig];
        try liq.reset(alice) {
            ++okResets;
        } catch (bytes memory reason) {
            _expect(reason, _sels(ILiquidationEngine.AuctionNotActive.selector, ILiquidationEngine.ResetNotAllowed.selector));
        }
        _checkDiscount();
    }
}

/// @notice Liquidation invariants over random paths (see LiquidationHandler).
contract LiquidationInvariantTest is Assertions {
    error InvariantBroken(string what);

    LiquidationHandler internal handler;

    function setUp() public {
        handler = new LiquidationHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice A crash path reaches bids that socialize a loss, and a paused withdrawal: the solvency
    /// invariants below are exercised, not vacuous.
    function test_handler_reachesSocializedLoss() public {
        for (uint256 i; i < 12; ++i) {
            handler.movePrice(400); // +200 each, up to the walk's 4,000 cap
        }
        handler.start();
        for (uint256 i; i < 6; ++i) {
            handler.bid(11e18 + i); // ~11 options per bid: the whole insolvent lot
        }
        if (handler.socializingBids() == 0) revert InvariantBroken("no socialized loss reached");
        if (handler.socializedAboveDeficit() || handler.keptAssetsAfterLoss()) revert InvariantBroken("solvency flags");
        handler.bobWithdraws(1);
        if (handler.withdrewWhilePaused()) revert InvariantBroken("withdrew while paused");
    }

    /// @notice The handler's paths reach bids (the invariants are not vacuous).
    function test_handler_reachesBids() public {
        for (uint256 i; i < 4; ++i) {
            handler.movePrice(400); // +200 each
        }
        handler.start();
        handler.bid(1);
        handler.bid(2);
        if (handler.bids() == 0) revert InvariantBroken("no bid reached");
        if (handler.valueNotConserved() || handler.soldAboveThreshold()) revert InvariantBroken("flags");
    }

    /// @notice The handler's end goes through once the account recovered: the spot rises into an auction
    /// and falls back to where it started.
    function test_handler_reachesEnd() public {
        for (uint256 i; i < 4; ++i) {
            handler.movePrice(400); // +200 each
        }
        handler.start();
        assertEq(handler.okStarts(), 1, "an auction started");
        handler.end();
        assertEq(handler.okEnds(), 0, "not recovered: NotRecovered caught");
        for (uint256 i; i < 8; ++i) {
            handler.movePrice(0); // -200 each, down to the walk's 1,500 floor
        }
        handler.end();
        assertEq(handler.okEnds(), 1, "recovered: ended");
    }

    /// @notice The handler's reset goes through once the auction's tail (1 hour) has passed.
    function test_handler_reachesReset() public {
        for (uint256 i; i < 4; ++i) {
            handler.movePrice(400); // +200 each
        }
        handler.start();
        assertEq(handler.okStarts(), 1, "an auction started");
        handler.reset();
        assertEq(handler.okResets(), 0, "within the tail: ResetNotAllowed caught");
        for (uint256 i; i < 4; ++i) {
            handler.warp(20 minutes - 1);
        }
        handler.reset();
        assertEq(handler.okResets(), 1, "after the tail: reset");
    }

    /// @notice Once a run is long (40 of its 48 calls), the actions did something: prices or time moved,
    /// alice traded or deposited, and an auction started (the handler's start moves the spot to just below
    /// the first threshold), so the invariants below are not vacuous; the actions that catch nothing went
    /// through every time, and bob, once he tried 3 times, withdrew (he holds only longs and plenty of
    /// collateral: only a pause stops him). That bids, trades, ends and resets go through is shown by
    /// `test_handler_reachesBids`, `test_handler_reachesSocializedLoss`, `test_handler_reachesEnd` and
    /// `test_handler_reachesReset` (a run can legitimately have none, e.g. alice closed out and unable to
    /// trade again, no recovery, no auction outliving its tail); the seed trade of the constructor is not
    /// counted as a run's trade. (Checked as an invariant rather than in afterInvariant: the shrinker reduces
    /// a failing afterInvariant to sequences too short to say anything.)
    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_runIsNotVacuous() public view {
        LiquidationHandler h = handler;
        // the actions that catch nothing went through every time they were called
        assertEq(h.okMovePrice(), h.callsOf(h.movePrice.selector), "every price move");
        assertEq(h.okWarp(), h.callsOf(h.warp.selector), "every time move");
        assertEq(h.okDeposits(), h.callsOf(h.aliceDeposits.selector), "every deposit");
        // the actions that catch expected reverts (bob's withdrawals can all meet a pause or the margin):
        // counted, and shown to go through by the deterministic reach tests
        if (h.calls() < 40) return;
        assertGt(h.okMovePrice() + h.okWarp(), 0, "prices or time moved");
        assertGt(h.okTrades() + h.okDeposits(), 0, "alice traded or deposited");
        assertGt(h.okStarts(), 0, "an auction started");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_valueConserved() public view {
        if (handler.valueNotConserved()) revert InvariantBroken("penalty != bidder gain + fund share");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_noBidLowersSolventRatio() public view {
        if (handler.solventRatioLowered()) revert InvariantBroken("a bid lowered a solvent ratio");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_socializedWithinDeficit() public view {
        if (handler.socializedAboveDeficit()) revert InvariantBroken("socialized more than the deficit at fair marks");
        if (handler.keptAssetsAfterLoss()) revert InvariantBroken("an account kept assets after a socialized loss");
        if (handler.withdrewWhilePaused()) revert InvariantBroken("a withdrawal while the pending loss exceeded the fund");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_combinedSliceKeepsLegRatios() public view {
        if (handler.legRatioBroken()) revert InvariantBroken("a combined bid changed the short : hedge ratio");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_discountNeverDecreases() public view {
        if (handler.discountDecreased()) revert InvariantBroken("discount decreased within an auction");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_nothingSoldAboveFirstThreshold() public view {
        if (handler.soldAboveThreshold()) revert InvariantBroken("sold above the first threshold");
    }

}
