// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccountBook} from "../types/AccountBook.sol";
import {Series} from "../types/Series.sol";

/// @title MaxLossLib
/// @notice The lowest payoff at expiry of a book's positions on one underlying, per expiry: what bounds
/// the maximum loss of a defined-risk book (spreads, condors, long options), which caps its margin
/// (PortfolioLib.capBase). An external library (linked, reached by delegatecall): it is O(n²) in the
/// positions and only runs when the cap can bind, so it keeps its code out of the engine and the lens.
library MaxLossLib {
    int256 internal constant WAD = 1e18;

    /// @dev Σ over the expiries of `underlying`'s live positions in `book` (position `idx` at `newSizeWad`)
    /// of min(0, lowest payoff at that expiry) [wad, <= 0, rounded down]; `bounded` false when an expiry's
    /// payoff falls without bound (its call sizes sum below 0). The payoff is piecewise linear with kinks at
    /// the strikes and non-decreasing beyond the last one, so its lowest value is at spot 0 or a strike.
    function minPayoff(AccountBook memory book, address underlying, uint256 idx, int256 newSizeWad)
        external
        view
        returns (bool bounded, int256 minWad)
    {
        uint256 n = book.series.length;
        int256 totalWad2;
        for (uint256 i; i < n; ++i) {
            Series memory s = book.series[i];
            if (s.underlying != underlying || s.expiry <= block.timestamp || !_leads(book, i, idx, newSizeWad)) continue;
            (int256 lowest, int256 slope) = _payoffAt(book, i, idx, newSizeWad, 0);
            if (slope < 0) return (false, 0);
            for (uint256 k = i; k < n; ++k) {
                Series memory t = book.series[k];
                if (t.expiry != s.expiry || t.underlying != underlying) continue;
                (int256 at,) = _payoffAt(book, i, idx, newSizeWad, t.strikeWad);
                if (at < lowest) lowest = at;
            }
            if (lowest < 0) totalWad2 += lowest;
        }
        // [wad²] → [wad], toward −∞ (totalWad2 <= 0)
        return (true, -((-totalWad2 + WAD - 1) / WAD));
    }

    /// @dev Whether entry `i` is live (non-zero) and the first live entry of its underlying and expiry.
    function _leads(AccountBook memory book, uint256 i, uint256 idx, int256 newSizeWad) private pure returns (bool) {
        if (_sizeAt(book, i, idx, newSizeWad) == 0) return false;
        Series memory s = book.series[i];
        for (uint256 j; j < i; ++j) {
            Series memory t = book.series[j];
            if (t.expiry == s.expiry && t.underlying == s.underlying && _sizeAt(book, j, idx, newSizeWad) != 0) return false;
        }
        return true;
    }

    /// @dev Payoff at expiry [wad²] at spot `spotWad` of the live positions of the expiry (and underlying)
    /// of entry `from` in `book`, from `from` on, and their summed call size (the slope beyond the strikes).
    function _payoffAt(AccountBook memory book, uint256 from, uint256 idx, int256 newSizeWad, uint256 spotWad)
        private
        pure
        returns (int256 payoffWad2, int256 slopeWad)
    {
        Series[] memory ser = book.series;
        Series memory g = ser[from];
        for (uint256 j = from; j < ser.length; ++j) {
            Series memory t = ser[j];
            if (t.expiry != g.expiry || t.underlying != g.underlying) continue;
            int256 size = _sizeAt(book, j, idx, newSizeWad);
            uint256 k = t.strikeWad;
            // |size| <= 1e30, spot and strike < 2^128: products < 2^228, sums of < 2^16 exact
            if (t.isCall) {
                slopeWad += size;
                if (spotWad > k) payoffWad2 += size * int256(spotWad - k);
            } else if (k > spotWad) {
                payoffWad2 += size * int256(k - spotWad);
            }
        }
    }

    /// @dev Size of entry `i` of `book` with entry `idx` resized to `newSizeWad`.
    function _sizeAt(AccountBook memory book, uint256 i, uint256 idx, int256 newSizeWad) private pure returns (int256) {
        return i == idx ? newSizeWad : book.sizesWad[i];
    }

}
