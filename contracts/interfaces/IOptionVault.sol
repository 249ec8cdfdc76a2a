// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Series} from "../types/Series.sol";

/// @title IOptionVault (TEMP minimal copy; replaced by the vault helper's version at merge)
/// @notice The parts of the vault the margin engine reads.
interface IOptionVault {
    /// @notice The ERC-20 collateral token.
    function collateralToken() external view returns (address);

    /// @notice Collateral of `account` [token decimals].
    function collateralOf(address account) external view returns (uint256 amount);

    /// @notice Open positions of `account`: series ids and signed sizes [wad, + long, - short].
    function positionsOf(address account)
        external
        view
        returns (uint256[] memory seriesIds, int256[] memory sizesWad);

    /// @notice The series listed under `seriesId`.
    function series(uint256 seriesId) external view returns (Series memory);
}
