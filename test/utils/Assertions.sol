// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @notice The cheatcode handle and the assertion helpers every Solidity test base shares (no forge-std).
/// A failed assertion reverts with `AssertionFailed(what, a, b)` (or `AssertionFailedInt` for signed
/// values), `a` the value checked and `b` the bound it was checked against.
abstract contract Assertions {
    error AssertionFailed(string what, uint256 a, uint256 b);
    error AssertionFailedInt(string what, int256 a, int256 b);

    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what, a, b);
    }

    function assertEq(int256 a, int256 b, string memory what) internal pure {
        if (a != b) revert AssertionFailedInt(what, a, b);
    }

    function assertEq(address a, address b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what, uint160(a), uint160(b));
    }

    function assertEq(bytes32 a, bytes32 b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what, uint256(a), uint256(b));
    }

    function assertEq(bool a, bool b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what, a ? 1 : 0, b ? 1 : 0);
    }

    function assertTrue(bool c, string memory what) internal pure {
        if (!c) revert AssertionFailed(what, 0, 1);
    }

    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert AssertionFailed(what, a, b);
    }

    function assertLt(uint256 a, uint256 b, string memory what) internal pure {
        if (a >= b) revert AssertionFailed(what, a, b);
    }

    function assertGe(uint256 a, uint256 b, string memory what) internal pure {
        if (a < b) revert AssertionFailed(what, a, b);
    }

    function assertGt(uint256 a, uint256 b, string memory what) internal pure {
        if (a <= b) revert AssertionFailed(what, a, b);
    }

    function assertLe(int256 a, int256 b, string memory what) internal pure {
        if (a > b) revert AssertionFailedInt(what, a, b);
    }

    function assertLt(int256 a, int256 b, string memory what) internal pure {
        if (a >= b) revert AssertionFailedInt(what, a, b);
    }

    function assertGe(int256 a, int256 b, string memory what) internal pure {
        if (a < b) revert AssertionFailedInt(what, a, b);
    }

    function assertGt(int256 a, int256 b, string memory what) internal pure {
        if (a <= b) revert AssertionFailedInt(what, a, b);
    }

    /// @dev The 4-byte selector of revert data (zero when shorter than four bytes).
    function _selectorOf(bytes memory reason) internal pure returns (bytes4 sel) {
        if (reason.length >= 4) sel = bytes4(reason);
    }

    /// @dev Re-throw revert data as is (for handlers that catch only the reverts they expect).
    function _rethrow(bytes memory reason) internal pure {
        assembly ("memory-safe") {
            revert(add(reason, 0x20), mload(reason))
        }
    }
}
