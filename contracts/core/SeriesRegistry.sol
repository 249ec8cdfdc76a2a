// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {Series} from "../types/Series.sol";

/// @title SeriesRegistry
/// @notice The list of option series the vault trades: bounds-checked listing, stable sequential ids
/// from 1, duplicate detection, and the views every other module reads.
/// @dev Abstract: the vault exposes `listSeries` behind its access manager and calls `_listSeries`.
abstract contract SeriesRegistry is IOptionVault {
    /// @notice Longest time between listing and expiry [seconds]: 2 years. Bounds the Black-Scholes time
    /// input far inside its domain (10 years) and keeps listings to horizons oracles can support.
    uint256 public constant MAX_HORIZON = 730 days;
    /// @notice Lowest listable strike [wad] (the Black-Scholes library's domain starts at 1e9 wad).
    uint256 public constant MIN_STRIKE_WAD = 1e9;
    /// @notice Highest listable strike [wad] (the Black-Scholes library's domain ends at 1e33 wad).
    uint256 public constant MAX_STRIKE_WAD = 1e33;

    /// @notice Largest series id: an account's book entry holds it in 32 bits.
    uint256 public constant MAX_SERIES_ID = type(uint32).max;

    /// @dev Series by id − 1.
    Series[] private _series;
    /// @dev keccak256(underlying, strikeWad, expiry, isCall) => series id (0: not listed).
    mapping(bytes32 key => uint256 seriesId) private _seriesIdByKey;

    /// @dev Checks the bounds, assigns the next id and stores the series.
    function _listSeries(address underlying, uint256 strikeWad, uint64 expiry, bool isCall)
        internal
        returns (uint256 seriesId)
    {
        if (underlying == address(0)) revert ZeroAddress();
        if (strikeWad < MIN_STRIKE_WAD || strikeWad > MAX_STRIKE_WAD) revert InvalidStrike(strikeWad);
        uint256 maxExpiry = block.timestamp + MAX_HORIZON;
        if (expiry <= block.timestamp || expiry > maxExpiry) revert InvalidExpiry(expiry, block.timestamp, maxExpiry);
        bytes32 key = _seriesKey(underlying, strikeWad, expiry, isCall);
        uint256 existing = _seriesIdByKey[key];
        if (existing != 0) revert SeriesExists(existing);

        // strikeWad <= MAX_STRIKE_WAD = 1e33 < 2^128, so the cast is exact
        _series.push(Series({underlying: underlying, expiry: expiry, isCall: isCall, strikeWad: uint128(strikeWad)}));
        seriesId = _series.length;
        if (seriesId > MAX_SERIES_ID) revert TooManySeries(MAX_SERIES_ID);
        _seriesIdByKey[key] = seriesId;
        emit ListSeries(seriesId, underlying, strikeWad, expiry, isCall);
    }

    /// @dev The series `seriesId` from storage; reverts UnknownSeries.
    function _seriesOf(uint256 seriesId) internal view returns (Series storage) {
        if (seriesId == 0 || seriesId > _series.length) revert UnknownSeries(seriesId);
        return _series[seriesId - 1];
    }

    /// @dev Expiry of `seriesId`, which must exist [unix seconds].
    function _expiryOf(uint256 seriesId) internal view returns (uint64) {
        return _series[seriesId - 1].expiry;
    }

    /// @inheritdoc IOptionVault
    function series(uint256 seriesId) external view returns (Series memory) {
        return _seriesOf(seriesId);
    }

    /// @inheritdoc IOptionVault
    function seriesCount() external view returns (uint256) {
        return _series.length;
    }

    /// @inheritdoc IOptionVault
    function seriesIdOf(address underlying, uint256 strikeWad, uint64 expiry, bool isCall)
        external
        view
        returns (uint256 seriesId)
    {
        return _seriesIdByKey[_seriesKey(underlying, strikeWad, expiry, isCall)];
    }

    function _seriesKey(address underlying, uint256 strikeWad, uint64 expiry, bool isCall)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(underlying, strikeWad, expiry, isCall));
    }
}
