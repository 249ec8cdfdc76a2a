// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {MarginLib} from "../libraries/MarginLib.sol";
import {PortfolioLib} from "../libraries/PortfolioLib.sol";
import {MarginStorage} from "./MarginStorage.sol";

/// @title LiquidationQuoteLib
/// @notice The margin engine's liquidation quote (`IMarginEngine.liquidationQuote`): ratio, tier, the lot
/// (riskiest first; a solvent account's hedged short with its hedge as one unit), the just-enough size
/// and the state after the sale, in one pass over the account's book. An external library (linked,
/// reached by delegatecall from the engine, reading the engine's parameters from MarginStorage): the
/// liquidation code lives outside the engine's bytecode, so that the engine keeps room to grow.
library LiquidationQuoteLib {
    uint256 internal constant WAD = 1e18;

    /// @notice `IMarginEngine.liquidationQuote` for the engine that delegatecalls it.
    /// @param hub The engine's oracle hub. @param vault Where the books are read.
    /// @param scale 10^(18 − collateral decimals).
    /// (Addresses, not interface types, in this external ABI: tools that read every artifact parse it.)
    function quote(address hub, address vault, address account, IMarginEngine.QuoteParams calldata qp, uint256 scale)
        external
        view
        returns (IMarginEngine.Quote memory)
    {
        PortfolioLib.Cache memory c;
        (c.hub, c.vault, c.scale, c.loadParams) = (IOracleHub(hub), IOptionVault(vault), scale, MarginStorage.loadParams);
        return _quote(c, account, qp);
    }

    /// @dev `quote` with the books read from `c.vault`.
    function _quote(PortfolioLib.Cache memory c, address account, IMarginEngine.QuoteParams calldata qp)
        internal
        view
        returns (IMarginEngine.Quote memory q)
    {
        (uint256 collateral, uint256[] memory words) = c.vault.packedBookOf(account);
        PortfolioLib.Book memory b =
            PortfolioLib.scan(PortfolioLib.unpack(account, collateral, words, 0, 0, c.scratch.series), c, c.scale, true);
        q.equityWad = PortfolioLib.equityOf(b);
        q.maintenanceWad = b.maintenanceWad;
        q.collateralWad = b.collateralWad;
        q.ratioWad = MarginLib.ratio(q.equityWad, b.maintenanceWad);
        q.equityAfterWad = q.equityWad;
        q.maintenanceAfterWad = q.maintenanceWad;
        q.ratioAfterWad = q.ratioWad;
        if (b.nPos == 0) return q;
        uint256 share;
        (q.tier, share) = PortfolioLib.liquidationTier(q.equityWad, q.ratioWad, qp);
        // scratch legs allocated once; the lot and its underlying by reference (no zeroed copies first)
        // (the hedge slot points at a kept position until a combined lot sets it)
        PortfolioLib.Sale memory sale = PortfolioLib.Sale(
            b.pos[0],
            b.aggs[b.pos[0].agg],
            qp.discountWad,
            qp.targetRatioWad,
            0,
            0,
            0,
            0,
            PortfolioLib.newLeg(),
            PortfolioLib.newLeg(),
            false,
            b.pos[0],
            PortfolioLib.newLeg(),
            false,
            0
        );
        // riskiest first: the largest contribution (maintenance minus maintenance without the position)
        PortfolioLib.contributions(b);
        PortfolioLib.Pos memory p = b.pos[0];
        for (uint256 i = 1; i < b.nPos; ++i) {
            if (PortfolioLib.riskier(b.pos[i], p)) p = b.pos[i];
        }
        // in liquidation the lot must help when part of it is sold, as bids sell just enough: when a
        // first-tier slice of the riskiest (the smallest share a bid takes) does not raise equity −
        // maintenance at the discount — a hedged book, where removing the short leg of a spread whole
        // leaves the long alone, yet buying back part of it frees requirement; or a sliver whose cash
        // rounding costs more than it frees — the positions are ranked by what such a slice of each does
        if (share != 0 && !_sliceSurelyHelps(b, p, qp) && _sliceRelief(b, sale, p, qp.tierSharesWad[0]) <= 0) {
            for (uint256 i; i < b.nPos; ++i) {
                PortfolioLib.Pos memory x = b.pos[i];
                x.h.contributionWad = _sliceRelief(b, sale, x, qp.tierSharesWad[0]);
            }
            p = b.pos[0];
            for (uint256 i = 1; i < b.nPos; ++i) {
                if (PortfolioLib.riskier(b.pos[i], p)) p = b.pos[i];
            }
        }
        // an insolvent account's longs are its assets: they are sold first, the most valuable first, so that
        // no loss is socialized while the account still holds one (IOptionVault.coverLoss)
        if (q.equityWad <= 0) {
            int256 bestWad;
            for (uint256 i; i < b.nPos; ++i) {
                PortfolioLib.Pos memory x = b.pos[i];
                if (x.h.sizeWad > 0 && x.leg.valueWad > bestWad) (bestWad, p) = (x.leg.valueWad, x);
            }
        }
        // a solvent account's hedged short is sold with its hedge in proportion, as one unit (the bidder
        // takes both legs; the rest of the book keeps its leg ratios), never the hedge first; an unhedged
        // short that the account's collateral cannot buy back any of sells a long first
        uint256 cashCapWad = type(uint256).max;
        PortfolioLib.setLot(b, sale, p);
        if (q.equityWad > 0 && p.h.sizeWad < 0) {
            uint256 hedge = PortfolioLib.hedgeOf(b, p);
            // the unit, unless the short alone frees more (its hedge also covers other shorts of the book)
            // (a start or reset, bidCap 0, names the short either way: no comparison)
            bool paired = hedge != type(uint256).max
                && (share == 0 || qp.bidCapWad == 0 || _unitHelpsMore(b, sale, p, b.pos[hedge], qp.tierSharesWad[0]));
            if (!paired) {
                uint256 lotIndex;
                (lotIndex, cashCapWad, q.raisesCash) = PortfolioLib.cashLot(b, p, qp);
                if (lotIndex != type(uint256).max) {
                    // the account cannot pay for the short alone: its hedge goes with it rather than first
                    if (hedge != type(uint256).max) (paired, cashCapWad, q.raisesCash) = (true, type(uint256).max, false);
                    else PortfolioLib.setLot(b, sale, p = b.pos[lotIndex]);
                }
            }
            if (paired) {
                PortfolioLib.setPairLot(b, sale, p, b.pos[hedge]);
                q.pairSeriesId = b.pos[hedge].h.seriesId;
            }
        }
        q.seriesId = p.h.seriesId;
        q.positionWad = p.h.sizeWad;
        q.markPriceWad = p.h.priceWad;
        (q.unitMarkWad, q.accountPays) = (sale.unitMarkWad, sale.accountPays);
        q.notionalWad = p.leg.notionalWad;
        // no size to find: above the tiers, or a start or reset (bidCap 0: the lot, its mark and notional)
        if (share == 0 || qp.bidCapWad == 0) return q;

        uint256 lot = PortfolioLib.abs(p.h.sizeWad);
        // max = share × |position| (rounded down), the whole lot when insolvent or at 100%
        uint256 maxWad = share >= WAD ? lot : MarginLib.mulWadDown(lot, share);
        if (maxWad > cashCapWad) maxWad = cashCapWad;
        // just enough (solvent accounts only): shrink max to the smallest size that restores the target,
        // but not below the minimum size (bounded by the share): a sale never shrinks to a sliver no bidder
        // would pay gas for, which would leave the auction open a hair under the target
        if (q.equityWad > 0 && maxWad != 0) {
            uint256 floorWad = qp.minSizeWad < maxWad ? qp.minSizeWad : maxWad;
            if (PortfolioLib.surplus(b, sale, maxWad) >= 0) maxWad = PortfolioLib.justEnough(b, sale, maxWad, lot);
            // below maintenance, when no size restores the target: the size that leaves the most equity −
            // maintenance (a bid is judged by it there, LiquidationLib.accepted)
            else if (q.ratioWad < WAD) maxWad = PortfolioLib.bestRelief(b, sale, maxWad, lot);
            if (maxWad < floorWad) maxWad = floorWad;
        }
        // dust: a remainder below the minimum is sold whole
        if (lot - maxWad < qp.minSizeWad) maxWad = lot;
        q.maxSizeWad = maxWad;
        uint256 size = qp.bidCapWad < maxWad ? qp.bidCapWad : maxWad;
        // a bid may not leave dust behind: lower it to leave exactly the minimum (none possible for a dust lot)
        if (size < lot && lot - size < qp.minSizeWad) size = lot > qp.minSizeWad ? lot - qp.minSizeWad : 0;
        if (q.equityWad > 0 && sale.accountPays) {
            // a solvent account pays for a short lot (or a combined lot worth less than nothing) from its
            // collateral: at most collateral / ⌈unit mark × (1 + d)⌉
            uint256 unitWad = MarginLib.mulWadUp(sale.unitMarkWad, WAD + qp.discountWad);
            if (unitWad != 0) {
                uint256 affordable = b.collateralWad * WAD / unitWad;
                if (q.maxSizeWad > affordable) q.maxSizeWad = affordable;
                if (size > affordable) size = affordable;
            }
        }
        q.sizeWad = size;
        if (size == 0) return q;
        if (sale.soldWad != size) PortfolioLib.sell(b, sale, size); // reuse the last evaluation when it is this size
        (q.equityAfterWad, q.maintenanceAfterWad, q.accountCash) = (sale.equityWad, sale.maintenanceWad, sale.cash);
        q.ratioAfterWad = MarginLib.ratio(sale.equityWad, sale.maintenanceWad);
        if (sale.paired) q.pairSizeWad = PortfolioLib.pairSize(sale, size);
        // a combined lot's bidder is checked after the transfer (LiquidationEngine)
        else if (qp.bidder != address(0)) _quoteBidder(c, p, q, qp.bidder);
    }

    /// @dev Whether a first-tier slice of `p` surely raises equity − maintenance, without evaluating it:
    /// the requirement is convex in the size sold, so a slice frees at least its pro-rata part of the whole
    /// position's contribution; it helps when that part exceeds the slice's discount cost and two token
    /// units of cash rounding.
    function _sliceSurelyHelps(PortfolioLib.Book memory b, PortfolioLib.Pos memory p, IMarginEngine.QuoteParams calldata qp)
        internal
        pure
        returns (bool)
    {
        int256 contribution = p.h.contributionWad;
        uint256 probeShare = qp.tierSharesWad[0];
        // a max-loss cap makes the requirement non-convex: a slice is evaluated when the book is capped, or
        // when it is a short call whose whole removal could let the cap apply (the calls no longer net short)
        PortfolioLib.Agg memory a = b.aggs[p.agg];
        if (contribution <= 0 || probeShare == 0 || a.capped) return false;
        if (p.series.isCall && p.h.sizeWad < 0 && a.callSizeWad - p.h.sizeWad >= 0 && p.leg.notionalWad < a.exposure.notionalWad) {
            return false;
        }
        uint256 lot = PortfolioLib.abs(p.h.sizeWad);
        // per whole position: discount cost, plus the rounding of a slice scaled up to the whole
        uint256 costWad = MarginLib.mulWadUp(MarginLib.mulWadUp(p.h.priceWad, qp.discountWad), lot)
            + 2 * b.scale * WAD / probeShare;
        return uint256(contribution) > costWad;
    }

    /// @dev How much equity − maintenance [wad] rises when the account sells `shareWad` of position `x`
    /// (the whole of it when that rounds to nothing) at the sale's discount, from the cached Greeks: the
    /// requirement it frees less what the discount and the cash rounding cost.
    function _sliceRelief(PortfolioLib.Book memory b, PortfolioLib.Sale memory sale, PortfolioLib.Pos memory x, uint256 shareWad)
        internal
        view
        returns (int256)
    {
        PortfolioLib.setLot(b, sale, x);
        return _saleRelief(b, sale, shareWad);
    }

    /// @dev Whether `shareWad` of short `s` sold with its hedge `r` (one unit) raises equity − maintenance
    /// at least as much as the same share of `s` alone: true for a plain spread or calendar (same freed
    /// requirement, a penalty on the unit's net mark only); false when `r` also covers other shorts.
    function _unitHelpsMore(
        PortfolioLib.Book memory b,
        PortfolioLib.Sale memory sale,
        PortfolioLib.Pos memory s,
        PortfolioLib.Pos memory r,
        uint256 shareWad
    ) internal view returns (bool) {
        PortfolioLib.setPairLot(b, sale, s, r);
        int256 unit = _saleRelief(b, sale, shareWad);
        PortfolioLib.setLot(b, sale, s);
        return unit >= _saleRelief(b, sale, shareWad);
    }

    /// @dev How much equity − maintenance [wad] rises when the account sells `shareWad` of the sale's lot
    /// (all of it when that rounds to nothing), from the cached Greeks.
    function _saleRelief(PortfolioLib.Book memory b, PortfolioLib.Sale memory sale, uint256 shareWad)
        internal
        view
        returns (int256)
    {
        uint256 whole = PortfolioLib.abs(sale.pos.h.sizeWad);
        uint256 slice = shareWad >= WAD ? whole : MarginLib.mulWadDown(whole, shareWad);
        PortfolioLib.sell(b, sale, slice == 0 ? whole : slice);
        // requirements are sums below 2^246: the casts are exact
        return sale.equityWad - int256(sale.maintenanceWad) - PortfolioLib.equityOf(b) + int256(b.maintenanceWad);
    }

    /// @dev The bidder's book with the slice (q.sizeWad of the lot p), priced from this call's oracle reads
    /// (same block, same inputs as a check after the transfer). The lot's series is priced already: the
    /// scan reuses its Greeks through a series cache of one.
    function _quoteBidder(PortfolioLib.Cache memory c, PortfolioLib.Pos memory p, IMarginEngine.Quote memory q, address bidder)
        internal
        view
    {
        (uint256 collateral, uint256[] memory words) = c.vault.packedBookOf(bidder);
        PortfolioLib.allocSeriesCache(c, 1);
        IMarginEngine.PositionHealth memory h = p.h;
        (c.sId[0], c.sPrice[0], c.sDelta[0], c.sGamma[0], c.sVega[0]) =
            (q.seriesId, h.priceWad, h.deltaWad, h.gammaWad, h.vegaWad);
        c.nS = 1;
        // size <= |position| <= 1e28: the cast is exact
        int256 slice = h.sizeWad < 0 ? -int256(q.sizeWad) : int256(q.sizeWad);
        PortfolioLib.Book memory bb = PortfolioLib.scan(
            PortfolioLib.unpack(bidder, collateral, words, q.seriesId, slice, p.series), c, c.scale, false
        );
        (q.bidderEquityWad, q.bidderInitialWad) = (PortfolioLib.equityOf(bb), bb.initialWad);
    }
}
