// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOracleHub} from "../interfaces/IOracleHub.sol";

/// @title MockVaultOracleHub
/// @notice Test double of the oracle hub for the vault's tests and benchmarks: every value settable,
/// settlement prices proven by one accepted round id per (underlying, expiry).
contract MockVaultOracleHub is IOracleHub {
    struct SettlementQuote {
        uint80 roundId;
        uint256 priceWad; // [wad]
    }

    bool private _sequencerOk = true;
    mapping(address underlying => uint256 spotWad) private _spot;
    mapping(address underlying => mapping(uint64 expiry => uint256 volWad)) private _vol;
    mapping(address underlying => uint256 rateWad) private _rate;
    mapping(address underlying => mapping(uint64 expiry => SettlementQuote)) private _settlement;

    function setSequencerOk(bool ok) external {
        _sequencerOk = ok;
    }

    function setSpot(address underlying, uint256 spotWad) external {
        _spot[underlying] = spotWad;
    }

    function setRate(address underlying, uint256 rateWad) external {
        _rate[underlying] = rateWad;
        emit SetRate(underlying, rateWad);
    }

    /// @notice Accept `roundId` as the settlement proof of (underlying, expiry) at `priceWad`.
    function setSettlement(address underlying, uint64 expiry, uint80 roundId, uint256 priceWad) external {
        _settlement[underlying][expiry] = SettlementQuote(roundId, priceWad);
    }

    /// @inheritdoc IOracleHub
    function setVol(address underlying, uint64 expiry, uint256 volWad) external {
        _vol[underlying][expiry] = volWad;
        emit SetVol(underlying, expiry, volWad);
    }

    /// @inheritdoc IOracleHub
    function spot(address underlying) external view returns (uint256 spotWad) {
        if (!_sequencerOk) revert SequencerDown();
        return _spotOf(underlying);
    }

    /// @inheritdoc IOracleHub
    function spotIgnoringSequencer(address underlying) external view returns (uint256 spotWad) {
        return _spotOf(underlying);
    }

    /// @inheritdoc IOracleHub
    function vol(address underlying, uint64 expiry) external view returns (uint256 volWad) {
        volWad = _vol[underlying][expiry];
        if (volWad == 0) revert VolNotSet(underlying, expiry);
    }

    /// @inheritdoc IOracleHub
    function conservativeVol(address underlying, uint64 expiry) external view returns (uint256 volWad, uint256 addOnWad) {
        volWad = _vol[underlying][expiry];
        if (volWad == 0) revert VolNotSet(underlying, expiry);
        return (volWad, 0);
    }

    /// @inheritdoc IOracleHub
    function rate(address underlying) external view returns (uint256 rateWad) {
        return _rate[underlying];
    }

    /// @inheritdoc IOracleHub
    function sequencerOk() external view returns (bool) {
        return _sequencerOk;
    }

    /// @inheritdoc IOracleHub
    /// @dev The test double's fallback answers like its proof (tests of the real rule: OracleHubPhase.t.sol).
    function fallbackSettlementPrice(address underlying, uint64 expiry, uint80 roundId)
        external
        view
        returns (uint256 priceWad)
    {
        if (block.timestamp < expiry) revert NotExpired(expiry, block.timestamp);
        SettlementQuote memory q = _settlement[underlying][expiry];
        if (q.priceWad == 0 || q.roundId != roundId) revert InvalidSettlementRound(underlying, expiry, roundId);
        return q.priceWad;
    }

    function settlementPrice(address underlying, uint64 expiry, uint80 roundId)
        external
        view
        returns (uint256 priceWad)
    {
        if (block.timestamp < expiry) revert NotExpired(expiry, block.timestamp);
        SettlementQuote memory q = _settlement[underlying][expiry];
        if (q.priceWad == 0 || q.roundId != roundId) revert InvalidSettlementRound(underlying, expiry, roundId);
        return q.priceWad;
    }

    /// @inheritdoc IOracleHub
    function setVols(address underlying, uint64[] calldata expiries, uint256[] calldata volsWad) external {
        if (expiries.length != volsWad.length) revert LengthMismatch(expiries.length, volsWad.length);
        for (uint256 i; i < expiries.length; ++i) {
            _vol[underlying][expiries[i]] = volsWad[i];
            emit SetVol(underlying, expiries[i], volsWad[i]);
        }
    }

    /// @dev The double has no feeds: configuration calls only emit, views return zeros.
    function setFeed(address underlying, address feed, uint256 heartbeat) external {
        emit SetFeed(underlying, feed, heartbeat);
    }

    function setVolConfig(address underlying, uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge)
        external
    {
        emit SetVolConfig(underlying, minVolWad, maxVolWad, maxChangeWad, maxAge);
    }

    function setSequencer(address feed, uint256 gracePeriod) external {
        emit SetSequencer(feed, gracePeriod);
    }

    function feedConfig(address) external pure returns (address, uint256, uint8) {
        return (address(0), 0, 0);
    }

    function volConfig(address) external pure returns (uint256, uint256, uint256, uint256) {
        return (0, 0, 0, 0);
    }

    function volData(address underlying, uint64 expiry) external view returns (uint256 volWad, uint256 updatedAt) {
        return (_vol[underlying][expiry], block.timestamp);
    }

    function sequencerConfig() external pure returns (address, uint256) {
        return (address(0), 0);
    }

    function _spotOf(address underlying) private view returns (uint256 spotWad) {
        spotWad = _spot[underlying];
        if (spotWad == 0) revert FeedNotSet(underlying);
    }
}
