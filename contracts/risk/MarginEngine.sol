// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {IMarginEngineViews} from "../interfaces/IMarginEngineViews.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {BlackScholesLib} from "../libraries/BlackScholesLib.sol";
import {MarginLib} from "../libraries/MarginLib.sol";
import {Series} from "../types/Series.sol";

/// @title MarginEngine
/// @notice Greeks-aware, size-tiered portfolio margin over the vault's positions (see IMarginEngineViews
/// for the formulas). Stateless apart from its risk parameters: every view reads positions and
/// collateral from the vault and market inputs from the oracle hub, caching spot and rate per
/// underlying and vol per (underlying, expiry) in memory for the duration of the call.
contract MarginEngine is IMarginEngineViews, AccessManaged {
    using MarginLib for MarginLib.Leg;

    uint256 internal constant WAD = 1e18;

    /// @notice Bounds of the relative spot shock h [1e18 = 100%].
    uint256 public constant MIN_SPOT_SHOCK = 0.01e18;
    uint256 public constant MAX_SPOT_SHOCK = 0.5e18;
    /// @notice Upper bound of the absolute vol shock v [wad, 1e18 = 100 vol points].
    uint256 public constant MAX_VOL_SHOCK = 2e18;
    /// @notice Bounds of the floor share per short option [1e18 = 100%].
    uint256 public constant MIN_FLOOR_SHARE = 0.001e18;
    uint256 public constant MAX_FLOOR_SHARE = 0.5e18;
    /// @notice The IM factor must exceed 1e18 and not exceed MAX_IM_FACTOR [wad].
    uint256 public constant MAX_IM_FACTOR = 3e18;
    /// @notice Most tiers per underlying, and bounds of a tier factor [wad].
    uint256 public constant MAX_TIERS = 8;
    uint256 public constant MIN_TIER_FACTOR = 1e18;
    uint256 public constant MAX_TIER_FACTOR = 10e18;
    /// @notice Liquidation-price search: √2 scan steps per direction (√2^8 = 16) and bisection halvings.
    uint256 public constant LIQ_PRICE_SCAN_STEPS = 8;
    uint256 public constant LIQ_PRICE_BISECTIONS = 20;
    /// @notice Oracle cache sizes of `healthBatch` (beyond them, reads are simply not cached).
    uint256 internal constant BATCH_CACHE_UNDERLYINGS = 16;
    uint256 internal constant BATCH_CACHE_VOLS = 64;
    /// @dev Series a batch view prices once and reuses across accounts (spot, vol, rate and time are
    /// the same for every account of one call); more distinct series are priced per position.
    uint256 internal constant BATCH_CACHE_SERIES = 128;
    uint256 internal constant SQRT2_WAD = 1_414213562373095049;
    uint256 internal constant INV_SQRT2_WAD = 707106781186547524;

    /// @notice The vault holding positions and collateral.
    IOptionVault public immutable vault;
    /// @notice The oracle hub (spot, vol, rate).
    IOracleHub public immutable oracleHub;
    /// @notice 10^(18 − collateral decimals): collateral [token decimals] × scale = [wad], exactly.
    uint256 public immutable collateralScale;

    mapping(address underlying => RiskParams) internal _riskParams;
    mapping(address underlying => Tier[]) internal _tiers;

    /// @dev Oracle reads cached for one call (or one batch): spot and rate per underlying, vol per
    /// (underlying, expiry). Fixed capacity; reads beyond it are not cached.
    struct Cache {
        bool strict; // spot with the sequencer check (true) or without (false)
        address[] uAddr;
        uint256[] uSpot;
        uint256[] uRate;
        uint256 nU;
        uint256[] vKey; // uint160(underlying) << 64 | expiry
        uint256[] vVol;
        uint256 nV;
        Pos scratch; // reused position record when no detail is kept
        Series hypoSeries; // the series of a hypothetical trade when the caller has it (expiry 0: read it)
        // batch views only (empty otherwise): series read and priced once for all accounts of the call
        bool batch; // positions read without their series (most are cached), series read on a miss
        Series[] sSeries; // (batch) the series of each cached id
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
        RiskParams params;
        uint256 dSWad; // h·S, rounded up
        uint256 dS2Wad; // dS², rounded up
        MarginLib.Leg exposure; // summed risk numbers of the account's live positions on it
        uint256 baseWad; // max(T, F)
        uint256 maintenanceWad; // base × tier factor, rounded up
        uint256 tierIndex;
    }

    /// @dev One live position, kept when per-position detail is needed.
    struct Pos {
        PositionHealth h; // the reported detail (seriesId, index, size, price, Greeks, value, contribution)
        uint256 agg; // index of its underlying in the book
        Series series;
        uint256 volWad;
        MarginLib.Leg leg;
    }

    /// @dev A whole account.
    struct Book {
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
    }

    /// @dev A hypothetical liquidation sale of part of one position (scratch space of `liquidationQuote`).
    struct Sale {
        Pos pos; // the lot
        Agg agg; // its underlying's book
        uint256 discountWad; // [1e18 = 100%]
        uint256 targetWad; // [wad]
        int256 equityWad; // [wad] equity after the last evaluated sale
        uint256 maintenanceWad; // [wad] maintenance after it
        uint256 cash; // [token decimals] its cash leg
        uint256 soldWad; // [wad] size of the last evaluated sale (0: none yet)
        MarginLib.Leg exposureAfter; // scratch
        MarginLib.Leg legAfter; // scratch
    }

    /// @param authority The AccessManager.
    /// @param vault_ The option vault.
    /// @param oracleHub_ The oracle hub.
    constructor(address authority, IOptionVault vault_, IOracleHub oracleHub_) AccessManaged(authority) {
        if (address(vault_) == address(0) || address(oracleHub_) == address(0)) revert ZeroAddress();
        vault = vault_;
        oracleHub = oracleHub_;
        uint8 decimals = IERC20Metadata(vault_.collateralToken()).decimals();
        if (decimals > 18) revert UnsupportedDecimals(decimals);
        collateralScale = 10 ** (18 - decimals);
    }

    // ================================================================ admin

    /// @inheritdoc IMarginEngineViews
    function setRiskParams(
        address underlying,
        uint256 spotShockWad,
        uint256 volShockWad,
        uint256 floorShareWad,
        uint256 imFactorWad
    ) external restricted {
        if (underlying == address(0)) revert ZeroAddress();
        if (spotShockWad < MIN_SPOT_SHOCK || spotShockWad > MAX_SPOT_SHOCK) {
            revert SpotShockOutOfBounds(spotShockWad, MIN_SPOT_SHOCK, MAX_SPOT_SHOCK);
        }
        if (volShockWad > MAX_VOL_SHOCK) revert VolShockOutOfBounds(volShockWad, MAX_VOL_SHOCK);
        if (floorShareWad < MIN_FLOOR_SHARE || floorShareWad > MAX_FLOOR_SHARE) {
            revert FloorShareOutOfBounds(floorShareWad, MIN_FLOOR_SHARE, MAX_FLOOR_SHARE);
        }
        if (imFactorWad <= WAD || imFactorWad > MAX_IM_FACTOR) {
            revert ImFactorOutOfBounds(imFactorWad, WAD, MAX_IM_FACTOR);
        }
        // every value is below 2^64 by the bounds above
        _riskParams[underlying] = RiskParams(
            uint64(spotShockWad), uint64(volShockWad), uint64(floorShareWad), uint64(imFactorWad)
        );
        emit SetRiskParams(underlying, spotShockWad, volShockWad, floorShareWad, imFactorWad);
    }

    /// @inheritdoc IMarginEngineViews
    function setTiers(address underlying, Tier[] calldata tiers_) external restricted {
        if (underlying == address(0)) revert ZeroAddress();
        uint256 n = tiers_.length;
        if (n == 0 || n > MAX_TIERS) revert TierCountOutOfBounds(n, MAX_TIERS);
        if (tiers_[0].notionalWad != 0) revert FirstTierNotZero(tiers_[0].notionalWad);
        Tier[] storage t = _tiers[underlying];
        delete _tiers[underlying];
        for (uint256 i; i < n; ++i) {
            Tier calldata tier = tiers_[i];
            if (tier.factorWad < MIN_TIER_FACTOR || tier.factorWad > MAX_TIER_FACTOR) {
                revert TierFactorOutOfBounds(i, tier.factorWad, MIN_TIER_FACTOR, MAX_TIER_FACTOR);
            }
            if (i > 0) {
                Tier calldata prev = tiers_[i - 1];
                if (tier.notionalWad <= prev.notionalWad) revert TierNotIncreasing(i, tier.notionalWad, prev.notionalWad);
                if (tier.factorWad < prev.factorWad) revert TierFactorDecreasing(i, tier.factorWad, prev.factorWad);
            }
            t.push(tier);
        }
        emit SetTiers(underlying, tiers_);
    }

    // ================================================================ parameter views

    /// @inheritdoc IMarginEngineViews
    function riskParams(address underlying) external view returns (RiskParams memory) {
        return _riskParams[underlying];
    }

    /// @inheritdoc IMarginEngineViews
    function tiers(address underlying) external view returns (Tier[] memory) {
        return _tiers[underlying];
    }

    /// @inheritdoc IMarginEngineViews
    function tierOf(address underlying, uint256 notionalWad) external view returns (uint256 index, uint256 factorWad) {
        return _tierAtOrBelow(underlying, notionalWad, MAX_TIERS);
    }

    // ================================================================ account views

    /// @inheritdoc IMarginEngine
    function accountMargin(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad)
    {
        Book memory b = _scan(account, _emptyCache(true), 0, 0, false);
        return (_equity(b), b.maintenanceWad, b.initialWad);
    }

    /// @inheritdoc IMarginEngineViews
    function accountMarginIgnoringSequencer(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad)
    {
        Book memory b = _scan(account, _emptyCache(false), 0, 0, false);
        return (_equity(b), b.maintenanceWad, b.initialWad);
    }

    /// @inheritdoc IMarginEngineViews
    function health(address account) external view returns (Health memory h) {
        Book memory b = _scan(account, _emptyCache(true), 0, 0, true);
        h.equityWad = _equity(b);
        h.maintenanceWad = b.maintenanceWad;
        h.initialWad = b.initialWad;
        h.ratioWad = MarginLib.ratio(h.equityWad, b.maintenanceWad);
        h.tierIndex = b.tierIndex;
        h.maintenanceBeforeTierWad = b.baseWad;
        _contributions(b);
        h.positions = _healthPointers(b.nPos);
        for (uint256 i; i < b.nPos; ++i) {
            h.positions[i] = b.pos[i].h;
        }
    }

    /// @inheritdoc IMarginEngineViews
    function healthBatch(address[] calldata accounts) external view returns (MarginSummary[] memory out) {
        Cache memory c = _newCache(false, BATCH_CACHE_UNDERLYINGS, BATCH_CACHE_VOLS);
        _allocSeriesCache(c, BATCH_CACHE_SERIES);
        c.batch = true;
        c.sSeries = new Series[](BATCH_CACHE_SERIES);
        out = new MarginSummary[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            Book memory b = _scan(accounts[i], c, 0, 0, false);
            int256 equity = _equity(b);
            out[i] = MarginSummary(equity, b.maintenanceWad, b.initialWad, MarginLib.ratio(equity, b.maintenanceWad));
        }
    }

    /// @inheritdoc IMarginEngineViews
    function riskiestPosition(address account) external view returns (uint256 seriesId, uint256 index) {
        Book memory b = _scan(account, _emptyCache(false), 0, 0, true);
        if (b.nPos == 0) revert NoOpenPositions(account);
        _contributions(b);
        uint256 best;
        for (uint256 i = 1; i < b.nPos; ++i) {
            if (_riskier(b.pos[i], b.pos[best])) best = i;
        }
        return (b.pos[best].h.seriesId, b.pos[best].h.index);
    }

    /// @inheritdoc IMarginEngineViews
    function marginWithTrade(address account, uint256 seriesId, int256 sizeDeltaWad)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad, uint256 markPriceWad)
    {
        Cache memory c = _emptyCache(false);
        Book memory b = _scan(account, c, seriesId, sizeDeltaWad, false);
        return (_equity(b), b.maintenanceWad, b.initialWad, _markPrice(c, seriesId));
    }

    /// @inheritdoc IMarginEngineViews
    function liquidationPrice(address account, address underlying)
        external
        view
        returns (uint256 downWad, uint256 upWad)
    {
        Book memory b = _scan(account, _emptyCache(true), 0, 0, true);
        uint256 ai = type(uint256).max;
        for (uint256 i; i < b.nAggs; ++i) {
            if (b.aggs[i].underlying == underlying) ai = i;
        }
        if (ai == type(uint256).max) return (0, 0);
        uint256 spotWad = b.aggs[ai].spotWad;
        if (_equity(b) <= SafeCast.toInt256(b.maintenanceWad)) return (spotWad, spotWad);
        downWad = _search(b, ai, spotWad, false);
        upWad = _search(b, ai, spotWad, true);
    }

    /// @inheritdoc IMarginEngineViews
    function markPrice(uint256 seriesId) external view returns (uint256 priceWad) {
        return _markPrice(_newCache(false, 1, 1), seriesId);
    }

    /// @inheritdoc IMarginEngineViews
    function liquidationQuote(address account, QuoteParams calldata qp) external view returns (Quote memory q) {
        Cache memory c = _emptyCache(false);
        Book memory b = _scan(account, c, 0, 0, true);
        q.equityWad = _equity(b);
        q.maintenanceWad = b.maintenanceWad;
        q.collateralWad = b.collateralWad;
        q.ratioWad = MarginLib.ratio(q.equityWad, b.maintenanceWad);
        q.equityAfterWad = q.equityWad;
        q.maintenanceAfterWad = q.maintenanceWad;
        q.ratioAfterWad = q.ratioWad;
        if (b.nPos == 0) return q;
        _contributions(b);
        Pos memory p = b.pos[0];
        for (uint256 i = 1; i < b.nPos; ++i) {
            if (_riskier(b.pos[i], p)) p = b.pos[i];
        }
        // a solvent account whose collateral cannot buy back any of its riskiest short sells a long first
        uint256 cashCapWad = type(uint256).max;
        if (q.equityWad > 0 && p.h.sizeWad < 0) (p, cashCapWad, q.raisesCash) = _cashLot(b, p, qp);
        q.seriesId = p.h.seriesId;
        q.positionWad = p.h.sizeWad;
        q.markPriceWad = p.h.priceWad;
        q.notionalWad = p.leg.notionalWad;
        uint256 share;
        (q.tier, share) = _liquidationTier(q.equityWad, q.ratioWad, qp);
        if (share == 0) return q;

        Sale memory sale; // zeroed, scratch legs allocated once
        (sale.pos, sale.agg, sale.discountWad, sale.targetWad) = (p, b.aggs[p.agg], qp.discountWad, qp.targetRatioWad);
        uint256 lot = _abs(p.h.sizeWad);
        // max = share × |position| (rounded down), the whole lot when insolvent or at 100%
        uint256 maxWad = share >= WAD ? lot : MarginLib.mulWadDown(lot, share);
        if (maxWad > cashCapWad) maxWad = cashCapWad;
        // just enough (solvent accounts only): shrink max to the smallest size that restores the target,
        // but not below the minimum size (bounded by the share): a sale never shrinks to a sliver no bidder
        // would pay gas for, which would leave the auction open a hair under the target
        if (q.equityWad > 0 && maxWad != 0 && _surplus(b, sale, maxWad) >= 0) {
            uint256 floorWad = qp.minSizeWad < maxWad ? qp.minSizeWad : maxWad;
            maxWad = _justEnough(b, sale, maxWad, lot);
            if (maxWad < floorWad) maxWad = floorWad;
        }
        // dust: a remainder below the minimum is sold whole
        if (lot - maxWad < qp.minSizeWad) maxWad = lot;
        q.maxSizeWad = maxWad;
        uint256 size = qp.bidCapWad < maxWad ? qp.bidCapWad : maxWad;
        // a bid may not leave dust behind: lower it to leave exactly the minimum (none possible for a dust lot)
        if (size < lot && lot - size < qp.minSizeWad) size = lot > qp.minSizeWad ? lot - qp.minSizeWad : 0;
        if (q.equityWad > 0 && p.h.sizeWad < 0) {
            // a solvent account pays for a short lot from its collateral: at most collateral / ⌈mark × (1 + d)⌉
            uint256 unitWad = MarginLib.mulWadUp(p.h.priceWad, WAD + qp.discountWad);
            if (unitWad != 0) {
                uint256 affordable = b.collateralWad * WAD / unitWad;
                if (q.maxSizeWad > affordable) q.maxSizeWad = affordable;
                if (size > affordable) size = affordable;
            }
        }
        q.sizeWad = size;
        if (size == 0) return q;
        if (sale.soldWad != size) _sell(b, sale, size); // reuse the last evaluation when it is this size
        (q.equityAfterWad, q.maintenanceAfterWad, q.accountCash) = (sale.equityWad, sale.maintenanceWad, sale.cash);
        q.ratioAfterWad = MarginLib.ratio(sale.equityWad, sale.maintenanceWad);
        if (qp.bidder != address(0)) _quoteBidder(c, p, q, qp.bidder);
    }

    /// @dev The bidder's book with the slice (q.sizeWad of the lot p), priced from this call's oracle reads
    /// (same block, same inputs as a check after the transfer). The lot's series is priced already: the
    /// scan reuses its Greeks through a series cache of one.
    function _quoteBidder(Cache memory c, Pos memory p, Quote memory q, address bidder) internal view {
        c.hypoSeries = p.series;
        _allocSeriesCache(c, 1);
        PositionHealth memory h = p.h;
        (c.sId[0], c.sPrice[0], c.sDelta[0], c.sGamma[0], c.sVega[0]) =
            (q.seriesId, h.priceWad, h.deltaWad, h.gammaWad, h.vegaWad);
        c.nS = 1;
        // size <= |position| <= 1e28: the cast is exact
        int256 slice = h.sizeWad < 0 ? -int256(q.sizeWad) : int256(q.sizeWad);
        Book memory bb = _scan(bidder, c, q.seriesId, slice, false);
        (q.bidderEquityWad, q.bidderInitialWad) = (_equity(bb), bb.initialWad);
    }

    // ================================================================ core

    /// @dev Reads the account's positions (with `hypoDelta` added to series `hypoId`), prices the live
    /// ones and sums equity and requirements per underlying. `keep` stores per-position detail.
    function _scan(address account, Cache memory c, uint256 hypoId, int256 hypoDelta, bool keep)
        internal
        view
        returns (Book memory b)
    {
        uint256 collateral;
        uint256[] memory ids;
        int256[] memory sizes;
        Series[] memory ser;
        if (c.batch) {
            // a batch has priced most series already: positions only, each series read on a cache miss
            (ids, sizes) = vault.positionsOf(account);
            collateral = vault.collateralOf(account);
        } else {
            (collateral, ids, sizes, ser) = vault.bookOf(account);
            if (hypoDelta != 0) (ids, sizes, ser) = _withTrade(ids, sizes, ser, hypoId, hypoDelta, c.hypoSeries);
        }
        uint256 n = ids.length;
        if (c.uAddr.length == 0) _allocCache(c, n, n);
        // collateral [token decimals] → [wad], exact
        b.collateralWad = collateral * collateralScale;
        b.aggs = _aggPointers(n);
        if (keep) b.pos = _posPointers(n);
        for (uint256 i; i < n; ++i) {
            if (sizes[i] == 0) continue;
            if (c.batch) {
                _addBatchPosition(b, c, ids[i], sizes[i]);
                continue;
            }
            Series memory s = ser[i];
            if (s.expiry <= block.timestamp) continue; // expired: settles in the vault
            if (c.sId.length != 0) _addCachedPosition(b, c, ids[i], sizes[i], s);
            else _addPosition(b, c, ids[i], i, sizes[i], s, keep);
        }
        for (uint256 i; i < b.nAggs; ++i) {
            Agg memory a = b.aggs[i];
            (a.baseWad, a.maintenanceWad, a.tierIndex) = _requirement(a, a.dSWad, a.dS2Wad, a.exposure, MAX_TIERS);
            b.valueWad += a.exposure.valueWad;
            b.baseWad += a.baseWad;
            b.maintenanceWad += a.maintenanceWad;
            // IM_u = MM_u × imFactor_u, rounded up
            b.initialWad += MarginLib.mulWadUp(a.maintenanceWad, a.params.imFactorWad);
            if (a.tierIndex > b.tierIndex) b.tierIndex = a.tierIndex;
        }
    }

    /// @dev Prices one live position and adds its risk numbers to its underlying's book.
    function _addPosition(
        Book memory b,
        Cache memory c,
        uint256 seriesId,
        uint256 index,
        int256 sizeWad,
        Series memory s,
        bool keep
    ) internal view {
        uint256 ai = _aggIndex(b, c, s.underlying);
        Agg memory a = b.aggs[ai];
        Pos memory p = keep ? _newPos() : c.scratch;
        p.volWad = _vol(c, s.underlying, s.expiry);
        p.h.sizeWad = sizeWad;
        p.series = s;
        _price(p, a.spotWad, a.rateWad, a.params.floorShareWad);
        a.exposure.add(p.leg);
        if (keep) {
            p.h.seriesId = seriesId;
            p.h.index = index;
            p.agg = ai;
            b.pos[b.nPos++] = p;
        }
    }

    /// @dev `_addPosition` for batch views (no per-position detail) of a live series `s`: its per-option
    /// Greeks come from the call's series cache, priced on the series' first appearance.
    function _addCachedPosition(Book memory b, Cache memory c, uint256 seriesId, int256 sizeWad, Series memory s)
        internal
        view
    {
        uint256 k = c.nS;
        uint256[] memory keys = c.sId;
        for (uint256 j; j < k; ++j) {
            if (keys[j] != seriesId) continue;
            Agg memory a = b.aggs[_aggIndex(b, c, s.underlying)];
            Pos memory p = c.scratch;
            p.series = s;
            p.h.sizeWad = sizeWad;
            (p.h.priceWad, p.h.deltaWad, p.h.gammaWad, p.h.vegaWad) = (c.sPrice[j], c.sDelta[j], c.sGamma[j], c.sVega[j]);
            _writeLeg(p, a.spotWad, a.params.floorShareWad);
            a.exposure.add(p.leg);
            return;
        }
        _addPosition(b, c, seriesId, 0, sizeWad, s, false);
        if (k < keys.length) {
            keys[k] = seriesId;
            c.nS = k + 1;
            PositionHealth memory h = c.scratch.h;
            (c.sPrice[k], c.sDelta[k], c.sGamma[k], c.sVega[k]) = (h.priceWad, h.deltaWad, h.gammaWad, h.vegaWad);
        }
    }

    /// @dev A batch view's position: its series from the cache (read from the vault on the first sight,
    /// then cached with its Greeks by `_addCachedPosition`); expired series are skipped.
    function _addBatchPosition(Book memory b, Cache memory c, uint256 seriesId, int256 sizeWad) internal view {
        uint256 k = c.nS;
        for (uint256 j; j < k; ++j) {
            if (c.sId[j] != seriesId) continue;
            Series memory cached = c.sSeries[j];
            if (cached.expiry > block.timestamp) _addCachedPosition(b, c, seriesId, sizeWad, cached);
            return;
        }
        Series memory s = vault.series(seriesId);
        if (s.expiry <= block.timestamp) return; // expired: settles in the vault
        if (k < c.sSeries.length) c.sSeries[k] = s; // `_addCachedPosition` caches the id and Greeks at k
        _addCachedPosition(b, c, seriesId, sizeWad, s);
    }

    /// @dev The risk numbers of `p` from its per-option price and Greeks.
    function _writeLeg(Pos memory p, uint256 spotWad, uint256 floorShareWad) internal pure {
        PositionHealth memory h = p.h;
        Series memory s = p.series;
        MarginLib.writeLeg(
            p.leg, h.sizeWad, spotWad, s.strikeWad, s.isCall, h.priceWad, h.deltaWad, h.gammaWad, h.vegaWad, floorShareWad
        );
        h.valueWad = p.leg.valueWad;
    }

    /// @dev Black-Scholes price and Greeks of `p` at `spotWad`, and its risk numbers.
    function _price(Pos memory p, uint256 spotWad, uint256 rateWad, uint256 floorShareWad) internal view {
        Series memory s = p.series;
        // time to expiry [seconds] > 0: expired series never reach here
        BlackScholesLib.Greeks memory g =
            BlackScholesLib.greeks(spotWad, s.strikeWad, p.volWad, s.expiry - block.timestamp, rateWad);
        PositionHealth memory h = p.h;
        (h.priceWad, h.deltaWad) = s.isCall ? (g.callPrice, g.callDelta) : (g.putPrice, g.putDelta);
        h.gammaWad = g.gamma;
        h.vegaWad = g.vega;
        _writeLeg(p, spotWad, floorShareWad);
    }

    /// @dev Requirement of a book `e` on `a.underlying` with spot shock `dSWad` (dS² = `dS2Wad`):
    /// base = max(stressed loss, Σ floors); maintenance = base × tierFactor(notional), rounded up.
    function _requirement(Agg memory a, uint256 dSWad, uint256 dS2Wad, MarginLib.Leg memory e, uint256 maxTier)
        internal
        view
        returns (uint256 baseWad, uint256 maintenanceWad, uint256 tierIndex)
    {
        baseWad = MarginLib.stressedLoss(e, dSWad, dS2Wad, a.params.volShockWad);
        if (e.floorWad > baseWad) baseWad = e.floorWad;
        uint256 factorWad;
        (tierIndex, factorWad) = _tierAtOrBelow(a.underlying, e.notionalWad, maxTier);
        maintenanceWad = MarginLib.mulWadUp(baseWad, factorWad);
    }

    /// @dev Highest tier at or below `maxTier` whose threshold `notionalWad` reaches ((0, 1e18) without
    /// a table). Tier 0 starts at notional 0, so the search always ends.
    function _tierAtOrBelow(address underlying, uint256 notionalWad, uint256 maxTier)
        internal
        view
        returns (uint256, uint256)
    {
        Tier[] storage t = _tiers[underlying];
        uint256 n = t.length;
        if (n == 0) return (0, WAD);
        for (uint256 i = maxTier < n ? maxTier + 1 : n; i > 0;) {
            --i;
            Tier storage tier = t[i];
            if (tier.notionalWad <= notionalWad) return (i, tier.factorWad);
        }
        return (0, WAD); // unreachable: tier 0 starts at 0
    }

    /// @dev Spot shock dS = h·S and dS², both rounded up (fixed per underlying and spot).
    function _shocks(uint256 spotWad, uint256 spotShockWad) internal pure returns (uint256 dSWad, uint256 dS2Wad) {
        dSWad = MarginLib.mulWadUp(spotShockWad, spotWad);
        dS2Wad = MarginLib.mulWadUp(dSWad, dSWad);
    }

    /// @dev Contribution of each kept position: maintenance minus maintenance without it. Only its
    /// underlying's requirement changes, so this is MM_u − MM_u(book without the position), exactly.
    /// Removing a position lowers the notional, so the tier search starts at the book's tier.
    function _contributions(Book memory b) internal view {
        MarginLib.Leg memory without;
        for (uint256 i; i < b.nPos; ++i) {
            Pos memory p = b.pos[i];
            Agg memory a = b.aggs[p.agg];
            without.subInto(a.exposure, p.leg);
            (, uint256 mmWithout,) = _requirement(a, a.dSWad, a.dS2Wad, without, a.tierIndex);
            // requirements are sums of fewer than 2^16 terms below 2^246: both casts are exact
            p.h.contributionWad = int256(a.maintenanceWad) - int256(mmWithout);
        }
    }

    /// @dev Priority rule: larger contribution; then losing (value < 0) before profitable; then larger
    /// |position delta|; then larger |position gamma|; ties keep the earlier position.
    function _riskier(Pos memory p, Pos memory q) internal pure returns (bool) {
        (int256 cp, int256 cq) = (p.h.contributionWad, q.h.contributionWad);
        if (cp != cq) return cp > cq;
        bool pLosing = p.leg.valueWad < 0;
        if (pLosing != (q.leg.valueWad < 0)) return pLosing;
        uint256 dp = _abs(p.leg.deltaWad);
        uint256 dq = _abs(q.leg.deltaWad);
        if (dp != dq) return dp > dq;
        return _abs(p.leg.gammaWad) > _abs(q.leg.gammaWad);
    }

    /// @dev The lot of a solvent account whose riskiest position `s` is a short: `s` itself when its
    /// collateral pays for min(|s|, max(minimum size, 1)) at mark × (1 + d); otherwise its riskiest long,
    /// with the size whose proceeds at mark × (1 − d) (rounded against the account) pay for the whole
    /// short beyond the collateral. No long: `s` (nothing can be sold until a reset or more collateral).
    function _cashLot(Book memory b, Pos memory s, QuoteParams calldata qp)
        internal
        pure
        returns (Pos memory lot, uint256 capWad, bool raisesCash)
    {
        uint256 unitWad = MarginLib.mulWadUp(s.h.priceWad, WAD + qp.discountWad);
        uint256 shortWad = _abs(s.h.sizeWad);
        uint256 needWad = qp.minSizeWad > 1 ? qp.minSizeWad : 1;
        if (needWad > shortWad) needWad = shortWad;
        if (unitWad == 0 || b.collateralWad * WAD / unitWad >= needWad) return (s, type(uint256).max, false);
        lot = s;
        for (uint256 i; i < b.nPos; ++i) {
            Pos memory p = b.pos[i];
            if (p.h.sizeWad > 0 && (!raisesCash || _riskier(p, lot))) (lot, raisesCash) = (p, true);
        }
        if (!raisesCash) return (s, type(uint256).max, false);
        // cash still needed to buy the whole short back [wad], over what one long brings [wad]
        uint256 costWad = MarginLib.mulWadUp(shortWad, unitWad);
        uint256 longUnitWad = MarginLib.mulWadDown(lot.h.priceWad, WAD - qp.discountWad);
        if (longUnitWad == 0) return (lot, type(uint256).max, true);
        uint256 gapWad = costWad > b.collateralWad ? costWad - b.collateralWad : 0;
        capWad = Math.mulDiv(gapWad, WAD, longUnitWad, Math.Rounding.Ceil);
        if (capWad == 0) capWad = 1;
    }

    /// @dev Nearest spot from `spotWad` (down or up) where equity − maintenance <= 0; 0 when none
    /// within a factor 16. Scan in √2 steps, then bisect the first bracket that crosses.
    function _search(Book memory b, uint256 ai, uint256 spotWad, bool up) internal view returns (uint256) {
        uint256 safe = spotWad;
        for (uint256 k; k < LIQ_PRICE_SCAN_STEPS; ++k) {
            uint256 next = MarginLib.mulWadDown(safe, up ? SQRT2_WAD : INV_SQRT2_WAD);
            if (_surplusAt(b, ai, next) <= 0) {
                uint256 unsafe = next;
                for (uint256 j; j < LIQ_PRICE_BISECTIONS; ++j) {
                    uint256 mid = (safe + unsafe) / 2;
                    if (_surplusAt(b, ai, mid) <= 0) unsafe = mid;
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
    function _surplusAt(Book memory b, uint256 ai, uint256 spotWad) internal view returns (int256) {
        Agg memory a = b.aggs[ai];
        MarginLib.Leg memory e;
        for (uint256 i; i < b.nPos; ++i) {
            Pos memory p = b.pos[i];
            if (p.agg != ai) continue;
            _price(p, spotWad, a.rateWad, a.params.floorShareWad);
            e.add(p.leg);
        }
        (uint256 dSWad, uint256 dS2Wad) = _shocks(spotWad, a.params.spotShockWad);
        (, uint256 mmWad,) = _requirement(a, dSWad, dS2Wad, e, MAX_TIERS);
        // equity' − MM' = collateral + (V − V_u + V_u') − (MM − MM_u + MM_u')
        int256 equity = _equity(b) - a.exposure.valueWad + e.valueWad;
        return equity - SafeCast.toInt256(b.maintenanceWad - a.maintenanceWad + mmWad);
    }

    /// @dev Liquidation tier of an account: the deepest threshold its ratio is below, and that tier's
    /// share; (type(uint256).max, 100%) when equity <= 0; (0, 0) above the first threshold.
    function _liquidationTier(int256 equityWad, uint256 ratioWad, QuoteParams calldata qp)
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
    /// equity(x) − ⌈target × MM(x)⌉ (>= 0: the ratio after is at or above the target).
    function _surplus(Book memory b, Sale memory sale, uint256 xWad) internal view returns (int256) {
        _sell(b, sale, xWad);
        return sale.equityWad - SafeCast.toInt256(MarginLib.mulWadUp(sale.targetWad, sale.maintenanceWad));
    }

    /// @dev Smallest x in (0, hi] with surplus(x) >= 0 within ⌈lot / 1e6⌉, given surplus(hi) >= 0 and
    /// surplus(0) < 0 (the account is below the first threshold, itself below the target). Keeps a
    /// bracket lo < root <= hi with surplus(lo) < 0 <= surplus(hi) and returns hi once hi − lo <= tol.
    /// surplus is piecewise linear in x (linear equity, convex piecewise-linear requirement, size-tier
    /// steps), so each step interpolates linearly (regula falsi) and then probes one tolerance beyond the
    /// estimate on the other side, which closes the bracket at once on a linear piece; after 8 such
    /// steps it falls back to halving, so the loop always ends (<= 8 + 100 steps, 100 > log2(1e30)).
    function _justEnough(Book memory b, Sale memory sale, uint256 hi, uint256 lot) internal view returns (uint256) {
        // tolerance = ⌈lot / 1e6⌉ >= 1
        uint256 tol = (lot + 999_999) / 1_000_000;
        uint256 lo;
        int256 fLo = _surplus(b, sale, 0);
        int256 fHi = _surplus(b, sale, hi);
        for (uint256 k; hi - lo > tol && k < 108; ++k) {
            // fLo < 0 <= fHi: x = lo + (hi − lo) × (−fLo) / (fHi − fLo), rounded down; halving after 8 steps
            uint256 x = k < 8 ? lo + Math.mulDiv(hi - lo, uint256(-fLo), uint256(fHi - fLo)) : (lo + hi) / 2;
            if (x <= lo) x = lo + 1;
            if (x >= hi) x = hi - 1;
            int256 fx = _surplus(b, sale, x);
            if (fx >= 0) {
                (hi, fHi) = (x, fx);
                // probe one tolerance below: closes the bracket when the root is within it
                x = hi - lo > tol ? hi - tol : lo;
            } else {
                (lo, fLo) = (x, fx);
                x = hi - lo > tol ? lo + tol : hi;
            }
            if (x == lo || x == hi) continue;
            fx = _surplus(b, sale, x);
            if (fx >= 0) (hi, fHi) = (x, fx);
            else (lo, fLo) = (x, fx);
        }
        return hi;
    }

    /// @dev Equity, maintenance and account cash of the book after the account sells `xWad` of its lot at
    /// the discount, from the cached Greeks (no re-pricing): only the lot's underlying changes.
    ///   equity' = equity − V_lot + V_lot(s') ∓ cash;  MM' = MM − MM_u + MM_u(exposure − leg + leg(s'))
    function _sell(Book memory b, Sale memory sale, uint256 xWad) internal view {
        sale.soldWad = xWad;
        Pos memory p = sale.pos;
        Agg memory a = sale.agg;
        bool isShort = p.h.sizeWad < 0;
        // x <= |size| <= 1e30: the casts are exact and the sum moves toward zero
        int256 newSize = isShort ? p.h.sizeWad + int256(xWad) : p.h.sizeWad - int256(xWad);
        MarginLib.Leg memory e = sale.exposureAfter;
        e.subInto(a.exposure, p.leg);
        if (newSize != 0) {
            MarginLib.Leg memory leg = sale.legAfter;
            MarginLib.writeLeg(
                leg,
                newSize,
                a.spotWad,
                p.series.strikeWad,
                p.series.isCall,
                p.h.priceWad,
                p.h.deltaWad,
                p.h.gammaWad,
                p.h.vegaWad,
                a.params.floorShareWad
            );
            e.add(leg);
        }
        // removing size lowers the notional: the tier search starts at the book's tier
        (, uint256 mmU,) = _requirement(a, a.dSWad, a.dS2Wad, e, a.tierIndex);
        sale.maintenanceWad = b.maintenanceWad - a.maintenanceWad + mmU;
        sale.cash = MarginLib.sliceCash(xWad, p.h.priceWad, sale.discountWad, isShort, collateralScale);
        int256 cashWad = SafeCast.toInt256(sale.cash * collateralScale);
        sale.equityWad = _equity(b) - a.exposure.valueWad + e.valueWad + (isShort ? -cashWad : cashWad);
    }

    /// @dev Mark price of one option of `seriesId`, 0 when expired.
    function _markPrice(Cache memory c, uint256 seriesId) internal view returns (uint256) {
        Series memory s = vault.series(seriesId);
        if (s.expiry <= block.timestamp) return 0;
        (uint256 spotWad, uint256 rateWad) = _spotAndRate(c, s.underlying);
        BlackScholesLib.Greeks memory g = BlackScholesLib.greeks(
            spotWad, s.strikeWad, _vol(c, s.underlying, s.expiry), s.expiry - block.timestamp, rateWad
        );
        return s.isCall ? g.callPrice : g.putPrice;
    }

    /// @dev The book's arrays with `delta` added to series `id` (appended, with its series `known`, or read
    /// when `known` is empty, when absent).
    function _withTrade(
        uint256[] memory ids,
        int256[] memory sizes,
        Series[] memory ser,
        uint256 id,
        int256 delta,
        Series memory known
    ) internal view returns (uint256[] memory, int256[] memory, Series[] memory) {
        uint256 n = ids.length;
        for (uint256 i; i < n; ++i) {
            if (ids[i] == id) {
                sizes[i] += delta;
                return (ids, sizes, ser);
            }
        }
        uint256[] memory ids2 = new uint256[](n + 1);
        int256[] memory sizes2 = new int256[](n + 1);
        Series[] memory ser2 = new Series[](n + 1);
        for (uint256 i; i < n; ++i) {
            (ids2[i], sizes2[i], ser2[i]) = (ids[i], sizes[i], ser[i]);
        }
        (ids2[n], sizes2[n], ser2[n]) = (id, delta, known.expiry != 0 ? known : vault.series(id));
        return (ids2, sizes2, ser2);
    }

    // ================================================================ caches

    /// @dev Index of `underlying` in the book, adding it (spot, rate, parameters) on first sight.
    function _aggIndex(Book memory b, Cache memory c, address underlying) internal view returns (uint256) {
        uint256 n = b.nAggs;
        for (uint256 i; i < n; ++i) {
            if (b.aggs[i].underlying == underlying) return i;
        }
        Agg memory a;
        a.underlying = underlying;
        a.params = _riskParams[underlying];
        if (a.params.imFactorWad == 0) revert RiskParamsNotSet(underlying);
        (a.spotWad, a.rateWad) = _spotAndRate(c, underlying);
        (a.dSWad, a.dS2Wad) = _shocks(a.spotWad, a.params.spotShockWad);
        b.aggs[n] = a;
        b.nAggs = n + 1;
        return n;
    }

    /// @dev Spot and rate of `underlying`, from the cache or the oracle hub.
    function _spotAndRate(Cache memory c, address underlying) internal view returns (uint256, uint256) {
        uint256 n = c.nU;
        for (uint256 i; i < n; ++i) {
            if (c.uAddr[i] == underlying) return (c.uSpot[i], c.uRate[i]);
        }
        uint256 spotWad = c.strict ? oracleHub.spot(underlying) : oracleHub.spotIgnoringSequencer(underlying);
        uint256 rateWad = oracleHub.rate(underlying);
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
    function _vol(Cache memory c, address underlying, uint64 expiry) internal view returns (uint256 volWad) {
        uint256 n = c.nV;
        uint256 key = (uint256(uint160(underlying)) << 64) | expiry;
        uint256[] memory keys = c.vKey;
        for (uint256 i = n; i > 0;) {
            --i;
            if (keys[i] == key) return c.vVol[i];
        }
        volWad = oracleHub.vol(underlying, expiry);
        if (n < keys.length) {
            keys[n] = key;
            c.vVol[n] = volWad;
            c.nV = n + 1;
        }
    }

    /// @dev A cache sized on first use by `_scan` (to the account's position count).
    function _emptyCache(bool strict) internal pure returns (Cache memory c) {
        c.strict = strict;
    }

    function _newCache(bool strict, uint256 nU, uint256 nV) internal pure returns (Cache memory c) {
        c.strict = strict;
        _allocCache(c, nU, nV);
    }

    function _allocSeriesCache(Cache memory c, uint256 nS) internal pure {
        c.sId = new uint256[](nS);
        c.sPrice = new uint256[](nS);
        c.sDelta = new int256[](nS);
        c.sGamma = new uint256[](nS);
        c.sVega = new uint256[](nS);
    }

    function _allocCache(Cache memory c, uint256 nU, uint256 nV) internal pure {
        // at least one slot each, so a sized cache is never mistaken for an empty one
        nU = nU == 0 ? 1 : nU;
        nV = nV == 0 ? 1 : nV;
        c.uAddr = new address[](nU);
        c.uSpot = new uint256[](nU);
        c.uRate = new uint256[](nU);
        c.vKey = new uint256[](nV);
        c.vVol = new uint256[](nV);
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
    function _healthPointers(uint256 n) internal pure returns (PositionHealth[] memory arr) {
        assembly ("memory-safe") {
            arr := mload(0x40)
            mstore(arr, n)
            // n <= the vault's position count: the allocation size cannot overflow
            mstore(0x40, add(arr, shl(5, add(n, 1))))
        }
    }

    /// @dev A zeroed position record.
    function _newPos() internal pure returns (Pos memory p) {}

    function _equity(Book memory b) internal pure returns (int256) {
        // equity = collateral + Σ size × price
        return SafeCast.toInt256(b.collateralWad) + b.valueWad;
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}
