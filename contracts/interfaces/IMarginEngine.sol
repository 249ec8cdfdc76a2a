// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IMarginEngine
/// @notice Prices an account's portfolio and its margin requirements. The vault asks it after every
/// withdrawal and fill whether the account may keep the new state.
/// @dev Implementations read the account's collateral and open positions from the vault
/// (`IOptionVault.collateralOf`, `IOptionVault.positionsOf`) and skip every series whose expiry is at
/// or before `block.timestamp` (expired series leave the margin computation; the vault settles them).
interface IMarginEngine {
    /// @notice The account's equity does not cover the requirement it must meet.
    /// @param account The account checked.
    /// @param requiredWad [wad] The requirement that was not met (initial on withdrawals and fills).
    /// @param equityWad [wad] The account's equity at the time of the check.
    error MarginInsufficient(address account, uint256 requiredWad, int256 equityWad);

    /// @notice Equity and margin requirements of `account`.
    /// @dev equity [wad] = collateral (converted to wad) + Σ size × Black-Scholes price;
    /// maintenance and initial requirement [wad], both rounded up; initial >= maintenance.
    /// @param account The account to evaluate.
    /// @return equityWad [wad] Collateral plus the mark-to-market value of every open, unexpired position.
    /// @return maintenanceWad [wad] Maintenance requirement (below it the account can be liquidated).
    /// @return initialWad [wad] Initial requirement (withdrawals and risk-adding trades must keep equity at or above it).
    function accountMargin(address account)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad);
}
