// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccountBook} from "../types/AccountBook.sol";
import {Series} from "../types/Series.sol";

/// @title MockVaultPositions
/// @notice Test double of the vault's read side for the margin engine's unit tests: settable
/// positions, collateral and series. It is also its own collateral token's metadata (`decimals`).
/// @dev Does not inherit IOptionVault on purpose: it implements only the members the MarginLens reads
/// (`bookOf`, `positionsOf`, `collateralOf`, `series`).
contract MockVaultPositions {
    /// @notice [token decimals] of the simulated collateral token.
    uint8 public decimals;

    mapping(address account => uint256) internal _collateral;
    mapping(address account => uint256[]) internal _ids;
    mapping(address account => int256[]) internal _sizes;
    mapping(uint256 seriesId => Series) internal _series;

    /// @param decimals_ [token decimals] of the simulated collateral token.
    constructor(uint8 decimals_) {
        decimals = decimals_;
    }

    /// @notice The collateral token: this contract (it answers `decimals()`).
    function collateralToken() external view returns (address) {
        return address(this);
    }

    /// @notice Set the collateral of `account` [token decimals].
    function setCollateral(address account, uint256 amount) external {
        _collateral[account] = amount;
    }

    /// @notice Collateral of `account` [token decimals].
    function collateralOf(address account) external view returns (uint256) {
        return _collateral[account];
    }

    /// @notice List (or overwrite) series `seriesId`.
    function setSeries(uint256 seriesId, Series calldata s) external {
        _series[seriesId] = s;
    }

    /// @notice The series listed under `seriesId`.
    function series(uint256 seriesId) external view returns (Series memory) {
        return _series[seriesId];
    }

    /// @notice Set the size of `account` in `seriesId` [wad]; appends a new series, keeps a zero entry.
    function setPosition(address account, uint256 seriesId, int256 sizeWad) external {
        uint256[] storage ids = _ids[account];
        for (uint256 i; i < ids.length; ++i) {
            if (ids[i] == seriesId) {
                _sizes[account][i] = sizeWad;
                return;
            }
        }
        ids.push(seriesId);
        _sizes[account].push(sizeWad);
    }

    /// @notice Remove every position of `account`.
    function clearPositions(address account) external {
        delete _ids[account];
        delete _sizes[account];
    }

    /// @notice Collateral, positions and their series of `account` in one call (as the vault's `bookOf`).
    function bookOf(address account) external view returns (AccountBook memory book) {
        book.account = account;
        book.collateral = _collateral[account];
        book.seriesIds = _ids[account];
        book.sizesWad = _sizes[account];
        book.series = new Series[](book.seriesIds.length);
        for (uint256 i; i < book.seriesIds.length; ++i) {
            book.series[i] = _series[book.seriesIds[i]];
        }
    }

    /// @notice Open positions of `account`: series ids and signed sizes [wad].
    function positionsOf(address account) external view returns (uint256[] memory, int256[] memory) {
        return (_ids[account], _sizes[account]);
    }
}
