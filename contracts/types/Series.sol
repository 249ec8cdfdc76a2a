// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice An option series: a European, cash-settled call or put.
/// @dev The vault stores it in one slot (the underlying by registry index); ids are assigned
/// sequentially from 1 by the vault's listing.
struct Series {
    address underlying; // the underlying's identifier (its token address); keys the oracle feeds
    uint64 expiry; // [unix seconds]
    bool isCall; // true: call, false: put
    uint128 strikeWad; // [wad] strike in collateral currency per unit of underlying
}
