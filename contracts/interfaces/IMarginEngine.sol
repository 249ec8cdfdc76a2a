// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IMarginEngine (TEMP minimal copy; replaced by the vault helper's version at merge)
/// @notice The margin check the vault relies on.
interface IMarginEngine {
    /// @notice The account's equity does not cover the required margin.
    /// @param account The account checked.
    /// @param requiredWad [wad] The margin required.
    /// @param equityWad [wad] The account's equity.
    error MarginInsufficient(address account, uint256 requiredWad, int256 equityWad);

    /// @notice Equity, maintenance and initial requirement of `account`.
    /// @return equityWad [wad] collateral + mark-to-market of live positions.
    /// @return maintenanceWad [wad] maintenance requirement.
    /// @return initialWad [wad] initial requirement.
    function accountMargin(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad);
}
