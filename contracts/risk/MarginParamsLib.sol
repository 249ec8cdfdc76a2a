// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {MarginStorage} from "./MarginStorage.sol";

/// @title MarginParamsLib
/// @notice The margin engine's parameter setters: bounds checks and storage writes of an underlying's risk
/// parameters and size-tier table. An external library (linked, reached by delegatecall from the engine's
/// `restricted` setters, writing the engine's storage): admin code that no margin check runs, kept out of
/// the engine's bytecode.
library MarginParamsLib {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant MIN_SPOT_SHOCK = 0.01e18;
    uint256 internal constant MAX_SPOT_SHOCK = 0.5e18;
    uint256 internal constant MAX_VOL_SHOCK = 2e18;
    uint256 internal constant MIN_FLOOR_SHARE = 0.001e18;
    uint256 internal constant MAX_FLOOR_SHARE = 0.5e18;
    uint256 internal constant MAX_IM_FACTOR = 3e18;
    uint256 internal constant MAX_TIERS = 8;
    uint256 internal constant MIN_TIER_FACTOR = 1e18;
    uint256 internal constant MAX_TIER_FACTOR = 10e18;
    /// @dev The engine's flag bit of a stored imFactorWad: the underlying has a tier table.
    uint64 internal constant HAS_TIERS = MarginStorage.HAS_TIERS;

    /// @notice `IMarginEngine.setRiskParams` (bounds in IMarginEngine), keeping the tier flag.
    function setRiskParams(
        mapping(address => IMarginEngine.RiskParams) storage riskParams,
        address underlying,
        uint256 spotShockWad,
        uint256 volShockWad,
        uint256 floorShareWad,
        uint256 imFactorWad
    ) external {
        if (underlying == address(0)) revert IMarginEngine.ZeroAddress();
        if (spotShockWad < MIN_SPOT_SHOCK || spotShockWad > MAX_SPOT_SHOCK) {
            revert IMarginEngine.SpotShockOutOfBounds(spotShockWad, MIN_SPOT_SHOCK, MAX_SPOT_SHOCK);
        }
        if (volShockWad > MAX_VOL_SHOCK) revert IMarginEngine.VolShockOutOfBounds(volShockWad, MAX_VOL_SHOCK);
        if (floorShareWad < MIN_FLOOR_SHARE || floorShareWad > MAX_FLOOR_SHARE) {
            revert IMarginEngine.FloorShareOutOfBounds(floorShareWad, MIN_FLOOR_SHARE, MAX_FLOOR_SHARE);
        }
        if (imFactorWad <= WAD || imFactorWad > MAX_IM_FACTOR) {
            revert IMarginEngine.ImFactorOutOfBounds(imFactorWad, WAD, MAX_IM_FACTOR);
        }
        // every value is below 2^64 by the bounds above (imFactorWad below 2^62: the flag bit is free)
        uint64 flag = riskParams[underlying].imFactorWad & HAS_TIERS;
        riskParams[underlying] = IMarginEngine.RiskParams(
            uint64(spotShockWad), uint64(volShockWad), uint64(floorShareWad), uint64(imFactorWad) | flag
        );
        emit IMarginEngine.SetRiskParams(underlying, spotShockWad, volShockWad, floorShareWad, imFactorWad);
    }

    /// @notice `IMarginEngine.setTiers`: replaces the table and sets the tier flag.
    function setTiers(
        mapping(address => IMarginEngine.RiskParams) storage riskParams,
        mapping(address => IMarginEngine.Tier[]) storage tiers,
        address underlying,
        IMarginEngine.Tier[] calldata tiers_
    ) external {
        if (underlying == address(0)) revert IMarginEngine.ZeroAddress();
        uint256 n = tiers_.length;
        if (n == 0 || n > MAX_TIERS) revert IMarginEngine.TierCountOutOfBounds(n, MAX_TIERS);
        if (tiers_[0].notionalWad != 0) revert IMarginEngine.FirstTierNotZero(tiers_[0].notionalWad);
        IMarginEngine.Tier[] storage t = tiers[underlying];
        delete tiers[underlying];
        riskParams[underlying].imFactorWad |= HAS_TIERS; // n > 0 tiers from here on
        for (uint256 i; i < n; ++i) {
            IMarginEngine.Tier calldata tier = tiers_[i];
            if (tier.factorWad < MIN_TIER_FACTOR || tier.factorWad > MAX_TIER_FACTOR) {
                revert IMarginEngine.TierFactorOutOfBounds(i, tier.factorWad, MIN_TIER_FACTOR, MAX_TIER_FACTOR);
            }
            if (i > 0) {
                IMarginEngine.Tier calldata prev = tiers_[i - 1];
                if (tier.notionalWad <= prev.notionalWad) {
                    revert IMarginEngine.TierNotIncreasing(i, tier.notionalWad, prev.notionalWad);
                }
                if (tier.factorWad < prev.factorWad) revert IMarginEngine.TierFactorDecreasing(i, tier.factorWad, prev.factorWad);
            }
            t.push(tier);
        }
        emit IMarginEngine.SetTiers(underlying, tiers_);
    }
}
