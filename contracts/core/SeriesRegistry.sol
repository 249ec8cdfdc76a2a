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

    /// @dev A series in one slot: its underlying by registry index (1-based), so that pricing a book
    /// reads one slot per position's series.
    struct PackedSeries {
        uint32 underlyingIndex; // 1-based index in `_underlyingAt`; 0: not listed
        uint64 expiry; // [unix seconds]
        bool isCall;
        uint128 strikeWad; // [wad] <= MAX_STRIKE_WAD = 1e33 < 2^128
    }

    /// @dev Series by id (ids 1..seriesCount).
    mapping(uint256 seriesId => PackedSeries) private _series;
    /// @dev Number of listed series (the last id).
    uint256 private _seriesCount;
    /// @dev Underlyings by 1-based index, and the index of each (0: none yet).
    mapping(uint256 index => address underlying) private _underlyingAt;
    mapping(address underlying => uint32 index) private _underlyingIndex;
    uint256 private _underlyingCount;
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

        seriesId = _seriesCount + 1;
        if (seriesId > MAX_SERIES_ID) revert TooManySeries(MAX_SERIES_ID);
        uint32 index = _underlyingIndex[underlying];
        if (index == 0) {
            // at most one underlying per series: the count stays below MAX_SERIES_ID = 2^32 − 1
            index = uint32(++_underlyingCount);
            _underlyingIndex[underlying] = index;
            _underlyingAt[index] = underlying;
        }
        _seriesCount = seriesId;
        // strikeWad <= MAX_STRIKE_WAD = 1e33 < 2^128, so the cast is exact
        _series[seriesId] = PackedSeries(index, expiry, isCall, uint128(strikeWad));
        _seriesIdByKey[key] = seriesId;
        emit ListSeries(seriesId, underlying, strikeWad, expiry, isCall);
    }

    /// @dev The series `seriesId`; reverts UnknownSeries.
    function _seriesOf(uint256 seriesId) internal view returns (Series memory s) {
        PackedSeries memory p = _series[seriesId];
        if (p.underlyingIndex == 0) revert UnknownSeries(seriesId);
        return Series(_underlyingAt[p.underlyingIndex], p.expiry, p.isCall, p.strikeWad);
    }

    /// @dev The series of `ids`, in order (each must exist): one slot per series, and one per distinct
    /// underlying in a run of equal ones.
    function _seriesOfMany(uint256[] memory ids) internal view returns (Series[] memory out) {
        uint256 n = ids.length;
        out = new Series[](n);
        uint256 lastIndex;
        address lastUnderlying;
        for (uint256 i; i < n; ++i) {
            PackedSeries memory p = _series[ids[i]];
            if (p.underlyingIndex == 0) revert UnknownSeries(ids[i]);
            if (p.underlyingIndex != lastIndex) (lastIndex, lastUnderlying) = (p.underlyingIndex, _underlyingAt[p.underlyingIndex]);
            out[i] = Series(lastUnderlying, p.expiry, p.isCall, p.strikeWad);
        }
    }

    /// @dev Completes the packed book `words` (`IOptionVault.packedBookOf`) whose even words hold the book
    /// entries: the strike into the even word's high half, the underlying, expiry and kind into the odd
    /// word. One slot per series, and one per distinct underlying in a run of equal ones.
    function _packSeries(uint256[] memory words) internal view {
        uint256 n = words.length;
        uint256 lastIndex;
        uint256 lastUnderlying;
        for (uint256 i; i < n; i += 2) {
            uint256 seriesId = words[i] & MAX_SERIES_ID;
            PackedSeries memory p = _series[seriesId];
            if (p.underlyingIndex == 0) revert UnknownSeries(seriesId);
            if (p.underlyingIndex != lastIndex) {
                (lastIndex, lastUnderlying) = (p.underlyingIndex, uint160(_underlyingAt[p.underlyingIndex]));
            }
            words[i] |= uint256(p.strikeWad) << 128;
            words[i + 1] = lastUnderlying | (uint256(p.expiry) << 160) | (p.isCall ? 1 << 224 : 0);
        }
    }

    /// @dev Expiry of `seriesId` [unix seconds]; 0 when it is not listed.
    function _expiryOf(uint256 seriesId) internal view returns (uint64) {
        return _series[seriesId].expiry;
    }

    /// @dev Expiry of `seriesId` [unix seconds]; reverts UnknownSeries.
    function _listedExpiryOf(uint256 seriesId) internal view returns (uint64 expiry) {
        expiry = _series[seriesId].expiry;
        if (expiry == 0) revert UnknownSeries(seriesId);
    }

    /// @inheritdoc IOptionVault
    function series(uint256 seriesId) external view returns (Series memory) {
        return _seriesOf(seriesId);
    }

    /// @inheritdoc IOptionVault
    function seriesCount() external view returns (uint256) {
        return _seriesCount;
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
