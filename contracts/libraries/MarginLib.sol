// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

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
        // ceil(a·b / WAD); the product is checked, so a × b overflowing reverts
        return Math.ceilDiv(a * b, WAD);
    }

    /// @notice ceil(a × b / d) for a signed `a`, using a 512-bit intermediate product.
    /// @dev ceil of a negative quotient is minus the floor of its magnitude.
    function mulDivUpSigned(int256 a, uint256 b, uint256 d) internal pure returns (int256) {
        if (a >= 0) return SafeCast.toInt256(Math.mulDiv(uint256(a), b, d, Math.Rounding.Ceil));
        return -SafeCast.toInt256(Math.mulDiv(uint256(-a), b, d));
    }

    /// @notice Risk numbers of one live position.
    /// @param sizeWad [wad] signed size (+ long, − short), non-zero.
    /// @param spotWad [wad] spot.
    /// @param strikeWad [wad] strike.
    /// @param isCall call or put.
    /// @param priceWad [wad] option price.
    /// @param deltaWad [wad] option delta.
    /// @param gammaWad [wad per unit spot] option gamma.
    /// @param vegaWad [wad per 1.0 vol] option vega.
    /// @param floorShareWad [1e18 = 100%] floor share of the underlying.
    function leg(
        int256 sizeWad,
        uint256 spotWad,
        uint256 strikeWad,
        bool isCall,
        uint256 priceWad,
        int256 deltaWad,
        uint256 gammaWad,
        uint256 vegaWad,
        uint256 floorShareWad
    ) internal pure returns (Leg memory l) {
        uint256 absSize = sizeWad >= 0 ? uint256(sizeWad) : uint256(-sizeWad);
        if (sizeWad > 0) {
            // value = size × price, rounded down (an asset of the account)
            l.valueWad = SafeCast.toInt256(mulWadDown(absSize, priceWad));
        } else {
            // value = −|size| × price, magnitude rounded up (a liability of the account)
            l.valueWad = -SafeCast.toInt256(mulWadUp(absSize, priceWad));
            // floor = |size| × floorShare × (S for a call, min(K, S) for a put), rounded up
            uint256 floorBase = isCall ? spotWad : Math.min(strikeWad, spotWad);
            l.floorWad = mulWadUp(absSize, mulWadUp(floorShareWad, floorBase));
        }
        // position Greeks = size × unit Greek; exposures, not amounts owed: truncated toward zero
        l.deltaWad = sizeWad * deltaWad / int256(WAD);
        l.gammaWad = sizeWad * SafeCast.toInt256(gammaWad) / int256(WAD);
        l.vegaWad = sizeWad * SafeCast.toInt256(vegaWad) / int256(WAD);
        // notional = |size| × S, rounded up (a higher notional can only raise the tier)
        l.notionalWad = mulWadUp(absSize, spotWad);
    }

    /// @notice acc += l (exact).
    function add(Leg memory acc, Leg memory l) internal pure {
        acc.valueWad += l.valueWad;
        acc.deltaWad += l.deltaWad;
        acc.gammaWad += l.gammaWad;
        acc.vegaWad += l.vegaWad;
        acc.floorWad += l.floorWad;
        acc.notionalWad += l.notionalWad;
    }

    /// @notice acc − l as a new Leg (exact; l must be part of acc).
    function sub(Leg memory acc, Leg memory l) internal pure returns (Leg memory r) {
        r.valueWad = acc.valueWad - l.valueWad;
        r.deltaWad = acc.deltaWad - l.deltaWad;
        r.gammaWad = acc.gammaWad - l.gammaWad;
        r.vegaWad = acc.vegaWad - l.vegaWad;
        r.floorWad = acc.floorWad - l.floorWad;
        r.notionalWad = acc.notionalWad - l.notionalWad;
    }

    /// @notice Worst loss of a netted book over the grid {−dS, 0, +dS} × {−v, 0, +v}, at least 0.
    /// @param e The book's summed risk numbers.
    /// @param spotWad [wad] spot S.
    /// @param spotShockWad [1e18 = 100%] h, dS = h·S.
    /// @param volShockWad [wad] v.
    /// @return lossWad [wad] rounded up.
    function stressedLoss(Leg memory e, uint256 spotWad, uint256 spotShockWad, uint256 volShockWad)
        internal
        pure
        returns (uint256 lossWad)
    {
        // dS = h·S and dS² (rounded up; fixed per underlying, independent of the book)
        uint256 dS = mulWadUp(spotShockWad, spotWad);
        uint256 dS2 = Math.mulDiv(dS, dS, WAD, Math.Rounding.Ceil);
        // loss(s, σ) = −(Δ·dS + ½·Γ·dS² + V·dσ) separates into a spot leg and a vol leg, so the
        // worst grid point is max(0, spot legs) + max(0, vol legs); each term is a ceiling.
        int256 convexity = mulDivUpSigned(-e.gammaWad, dS2, 2 * WAD); // −½·Γ·dS²
        int256 spotUp = mulDivUpSigned(-e.deltaWad, dS, WAD) + convexity; // dS = +h·S
        int256 spotDown = mulDivUpSigned(e.deltaWad, dS, WAD) + convexity; // dS = −h·S
        int256 volUp = mulDivUpSigned(-e.vegaWad, volShockWad, WAD); // dσ = +v
        int256 volDown = mulDivUpSigned(e.vegaWad, volShockWad, WAD); // dσ = −v
        int256 worstSpot = spotUp > spotDown ? spotUp : spotDown;
        int256 worstVol = volUp > volDown ? volUp : volDown;
        if (worstSpot > 0) lossWad += uint256(worstSpot);
        if (worstVol > 0) lossWad += uint256(worstVol);
    }

    /// @notice Margin ratio = equity / maintenance [wad], rounded down; 0 when equity <= 0;
    /// type(uint256).max when maintenance is 0 (nothing required).
    function ratio(int256 equityWad, uint256 maintenanceWad) internal pure returns (uint256) {
        if (maintenanceWad == 0) return type(uint256).max;
        if (equityWad <= 0) return 0;
        return Math.mulDiv(uint256(equityWad), WAD, maintenanceWad);
    }
}
