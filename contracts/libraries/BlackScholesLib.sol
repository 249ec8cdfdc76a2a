// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BlackScholesLib
/// @notice European call/put prices and Greeks in one pass. WORK IN PROGRESS: API frozen, body pending.
library BlackScholesLib {
    /// @notice Prices and Greeks of a European call and put on the same (S, K, sigma, T, r).
    struct Greeks {
        uint256 callPrice; // [wad, per 1 unit of underlying]
        uint256 putPrice; // [wad]
        int256 callDelta; // [wad, 1e18 = 1.0]
        int256 putDelta; // [wad]
        uint256 gamma; // [wad per unit of spot]: d2V/dS2, same for call and put
        uint256 vega; // [wad per 1.0 of volatility]: dV/dsigma, same for call and put
    }

    error SpotOutOfRange(uint256 spotWad);
    error StrikeOutOfRange(uint256 strikeWad);
    error VolOutOfRange(uint256 volWad);
    error TimeOutOfRange(uint256 timeSec);
    error RateOutOfRange(uint256 rateWad);

    /// @param spotWad [wad] spot S
    /// @param strikeWad [wad] strike K
    /// @param volWad [wad] annualized volatility sigma (1e18 = 100%)
    /// @param timeSec [seconds] time to expiry (year = 365 days)
    /// @param rateWad [wad] annualized continuously-compounded rate r
    function greeks(uint256 spotWad, uint256 strikeWad, uint256 volWad, uint256 timeSec, uint256 rateWad)
        internal
        pure
        returns (Greeks memory g)
    {
        // placeholder body until the one-pass implementation lands (intrinsic only)
        if (spotWad > strikeWad) {
            g.callPrice = spotWad - strikeWad;
            g.callDelta = 1e18;
        } else {
            g.putPrice = strikeWad - spotWad;
            g.putDelta = -1e18;
        }
        (volWad, timeSec, rateWad);
    }
}
