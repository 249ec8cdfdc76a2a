// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarginEngine} from "../interfaces/IMarginEngine.sol";

/// @title MarginStorage
/// @notice The margin engine's risk parameters in one ERC-7201 namespace ("options.storage.MarginEngine"),
/// so that the engine and the external libraries it delegatecalls (MarginParamsLib writes it,
/// LiquidationQuoteLib reads it) name the same storage without depending on the engine's variable order.
library MarginStorage {
    /// @custom:storage-location erc7201:options.storage.MarginEngine
    struct Layout {
        /// @dev imFactorWad carries the HAS_TIERS flag (`loadParams` and the engine's `riskParams` clear it).
        mapping(address underlying => IMarginEngine.RiskParams) riskParams;
        mapping(address underlying => IMarginEngine.Tier[]) tiers;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("options.storage.MarginEngine")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant SLOT = 0xdfaf8d1e9005f391dbe5e0410bffd87d9cc6ee95362cad61a881cd257d075400;

    /// @dev Bit 63 of a stored `imFactorWad` (<= 3e18 < 2^62): the underlying has a tier table, so that
    /// pricing an underlying without one reads one slot, not two (set by MarginParamsLib.setTiers).
    uint64 internal constant HAS_TIERS = 1 << 63;

    function layout() internal pure returns (Layout storage store) {
        bytes32 slot = SLOT;
        assembly ("memory-safe") {
            store.slot := slot
        }
    }

    /// @dev An underlying's parameters (flag cleared) and tier table (empty: factor 1e18), reverting when
    /// it has none.
    function loadParams(address underlying)
        internal
        view
        returns (IMarginEngine.RiskParams memory p, IMarginEngine.Tier[] memory t)
    {
        Layout storage store = layout();
        p = store.riskParams[underlying];
        bool hasTiers = p.imFactorWad & HAS_TIERS != 0;
        p.imFactorWad &= ~HAS_TIERS;
        if (p.imFactorWad == 0) revert IMarginEngine.RiskParamsNotSet(underlying);
        // no table: empty, without reading its length
        if (hasTiers) t = store.tiers[underlying];
    }
}
