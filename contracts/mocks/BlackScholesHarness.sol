// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BlackScholesLib} from "../libraries/BlackScholesLib.sol";

/// @title BlackScholesHarness
/// @notice Test and benchmark helper only (never deployed by the protocol): exposes BlackScholesLib.greeks and
/// measures its gas as the gasleft() difference immediately around the library call, with no transaction,
/// calldata or ABI-encoding overhead.
contract BlackScholesHarness {
    /// @notice One pricing request.
    struct Input {
        uint256 spotWad; // [wad] spot S
        uint256 strikeWad; // [wad] strike K
        uint256 volWad; // [wad, 1e18 = 100%] volatility sigma
        uint256 timeSec; // [seconds] time to expiry
        uint256 rateWad; // [wad, 1e18 = 100%] rate r
    }

    /// @notice One pricing result of the batch: either the Greeks and their gas, or the revert data.
    struct Result {
        bool ok; // false when the library call reverted
        BlackScholesLib.Greeks greeks; // zero when !ok
        uint256 gasUsed; // [gas] gasleft() difference around the library call; 0 when !ok
        bytes revertData; // the library's revert data (custom error) when !ok
    }

    /// @notice BlackScholesLib.greeks with the gas it used.
    /// @dev Runs in a fresh call frame, so memory starts at the free-memory pointer 0x80 as in a caller's
    /// own function; reverts bubble up unchanged.
    /// @return g the library's output
    /// @return gasUsed [gas] gasleft() before the call minus gasleft() after it
    function greeks(uint256 spotWad, uint256 strikeWad, uint256 volWad, uint256 timeSec, uint256 rateWad)
        public
        view
        returns (BlackScholesLib.Greeks memory g, uint256 gasUsed)
    {
        uint256 before = gasleft();
        g = BlackScholesLib.greeks(spotWad, strikeWad, volWad, timeSec, rateWad);
        gasUsed = before - gasleft();
    }

    /// @notice Evaluates many points in one eth_call. Each point runs in its own call frame (a call to
    /// `this.greeks`) so that its gas figure does not depend on the memory used by earlier points, and a
    /// revert of one point is reported in its Result instead of failing the batch.
    /// @param inputs the points
    /// @return results one per input, in order
    function greeksBatch(Input[] calldata inputs) external view returns (Result[] memory results) {
        results = new Result[](inputs.length);
        for (uint256 i = 0; i < inputs.length; ++i) {
            Input calldata p = inputs[i];
            try this.greeks(p.spotWad, p.strikeWad, p.volWad, p.timeSec, p.rateWad) returns (
                BlackScholesLib.Greeks memory g, uint256 gasUsed
            ) {
                results[i].ok = true;
                results[i].greeks = g;
                results[i].gasUsed = gasUsed;
            } catch (bytes memory reason) {
                results[i].revertData = reason;
            }
        }
    }
}
