// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Series} from "./Series.sol";

/// @notice One account's book as the vault holds it: what the margin engine prices.
/// @dev The vault builds it from storage (`IOptionVault.bookOf`) and hands it to the margin engine, so
/// the engine never reads the vault (the dependency is one-way: vault → engine).
struct AccountBook {
    address account; // whose book it is (for errors and per-account test doubles)
    uint256 collateral; // [token decimals] collateral of the account (after the collateral index)
    uint256[] seriesIds; // series of the open positions, in vault order
    int256[] sizesWad; // [wad] signed sizes, + long, − short (same order)
    Series[] series; // the series of each position (same order)
}
