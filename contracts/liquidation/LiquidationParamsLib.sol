// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IDiscountCurve} from "../interfaces/IDiscountCurve.sol";
import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";

/// @title LiquidationParamsLib
/// @notice The liquidation engine's parameter sets: their storage types, the validation and the writes
/// of `setUnderlyingParams`, and the read of a whole set. An external library (linked, called with
/// DELEGATECALL on the engine's storage): the administrative code is deployed once, next to the engine,
/// so that the engine's own bytecode keeps room for the auction logic. Bids never call it: they read
/// the packed `Config` and tier word straight from storage.
library LiquidationParamsLib {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant MAX_TIERS = 4;
    uint256 internal constant MIN_TIER_RATIO = 0.5e18;
    uint256 internal constant MAX_TIER_RATIO = 2e18;
    uint256 internal constant MAX_TARGET = 3e18;
    uint256 internal constant MAX_DISCOUNT = 0.5e18;
    uint256 internal constant MIN_DURATION = 60;
    uint256 internal constant MAX_DURATION = 7 days;
    uint256 internal constant MIN_CUSP = 0.01e18;
    uint256 internal constant TIER_UNIT = 1e9;
    uint256 internal constant MAX_TIP_SHARE = 0.01e18;

    /// @notice What a bid reads of a parameter set: three slots, loaded as one struct (slot 0: the bid's
    /// numbers; slot 1: curve, cusp, stop level, tier count; slot 2: fund share, dust).
    struct Config {
        uint64 targetRatioWad; // [wad]
        uint64 startDiscountWad; // [1e18 = 100%]
        uint64 maxDiscountWad; // [1e18 = 100%]
        uint32 duration; // [s]
        uint32 tail; // [s]
        IDiscountCurve curve;
        uint64 cuspWad; // [1e18 = 100%]
        uint8 stopped; // 0..3
        uint8 tierCount;
        uint64 fundShareWad; // [1e18 = 100%]
        uint128 minSizeWad; // [wad]
    }

    /// @notice The starter tip of a parameter set (only `start` reads it).
    struct TipConfig {
        uint128 tipFlat; // [token decimals]
        uint128 tipCap; // [token decimals]
        uint64 tipShareWad; // [1e18 = 100%]
    }

    /// @notice The parameter sets as the engine stores them.
    struct Sets {
        mapping(uint256 key => Config) cfg;
        mapping(uint256 key => TipConfig) tip;
        /// tier i at bit 64 × i: ratio / TIER_UNIT in its low 32 bits, share / TIER_UNIT in its high 32
        mapping(uint256 key => uint256 word) tierWord;
    }

    /// @notice Validate `p` and write it as set `key` (every field; the stop level is left as it is).
    /// Reverts with the named error of the first field out of range (ILiquidationEngine).
    function write(Sets storage sets, uint256 key, ILiquidationEngine.UnderlyingParams calldata p) external {
        ILiquidationEngine.Tier[] calldata tiers = p.tiers;
        uint256 n = tiers.length;
        if (n == 0 || n > MAX_TIERS) revert ILiquidationEngine.TierCountOutOfRange(n, 1, MAX_TIERS);
        Config storage c = sets.cfg[key];
        // the target against the new table's first threshold, then the table against the new target
        uint256 target = p.targetRatioWad;
        uint256 minTarget = uint256(tiers[0].ratioWad) + 1;
        if (target < minTarget || target > MAX_TARGET) {
            revert ILiquidationEngine.TargetOutOfRange(target, minTarget, MAX_TARGET);
        }
        uint256 word;
        for (uint256 i; i < n; ++i) {
            ILiquidationEngine.Tier calldata t = tiers[i];
            uint256 maxRatio = i == 0 ? Math.min(MAX_TIER_RATIO, target - 1) : tiers[i - 1].ratioWad - 1;
            if (t.ratioWad < MIN_TIER_RATIO || t.ratioWad > maxRatio) {
                revert ILiquidationEngine.TierRatioOutOfRange(i, t.ratioWad, MIN_TIER_RATIO, maxRatio);
            }
            _wholeTierUnit(t.ratioWad);
            _wholeTierUnit(t.shareWad);
            uint256 minShare = i == 0 ? 1 : tiers[i - 1].shareWad;
            if (t.shareWad < minShare || t.shareWad > WAD) {
                revert ILiquidationEngine.TierShareOutOfRange(i, t.shareWad, minShare, WAD);
            }
            // whole TIER_UNITs, ratio <= MAX_TIER_RATIO and share <= 1e18: each fits 32 bits (2e9 < 2^32)
            word |= ((t.ratioWad / TIER_UNIT) | ((t.shareWad / TIER_UNIT) << 32)) << (i << 6);
        }
        sets.tierWord[key] = word;

        if (address(p.curve) == address(0)) revert ILiquidationEngine.ZeroAddress();
        if (p.maxDiscountWad > MAX_DISCOUNT) revert ILiquidationEngine.MaxDiscountOutOfRange(p.maxDiscountWad, MAX_DISCOUNT);
        if (p.startDiscountWad > p.maxDiscountWad) {
            revert ILiquidationEngine.StartDiscountOutOfRange(p.startDiscountWad, p.maxDiscountWad);
        }
        _duration(p.duration);
        _duration(p.tail);
        if (p.cuspWad < MIN_CUSP || p.cuspWad > WAD) revert ILiquidationEngine.CuspOutOfRange(p.cuspWad, MIN_CUSP, WAD);
        if (p.fundShareWad > WAD) revert ILiquidationEngine.FundShareOutOfRange(p.fundShareWad, WAD);
        if (p.tipCap > type(uint128).max || p.tipFlat > p.tipCap || p.tipShareWad > MAX_TIP_SHARE) {
            revert ILiquidationEngine.TipOutOfRange(p.tipFlat, p.tipShareWad, p.tipCap);
        }
        if (p.minSizeWad > type(uint128).max) {
            revert ILiquidationEngine.MinSizeOutOfRange(p.minSizeWad, type(uint128).max);
        }
        // bounds above: every value fits its field
        c.targetRatioWad = uint64(target);
        c.startDiscountWad = uint64(p.startDiscountWad);
        c.maxDiscountWad = uint64(p.maxDiscountWad);
        c.duration = uint32(p.duration);
        c.tail = uint32(p.tail);
        c.curve = p.curve;
        c.cuspWad = uint64(p.cuspWad);
        c.tierCount = uint8(n);
        c.fundShareWad = uint64(p.fundShareWad);
        c.minSizeWad = uint128(p.minSizeWad);
        sets.tip[key] = TipConfig(uint128(p.tipFlat), uint128(p.tipCap), uint64(p.tipShareWad));
    }

    /// @notice Set `key` as stored.
    function read(Sets storage sets, uint256 key) external view returns (ILiquidationEngine.UnderlyingParams memory p) {
        Config storage c = sets.cfg[key];
        uint256 n = c.tierCount;
        uint256 word = sets.tierWord[key];
        p.tiers = new ILiquidationEngine.Tier[](n);
        for (uint256 i; i < n; ++i) {
            uint256 bits = word >> (i << 6);
            // each field < 2^32 and × 1e9 < 2^64: the casts are exact
            p.tiers[i] = ILiquidationEngine.Tier(
                uint64((bits & 0xffffffff) * TIER_UNIT), uint64(((bits >> 32) & 0xffffffff) * TIER_UNIT)
            );
        }
        (p.targetRatioWad, p.curve, p.startDiscountWad, p.maxDiscountWad, p.duration) =
            (c.targetRatioWad, c.curve, c.startDiscountWad, c.maxDiscountWad, c.duration);
        (p.tail, p.cuspWad, p.fundShareWad, p.minSizeWad) = (c.tail, c.cuspWad, c.fundShareWad, c.minSizeWad);
        TipConfig storage t = sets.tip[key];
        (p.tipFlat, p.tipShareWad, p.tipCap) = (t.tipFlat, t.tipShareWad, t.tipCap);
    }

    /// @dev Revert DurationOutOfRange unless MIN_DURATION <= value <= MAX_DURATION [s].
    function _duration(uint256 value) private pure {
        if (value < MIN_DURATION || value > MAX_DURATION) {
            revert ILiquidationEngine.DurationOutOfRange(value, MIN_DURATION, MAX_DURATION);
        }
    }

    function _wholeTierUnit(uint256 valueWad) private pure {
        if (valueWad % TIER_UNIT != 0) revert ILiquidationEngine.NotWholeTierUnit(valueWad, TIER_UNIT);
    }
}
