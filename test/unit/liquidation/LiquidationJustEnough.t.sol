// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {LiquidationLib} from "../../../contracts/libraries/LiquidationLib.sol";
import {MarginLib} from "../../../contracts/libraries/MarginLib.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice The just-enough property by fuzzing, and the rounding of the bid's cash legs.
contract LiquidationJustEnoughTest is LiquidationTestBase {
    uint256 internal constant LOT = 10e18;
    uint256 internal constant TOL = (LOT + 999_999) / 1_000_000;

    function setUp() public override {
        super.setUp();
        _aliceSells(call2000, 10e18, 4000e6);
    }

    function _qp(uint256 d, uint256 cap) internal view returns (IMarginEngine.QuoteParams memory qp) {
        qp.targetRatioWad = 1.1e18;
        qp.discountWad = d;
        qp.bidCapWad = cap;
        qp.tierRatiosWad = new uint256[](3);
        qp.tierSharesWad = new uint256[](3);
        (qp.tierRatiosWad[0], qp.tierRatiosWad[1], qp.tierRatiosWad[2]) = (1.05e18, 1.02e18, 1e18);
        (qp.tierSharesWad[0], qp.tierSharesWad[1], qp.tierSharesWad[2]) = (0.1e18, 0.25e18, 1e18);
    }

    /// After a maximum bid the ratio is at the target (never below it), and selling the tolerance less
    /// would leave it below the target, unless the tier share or the lot bounds the bid.
    function testFuzz_bid_justEnoughWithinTolerance(uint256 ratioSeed, uint256 elapsed) public {
        uint256 ratio = 0.85e18 + ratioSeed % 0.199e18; // (0.85, 1.049)
        _pushRatioBelow(alice, ratio);
        vm.assume(_status(alice).tier != 0 && _status(alice).tier != type(uint256).max);
        _start(alice);
        vm.warp(block.timestamp + elapsed % 1800);
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        IMarginEngine.Quote memory q = _liquidationQuote(alice, _qp(st.discountWad, type(uint256).max));
        uint256 share = st.tier == 1 ? 0.1e18 : st.tier == 2 ? 0.25e18 : 1e18;
        uint256 cap = LOT * share / 1e18;
        assertLe(q.maxSizeWad, cap, "within the tier share");
        if (q.maxSizeWad < cap && q.maxSizeWad < LOT) {
            assertGe(q.ratioAfterWad, 1.1e18, "target reached");
            IMarginEngine.Quote memory less =
                _liquidationQuote(alice, _qp(st.discountWad, q.maxSizeWad - TOL));
            assertTrue(less.ratioAfterWad < 1.1e18, "tolerance less is not enough: never sold past the target");
        } else {
            assertTrue(q.ratioAfterWad < 1.1e18 || q.maxSizeWad == LOT || q.maxSizeWad == cap, "capped");
        }
        uint256 before = _ratio(alice);
        uint256 sold = _bid(carol, alice, type(uint256).max);
        assertEq(sold, q.maxSizeWad, "max bid");
        assertEq(_ratio(alice), q.ratioAfterWad, "cached evaluation equals a fresh one");
        assertGe(_ratio(alice), before, "ratio not lowered");
    }

    /// The just-enough size never falls below the minimum size (bounded by the tier share): an open
    /// auction never shrinks to a sliver that no bidder would pay gas for.
    function test_quote_justEnoughNotBelowMinSize() public {
        _pushRatioBelow(alice, 1.04e18);
        IMarginEngine.QuoteParams memory qp = _qp(0, type(uint256).max);
        qp.tierSharesWad[0] = 1e18; // the whole lot: only the just-enough size binds
        IMarginEngine.Quote memory q = _liquidationQuote(alice, qp);
        assertTrue(q.maxSizeWad > 0 && q.maxSizeWad + 1e18 < LOT / 2, "just enough below half the lot");
        assertGe(q.ratioAfterWad, 1.1e18, "target reached");

        qp.minSizeWad = q.maxSizeWad + 1e18; // above just enough, remainder still above it
        IMarginEngine.Quote memory floored = _liquidationQuote(alice, qp);
        assertEq(floored.maxSizeWad, qp.minSizeWad, "raised to the minimum size");
        assertEq(floored.sizeWad, qp.minSizeWad, "and sold");
        assertTrue(floored.ratioAfterWad > q.ratioAfterWad, "past the target by the floor");

        qp.minSizeWad = 1e18 + 1;
        qp.tierSharesWad[0] = 0.1e18; // share × lot = 1e18 < min size: the share bounds the floor
        IMarginEngine.Quote memory bounded = _liquidationQuote(alice, qp);
        assertLe(bounded.maxSizeWad, 1e18, "never above the share");
    }

    /// The account pays at least mark × (1 + d) for a short lot and receives at most mark × (1 − d) for a
    /// long lot; the fund's share is never rounded down; the bidder's price is rounded against the bidder.
    function testFuzz_settle_roundsInFavourOfAccountAndFund(
        uint256 size,
        uint256 mark,
        uint256 d,
        uint256 share,
        bool isShort
    ) public pure {
        size = 1 + size % 1e24;
        mark = mark % 1e24;
        d = d % 0.5e18;
        share = share % 1e18;
        uint256 scale = 1e12;
        uint256 cash = MarginLib.sliceCash(size, mark, d, isShort, scale);
        LiquidationLib.Settlement memory s =
            LiquidationLib.settle(isShort, size, mark, cash, share, type(uint256).max, scale);
        // exact amounts in [token × 1e36] units: size × mark × (1 ± d)
        uint256 exact = size * mark * (isShort ? 1e18 + d : 1e18 - d);
        uint256 unit = 1e36 * scale;
        if (isShort) assertGe(cash * unit, exact, "account pays rounded up");
        else assertLe(cash * unit, exact, "account receives rounded down");
        uint256 penalty = isShort
            ? cash - size * mark / (1e18 * scale)
            : (size * mark + 1e18 * scale - 1) / (1e18 * scale) - cash;
        assertGe(s.fundShare * 1e18, penalty * share, "fund share rounded up");
        assertLe(s.fundShare, penalty, "fund share within the penalty");
        if (isShort) {
            assertEq(s.toBidder + s.fundShare, cash, "conserved");
            assertLe(s.priceWad * size, s.toBidder * scale * 1e18, "bidder price rounded down");
        } else {
            assertEq(s.fromBidder, cash + s.fundShare, "conserved");
            assertGe(s.priceWad * size, s.fromBidder * scale * 1e18, "bidder price rounded up");
        }
    }

    /// The account pays all it has; the shortfall is left to the vault (IOptionVault.coverLoss: its
    /// insurance fund first, then socialized; see OptionVaultLiquidatorHooks).
    function test_settle_shortfallLeftToTheVault() public pure {
        LiquidationLib.Settlement memory s = LiquidationLib.settle(true, 1e18, 100e18, 101e6, 0.2e18, 60e6, 1e12);
        assertEq(s.accountCash, 60e6, "account pays all it has");
        assertEq(s.shortfall, 41e6, "the rest is the vault's to cover");
        assertEq(s.toBidder, 101e6, "bidder gets the full price (the bad debt is socialized to it)");
        assertEq(s.fundShare, 0, "no fund share on a shortfall");
    }
}
