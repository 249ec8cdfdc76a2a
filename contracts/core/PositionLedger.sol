// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";

import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {SeriesRegistry} from "./SeriesRegistry.sol";

/// @title PositionLedger
/// @notice The books of the vault: collateral per account, signed positions per (account, series), the
/// bounded list of each account's open series, and the open interest of every series.
/// @dev Every position change goes through `_addPosition`, and the vault only ever calls it in pairs
/// that add `+delta` to one account and `-delta` to another, so longs == shorts for every series.
abstract contract PositionLedger is SeriesRegistry {
    /// @notice Most open series an account may hold.
    /// @dev Margin and liquidation are O(n) in an account's open positions; 32 keeps a full health
    /// check of the largest account well under 1M gas so its liquidation always fits in a block.
    uint256 public constant MAX_POSITIONS = 32;
    /// @notice Largest absolute position or fill size [wad]: 1e12 contracts. With strikes and spots up
    /// to 1e33 wad, size × price stays below 1e63 < 2^255, so no int256 product of the margin engine or
    /// the settlement can overflow.
    uint256 public constant MAX_SIZE_WAD = 1e30;

    struct OpenInterest {
        uint256 longsWad; // [wad] Σ of positive positions
        uint256 shortsWad; // [wad] Σ of |negative positions|
    }

    /// @dev [token decimals] collateral per account.
    mapping(address account => uint256 amount) internal _collateralOf;
    /// @dev [wad] signed position per account and series.
    mapping(address account => mapping(uint256 seriesId => int256 sizeWad)) internal _positionOf;
    /// @dev Series in which the account holds a non-zero position (at most MAX_POSITIONS).
    mapping(address account => uint256[] seriesIds) internal _openSeries;
    /// @dev Index + 1 of a series in `_openSeries[account]` (0: not open).
    mapping(address account => mapping(uint256 seriesId => uint256 indexPlusOne)) private _openIndex;
    /// @dev Open interest per series.
    mapping(uint256 seriesId => OpenInterest) internal _openInterest;

    /// @dev Add `deltaWad` to the account's position, maintaining the open list and the open interest.
    function _addPosition(address account, uint256 seriesId, int256 deltaWad) internal {
        int256 oldSize = _positionOf[account][seriesId];
        int256 newSize = oldSize + deltaWad;
        if (SignedMath.abs(newSize) > MAX_SIZE_WAD) revert SizeTooLarge(SignedMath.abs(newSize), MAX_SIZE_WAD);
        _positionOf[account][seriesId] = newSize;

        if (oldSize == 0 && newSize != 0) {
            uint256[] storage open = _openSeries[account];
            if (open.length >= MAX_POSITIONS) revert TooManyPositions(account, MAX_POSITIONS);
            open.push(seriesId);
            _openIndex[account][seriesId] = open.length;
        } else if (oldSize != 0 && newSize == 0) {
            _removeOpen(account, seriesId);
        }

        // longs' = longs − max(old, 0) + max(new, 0); shorts' = shorts − max(−old, 0) + max(−new, 0).
        // |old|, |new| <= 1e30 and longs >= max(old, 0) (old is part of the sum), so nothing underflows.
        OpenInterest storage oi = _openInterest[seriesId];
        if (oldSize > 0) oi.longsWad -= uint256(oldSize);
        else if (oldSize < 0) oi.shortsWad -= uint256(-oldSize);
        if (newSize > 0) oi.longsWad += uint256(newSize);
        else if (newSize < 0) oi.shortsWad += uint256(-newSize);
    }

    /// @dev Swap-and-pop `seriesId` out of the account's open list.
    function _removeOpen(address account, uint256 seriesId) private {
        uint256[] storage open = _openSeries[account];
        uint256 index = _openIndex[account][seriesId] - 1;
        uint256 last = open[open.length - 1];
        if (last != seriesId) {
            open[index] = last;
            _openIndex[account][last] = index + 1;
        }
        open.pop();
        delete _openIndex[account][seriesId];
    }

    /// @dev Debit `amount` from the account's collateral; reverts InsufficientCollateral.
    function _debit(address account, uint256 amount) internal {
        uint256 available = _collateralOf[account];
        if (available < amount) revert InsufficientCollateral(account, available, amount);
        // available >= amount: cannot underflow
        unchecked {
            _collateralOf[account] = available - amount;
        }
    }

    /// @dev Move `amount` of collateral from one account to another (conserves Σ collateral).
    function _moveCollateral(address from, address to, uint256 amount) internal {
        _debit(from, amount);
        _collateralOf[to] += amount;
    }

    /// @dev Revert UnsettledPosition if the account holds a position in an expired series: the margin
    /// engine no longer counts it, so the account's equity would be overstated by a losing short.
    function _requireNoExpiredPosition(address account) internal view {
        uint256[] storage open = _openSeries[account];
        uint256 n = open.length;
        for (uint256 i; i < n; ++i) {
            uint256 seriesId = open[i];
            if (_expiryOf(seriesId) <= block.timestamp) revert UnsettledPosition(account, seriesId);
        }
    }

    /// @inheritdoc IOptionVault
    function collateralOf(address account) external view returns (uint256 amount) {
        return _collateralOf[account];
    }

    /// @inheritdoc IOptionVault
    function positionOf(address account, uint256 seriesId) external view returns (int256 sizeWad) {
        return _positionOf[account][seriesId];
    }

    /// @inheritdoc IOptionVault
    function positionsOf(address account)
        external
        view
        returns (uint256[] memory seriesIds, int256[] memory sizesWad)
    {
        seriesIds = _openSeries[account];
        sizesWad = new int256[](seriesIds.length);
        for (uint256 i; i < seriesIds.length; ++i) {
            sizesWad[i] = _positionOf[account][seriesIds[i]];
        }
    }

    /// @inheritdoc IOptionVault
    function openInterest(uint256 seriesId) external view returns (uint256 longsWad, uint256 shortsWad) {
        OpenInterest storage oi = _openInterest[seriesId];
        return (oi.longsWad, oi.shortsWad);
    }
}
