// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {ILiquidationCallee} from "../interfaces/ILiquidationCallee.sol";
import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";

/// @title MockLiquidationCallee
/// @notice A callback bidder for tests: on a long slice it deposits what it must pay from its token
/// balance into its own vault account (a real callee would sell or hedge first). Records the last call.
contract MockLiquidationCallee is ILiquidationCallee {
    IOptionVault public immutable vault;
    ILiquidationEngine public immutable engine;
    uint256 public calls;
    address public lastCaller;
    int256 public lastSlice;
    uint256 public lastAmount;
    bytes public lastData;

    constructor(IOptionVault vault_, ILiquidationEngine engine_) {
        vault = vault_;
        engine = engine_;
        IERC20(vault_.collateralToken()).approve(address(vault_), type(uint256).max);
    }

    /// @notice Deposit `amount` of this contract's tokens into its vault account.
    function depositOwn(uint256 amount) external {
        vault.deposit(amount);
    }

    /// @inheritdoc ILiquidationCallee
    function onLiquidationBid(address caller, address, uint256, int256 sliceWad, uint256 bidderAmount, bytes calldata data)
        external
    {
        ++calls;
        lastCaller = caller;
        lastSlice = sliceWad;
        lastAmount = bidderAmount;
        lastData = data;
        if (sliceWad > 0 && bidderAmount != 0) vault.deposit(bidderAmount);
    }
}
