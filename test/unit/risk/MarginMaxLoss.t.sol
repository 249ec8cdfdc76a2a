// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "hardhat/console.sol";
import {MarginTestBase} from "./MarginTestBase.sol";

contract MarginMaxLossProbe is MarginTestBase {
    function _probe(uint256 kLong, uint256 kShort, bool isCall) internal {
        _market(ETH, 2000e18);
        uint256 l = _list(ETH, kLong * 1e18, expiry30, isCall);
        uint256 s = _list(ETH, kShort * 1e18, expiry30, isCall);
        vault.setCollateral(alice, 100_000e6);
        vault.setPosition(alice, l, 1e18);
        vault.setPosition(alice, s, -1e18);
        vault.setCollateral(bob, 100_000e6);
        vault.setPosition(bob, s, -1e18);
        int256 v = _equity(alice) - 100_000e18;
        console.log("long", kLong, "short", kShort);
        console.log("  spread mm", _mm(alice), "short alone", _mm(bob));
        console.logInt(v);
        vault.setPosition(alice, l, 0);
        vault.setPosition(alice, s, 0);
        vault.setPosition(bob, s, 0);
    }

    function test_probe() public {
        _probe(2000, 2600, true);
        _probe(2000, 3000, true);
        _probe(1500, 4000, true);
        _probe(2600, 2000, true);
        _probe(1800, 2000, false);
    }
}
