// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationCallee} from "../interfaces/ILiquidationCallee.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";

/// @title MockVaultReentrantCallee
/// @notice A malicious callback bidder that calls the VAULT from the callback (`mode` 1: withdraw,
/// 2: deposit, 3: request a withdrawal, 4: bump its nonce). Every attempt but the deposit must revert
/// `LiquidationInProgress` (one lock across the protocol while a liquidation step runs); a deposit only
/// adds collateral and is how a callback bidder pays.
contract MockVaultReentrantCallee is ILiquidationCallee {
    IOptionVault public immutable vault;
    uint256 public mode;

    constructor(IOptionVault vault_) {
        vault = vault_;
    }

    function setMode(uint256 mode_) external {
        mode = mode_;
    }

    /// @inheritdoc ILiquidationCallee
    function onLiquidationBid(address, address, uint256, int256, uint256, bytes calldata) external {
        if (mode == 1) vault.withdraw(1, address(this));
        else if (mode == 2) vault.deposit(1);
        else if (mode == 3) vault.requestWithdrawal(1);
        else if (mode == 4) vault.incrementNonce();
    }
}
