// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {AccountBook} from "../types/AccountBook.sol";
import {Series} from "../types/Series.sol";
import {BlackScholesLib} from "./BlackScholesLib.sol";
import {MarginLib} from "./MarginLib.sol";
import {MaxLossLib} from "./MaxLossLib.sol";

/// @title PortfolioLib
/// @notice The portfolio code of the margin engine and of its lens, written once: price a book with one
/// pass (Black-Scholes per position, oracle reads cached per call), net its Greeks per underlying, its
/// stressed requirement with the size tier, per-position contributions and the riskiest-first order, the
/// liquidation sale arithmetic (just-enough search on the cached Greeks) and the liquidation-price search.
/// See IMarginEngine for the formulas. The caller supplies the book, the oracle hub and a function that
/// loads an underlying's parameters (the engine from its storage, a lens through the engine's views).
library PortfolioLib {
    using MarginLib for MarginLib.Leg;

    uint256 internal constant WAD = 1e18;
    /// @dev `requirement`'s tier search without a cap.
    uint256 internal constant NO_TIER_CAP = type(uint256).max;
    /// @dev `requirement` on the book as held (no position resized).
    uint256 internal constant AS_HELD = type(uint256).max;
    /// @notice Liquidation-price search: √2 scan steps per direction (√2^8 = 16) and bisection halvings.
    uint256 internal constant LIQ_PRICE_SCAN_STEPS = 8;
    uint256 internal constant LIQ_PRICE_BISECTIONS = 20;
    uint256 internal constant SQRT2_WAD = 1_414213562373095049;
    uint256 internal constant INV_SQRT2_WAD = 707106781186547524;

    /// @dev Oracle reads cached for one call (or one batch): spot and rate per underlying, vol per
    /// (underlying, expiry). Fixed capacity; reads beyond it are not cached.
    struct Cache {
        IOracleHub hub; // spot, vol and rate
        IOptionVault vault; // where books are read (liquidation quotes)
        uint256 scale; // 10^(18 − collateral decimals) of the books read from `vault` (liquidation quotes)
        function(address) internal view returns (IMarginEngine.RiskParams memory, IMarginEngine.Tier[] memory) loadParams; // per underlying
        bool strict; // spot with the sequencer check (true) or without (false)
        address[] uAddr;
        uint256[] uSpot;
        uint256[] uRate;
        uint256 nU;
        uint256[] vKey; // uint160(underlying) << 64 | expiry
        uint256[] vVol; // addOn << 128 | vol [wad each]
        uint256 nV;
        Pos scratch; // reused position record when no detail is kept
        // batch views only (empty otherwise): series priced once for all accounts of the call
        Series[] sSeries; // the series of each cached id (recorded when allocated)
        uint256[] sId;
        uint256[] sPrice; // [wad]
        int256[] sDelta; // [wad]
        uint256[] sGamma; // [wad]
        uint256[] sVega; // [wad]
        uint256 nS;
    }

    /// @dev The account's book on one underlying.
    struct Agg {
        address underlying;
        uint256 spotWad;
        uint256 rateWad;
        IMarginEngine.RiskParams params;
        IMarginEngine.Tier[] tiers; // its size-tier table (empty: factor 1e18)
        uint256 dSWad; // h·S, rounded up
        uint256 dS2Wad; // dS², rounded up
        MarginLib.Leg exposure; // summed risk numbers of the account's live positions on it
        uint256 volAddOnWad; // [wad] largest stale-vol add-on of its vols (0 on a strict cache), added to v
        uint256 baseWad; // max(T, F)
        uint256 maintenanceWad; // base × tier factor, rounded up
        uint256 tierIndex;
        // what the max-loss caps read (see `capBase`)
        uint256 singlesWad; // [wad] Σ over its positions of min(own requirement, own maximum loss), before the tier
        int256 callSizeWad; // [wad] Σ call sizes: the slope of the payoff at expiry as spot → ∞
        int256 putStrikeWad2; // [wad²] Σ_puts size × strike: the payoff at spot 0
        int256 callStrikeWad2; // [wad²] Σ_calls size × strike
        bool capped; // its base is a max-loss cap, not the stressed loss (`requirement` is then not convex)
    }

    /// @dev One live position, kept when per-position detail is needed.
    struct Pos {
        IMarginEngine.PositionHealth h; // the reported detail (seriesId, index, size, price, Greeks, value, contribution)
        uint256 agg; // index of its underlying in the book
        Series series;
        uint256 volWad;
        MarginLib.Leg leg;
        uint256 addOnWad; // [wad] its vol's stale add-on
        uint256 singleWad; // [wad] its term of `Agg.singlesWad`
    }

    /// @dev A whole account.
    struct Book {
        uint256 scale; // 10^(18 − collateral decimals)
        uint256 collateralWad;
        int256 valueWad;
        uint256 baseWad;
        uint256 maintenanceWad;
        uint256 initialWad;
        uint256 tierIndex;
        Agg[] aggs;
        uint256 nAggs;
        Pos[] pos;
        uint256 nPos;
        AccountBook book; // what was scanned (the max-loss cap reads its strikes and sizes)
    }

    /// @dev A hypothetical liquidation sale of part of one position, or of a hedged short together with
    /// its hedge in proportion (a combined lot), at the discount (scratch space of `liquidationQuote`).
    struct Sale {
        Pos pos; // the lot (a combined lot's short leg); sizes sold are of this position
        Agg agg; // its underlying's book
        uint256 discountWad; // [1e18 = 100%]
        uint256 targetWad; // [wad]
        int256 equityWad; // [wad] equity after the last evaluated sale
        uint256 maintenanceWad; // [wad] maintenance after it
        uint256 cash; // [token decimals] its cash leg
        uint256 soldWad; // [wad] size of the last evaluated sale (0: none yet)
        MarginLib.Leg exposureAfter; // scratch
        MarginLib.Leg legAfter; // scratch
        bool paired; // a combined lot: `pair` is sold with `pos`, pairSize(x) of it per x of `pos`
        Pos pair; // the hedge (a long on the same underlying and of the same kind), when paired
        MarginLib.Leg pairLegAfter; // scratch
        bool accountPays; // the account pays for the unit (a short, or a combined lot worth less than nothing)
        uint256 unitMarkWad; // [wad] |value| of the unit per option of `pos` (rounded against the account)
    }

    // ================================================================ core

    /// @dev Prices the book's live positions and sums equity and requirements per underlying. `keep`
    /// stores per-position detail. Expired series are skipped (they settle in the vault).
    function scan(AccountBook memory book, Cache memory c, uint256 scale, bool keep) internal view returns (Book memory b) {
        uint256[] memory ids = book.seriesIds;
        int256[] memory sizes = book.sizesWad;
        Series[] memory ser = book.series;
        uint256 n = ids.length;
        if (sizes.length != n || ser.length != n) revert IMarginEngine.MalformedBook(n, sizes.length, ser.length);
        if (c.uAddr.length == 0) allocCache(c, n, n);
        b.scale = scale;
        b.book = book;
        // collateral [token decimals] → [wad], exact
        b.collateralWad = book.collateral * scale;
        b.aggs = _aggPointers(n);
        if (keep) b.pos = _posPointers(n);
        for (uint256 i; i < n; ++i) {
            if (sizes[i] == 0) continue;
            Series memory s = ser[i];
            if (s.expiry <= block.timestamp) continue; // expired: settles in the vault
            if (c.sId.length != 0) addCachedPosition(b, c, ids[i], sizes[i], s);
            else addPosition(b, c, ids[i], i, sizes[i], s, keep);
        }
        for (uint256 i; i < b.nAggs; ++i) {
            Agg memory a = b.aggs[i];
            uint256 stressedWad = stressedBase(a, a.dSWad, a.dS2Wad, a.exposure);
            (a.baseWad, a.maintenanceWad, a.tierIndex) =
                requirement(b, a, stressedWad, a.exposure, NO_TIER_CAP, a.singlesWad, AS_HELD, 0);
            a.capped = a.baseWad < stressedWad;
            b.valueWad += a.exposure.valueWad;
            b.baseWad += a.baseWad;
            b.maintenanceWad += a.maintenanceWad;
            // IM_u = MM_u × imFactor_u, rounded up
            b.initialWad += MarginLib.mulWadUp(a.maintenanceWad, a.params.imFactorWad);
            if (a.tierIndex > b.tierIndex) b.tierIndex = a.tierIndex;
        }
    }

    /// @dev Prices one live position and adds its risk numbers to its underlying's book.
    function addPosition(
        Book memory b,
        Cache memory c,
        uint256 seriesId,
        uint256 index,
        int256 sizeWad,
        Series memory s,
        bool keep
    ) internal view {
        uint256 ai = aggIndex(b, c, s.underlying);
        Agg memory a = b.aggs[ai];
        Pos memory p = c.scratch;
        if (keep) {
            // a fresh record pointing at the book's series (no zeroed copy of it allocated first)
            IMarginEngine.PositionHealth memory h;
            MarginLib.Leg memory leg;
            p = Pos(h, 0, s, 0, leg, 0, 0);
        }
        uint256 addOnWad;
        (p.volWad, addOnWad) = vol(c, s.underlying, s.expiry);
        // the underlying's vol shock widens by its largest stale-vol add-on
        if (addOnWad > a.volAddOnWad) a.volAddOnWad = addOnWad;
        p.h.sizeWad = sizeWad;
        p.series = s;
        price(p, a.spotWad, a.rateWad, a.params.floorShareWad);
        addToAgg(a, p, addOnWad);
        if (keep) {
            p.h.seriesId = seriesId;
            p.h.index = index;
            p.agg = ai;
            b.pos[b.nPos++] = p;
        }
    }

    /// @dev `_addPosition` for batch views (no per-position detail) of a live series `s`: its per-option
    /// Greeks come from the call's series cache, priced on the series' first appearance.
    function addCachedPosition(Book memory b, Cache memory c, uint256 seriesId, int256 sizeWad, Series memory s)
        internal
        view
    {
        uint256 k = c.nS;
        uint256[] memory keys = c.sId;
        for (uint256 j; j < k; ++j) {
            if (keys[j] != seriesId) continue;
            Agg memory a = b.aggs[aggIndex(b, c, s.underlying)];
            Pos memory p = c.scratch;
            p.series = s;
            p.h.sizeWad = sizeWad;
            (p.h.priceWad, p.h.deltaWad, p.h.gammaWad, p.h.vegaWad) = (c.sPrice[j], c.sDelta[j], c.sGamma[j], c.sVega[j]);
            writeLeg(p, a.spotWad, a.params.floorShareWad);
            // the vol's add-on widens the underlying's shock as on a first sight (cached: no hub read)
            (, uint256 addOnWad) = vol(c, s.underlying, s.expiry);
            if (addOnWad > a.volAddOnWad) a.volAddOnWad = addOnWad;
            addToAgg(a, p, addOnWad);
            return;
        }
        addPosition(b, c, seriesId, 0, sizeWad, s, false);
        if (k < keys.length) {
            keys[k] = seriesId;
            if (c.sSeries.length != 0) c.sSeries[k] = s;
            c.nS = k + 1;
            IMarginEngine.PositionHealth memory h = c.scratch.h;
            (c.sPrice[k], c.sDelta[k], c.sGamma[k], c.sVega[k]) = (h.priceWad, h.deltaWad, h.gammaWad, h.vegaWad);
        }
    }

    /// @dev The risk numbers of `p` from its per-option price and Greeks.
    function writeLeg(Pos memory p, uint256 spotWad, uint256 floorShareWad) internal pure {
        IMarginEngine.PositionHealth memory h = p.h;
        Series memory s = p.series;
        MarginLib.writeLeg(
            p.leg, h.sizeWad, spotWad, s.strikeWad, s.isCall, h.priceWad, h.deltaWad, h.gammaWad, h.vegaWad, floorShareWad
        );
        h.valueWad = p.leg.valueWad;
    }

    /// @dev Black-Scholes price and Greeks of `p` at `spotWad`, and its risk numbers.
    function price(Pos memory p, uint256 spotWad, uint256 rateWad, uint256 floorShareWad) internal view {
        Series memory s = p.series;
        // time to expiry [seconds] > 0: expired series never reach here
        BlackScholesLib.Greeks memory g =
            BlackScholesLib.greeks(spotWad, s.strikeWad, p.volWad, s.expiry - block.timestamp, rateWad);
        IMarginEngine.PositionHealth memory h = p.h;
        (h.priceWad, h.deltaWad) = s.isCall ? (g.callPrice, g.callDelta) : (g.putPrice, g.putDelta);
        h.gammaWad = g.gamma;
        h.vegaWad = g.vega;
        writeLeg(p, spotWad, floorShareWad);
    }

    /// @dev Adds the priced position `p` (its vol's stale add-on `addOnWad`) to its underlying's book.
    function addToAgg(Agg memory a, Pos memory p, uint256 addOnWad) internal pure {
        a.exposure.add(p.leg);
        Series memory s = p.series;
        int256 size = p.h.sizeWad;
        // |size| <= 1e30 and strikes < 2^128: products < 2^228, sums of < 2^16 of them exact
        int256 sizeTimesStrike = size * int256(uint256(s.strikeWad));
        if (s.isCall) (a.callSizeWad, a.callStrikeWad2) = (a.callSizeWad + size, a.callStrikeWad2 + sizeTimesStrike);
        else a.putStrikeWad2 += sizeTimesStrike;
        p.addOnWad = addOnWad;
        p.singleWad = single(a, p.leg, size, s, addOnWad, a.dSWad, a.dS2Wad);
        a.singlesWad += p.singleWad;
    }

    /// @dev A position's requirement held alone (its stressed loss at its own vol add-on, at least its
    /// floor), capped at what it can lose: a long its value; a short put its value plus ⌈|size| × K⌉ (the
    /// put pays at most K); a short call is not capped. [wad], before the tier.
    function single(
        Agg memory a,
        MarginLib.Leg memory leg,
        int256 sizeWad,
        Series memory s,
        uint256 addOnWad,
        uint256 dSWad,
        uint256 dS2Wad
    ) internal pure returns (uint256 w) {
        w = MarginLib.stressedLoss(leg, dSWad, dS2Wad, a.params.volShockWad + addOnWad);
        if (leg.floorWad > w) w = leg.floorWad;
        int256 capWad;
        if (sizeWad > 0) capWad = leg.valueWad;
        else if (!s.isCall) capWad = leg.valueWad + int256((uint256(-sizeWad) * s.strikeWad + (WAD - 1)) / WAD);
        else return w;
        // capWad < 2^229 (see MarginLib.writeLeg): the casts are exact
        if (capWad < int256(w)) w = capWad > 0 ? uint256(capWad) : 0;
    }

    /// @dev Stressed loss of a book `e` on `a` at spot shock `dSWad` (dS² = `dS2Wad`) and vol shock v plus
    /// the underlying's stale-vol add-on, at least Σ floors [wad].
    function stressedBase(Agg memory a, uint256 dSWad, uint256 dS2Wad, MarginLib.Leg memory e)
        internal
        pure
        returns (uint256 baseWad)
    {
        baseWad = MarginLib.stressedLoss(e, dSWad, dS2Wad, a.params.volShockWad + a.volAddOnWad);
        if (e.floorWad > baseWad) baseWad = e.floorWad;
    }

    /// @dev Requirement of a book `e` on `a.underlying` whose `stressedBase` is `stressedWad`, where the
    /// book is `b.book` on that underlying with position `idx` resized to `newSizeWad` (`AS_HELD`: none),
    /// and `singlesWad` is its Σ of single-position terms:
    /// base = min(stressedWad, singles, maximum loss) (`capBase`);
    /// maintenance = base × tierFactor(notional), rounded up.
    function requirement(
        Book memory b,
        Agg memory a,
        uint256 stressedWad,
        MarginLib.Leg memory e,
        uint256 maxTier,
        uint256 singlesWad,
        uint256 idx,
        int256 newSizeWad
    ) internal view returns (uint256 baseWad, uint256 maintenanceWad, uint256 tierIndex) {
        baseWad = capBase(b, a, stressedWad, e.valueWad, singlesWad, idx, newSizeWad);
        uint256 factorWad;
        (tierIndex, factorWad) = tierAtOrBelow(a.tiers, e.notionalWad, maxTier);
        maintenanceWad = MarginLib.mulWadUp(baseWad, factorWad);
    }

    /// @dev `baseWad` capped twice. (1) At `singlesWad`, the sum of what each position needs alone (its
    /// requirement or its maximum loss, `single`): the requirement stays subadditive over positions.
    /// (2) At the book's maximum loss from today's marks: when the payoff at expiry of the positions of
    /// every expiry is bounded below (no net short calls), the book's value can never fall below
    /// Σ_expiries min(0, min_S payoff) (a European option is worth at least its discounted lowest payoff,
    /// r >= 0), so it cannot lose more than value − that sum. The cheap lower bound value + max(0, −payoff
    /// at spot 0, −payoff as spot → ∞) of that cap skips its O(n²) evaluation when it cannot bind.
    function capBase(
        Book memory b,
        Agg memory a,
        uint256 baseWad,
        int256 valueWad,
        uint256 singlesWad,
        uint256 idx,
        int256 newSizeWad
    ) internal view returns (uint256) {
        if (singlesWad < baseWad) baseWad = singlesWad;
        (int256 slope, int256 putK, int256 callK) = (a.callSizeWad, a.putStrikeWad2, a.callStrikeWad2);
        if (idx != AS_HELD) {
            Series memory s = b.book.series[idx];
            // sizes <= 1e30 (the vault's bound): exact
            int256 d = newSizeWad - b.book.sizesWad[idx];
            int256 dK = d * int256(uint256(s.strikeWad));
            if (s.isCall) (slope, callK) = (slope + d, callK + dK);
            else putK += dK;
        }
        // net short calls at some expiry: unbounded (a negative total slope proves it without the scan)
        if (slope < 0 || baseWad == 0) return baseWad;
        int256 lowerWad2 = -putK;
        if (slope == 0 && callK > lowerWad2) lowerWad2 = callK;
        // cap >= value + max(0, lower), rounded down; base < 2^246 (a sum of requirements): the cast is exact
        if (int256(baseWad) <= valueWad + (lowerWad2 > 0 ? lowerWad2 / int256(WAD) : int256(0))) return baseWad;
        (bool bounded, int256 minWad) = MaxLossLib.minPayoff(b.book, a.underlying, idx, newSizeWad);
        if (!bounded) return baseWad;
        int256 capWad = valueWad - minWad;
        if (capWad < int256(baseWad)) baseWad = capWad > 0 ? uint256(capWad) : 0;
        return baseWad;
    }

    /// @dev Highest tier at or below `maxTier` whose threshold `notionalWad` reaches ((0, 1e18) without
    /// a table). Tier 0 starts at notional 0, so the search always ends.
    function tierAtOrBelow(IMarginEngine.Tier[] memory t, uint256 notionalWad, uint256 maxTier)
        internal
        pure
        returns (uint256, uint256)
    {
        uint256 n = t.length;
        if (n == 0) return (0, WAD);
        for (uint256 i = maxTier < n ? maxTier + 1 : n; i > 0;) {
            --i;
            IMarginEngine.Tier memory tier = t[i];
            if (tier.notionalWad <= notionalWad) return (i, tier.factorWad);
        }
        return (0, WAD); // unreachable: tier 0 starts at 0
    }

    /// @dev Spot shock dS = h·S and dS², both rounded up (fixed per underlying and spot).
    function shocks(uint256 spotWad, uint256 spotShockWad) internal pure returns (uint256 dSWad, uint256 dS2Wad) {
        dSWad = MarginLib.mulWadUp(spotShockWad, spotWad);
        dS2Wad = MarginLib.mulWadUp(dSWad, dSWad);
    }

    /// @dev Contribution of each kept position: maintenance minus maintenance without it. Only its
    /// underlying's requirement changes, so this is MM_u − MM_u(book without the position), exactly.
    /// Removing a position lowers the notional, so the tier search starts at the book's tier.
    function contributions(Book memory b) internal view {
        MarginLib.Leg memory without;
        for (uint256 i; i < b.nPos; ++i) {
            Pos memory p = b.pos[i];
            Agg memory a = b.aggs[p.agg];
            without.subInto(a.exposure, p.leg);
            (, uint256 mmWithout,) =
                requirement(
                b, a, stressedBase(a, a.dSWad, a.dS2Wad, without), without, a.tierIndex, a.singlesWad - p.singleWad, p.h.index, 0
            );
            // requirements are sums of fewer than 2^16 terms below 2^246: both casts are exact
            p.h.contributionWad = int256(a.maintenanceWad) - int256(mmWithout);
        }
    }

    /// @dev Priority rule: larger contribution; then losing (value < 0) before profitable; then larger
    /// |position delta|; then larger |position gamma|; ties keep the earlier position.
    function riskier(Pos memory p, Pos memory q) internal pure returns (bool) {
        (int256 cp, int256 cq) = (p.h.contributionWad, q.h.contributionWad);
        if (cp != cq) return cp > cq;
        bool pLosing = p.leg.valueWad < 0;
        if (pLosing != (q.leg.valueWad < 0)) return pLosing;
        uint256 dp = abs(p.leg.deltaWad);
        uint256 dq = abs(q.leg.deltaWad);
        if (dp != dq) return dp > dq;
        return abs(p.leg.gammaWad) > abs(q.leg.gammaWad);
    }

    /// @dev The lot of a solvent account whose riskiest position `s` is a short: `s` itself when its
    /// collateral pays for min(|s|, max(minimum size, 1)) at mark × (1 + d); otherwise its riskiest long,
    /// with the size whose proceeds at mark × (1 − d) (rounded against the account) pay for the whole
    /// short beyond the collateral. No long: `s` (nothing can be sold until a reset or more collateral).
    function cashLot(Book memory b, Pos memory s, IMarginEngine.QuoteParams calldata qp)
        internal
        pure
        returns (uint256 lotIndex, uint256 capWad, bool raisesCash)
    {
        // the lot as an index in b.pos (type(uint256).max: `s` itself), not a record: a returned record
        // would be allocated zeroed first
        uint256 unitWad = MarginLib.mulWadUp(s.h.priceWad, WAD + qp.discountWad);
        uint256 shortWad = abs(s.h.sizeWad);
        uint256 needWad = qp.minSizeWad > 1 ? qp.minSizeWad : 1;
        if (needWad > shortWad) needWad = shortWad;
        if (unitWad == 0 || b.collateralWad * WAD / unitWad >= needWad) return (type(uint256).max, type(uint256).max, false);
        Pos memory lot = s;
        for (uint256 i; i < b.nPos; ++i) {
            Pos memory p = b.pos[i];
            if (p.h.sizeWad > 0 && (!raisesCash || riskier(p, lot))) (lot, lotIndex, raisesCash) = (p, i, true);
        }
        if (!raisesCash) return (type(uint256).max, type(uint256).max, false);
        // cash still needed to buy the whole short back [wad], over what one long brings [wad]
        uint256 costWad = MarginLib.mulWadUp(shortWad, unitWad);
        uint256 longUnitWad = MarginLib.mulWadDown(lot.h.priceWad, WAD - qp.discountWad);
        if (longUnitWad == 0) return (lotIndex, type(uint256).max, true);
        uint256 gapWad = costWad > b.collateralWad ? costWad - b.collateralWad : 0;
        capWad = Math.mulDiv(gapWad, WAD, longUnitWad, Math.Rounding.Ceil);
        if (capWad == 0) capWad = 1;
    }

    /// @dev Nearest spot from `spotWad` (down or up) where equity − maintenance <= 0; 0 when none
    /// within a factor 16. Scan in √2 steps, then bisect the first bracket that crosses.
    function search(Book memory b, uint256 ai, uint256 spotWad, bool up) internal view returns (uint256) {
        uint256 safe = spotWad;
        for (uint256 k; k < LIQ_PRICE_SCAN_STEPS; ++k) {
            uint256 next = MarginLib.mulWadDown(safe, up ? SQRT2_WAD : INV_SQRT2_WAD);
            if (surplusAt(b, ai, next) <= 0) {
                uint256 unsafe = next;
                for (uint256 j; j < LIQ_PRICE_BISECTIONS; ++j) {
                    uint256 mid = (safe + unsafe) / 2;
                    if (surplusAt(b, ai, mid) <= 0) unsafe = mid;
                    else safe = mid;
                }
                return unsafe;
            }
            safe = next;
        }
        return 0;
    }

    /// @dev equity − maintenance of the book with underlying `ai` re-priced at `spotWad` (vols, rate,
    /// time and the other underlyings unchanged).
    function surplusAt(Book memory b, uint256 ai, uint256 spotWad) internal view returns (int256) {
        Agg memory a = b.aggs[ai];
        MarginLib.Leg memory e;
        (uint256 dSWad, uint256 dS2Wad) = shocks(spotWad, a.params.spotShockWad);
        uint256 singlesWad;
        for (uint256 i; i < b.nPos; ++i) {
            Pos memory p = b.pos[i];
            if (p.agg != ai) continue;
            price(p, spotWad, a.rateWad, a.params.floorShareWad);
            e.add(p.leg);
            singlesWad += single(a, p.leg, p.h.sizeWad, p.series, p.addOnWad, dSWad, dS2Wad);
        }
        (, uint256 mmWad,) = requirement(b, a, stressedBase(a, dSWad, dS2Wad, e), e, NO_TIER_CAP, singlesWad, AS_HELD, 0);
        // equity' − MM' = collateral + (V − V_u + V_u') − (MM − MM_u + MM_u')
        int256 equity = equityOf(b) - a.exposure.valueWad + e.valueWad;
        return equity - SafeCast.toInt256(b.maintenanceWad - a.maintenanceWad + mmWad);
    }

    /// @dev Liquidation tier of an account: the deepest threshold its ratio is below, and that tier's
    /// share; (type(uint256).max, 100%) when equity <= 0; (0, 0) above the first threshold.
    function liquidationTier(int256 equityWad, uint256 ratioWad, IMarginEngine.QuoteParams calldata qp)
        internal
        pure
        returns (uint256 tier, uint256 shareWad)
    {
        if (equityWad <= 0) return (type(uint256).max, WAD);
        uint256 n = qp.tierRatiosWad.length;
        for (uint256 i; i < n; ++i) {
            // thresholds strictly decrease: the last one the ratio is below is the deepest
            if (ratioWad < qp.tierRatiosWad[i]) (tier, shareWad) = (i + 1, qp.tierSharesWad[i]);
        }
    }

    /// @dev target × maintenance(x) shortfall of the book after selling x of the lot:
    /// equityOf(x) − ⌈target × MM(x)⌉ (>= 0: the ratio after is at or above the target).
    function surplus(Book memory b, Sale memory sale, uint256 xWad) internal view returns (int256) {
        sell(b, sale, xWad);
        return sale.equityWad - SafeCast.toInt256(MarginLib.mulWadUp(sale.targetWad, sale.maintenanceWad));
    }

    /// @dev Smallest x in (0, hi] with surplus(x) >= 0 within ⌈lot / 1e6⌉, given surplus(hi) >= 0 and
    /// surplus(0) < 0 (the account is below the first threshold, itself below the target). Keeps a
    /// bracket lo < root <= hi with surplus(lo) < 0 <= surplus(hi) and returns hi once hi − lo <= tol.
    /// surplus is piecewise linear in x (linear equity, convex piecewise-linear requirement, size-tier
    /// steps), so each step interpolates linearly (regula falsi) and then probes one tolerance beyond the
    /// estimate on the other side, which closes the bracket at once on a linear piece; after 8 such
    /// steps it falls back to halving, so the loop always ends (<= 8 + 100 steps, 100 > log2(1e30)).
    function justEnough(Book memory b, Sale memory sale, uint256 hi, uint256 lot) internal view returns (uint256) {
        // tolerance = ⌈lot / 1e6⌉ >= 1
        uint256 tol = (lot + 999_999) / 1_000_000;
        uint256 lo;
        int256 fLo = surplus(b, sale, 0);
        int256 fHi = surplus(b, sale, hi);
        for (uint256 k; hi - lo > tol && k < 108; ++k) {
            // fLo < 0 <= fHi: x = lo + (hi − lo) × (−fLo) / (fHi − fLo), rounded down; halving after 8 steps
            uint256 x = k < 8 ? lo + Math.mulDiv(hi - lo, uint256(-fLo), uint256(fHi - fLo)) : (lo + hi) / 2;
            if (x <= lo) x = lo + 1;
            if (x >= hi) x = hi - 1;
            int256 fx = surplus(b, sale, x);
            if (fx >= 0) {
                (hi, fHi) = (x, fx);
                // probe one tolerance below: closes the bracket when the root is within it
                x = hi - lo > tol ? hi - tol : lo;
            } else {
                (lo, fLo) = (x, fx);
                x = hi - lo > tol ? lo + tol : hi;
            }
            if (x == lo || x == hi) continue;
            fx = surplus(b, sale, x);
            if (fx >= 0) (hi, fHi) = (x, fx);
            else (lo, fLo) = (x, fx);
        }
        return hi;
    }

    /// @dev The size in (0, hi] after whose sale equity − maintenance is largest, within tol = ⌈lot / 1e6⌉:
    /// equity − maintenance is concave in the size sold (equity linear, the requirement a maximum of
    /// linear scenario losses and floors; size-tier steps only move it up as size is sold), so a bisection
    /// on the sign of its slope over [lo, hi] keeps the maximum inside and ends in < 100 steps.
    function bestRelief(Book memory b, Sale memory sale, uint256 hi, uint256 lot) internal view returns (uint256) {
        uint256 tol = (lot + 999_999) / 1_000_000;
        uint256 lo;
        while (hi - lo > 2 * tol) {
            uint256 mid = (lo + hi) / 2;
            sell(b, sale, mid);
            int256 atMid = sale.equityWad - SafeCast.toInt256(sale.maintenanceWad);
            sell(b, sale, mid + tol);
            if (sale.equityWad - SafeCast.toInt256(sale.maintenanceWad) > atMid) lo = mid;
            else hi = mid + tol;
        }
        return hi;
    }

    /// @dev Equity, maintenance and account cash of the book after the account sells `xWad` of its lot at
    /// the discount, from the cached Greeks (no re-pricing): only the lot's underlying changes.
    ///   equity' = equity − V_lot + V_lot(s') ∓ cash;  MM' = MM − MM_u + MM_u(exposure − leg + leg(s'))
    function sell(Book memory b, Sale memory sale, uint256 xWad) internal view {
        sale.soldWad = xWad;
        Pos memory p = sale.pos;
        Agg memory a = sale.agg;
        bool isShort = p.h.sizeWad < 0;
        // x <= |size| <= 1e30: the casts are exact and the sum moves toward zero
        int256 newSize = isShort ? p.h.sizeWad + int256(xWad) : p.h.sizeWad - int256(xWad);
        MarginLib.Leg memory e = sale.exposureAfter;
        e.subInto(a.exposure, p.leg);
        uint256 singlesWad = a.singlesWad - p.singleWad;
        if (newSize != 0) {
            MarginLib.Leg memory leg = sale.legAfter;
            resizedLeg(leg, p, a, newSize);
            e.add(leg);
            singlesWad += single(a, leg, newSize, p.series, p.addOnWad, a.dSWad, a.dS2Wad);
        }
        // a combined lot: the hedge leaves with the short in proportion
        if (sale.paired) singlesWad = sellHedge(b, sale, e, singlesWad, xWad);
        // removing size lowers the notional: the tier search starts at the book's tier
        (, uint256 mmU,) =
            requirement(b, a, stressedBase(a, a.dSWad, a.dS2Wad, e), e, a.tierIndex, singlesWad, p.h.index, newSize);
        if (sale.paired) resize(b, a, sale.pair, sale.pair.h.sizeWad);
        sale.maintenanceWad = b.maintenanceWad - a.maintenanceWad + mmU;
        sale.cash = MarginLib.sliceCash(xWad, sale.unitMarkWad, sale.discountWad, sale.accountPays, b.scale);
        int256 cashWad = SafeCast.toInt256(sale.cash * b.scale);
        sale.equityWad = equityOf(b) - a.exposure.valueWad + e.valueWad + (sale.accountPays ? -cashWad : cashWad);
    }

    /// @dev `leg` := position `p` of underlying `a` at `sizeWad`, from its cached price and Greeks.
    function resizedLeg(MarginLib.Leg memory leg, Pos memory p, Agg memory a, int256 sizeWad) internal pure {
        MarginLib.writeLeg(
            leg,
            sizeWad,
            a.spotWad,
            p.series.strikeWad,
            p.series.isCall,
            p.h.priceWad,
            p.h.deltaWad,
            p.h.gammaWad,
            p.h.vegaWad,
            a.params.floorShareWad
        );
    }

    /// @dev `sell`'s part for a combined lot's hedge after `xWad` of its short is sold: the hedge's leg
    /// resized in the exposure `e` and in the singles sum (returned), and in the book the max-loss cap
    /// reads (put back by the caller once the requirement is computed).
    function sellHedge(Book memory b, Sale memory sale, MarginLib.Leg memory e, uint256 singlesWad, uint256 xWad)
        internal
        pure
        returns (uint256)
    {
        Pos memory r = sale.pair;
        Agg memory a = sale.agg;
        int256 newSize = r.h.sizeWad - int256(pairSize(sale, xWad)); // >= 0: exact
        e.subInto(e, r.leg);
        singlesWad -= r.singleWad;
        if (newSize != 0) {
            MarginLib.Leg memory leg = sale.pairLegAfter;
            resizedLeg(leg, r, a, newSize);
            e.add(leg);
            singlesWad += single(a, leg, newSize, r.series, r.addOnWad, a.dSWad, a.dS2Wad);
        }
        resize(b, a, r, newSize);
        return singlesWad;
    }

    /// @dev Make `p` the lot of `sale`, alone: the account pays for a short and is paid for a long, at its mark.
    function setLot(Book memory b, Sale memory sale, Pos memory p) internal pure {
        (sale.pos, sale.agg, sale.soldWad, sale.paired) = (p, b.aggs[p.agg], 0, false);
        (sale.accountPays, sale.unitMarkWad) = (p.h.sizeWad < 0, p.h.priceWad);
    }

    /// @dev Make short `s` and its hedge `r` the lot of `sale` (a combined lot): per option of `s` the
    /// unit holds |r| / |s| of `r`, and is worth mark_s − ⌊mark_r × |r| / |s|⌋ to whoever takes it (the
    /// account's side rounded down), which decides who pays.
    function setPairLot(Book memory b, Sale memory sale, Pos memory s, Pos memory r) internal pure {
        setLot(b, sale, s);
        (sale.paired, sale.pair) = (true, r);
        // sizes <= 1e30 and prices < 2^128: the products fit
        uint256 hedgeWad = Math.mulDiv(r.h.priceWad, uint256(r.h.sizeWad), uint256(-s.h.sizeWad));
        (sale.accountPays, sale.unitMarkWad) =
            s.h.priceWad > hedgeWad ? (true, s.h.priceWad - hedgeWad) : (false, hedgeWad - s.h.priceWad);
    }

    /// @dev Size of a combined lot's hedge sold with `xWad` of its short: x × |r| / |s|, rounded down (the
    /// account keeps at least its share of the hedge); all of it with the whole short.
    function pairSize(Sale memory sale, uint256 xWad) internal pure returns (uint256) {
        return xWad * uint256(sale.pair.h.sizeWad) / uint256(-sale.pos.h.sizeWad);
    }

    /// @dev The hedge of short `s`: the long of the same underlying and kind with the nearest strike (then
    /// the nearest expiry; ties keep the earlier position); type(uint256).max when it has none.
    function hedgeOf(Book memory b, Pos memory s) internal view returns (uint256 best) {
        best = type(uint256).max;
        uint256 bestGap = type(uint256).max;
        for (uint256 i; i < b.nPos; ++i) {
            Pos memory r = b.pos[i];
            if (r.h.sizeWad <= 0 || r.agg != s.agg || r.series.isCall != s.series.isCall || r.series.expiry <= block.timestamp) {
                continue;
            }
            uint256 kGap = r.series.strikeWad > s.series.strikeWad ? r.series.strikeWad - s.series.strikeWad : s.series.strikeWad - r.series.strikeWad;
            uint256 tGap = r.series.expiry > s.series.expiry ? r.series.expiry - s.series.expiry : s.series.expiry - r.series.expiry;
            // strikes and expiries < 2^128 and 2^64: the key orders by strike gap, then expiry gap
            uint256 gap = kGap << 64 | tGap;
            if (gap < bestGap) (best, bestGap) = (i, gap);
        }
    }

    /// @dev Position `r` of `b.book` at `sizeWad`, with its underlying's payoff slopes (what the max-loss cap reads).
    function resize(Book memory b, Agg memory a, Pos memory r, int256 sizeWad) internal pure {
        uint256 i = r.h.index;
        // sizes <= 1e30 and strikes < 2^128: exact
        int256 d = sizeWad - b.book.sizesWad[i];
        int256 dK = d * int256(uint256(r.series.strikeWad));
        b.book.sizesWad[i] = sizeWad;
        if (r.series.isCall) (a.callSizeWad, a.callStrikeWad2) = (a.callSizeWad + d, a.callStrikeWad2 + dK);
        else a.putStrikeWad2 += dK;
    }

    /// @dev Mark price of one option of `seriesId`, 0 when expired.
    function markPrice(Cache memory c, Series memory s) internal view returns (uint256) {
        if (s.expiry <= block.timestamp) return 0;
        (uint256 spotWad, uint256 rateWad) = spotAndRate(c, s.underlying);
        (uint256 volWad,) = vol(c, s.underlying, s.expiry);
        BlackScholesLib.Greeks memory g =
            BlackScholesLib.greeks(spotWad, s.strikeWad, volWad, s.expiry - block.timestamp, rateWad);
        return s.isCall ? g.callPrice : g.putPrice;
    }

    /// @dev `book` with `delta` added to series `id` (appended with its series `s` when absent). The
    /// arrays are modified in place when the series is held.
    function withTrade(AccountBook memory book, uint256 id, int256 delta, Series memory s)
        internal
        pure
        returns (AccountBook memory)
    {
        uint256[] memory ids = book.seriesIds;
        uint256 n = ids.length;
        for (uint256 i; i < n; ++i) {
            if (ids[i] == id) {
                book.sizesWad[i] += delta;
                return book;
            }
        }
        AccountBook memory out;
        (out.account, out.collateral) = (book.account, book.collateral);
        out.seriesIds = new uint256[](n + 1);
        out.sizesWad = new int256[](n + 1);
        out.series = new Series[](n + 1);
        for (uint256 i; i < n; ++i) {
            (out.seriesIds[i], out.sizesWad[i], out.series[i]) = (ids[i], book.sizesWad[i], book.series[i]);
        }
        (out.seriesIds[n], out.sizesWad[n], out.series[n]) = (id, delta, s);
        return out;
    }

    /// @dev The vault's packed book (`IOptionVault.packedBookOf`: two words per position) as an
    /// AccountBook, with `delta` added to series `id` as `withTrade` does (appended with its series `s`
    /// when not held; no trade when `delta` is 0). The last entry is the trade's, of size 0 when it is
    /// folded into a held position or there is none.
    function unpack(address account, uint256 collateral, uint256[] memory words, uint256 id, int256 delta, Series memory s)
        internal
        pure
        returns (AccountBook memory book)
    {
        uint256 n = words.length / 2;
        (book.account, book.collateral) = (account, collateral);
        // one spare entry for a trade in a series not held
        uint256[] memory ids = _uints(n + 1);
        int256[] memory sizes = new int256[](n + 1);
        Series[] memory ser = _seriesPointers(n + 1);
        for (uint256 i; i < n; ++i) {
            uint256 w;
            uint256 v;
            assembly ("memory-safe") {
                // i < n = words.length / 2: words 2i and 2i + 1 are inside the array (offsets < 2^11 bytes)
                let at := add(words, shl(6, i))
                w := mload(add(at, 0x20))
                v := mload(add(at, 0x40))
            }
            uint256 seriesId = w & type(uint32).max;
            int256 size = int256(int96(uint96(w >> 32)));
            // the trade: |size|, |delta| <= 1e28 (the vault's bounds), checked regardless
            if (seriesId == id) (size, delta) = (size + delta, 0);
            (ids[i], sizes[i]) = (seriesId, size);
            ser[i] = Series(address(uint160(v)), uint64(v >> 160), (v >> 224) & 1 != 0, uint128(w >> 128));
        }
        // the trade's own entry when the series is not held; otherwise (or without a trade) an entry of
        // size 0, which every reader of a book skips, as it skips a closed position
        (ids[n], sizes[n], ser[n]) = (id, delta, s);
        (book.seriesIds, book.sizesWad, book.series) = (ids, sizes, ser);
    }

    // ================================================================ caches

    /// @dev Index of `underlying` in the book, adding it (spot, rate, parameters) on first sight.
    function aggIndex(Book memory b, Cache memory c, address underlying) internal view returns (uint256) {
        uint256 n = b.nAggs;
        for (uint256 i; i < n; ++i) {
            if (b.aggs[i].underlying == underlying) return i;
        }
        Agg memory a;
        a.underlying = underlying;
        // reverts RiskParamsNotSet for an underlying without parameters (the engine's `_loadParams`, which
        // the lens reaches through `riskParams` and `tiers`)
        (a.params, a.tiers) = c.loadParams(underlying);
        (a.spotWad, a.rateWad) = spotAndRate(c, underlying);
        (a.dSWad, a.dS2Wad) = shocks(a.spotWad, a.params.spotShockWad);
        b.aggs[n] = a;
        b.nAggs = n + 1;
        return n;
    }

    /// @dev Spot and rate of `underlying`, from the cache or the oracle hub.
    function spotAndRate(Cache memory c, address underlying) internal view returns (uint256, uint256) {
        uint256 n = c.nU;
        for (uint256 i; i < n; ++i) {
            if (c.uAddr[i] == underlying) return (c.uSpot[i], c.uRate[i]);
        }
        uint256 spotWad = c.strict ? c.hub.spot(underlying) : c.hub.spotIgnoringSequencer(underlying);
        uint256 rateWad = c.hub.rate(underlying);
        if (n < c.uAddr.length) {
            c.uAddr[n] = underlying;
            c.uSpot[n] = spotWad;
            c.uRate[n] = rateWad;
            c.nU = n + 1;
        }
        return (spotWad, rateWad);
    }

    /// @dev Vol of (underlying, expiry), from the cache (searched newest first: positions are usually
    /// grouped by expiry) or the oracle hub.
    /// A strict cache reads `vol` (StaleVol blocks new risk); a non-strict one (liquidation, views) reads
    /// `conservativeVol`: a stale vol raised by its add-on, which `addPosition` also adds to the vol shock.
    function vol(Cache memory c, address underlying, uint64 expiry) internal view returns (uint256 volWad, uint256 addOnWad) {
        uint256 n = c.nV;
        uint256 key = (uint256(uint160(underlying)) << 64) | expiry;
        uint256[] memory keys = c.vKey;
        for (uint256 i = n; i > 0;) {
            --i;
            if (keys[i] == key) {
                uint256 w = c.vVol[i];
                return (uint128(w), w >> 128);
            }
        }
        if (c.strict) volWad = c.hub.vol(underlying, expiry);
        else (volWad, addOnWad) = c.hub.conservativeVol(underlying, expiry);
        if (n < keys.length) {
            keys[n] = key;
            // both below 2^128 (the hub's MAX_VOL_WAD = 1e19)
            c.vVol[n] = (addOnWad << 128) | volWad;
            c.nV = n + 1;
        }
    }

    /// @dev A cache sized on first use by `_scan` (to the account's position count).
    function emptyCache(bool strict) internal pure returns (Cache memory c) {
        c.strict = strict;
    }

    function newCache(bool strict, uint256 nU, uint256 nV) internal pure returns (Cache memory c) {
        c.strict = strict;
        allocCache(c, nU, nV);
    }

    function allocSeriesCache(Cache memory c, uint256 nS) internal pure {
        c.sId = _uints(nS);
        c.sPrice = _uints(nS);
        c.sDelta = new int256[](nS);
        c.sGamma = _uints(nS);
        c.sVega = _uints(nS);
    }

    function allocCache(Cache memory c, uint256 nU, uint256 nV) internal pure {
        // at least one slot each, so a sized cache is never mistaken for an empty one
        nU = nU == 0 ? 1 : nU;
        nV = nV == 0 ? 1 : nV;
        c.uAddr = new address[](nU);
        c.uSpot = _uints(nU);
        c.uRate = _uints(nU);
        c.vKey = _uints(nV);
        c.vVol = _uints(nV);
    }

    /// @dev `new uint256[](n)` in one place (each `new` is inlined by the compiler: this keeps the engine small).
    function _uints(uint256 n) internal pure returns (uint256[] memory) {
        return new uint256[](n);
    }

    /// @dev An array of `n` struct pointers without the zeroed structs Solidity would allocate for
    /// `new Agg[](n)`; only entries below `b.nAggs` are ever read, each written before.
    function _aggPointers(uint256 n) internal pure returns (Agg[] memory arr) {
        assembly ("memory-safe") {
            arr := mload(0x40)
            mstore(arr, n)
            // n <= the vault's position count: the allocation size cannot overflow
            mstore(0x40, add(arr, shl(5, add(n, 1))))
        }
    }

    /// @dev As `_aggPointers`, for an unpacked book's series (every entry is written by `unpack`).
    function _seriesPointers(uint256 n) internal pure returns (Series[] memory arr) {
        assembly ("memory-safe") {
            arr := mload(0x40)
            mstore(arr, n)
            // n <= the vault's position count: the allocation size cannot overflow
            mstore(0x40, add(arr, shl(5, add(n, 1))))
        }
    }

    /// @dev As `_aggPointers`, for kept positions (entries below `b.nPos`).
    function _posPointers(uint256 n) internal pure returns (Pos[] memory arr) {
        assembly ("memory-safe") {
            arr := mload(0x40)
            mstore(arr, n)
            // n <= the vault's position count: the allocation size cannot overflow
            mstore(0x40, add(arr, shl(5, add(n, 1))))
        }
    }

    /// @dev As `_aggPointers`, for the health report (every entry is written before it is returned).
    function healthPointers(uint256 n) internal pure returns (IMarginEngine.PositionHealth[] memory arr) {
        assembly ("memory-safe") {
            arr := mload(0x40)
            mstore(arr, n)
            // n <= the vault's position count: the allocation size cannot overflow
            mstore(0x40, add(arr, shl(5, add(n, 1))))
        }
    }

    /// @dev A zeroed leg.
    function newLeg() internal pure returns (MarginLib.Leg memory leg) {}

    function equityOf(Book memory b) internal pure returns (int256) {
        // equity = collateral + Σ size × price
        return SafeCast.toInt256(b.collateralWad) + b.valueWad;
    }


    function abs(int256 x) internal pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}
