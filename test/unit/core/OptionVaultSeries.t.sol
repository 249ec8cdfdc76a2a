// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {Series} from "../../../contracts/types/Series.sol";
import {VaultTestBase} from "./VaultTestBase.sol";

contract OptionVaultSeriesTest is VaultTestBase {
    function test_listSeries_assignsSequentialIdsAndEmits() public {
        assertEq(callId, 1, "first id");
        assertEq(putId, 2, "second id");
        uint64 expiry = uint64(block.timestamp + 7 days);
        vm.expectEmit();
        emit IOptionVault.ListSeries(3, UNDERLYING, 2500e18, expiry, true);
        uint256 id = vault.listSeries(UNDERLYING, 2500e18, expiry, true);
        assertEq(id, 3, "third id");
        assertEq(vault.seriesCount(), 3, "count");
        Series memory s = vault.series(3);
        assertEq(s.underlying, UNDERLYING, "underlying");
        assertEq(uint256(s.strikeWad), 2500e18, "strike");
        assertEq(uint256(s.expiry), expiry, "expiry");
        assertTrue(s.isCall, "call");
        assertEq(vault.seriesIdOf(UNDERLYING, 2500e18, expiry, true), 3, "lookup");
        assertEq(vault.seriesIdOf(UNDERLYING, 2500e18, expiry, false), 0, "unlisted lookup");
    }

    function test_listSeries_acceptsBounds() public {
        uint256 maxExpiry = block.timestamp + vault.MAX_HORIZON();
        vault.listSeries(UNDERLYING, vault.MIN_STRIKE_WAD(), uint64(block.timestamp + 1), true);
        vault.listSeries(UNDERLYING, vault.MAX_STRIKE_WAD(), uint64(maxExpiry), false);
        assertEq(vault.seriesCount(), 4, "count");
        assertEq(uint256(vault.series(4).strikeWad), 1e33, "max strike stored exactly");
    }

    function test_listSeries_revertsForUnauthorized() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, alice));
        vm.prank(alice);
        vault.listSeries(UNDERLYING, STRIKE, EXPIRY, true);
    }

    function test_listSeries_revertsOnZeroUnderlying() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.ZeroAddress.selector));
        vault.listSeries(address(0), STRIKE, EXPIRY, true);
    }

    function test_listSeries_revertsOnZeroStrike() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InvalidStrike.selector, 0));
        vault.listSeries(UNDERLYING, 0, EXPIRY, true);
    }

    function test_listSeries_revertsOnStrikeBelowMin() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InvalidStrike.selector, 1e9 - 1));
        vault.listSeries(UNDERLYING, 1e9 - 1, EXPIRY, true);
    }

    function test_listSeries_revertsOnStrikeAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InvalidStrike.selector, 1e33 + 1));
        vault.listSeries(UNDERLYING, 1e33 + 1, EXPIRY, true);
    }

    function test_listSeries_revertsOnExpiryNow() public {
        uint256 maxExpiry = block.timestamp + 730 days;
        vm.expectRevert(
            abi.encodeWithSelector(IOptionVault.InvalidExpiry.selector, block.timestamp, block.timestamp, maxExpiry)
        );
        vault.listSeries(UNDERLYING, STRIKE, uint64(block.timestamp), true);
    }

    function test_listSeries_revertsOnExpiryBeyondHorizon() public {
        uint256 maxExpiry = block.timestamp + 730 days;
        vm.expectRevert(
            abi.encodeWithSelector(IOptionVault.InvalidExpiry.selector, maxExpiry + 1, block.timestamp, maxExpiry)
        );
        vault.listSeries(UNDERLYING, STRIKE, uint64(maxExpiry + 1), true);
    }

    function test_listSeries_revertsOnDuplicate() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.SeriesExists.selector, putId));
        vault.listSeries(UNDERLYING, STRIKE, EXPIRY, false);
    }

    function test_series_revertsOnUnknownId() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.UnknownSeries.selector, 0));
        vault.series(0);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.UnknownSeries.selector, 3));
        vault.series(3);
    }

    function testFuzz_listSeries_idsStableAndUnique(uint256 strikeWad, uint256 dt) public {
        strikeWad = 1e9 + strikeWad % (1e33 - 1e9);
        dt = 1 + dt % 730 days;
        uint64 expiry = uint64(block.timestamp + dt);
        vm.assume(expiry != EXPIRY || strikeWad != STRIKE);
        uint256 id = vault.listSeries(UNDERLYING, strikeWad, expiry, true);
        assertEq(id, 3, "next id");
        assertEq(vault.seriesIdOf(UNDERLYING, strikeWad, expiry, true), id, "lookup");
        assertEq(uint256(vault.series(callId).strikeWad), STRIKE, "old series unchanged");
    }
}
