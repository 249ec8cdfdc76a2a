// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {PortfolioLib} from "../libraries/PortfolioLib.sol";
import {LiquidationQuoteLib} from "./LiquidationQuoteLib.sol";
import {MarginParamsLib} from "./MarginParamsLib.sol";
import {MarginStorage} from "./MarginStorage.sol";
import {AccountBook} from "../types/AccountBook.sol";
import {Series} from "../types/Series.sol";

/// @title MarginEngine
/// @notice Greeks-aware, size-tiered portfolio margin (see IMarginEngine for the formulas). Holds the risk
/// parameters; prices the book it is given (the vault's `bookOf`) with the oracle hub's spot, vol and
/// rate, cached in memory for the duration of the call. It never reads the vault: the vault and the
/// liquidation engine hand it books, and `MarginLens` serves the read-only account views.
contract MarginEngine is IMarginEngine, AccessManaged {
    uint256 internal constant WAD = 1e18;

    // the parameter bounds (spot shock, vol shock, floor share, IM factor, tiers) are MarginParamsLib's

    /// @inheritdoc IMarginEngine
    address public immutable oracleHub;
    /// @inheritdoc IMarginEngine
    uint256 public immutable collateralScale;

    // the risk parameters and tier tables live in MarginStorage's ERC-7201 namespace

    /// @param authority The AccessManager.
    /// @param collateralToken The vault's collateral token (0..18 decimals).
    /// @param oracleHub_ The oracle hub.
    constructor(address authority, address collateralToken, IOracleHub oracleHub_) AccessManaged(authority) {
        if (collateralToken == address(0) || address(oracleHub_) == address(0)) revert ZeroAddress();
        oracleHub = address(oracleHub_);
        uint8 decimals = IERC20Metadata(collateralToken).decimals();
        if (decimals > 18) revert UnsupportedDecimals(decimals);
        collateralScale = 10 ** (18 - decimals);
    }

    // ================================================================ admin

    /// @inheritdoc IMarginEngine
    function setRiskParams(
        address underlying,
        uint256 spotShockWad,
        uint256 volShockWad,
        uint256 floorShareWad,
        uint256 imFactorWad
    ) external restricted {
        MarginParamsLib.setRiskParams(MarginStorage.layout().riskParams, underlying, spotShockWad, volShockWad, floorShareWad, imFactorWad);
    }

    /// @inheritdoc IMarginEngine
    function setTiers(address underlying, Tier[] calldata tiers_) external restricted {
        MarginStorage.Layout storage store = MarginStorage.layout();
        MarginParamsLib.setTiers(store.riskParams, store.tiers, underlying, tiers_);
    }

    // ================================================================ parameter views

    /// @inheritdoc IMarginEngine
    function riskParams(address underlying) external view returns (RiskParams memory p) {
        p = MarginStorage.layout().riskParams[underlying];
        p.imFactorWad &= ~MarginStorage.HAS_TIERS;
    }

    /// @inheritdoc IMarginEngine
    function tiers(address underlying) external view returns (Tier[] memory) {
        return MarginStorage.layout().tiers[underlying];
    }

    // ================================================================ computations

    /// @inheritdoc IMarginEngine
    function margin(AccountBook calldata book, bool strict)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad)
    {
        PortfolioLib.Book memory b = PortfolioLib.scan(book, _cache(strict), collateralScale, false);
        return (PortfolioLib.equityOf(b), b.maintenanceWad, b.initialWad);
    }

    /// @inheritdoc IMarginEngine
    function markPrice(Series calldata s) external view returns (uint256 priceWad) {
        return PortfolioLib.markPrice(_cache(false), s);
    }

    /// @inheritdoc IMarginEngine
    function liquidationQuote(IOptionVault vault, address account, QuoteParams calldata qp)
        external
        view
        returns (Quote memory)
    {
        return LiquidationQuoteLib.quote(oracleHub, address(vault), account, qp, collateralScale);
    }

    /// @dev An empty cache (sized by the scan) reading this engine's parameters from storage.
    function _cache(bool strict) internal view returns (PortfolioLib.Cache memory c) {
        // the return value is a zeroed cache already (no second one from emptyCache)
        c.strict = strict;
        c.hub = IOracleHub(oracleHub);
        c.loadParams = MarginStorage.loadParams;
    }
}
