// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {AccountBook} from "../../../contracts/types/AccountBook.sol";
import {MarginTestBase} from "./MarginTestBase.sol";

/// @notice A stale vol on the non-strict path (liquidation, views): priced at the hub's conservative vol
/// σ + a with the underlying's vol shock widened to v + a; the strict path reverts StaleVol.
contract MarginStaleVolTest is MarginTestBase {
    uint256 internal constant ADD_ON = 0.25e18;

    /// @dev The non-strict margin of `account` with a stale vol (add-on ADD_ON on expiry30), and the margin
    /// of the same book when σ + a is posted fresh and the vol shock is v + a: the two must be equal.
    function _staleAndEquivalent(address account)
        internal
        returns (int256 equityStale, uint256 mmStale, int256 equityFresh, uint256 mmFresh)
    {
        oracle.setVolAddOn(ETH, expiry30, ADD_ON);
        (equityStale, mmStale,) = lens.accountMarginIgnoringSequencer(account);
        oracle.setVolAddOn(ETH, expiry30, 0);
        oracle.setVol(ETH, expiry30, VOL + ADD_ON);
        engine.setRiskParams(ETH, SPOT_SHOCK, VOL_SHOCK + ADD_ON, FLOOR_SHARE, IM_FACTOR);
        (equityFresh, mmFresh,) = lens.accountMargin(account);
        // back to the fixture
        oracle.setVol(ETH, expiry30, VOL);
        engine.setRiskParams(ETH, SPOT_SHOCK, VOL_SHOCK, FLOOR_SHARE, IM_FACTOR);
    }

    function test_margin_staleVolIsConservativeVolWithWidenedShock() public {
        uint256 shortCall = _list(ETH, 3300e18, expiry30, true);
        uint256 longPut = _list(ETH, 2700e18, expiry30, false);
        vault.setCollateral(alice, 50_000e6);
        vault.setPosition(alice, shortCall, -10e18);
        vault.setPosition(alice, longPut, 4e18);
        (int256 e0, uint256 mm0,) = lens.accountMargin(alice);
        (int256 eStale, uint256 mmStale, int256 eFresh, uint256 mmFresh) = _staleAndEquivalent(alice);
        assertEq(eStale, eFresh, "equity at sigma + a");
        assertEq(mmStale, mmFresh, "maintenance at sigma + a, shock v + a");
        assertGt(mmStale, mm0, "the requirement rises");
        assertLt(eStale - int256(mmStale), e0 - int256(mm0), "the surplus falls");
    }

    /// A long-only book: its mark rises with σ + a but its requirement rises at least as much (the vol-down
    /// scenario is σ + a − (v + a) = σ − v), so a stale vol never frees margin.
    function test_margin_staleVolRaisesLongsRequirementToo() public {
        uint256 longCall = _list(ETH, 3000e18, expiry30, true);
        vault.setCollateral(alice, 1_000e6);
        vault.setPosition(alice, longCall, 5e18);
        (int256 e0, uint256 mm0,) = lens.accountMargin(alice);
        (int256 eStale, uint256 mmStale, int256 eFresh, uint256 mmFresh) = _staleAndEquivalent(alice);
        assertEq(eStale, eFresh, "equity");
        assertEq(mmStale, mmFresh, "maintenance");
        assertGt(mmStale, mm0, "long's requirement rises");
        assertLe(eStale - int256(mmStale), e0 - int256(mm0), "no margin freed");
    }

    function test_margin_strictPathRevertsStaleVol() public {
        uint256 shortCall = _list(ETH, 3300e18, expiry30, true);
        vault.setCollateral(alice, 50_000e6);
        vault.setPosition(alice, shortCall, -10e18);
        oracle.setVolAddOn(ETH, expiry30, ADD_ON);
        AccountBook memory book = vault.bookOf(alice);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.StaleVol.selector, ETH, expiry30, 0, 0));
        engine.margin(book, true);
        // the non-strict path prices it
        (, uint256 mm,) = engine.margin(book, false);
        assertGt(mm, 0, "priced");
    }
}
