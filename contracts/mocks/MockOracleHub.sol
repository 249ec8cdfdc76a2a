// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOracleHub} from "../interfaces/IOracleHub.sol";

/// @title MockOracleHub
/// @notice Test double of the oracle hub for unit tests: settable spot, vol, rate and sequencer state.
/// Reverts with the hub's own errors when a value is unset or the sequencer is down.
/// @dev Does not inherit IOracleHub: it implements only the reads the margin engine makes.
contract MockOracleHub {
    mapping(address underlying => uint256) internal _spot;
    mapping(address underlying => uint256) internal _rate;
    mapping(address underlying => mapping(uint64 expiry => uint256)) internal _vol;
    mapping(address underlying => mapping(uint64 expiry => bool)) internal _volSet;
    /// @notice When true, `spot` reverts SequencerDown (and `spotIgnoringSequencer` does not).
    bool public sequencerDown;

    /// @notice Set the spot of `underlying` [wad].
    function setSpot(address underlying, uint256 spotWad) external {
        _spot[underlying] = spotWad;
    }

    /// @notice Set the vol of (underlying, expiry) [wad].
    function setVol(address underlying, uint64 expiry, uint256 volWad) external {
        _vol[underlying][expiry] = volWad;
        _volSet[underlying][expiry] = true;
    }

    /// @notice Set the rate of `underlying` [wad].
    function setRate(address underlying, uint256 rateWad) external {
        _rate[underlying] = rateWad;
    }

    /// @notice Simulate the L2 sequencer going down (true) or up (false).
    function setSequencerDown(bool down) external {
        sequencerDown = down;
    }

    /// @notice Spot [wad]; reverts FeedNotSet when unset, SequencerDown when the sequencer is down.
    function spot(address underlying) external view returns (uint256) {
        if (sequencerDown) revert IOracleHub.SequencerDown();
        return _spotOf(underlying);
    }

    /// @notice Spot [wad] without the sequencer check.
    function spotIgnoringSequencer(address underlying) external view returns (uint256) {
        return _spotOf(underlying);
    }

    /// @notice Vol [wad]; reverts VolNotSet when unset.
    function vol(address underlying, uint64 expiry) external view returns (uint256) {
        if (!_volSet[underlying][expiry]) revert IOracleHub.VolNotSet(underlying, expiry);
        if (volAddOn[underlying][expiry] != 0) revert IOracleHub.StaleVol(underlying, expiry, 0, 0);
        return _vol[underlying][expiry];
    }

    /// @notice Add-on of `conservativeVol` for (underlying, expiry) [wad] (0 by default: a fresh vol).
    mapping(address underlying => mapping(uint64 expiry => uint256)) public volAddOn;

    /// @notice Simulate a stale vol: `conservativeVol` returns vol + addOn, `vol` reverts StaleVol when addOn > 0.
    function setVolAddOn(address underlying, uint64 expiry, uint256 addOnWad) external {
        volAddOn[underlying][expiry] = addOnWad;
    }

    /// @notice Vol + add-on and the add-on [wad]; reverts VolNotSet when unset.
    function conservativeVol(address underlying, uint64 expiry) external view returns (uint256, uint256) {
        if (!_volSet[underlying][expiry]) revert IOracleHub.VolNotSet(underlying, expiry);
        uint256 addOn = volAddOn[underlying][expiry];
        return (_vol[underlying][expiry] + addOn, addOn);
    }

    /// @notice Rate [wad].
    function rate(address underlying) external view returns (uint256) {
        return _rate[underlying];
    }

    function _spotOf(address underlying) internal view returns (uint256 s) {
        s = _spot[underlying];
        if (s == 0) revert IOracleHub.FeedNotSet(underlying);
    }
}
