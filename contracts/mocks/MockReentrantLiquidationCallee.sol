// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationCallee} from "../interfaces/ILiquidationCallee.sol";
import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";

/// @title MockReentrantLiquidationCallee
/// @notice A malicious callback bidder: re-enters the engine from the callback (`mode` 1: bid again,
/// 2: end, 3: reset, 4: start). Every attempt must revert with the reentrancy guard's error.
contract MockReentrantLiquidationCallee is ILiquidationCallee {
    ILiquidationEngine public immutable engine;
    uint256 public mode;

    constructor(ILiquidationEngine engine_) {
        engine = engine_;
    }

    function setMode(uint256 mode_) external {
        mode = mode_;
    }

    /// @inheritdoc ILiquidationCallee
    function onLiquidationBid(address, address account, uint256, int256, uint256, bytes calldata) external {
        if (mode == 1) engine.bid(account, engine.auctionOf(account).id, 0, 1, 0, address(this), "");
        else if (mode == 2) engine.end(account);
        else if (mode == 3) engine.reset(account);
        else if (mode == 4) engine.start(account);
    }
}
