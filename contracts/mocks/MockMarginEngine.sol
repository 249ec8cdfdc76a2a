// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {AccountBook} from "../types/AccountBook.sol";

/// @title MockMarginEngine
/// @notice Test double of the margin engine (vault unit tests, invariants and benchmarks only).
/// By default it computes a simple, deterministic margin from the book the vault hands it:
///   equity = collateral (wad) + Σ size × mark[series] / 1e18,
///   maintenance = Σ_shorts |size| × shortRequirement / 1e18 + Σ_longs size × longRequirement / 1e18 (rounded up),
///   initial = maintenance × initialFactor / 1e18 (rounded up),
/// skipping expired series like the real engine. A per-account override returns fixed values instead.
contract MockMarginEngine {
    struct Override {
        bool active;
        int256 equityWad; // [wad]
        uint256 maintenanceWad; // [wad]
        uint256 initialWad; // [wad]
    }

    /// @notice Value of one long contract per series [wad] (may be negative for tests).
    mapping(uint256 seriesId => int256 markWad) public markWad;
    /// @notice Maintenance requirement per short contract [wad].
    uint256 public shortRequirementWad;
    /// @notice Maintenance requirement per long contract [wad].
    uint256 public longRequirementWad;
    /// @notice Initial / maintenance [wad, 1e18 = 1.0].
    uint256 public initialFactorWad = 1.25e18;
    mapping(address account => Override) private _override;
    /// @notice 10^(18 − collateral decimals).
    uint256 public immutable scale;

    constructor(uint8 collateralDecimals) {
        scale = 10 ** (18 - collateralDecimals);
    }

    function setMark(uint256 seriesId, int256 markWad_) external {
        markWad[seriesId] = markWad_;
    }

    function setShortRequirement(uint256 shortRequirementWad_) external {
        shortRequirementWad = shortRequirementWad_;
    }

    function setLongRequirement(uint256 longRequirementWad_) external {
        longRequirementWad = longRequirementWad_;
    }

    function setInitialFactor(uint256 initialFactorWad_) external {
        initialFactorWad = initialFactorWad_;
    }

    function setOverride(address account, int256 equityWad, uint256 maintenanceWad, uint256 initialWad) external {
        _override[account] = Override(true, equityWad, maintenanceWad, initialWad);
    }

    function clearOverride(address account) external {
        delete _override[account];
    }

    /// @notice As IMarginEngine.margin (the sequencer flag is ignored).
    function margin(AccountBook calldata book, bool)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad)
    {
        Override memory o = _override[book.account];
        if (o.active) return (o.equityWad, o.maintenanceWad, o.initialWad);

        equityWad = int256(book.collateral * scale);
        for (uint256 i; i < book.seriesIds.length; ++i) {
            if (book.series[i].expiry <= block.timestamp) continue;
            int256 size = book.sizesWad[i];
            // value = size × mark / 1e18 (test double: truncation is fine)
            equityWad += size * markWad[book.seriesIds[i]] / 1e18;
            if (size < 0) {
                maintenanceWad += Math.mulDiv(uint256(-size), shortRequirementWad, 1e18, Math.Rounding.Ceil);
            } else {
                maintenanceWad += Math.mulDiv(uint256(size), longRequirementWad, 1e18, Math.Rounding.Ceil);
            }
        }
        initialWad = Math.mulDiv(maintenanceWad, initialFactorWad, 1e18, Math.Rounding.Ceil);
    }
}
