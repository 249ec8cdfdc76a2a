// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title MarginLib
/// @notice Pure arithmetic of the margin engine: per-position risk numbers, the stressed loss of a
/// netted book over the scenario grid, and the margin ratio. Every rounding is named and favours the
/// protocol; every rounding of the requirement is a ceiling applied to a sum of per-position integers,
/// and ceil(a + b) <= ceil(a) + ceil(b), so the requirement stays subadditive over positions.
library MarginLib {
    uint256 internal constant WAD = 1e18;

    /// @notice Risk numbers of one position, or their sum over a book (exact integer sums).
    struct Leg {
        int256 valueWad; // [wad] size × price; longs rounded down, shorts rounded up in magnitude
        int256 deltaWad; // [wad of underlying] size × delta (truncated toward zero)
        int256 gammaWad; // [wad per unit of spot] size × gamma (truncated toward zero)
        int256 vegaWad; // [wad per 1.0 of vol] size × vega (truncated toward zero)
        uint256 floorWad; // [wad] floor of a short option, rounded up; 0 for longs
        uint256 notionalWad; // [wad] |size| × spot, rounded up
    }

    /// @notice a × b / WAD rounded down [wad] (what a user receives).
    function mulWadDown(uint256 a, uint256 b) internal pure returns (uint256) {
        return a * b / WAD;
    }

    /// @notice a × b / WAD rounded up [wad] (what a user owes).
    function mulWadUp(uint256 a, uint256 b) internal pure returns (uint256) {
        // ceil(a·b / WAD); checked arithmetic: an overflowing product reverts
        return (a * b + (WAD - 1)) / WAD;
    }

    /// @notice Largest |size| of one position [wad] (the vault's own bound).
    uint256 internal constant MAX_SIZE_WAD = 1e30;
    /// @notice Largest unit price, gamma or vega accepted from the pricer [wad] (|delta| <= 1e18).
    uint256 internal constant MAX_GREEK_WAD = type(uint128).max;

    /// @notice A position or its Greeks are outside the ranges that keep the margin arithmetic exact.
    error PositionOutOfRange(int256 sizeWad, uint256 priceWad, int256 deltaWad, uint256 gammaWad, uint256 vegaWad);

    /// @notice Risk numbers of one live position, written into `out`.
    /// @dev Requires |size| <= 1e30 < 2^100, |delta| <= 1e18 and price, gamma, vega < 2^128 (reverts
    /// PositionOutOfRange otherwise). Then each product is < 2^228 and each
    /// sum over positions (fewer than 2^16) < 2^244: the unchecked arithmetic cannot overflow.
    /// @param out The Leg to overwrite.
    /// @param sizeWad [wad] signed size (+ long, − short), non-zero.
    /// @param spotWad [wad] spot (<= 1e33 < 2^110: the pricer's domain).
    /// @param strikeWad [wad] strike (< 2^128).
    /// @param isCall call or put.
    /// @param priceWad [wad] option price.
    /// @param deltaWad [wad] option delta.
    /// @param gammaWad [wad per unit spot] option gamma.
    /// @param vegaWad [wad per 1.0 vol] option vega.
    /// @param floorShareWad [1e18 = 100%] floor share of the underlying (<= 0.5e18).
    function writeLeg(
        Leg memory out,
        int256 sizeWad,
        uint256 spotWad,
        uint256 strikeWad,
        bool isCall,
        uint256 priceWad,
        int256 deltaWad,
        uint256 gammaWad,
        uint256 vegaWad,
        uint256 floorShareWad
    ) internal pure {
        uint256 absSize = sizeWad >= 0 ? uint256(sizeWad) : uint256(-sizeWad);
        uint256 absDelta = deltaWad >= 0 ? uint256(deltaWad) : uint256(-deltaWad);
        if (absSize > MAX_SIZE_WAD || absDelta > WAD || (priceWad | gammaWad | vegaWad) > MAX_GREEK_WAD) {
            revert PositionOutOfRange(sizeWad, priceWad, deltaWad, gammaWad, vegaWad);
        }
        unchecked {
            // bounds above: every product < 2^228
            if (sizeWad > 0) {
                // value = size × price, rounded down (an asset of the account)
                out.valueWad = int256(absSize * priceWad / WAD);
                out.floorWad = 0;
            } else {
                // value = −|size| × price, magnitude rounded up (a liability of the account)
                out.valueWad = -int256((absSize * priceWad + (WAD - 1)) / WAD);
                // floor = |size| × ⌈floorShare × (S for a call, min(K, S) for a put)⌉, rounded up
                uint256 floorBase = isCall || spotWad < strikeWad ? spotWad : strikeWad;
                uint256 unitFloor = (floorShareWad * floorBase + (WAD - 1)) / WAD;
                out.floorWad = (absSize * unitFloor + (WAD - 1)) / WAD;
            }
            // position Greeks = size × unit Greek; exposures, not amounts owed: truncated toward zero
            out.deltaWad = sizeWad * deltaWad / int256(WAD);
            out.gammaWad = sizeWad * int256(gammaWad) / int256(WAD);
            out.vegaWad = sizeWad * int256(vegaWad) / int256(WAD);
            // notional = |size| × S, rounded up (a higher notional can only raise the tier)
            out.notionalWad = (absSize * spotWad + (WAD - 1)) / WAD;
        }
    }

    /// @notice acc += x (exact).
    function add(Leg memory acc, Leg memory x) internal pure {
        unchecked {
            // sums of fewer than 2^16 terms below 2^228 (see writeLeg)
            acc.valueWad += x.valueWad;
            acc.deltaWad += x.deltaWad;
            acc.gammaWad += x.gammaWad;
            acc.vegaWad += x.vegaWad;
            acc.floorWad += x.floorWad;
            acc.notionalWad += x.notionalWad;
        }
    }

    /// @notice out = acc − x (exact; x is one of the terms summed into acc).
    function subInto(Leg memory out, Leg memory acc, Leg memory x) internal pure {
        unchecked {
            // x is a term of the sum acc: each difference is a sum of the other terms
            out.valueWad = acc.valueWad - x.valueWad;
            out.deltaWad = acc.deltaWad - x.deltaWad;
            out.gammaWad = acc.gammaWad - x.gammaWad;
            out.vegaWad = acc.vegaWad - x.vegaWad;
            out.floorWad = acc.floorWad - x.floorWad;
            out.notionalWad = acc.notionalWad - x.notionalWad;
        }
    }

    /// @notice Worst loss of a netted book over the grid {−dS, 0, +dS} × {−v, 0, +v}, at least 0.
    /// @dev |Δ| < 2^16 × 1e30 < 2^116 (|delta| <= 1: the pricer's N(d1)), dS <= 8e33 < 2^113 (h <= 0.5,
    /// S <= 16 × 1e33 in the liquidation-price search), |V| < 2^16 × 2^228 / 2^59 < 2^185 and v <= 2e18 +
    /// 1e19 < 2^64 (the shock bound plus a stale-vol add-on, at most the hub's MAX_VOL_WAD): Δ·dS and V·v
    /// stay below 2^249 and are computed unchecked; Γ·dS² is checked (a huge
    /// gamma times a huge spot shock reverts rather than wraps).
    /// @param e The book's summed risk numbers.
    /// @param dSWad [wad] spot shock h·S (rounded up by the caller, fixed per underlying).
    /// @param dS2Wad [wad] dS², rounded up.
    /// @param volShockWad [wad] v (with the underlying's stale-vol add-on, < 2^64).
    /// @return lossWad [wad] rounded up.
    function stressedLoss(Leg memory e, uint256 dSWad, uint256 dS2Wad, uint256 volShockWad)
        internal
        pure
        returns (uint256 lossWad)
    {
        int256 dS = int256(dSWad); // dSWad < 2^113, see above
        // dS2Wad < 2^167: the cast is exact; checked product
        int256 gammaTerm = -e.gammaWad * int256(dS2Wad);
        unchecked {
            // bounds above; ⌈x / d⌉ is (x + d − 1) / d for x > 0 and x / d (truncation) for x <= 0
            // loss(s, σ) = −(Δ·dS + ½·Γ·dS² + V·dσ) separates into a spot leg and a vol leg, so the
            // worst grid point is max(0, spot legs) + max(0, vol legs); each term is a ceiling.
            int256 convexity = gammaTerm > 0 ? (gammaTerm + 2e18 - 1) / 2e18 : gammaTerm / 2e18; // −½·Γ·dS²
            int256 x = e.deltaWad * dS; // Δ·dS
            int256 spotUp = (x < 0 ? (-x + 1e18 - 1) / 1e18 : -x / 1e18) + convexity; // dS = +h·S
            int256 spotDown = (x > 0 ? (x + 1e18 - 1) / 1e18 : x / 1e18) + convexity; // dS = −h·S
            x = e.vegaWad * int256(volShockWad); // V·v
            int256 volUp = x < 0 ? (-x + 1e18 - 1) / 1e18 : -x / 1e18; // dσ = +v
            int256 volDown = x > 0 ? (x + 1e18 - 1) / 1e18 : x / 1e18; // dσ = −v
            int256 worstSpot = spotUp > spotDown ? spotUp : spotDown;
            int256 worstVol = volUp > volDown ? volUp : volDown;
            if (worstSpot > 0) lossWad = uint256(worstSpot);
            if (worstVol > 0) lossWad += uint256(worstVol);
        }
    }

    /// @notice Margin ratio = equity / maintenance [wad], rounded down; 0 when equity <= 0;
    /// type(uint256).max when maintenance is 0 (nothing required).
    function ratio(int256 equityWad, uint256 maintenanceWad) internal pure returns (uint256) {
        if (maintenanceWad == 0) return type(uint256).max;
        if (equityWad <= 0) return 0;
        return Math.mulDiv(uint256(equityWad), WAD, maintenanceWad);
    }

    /// @notice Cash of a liquidation slice of `sizeWad` options at mark `markWad` and discount `discountWad`.
    /// A short lot (the account pays the bidder to take the liability):
    ///   cash = ⌈size × ⌈mark × (1 + d)⌉ / 1e18⌉ in tokens, rounded up (what the account owes);
    /// a long lot (the bidder pays the account for the asset):
    ///   cash = ⌊size × ⌊mark × (1 − d)⌋ / 1e18⌋ in tokens, rounded down (what the account receives).
    /// @param sizeWad [wad] |slice|.
    /// @param markWad [wad] mark of one option.
    /// @param discountWad [1e18 = 100%] d <= 1e18.
    /// @param accountPays True for a short lot.
    /// @param scale 10^(18 − token decimals).
    /// @return amount [token decimals]
    function sliceCash(uint256 sizeWad, uint256 markWad, uint256 discountWad, bool accountPays, uint256 scale)
        internal
        pure
        returns (uint256 amount)
    {
        // size <= 1e30 < 2^100 and mark < 2^128 (MAX_GREEK_WAD), d <= 1e18: the unit price is < 2^130 and
        // size × unit < 2^230; checked arithmetic reverts rather than wraps outside these bounds
        uint256 d = WAD * scale;
        if (accountPays) return (sizeWad * mulWadUp(markWad, WAD + discountWad) + d - 1) / d;
        return sizeWad * mulWadDown(markWad, WAD - discountWad) / d;
    }
}
