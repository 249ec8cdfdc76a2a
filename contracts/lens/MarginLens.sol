// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {IMarginLens} from "../interfaces/IMarginLens.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {MarginLib} from "../libraries/MarginLib.sol";
import {PortfolioLib} from "../libraries/PortfolioLib.sol";
import {AccountBook} from "../types/AccountBook.sol";
import {Series} from "../types/Series.sol";

/// @title MarginLens
/// @notice Read-only margin views of accounts (see IMarginLens): books from the vault, parameters from the
/// margin engine (loaded once per underlying per call), the same portfolio code as the engine.
/// Stateless: redeploy it at will.
contract MarginLens is IMarginLens {
    /// @notice Oracle cache sizes of `healthBatch` (beyond them, reads are simply not cached).
    uint256 internal constant BATCH_CACHE_UNDERLYINGS = 16;
    uint256 internal constant BATCH_CACHE_VOLS = 64;
    /// @dev Series a batch view prices once and reuses across accounts (spot, vol, rate and time are
    /// the same for every account of one call); more distinct series are priced per position.
    uint256 internal constant BATCH_CACHE_SERIES = 128;

    IOptionVault internal immutable _vault;
    IMarginEngine internal immutable _engine;
    IOracleHub internal immutable _hub;
    uint256 internal immutable _scale;

    /// @param vault_ The vault (books). @param engine_ The margin engine (parameters, oracle hub).
    constructor(IOptionVault vault_, IMarginEngine engine_) {
        if (address(vault_) == address(0) || address(engine_) == address(0)) revert IMarginEngine.ZeroAddress();
        _vault = vault_;
        _engine = engine_;
        _hub = IOracleHub(engine_.oracleHub());
        _scale = engine_.collateralScale();
    }

    /// @inheritdoc IMarginLens
    function vault() external view returns (address) {
        return address(_vault);
    }

    /// @inheritdoc IMarginLens
    function marginEngine() external view returns (address) {
        return address(_engine);
    }

    /// @inheritdoc IMarginLens
    function accountMargin(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad)
    {
        PortfolioLib.Book memory b = _scan(account, true, false);
        return (PortfolioLib.equityOf(b), b.maintenanceWad, b.initialWad);
    }

    /// @inheritdoc IMarginLens
    function accountMarginIgnoringSequencer(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad)
    {
        PortfolioLib.Book memory b = _scan(account, false, false);
        return (PortfolioLib.equityOf(b), b.maintenanceWad, b.initialWad);
    }

    /// @inheritdoc IMarginLens
    function health(address account) external view returns (IMarginEngine.Health memory h) {
        PortfolioLib.Book memory b = _scan(account, true, true);
        h.equityWad = PortfolioLib.equityOf(b);
        h.maintenanceWad = b.maintenanceWad;
        h.initialWad = b.initialWad;
        h.ratioWad = MarginLib.ratio(h.equityWad, b.maintenanceWad);
        h.tierIndex = b.tierIndex;
        h.maintenanceBeforeTierWad = b.baseWad;
        PortfolioLib.contributions(b);
        h.positions = PortfolioLib.healthPointers(b.nPos);
        for (uint256 i; i < b.nPos; ++i) {
            h.positions[i] = b.pos[i].h;
        }
    }

    /// @inheritdoc IMarginLens
    function healthBatch(address[] calldata accounts) external view returns (IMarginEngine.MarginSummary[] memory out) {
        PortfolioLib.Cache memory c = _cache(false);
        PortfolioLib.allocCache(c, BATCH_CACHE_UNDERLYINGS, BATCH_CACHE_VOLS);
        PortfolioLib.allocSeriesCache(c, BATCH_CACHE_SERIES);
        c.sSeries = new Series[](BATCH_CACHE_SERIES);
        out = new IMarginEngine.MarginSummary[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            AccountBook memory book;
            book.account = accounts[i];
            (book.seriesIds, book.sizesWad) = _vault.positionsOf(accounts[i]);
            book.collateral = _vault.collateralOf(accounts[i]);
            book.series = _seriesOf(c, book.seriesIds);
            PortfolioLib.Book memory b = PortfolioLib.scan(book, c, _scale, false);
            int256 equity = PortfolioLib.equityOf(b);
            out[i] = IMarginEngine.MarginSummary(
                equity, b.maintenanceWad, b.initialWad, MarginLib.ratio(equity, b.maintenanceWad)
            );
        }
    }

    /// @inheritdoc IMarginLens
    function riskiestPosition(address account) external view returns (uint256 seriesId, uint256 index) {
        PortfolioLib.Book memory b = _scan(account, false, true);
        if (b.nPos == 0) revert IMarginEngine.NoOpenPositions(account);
        PortfolioLib.contributions(b);
        uint256 best;
        for (uint256 i = 1; i < b.nPos; ++i) {
            if (PortfolioLib.riskier(b.pos[i], b.pos[best])) best = i;
        }
        return (b.pos[best].h.seriesId, b.pos[best].h.index);
    }

    /// @inheritdoc IMarginLens
    function marginWithTrade(address account, uint256 seriesId, int256 sizeDeltaWad)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad, uint256 markPriceWad)
    {
        PortfolioLib.Cache memory c = _cache(false);
        Series memory s = _vault.series(seriesId);
        AccountBook memory book = _vault.bookOf(account);
        if (sizeDeltaWad != 0) book = PortfolioLib.withTrade(book, seriesId, sizeDeltaWad, s);
        PortfolioLib.Book memory b = PortfolioLib.scan(book, c, _scale, false);
        return (PortfolioLib.equityOf(b), b.maintenanceWad, b.initialWad, PortfolioLib.markPrice(c, s));
    }

    /// @inheritdoc IMarginLens
    function markPrice(uint256 seriesId) external view returns (uint256 priceWad) {
        return PortfolioLib.markPrice(_cache(false), _vault.series(seriesId));
    }

    /// @inheritdoc IMarginLens
    function tierOf(address underlying, uint256 notionalWad) external view returns (uint256 index, uint256 factorWad) {
        return PortfolioLib.tierAtOrBelow(_engine.tiers(underlying), notionalWad, PortfolioLib.NO_TIER_CAP);
    }

    /// @inheritdoc IMarginLens
    function liquidationPrice(address account, address underlying)
        external
        view
        returns (uint256 downWad, uint256 upWad)
    {
        PortfolioLib.Book memory b = _scan(account, true, true);
        uint256 ai = type(uint256).max;
        for (uint256 i; i < b.nAggs; ++i) {
            if (b.aggs[i].underlying == underlying) ai = i;
        }
        if (ai == type(uint256).max) return (0, 0);
        uint256 spotWad = b.aggs[ai].spotWad;
        if (PortfolioLib.equityOf(b) <= SafeCast.toInt256(b.maintenanceWad)) return (spotWad, spotWad);
        downWad = PortfolioLib.search(b, ai, spotWad, false);
        upWad = PortfolioLib.search(b, ai, spotWad, true);
    }

    // ================================================================ internals

    function _scan(address account, bool strict, bool keep) internal view returns (PortfolioLib.Book memory) {
        return PortfolioLib.scan(_vault.bookOf(account), _cache(strict), _scale, keep);
    }

    function _cache(bool strict) internal view returns (PortfolioLib.Cache memory c) {
        // the return value is a zeroed cache already (no second one from emptyCache)
        c.strict = strict;
        c.hub = _hub;
        c.loadParams = _loadParams;
    }

    /// @dev The engine's parameters of `underlying`, reverting RiskParamsNotSet when it has none (as the
    /// engine's own load does).
    function _loadParams(address underlying)
        internal
        view
        returns (IMarginEngine.RiskParams memory p, IMarginEngine.Tier[] memory)
    {
        p = _engine.riskParams(underlying);
        if (p.imFactorWad == 0) revert IMarginEngine.RiskParamsNotSet(underlying);
        return (p, _engine.tiers(underlying));
    }

    /// @dev The series of `ids`: from the batch's series cache (filled by the scan), else from the vault.
    function _seriesOf(PortfolioLib.Cache memory c, uint256[] memory ids) internal view returns (Series[] memory out) {
        uint256 n = ids.length;
        out = new Series[](n);
        uint256 k = c.nS;
        for (uint256 i; i < n; ++i) {
            uint256 id = ids[i];
            uint256 j;
            while (j < k && c.sId[j] != id) ++j;
            out[i] = j < k ? c.sSeries[j] : _vault.series(id);
        }
    }
}
