// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IDiscountCurve} from "../interfaces/IDiscountCurve.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";

/// @title LiquidationLib
/// @notice Cash arithmetic of a liquidation bid: who pays whom, the penalty and its split, and the
/// shortfall an insolvent account leaves (covered by the vault's insurance fund, then socialized). Every rounding favours the account and the insurance fund: the penalty the
/// account pays is computed from cash rounded against the account (MarginLib.sliceCash) and a mark value
/// rounded in its favour, and the fund's share of it is rounded up.
library LiquidationLib {
    uint256 internal constant WAD = 1e18;
    /// @notice The target ratio of a close-out quote [wad]: no ratio reaches it, so every lot is sold whole
    /// until the account needs no margin (type(uint128).max: the largest target a parameter set can hold).
    uint256 internal constant CLOSE_OUT_TARGET_WAD = type(uint128).max;

    /// @notice The cash legs of one bid, all in [token decimals] except `priceWad`.
    struct Settlement {
        bool isShort; // short lot: the account pays; long lot: the bidder pays
        uint256 accountCash; // paid by the account (short lot, at most its collateral) or received by it (long lot)
        uint256 fundShare; // insurance fund's share of the penalty (paid by the account for a short lot, by the bidder for a long lot)
        uint256 shortfall; // short lot: the part of the price the account cannot pay (IOptionVault.coverLoss pays the bidder)
        uint256 toBidder; // short lot: total the bidder receives
        uint256 fromBidder; // long lot: total the bidder pays
        uint256 priceWad; // [wad] bidder's price per option: received rounded down / paid rounded up
    }

    /// @notice The cash legs of a bid of `sizeWad` options.
    /// @param isShort The lot is a short.
    /// @param sizeWad [wad] Size sold, > 0.
    /// @param markWad [wad] Mark of one option.
    /// @param accountCash [token decimals] MarginLib.sliceCash at the discount: owed by the account (short
    /// lot, rounded up) or due to it (long lot, rounded down).
    /// @param fundShareWad [1e18 = 100%] Fund's share of the penalty (0 for an insolvent account).
    /// @param accountCollateral [token decimals] The account's collateral.
    /// @param scale 10^(18 − token decimals).
    function settle(
        bool isShort,
        uint256 sizeWad,
        uint256 markWad,
        uint256 accountCash,
        uint256 fundShareWad,
        uint256 accountCollateral,
        uint256 scale
    ) internal pure returns (Settlement memory s) {
        s.isShort = isShort;
        if (isShort) {
            if (accountCash <= accountCollateral) {
                // penalty = cash − size × mark (value rounded down, so the penalty is rounded up)
                uint256 value = Math.mulDiv(sizeWad, markWad, WAD * scale, Math.Rounding.Floor);
                uint256 penalty = accountCash > value ? accountCash - value : 0;
                s.accountCash = accountCash;
                s.fundShare = Math.mulDiv(penalty, fundShareWad, WAD, Math.Rounding.Ceil);
                // fundShare <= penalty <= accountCash
                s.toBidder = accountCash - s.fundShare;
            } else {
                // the account pays all it has; the vault covers the rest (insurance fund, then socialized)
                s.shortfall = accountCash - accountCollateral;
                s.accountCash = accountCollateral;
                // the bidder gets the full price
                s.toBidder = accountCash;
            }
            // price = received × scale / size, rounded down (what the bidder receives)
            s.priceWad = Math.mulDiv(s.toBidder * scale, WAD, sizeWad, Math.Rounding.Floor);
        } else {
            // penalty = size × mark (rounded up) − cash received (rounded down)
            uint256 value = Math.mulDiv(sizeWad, markWad, WAD * scale, Math.Rounding.Ceil);
            uint256 penalty = value > accountCash ? value - accountCash : 0;
            s.accountCash = accountCash;
            s.fundShare = Math.mulDiv(penalty, fundShareWad, WAD, Math.Rounding.Ceil);
            s.fromBidder = accountCash + s.fundShare;
            // price = paid × scale / size, rounded up (what the bidder pays)
            s.priceWad = Math.mulDiv(s.fromBidder * scale, WAD, sizeWad, Math.Rounding.Ceil);
        }
    }

    /// @notice Cap a short lot's shortfall so that the loss socialized for it is at most the deficit it
    /// consumes at the fair mark: the insurance fund pays first (up to `fund`), then the rest is socialized
    /// up to fair value − what the account paid; what neither covers (the penalty the fund cannot pay) is
    /// not paid: the bidder receives that much less and its price is recomputed (its limit decides).
    /// @param fund [token decimals] The insurance fund's balance.
    /// @return unpaid [token decimals] What the bidder receives less than the full price.
    function capShortfall(Settlement memory s, uint256 sizeWad, uint256 markWad, uint256 fund, uint256 scale)
        internal
        pure
        returns (uint256 unpaid)
    {
        // fair value of the slice, rounded down (the socialized part is rounded in the depositors' favour)
        uint256 fair = Math.mulDiv(sizeWad, markWad, WAD * scale, Math.Rounding.Floor);
        uint256 socializable = fair > s.accountCash ? fair - s.accountCash : 0;
        uint256 fundPaid = Math.min(s.shortfall, fund);
        uint256 rest = s.shortfall - fundPaid;
        if (rest <= socializable) return 0;
        unpaid = rest - socializable;
        s.shortfall -= unpaid;
        s.toBidder -= unpaid;
        s.priceWad = Math.mulDiv(s.toBidder * scale, WAD, sizeWad, Math.Rounding.Floor);
    }

    /// @notice Whether a bid with quote `q` is accepted: an insolvent account's bid always is; a solvent
    /// account's bid must not lower its ratio (except a long sold to raise the cash for a short it cannot
    /// buy back), or, below maintenance (ratio < 1), must not lower its equity − maintenance: there a sale
    /// that frees more requirement than its discount costs gets the account closer to safety even when
    /// its ratio dips, so an account below maintenance is always sellable at a small enough discount.
    function accepted(IMarginEngine.Quote memory q) internal pure returns (bool) {
        if (q.equityWad <= 0 || q.raisesCash || q.ratioAfterWad >= q.ratioWad) return true;
        if (q.ratioWad >= WAD) return false;
        // requirements are sums below 2^246: the casts are exact
        return q.equityAfterWad - int256(q.maintenanceAfterWad) >= q.equityWad - int256(q.maintenanceWad);
    }

    /// @notice Discount [1e18 = 100%] of an auction `elapsed` [s] after its start (or reset) under `curve`,
    /// never above `maxDiscountWad`.
    function discount(IDiscountCurve curve, uint256 startDiscountWad, uint256 maxDiscountWad, uint256 elapsed, uint256 duration)
        internal
        view
        returns (uint256)
    {
        uint256 d = curve.discount(startDiscountWad, maxDiscountWad, elapsed, duration);
        return d > maxDiscountWad ? maxDiscountWad : d;
    }

    /// @notice Indicative bidder price per option [wad] before token rounding:
    /// short lot mark × (1 + d × (1 − f)) rounded down; long lot mark × (1 − d × (1 − f)) rounded up.
    /// @param markWad [wad] @param discountWad [1e18 = 100%] @param fundShareWad [1e18 = 100%]
    function bidderUnitPrice(uint256 markWad, uint256 discountWad, uint256 fundShareWad, bool isShort)
        internal
        pure
        returns (uint256)
    {
        // bidder's discount = d × (1 − f), rounded down (it is what the bidder gains)
        uint256 dBidder = discountWad * (WAD - fundShareWad) / WAD;
        if (isShort) return Math.mulDiv(markWad, WAD + dBidder, WAD, Math.Rounding.Floor);
        return Math.mulDiv(markWad, WAD - dBidder, WAD, Math.Rounding.Ceil);
    }

    /// @notice Starter tip [token decimals] = min(flat + share × notional / scale (rounded down), cap).
    /// @param notionalWad [wad] Lot notional.
    function tip(uint256 flat, uint256 shareWad, uint256 cap, uint256 notionalWad, uint256 scale)
        internal
        pure
        returns (uint256)
    {
        uint256 amount = flat + Math.mulDiv(notionalWad, shareWad, WAD * scale, Math.Rounding.Floor);
        return amount < cap ? amount : cap;
    }

    /// @notice Whether an auction started (or reset) at `startedAt` [s] with lot mark `startMarkWad` may be
    /// reset: the tail [s] has passed, or |mark − start| > cusp × start.
    function resettable(uint256 startedAt, uint256 tail, uint256 cuspWad, uint256 markWad, uint256 startMarkWad)
        internal
        view
        returns (bool)
    {
        if (block.timestamp - startedAt > tail) return true;
        uint256 moved = markWad > startMarkWad ? markWad - startMarkWad : startMarkWad - markWad;
        return moved * WAD > cuspWad * startMarkWad;
    }

    /// @notice |x|.
    function abs(int256 x) internal pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}
