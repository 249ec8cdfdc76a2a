// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockFeeOnTransferERC20
/// @notice Test token that burns a fee on every transfer, so the receiver gets less than sent.
contract MockFeeOnTransferERC20 is ERC20 {
    /// @notice Fee per transfer [1e4 = 100%].
    uint256 public immutable feeBps;

    constructor(uint256 feeBps_) ERC20("Fee Token", "FEE") {
        feeBps = feeBps_;
    }

    /// @notice Mint `amount` [token decimals] to `to`; anyone may call.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        // fee = value × feeBps / 1e4, burnt
        uint256 fee = value * feeBps / 1e4;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
