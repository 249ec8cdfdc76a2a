// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarginEngine} from "./IMarginEngine.sol";

/// @title IMarginLens
/// @notice Read-only margin views of accounts, for keepers and frontends. A lens reads the book from the
/// vault and the parameters from the margin engine, and computes with the same portfolio code as the
/// engine (`PortfolioLib`): its figures are the engine's. It holds no state and no funds, so a new lens
/// can be deployed at any time without touching either.
interface IMarginLens {
    /// @notice The vault the lens reads books from.
    function vault() external view returns (address);

    /// @notice The margin engine whose parameters the lens prices with.
    function marginEngine() external view returns (address);

    /// @notice Equity and requirements of `account` as the vault checks them (spot with the sequencer
    /// check; see `IMarginEngine.margin`).
    function accountMargin(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad);


    /// @notice `accountMargin` without the L2 sequencer check on spot (for liquidation of accounts
    /// already unsafe, which sequencer downtime must not block).
    function accountMarginIgnoringSequencer(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad);

    /// @notice Equity, requirements, ratio, size tier and per-position Greeks and contributions.
    function health(address account) external view returns (IMarginEngine.Health memory);

    /// @notice Equity, requirements and ratio of many accounts in one call (no per-position detail;
    /// oracle reads are shared across the batch). Uses spot without the sequencer check (keeper use).
    function healthBatch(address[] calldata accounts) external view returns (IMarginEngine.MarginSummary[] memory);

    /// @notice The position to liquidate first: largest contribution to maintenance; among equals a
    /// losing position (negative mark-to-market value: a short, a liability) before a profitable one
    /// (a long, an asset; entry prices are not stored), then higher |size × delta|, then higher
    /// |size × gamma|, then the lower index. Spot without the sequencer check.
    /// @return seriesId The series.
    /// @return index Its index in the vault's `positionsOf` arrays.
    function riskiestPosition(address account) external view returns (uint256 seriesId, uint256 index);

    /// @notice Margin of the account as if its position in `seriesId` changed by `sizeDeltaWad`
    /// (appended when the account does not hold it). Spot without the sequencer check.
    /// @dev No cash leg: `equityWad` = collateral + mark-to-market of the hypothetical book. A trade
    /// of `sizeDeltaWad` at price p moves −sizeDeltaWad × p of collateral; the caller adds it, using
    /// `markPriceWad` to compare against mark.
    /// @return equityWad [wad]
    /// @return maintenanceWad [wad]
    /// @return initialWad [wad]
    /// @return markPriceWad [wad] Black-Scholes price of one option of `seriesId` (0 when expired).
    function marginWithTrade(address account, uint256 seriesId, int256 sizeDeltaWad)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad, uint256 markPriceWad);

    /// @notice Mark (Black-Scholes) price of one option of `seriesId` [wad], spot without the sequencer
    /// check; 0 when expired.
    function markPrice(uint256 seriesId) external view returns (uint256 priceWad);

    /// @notice Size tier for `notionalWad` [wad] of gross notional on `underlying` (the engine's table).
    function tierOf(address underlying, uint256 notionalWad) external view returns (uint256 index, uint256 factorWad);

    /// @notice Spots of `underlying` at which the account's margin ratio reaches 1, all else fixed
    /// (vols sticky per expiry, rate and time unchanged).
    /// @dev Scans from the current spot S outwards in √2 steps to S/16 (down) and 16·S (up); in the
    /// first step where equity − maintenance turns <= 0 it bisects (LIQ_PRICE_BISECTIONS halvings,
    /// relative precision < 4e-7) and returns the unsafe end, so the ratio at the returned spot is
    /// <= 1 and within the precision of 1. When the ratio is already <= 1 both are S.
    /// @return downWad [wad] Nearest spot below S with ratio <= 1; 0 when none in [S/16, S].
    /// @return upWad [wad] Nearest spot above S with ratio <= 1; 0 when none in [S, 16·S].
    function liquidationPrice(address account, address underlying) external view returns (uint256 downWad, uint256 upWad);
}
