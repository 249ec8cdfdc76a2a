// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {AccountBook} from "../../../contracts/types/AccountBook.sol";
import {Series} from "../../../contracts/types/Series.sol";
import {VaultTestBase} from "./VaultTestBase.sol";

/// @notice The packed position book (two entries per slot, swap-and-pop, count in the account's meta
/// slot) against a plain model: random slices moved between four accounts over six series open, grow,
/// shrink, net out and close entries; after every move each account's book holds exactly the model's
/// non-zero positions, and longs == shorts per series.
contract PositionBookTest is VaultTestBase {
    uint256 internal constant N_SERIES = 6;
    uint256 internal constant N_ACCOUNTS = 4;
    address internal liquidator = address(0x11D);
    address[N_ACCOUNTS] internal accts;
    uint256[N_SERIES] internal ids;
    mapping(address account => mapping(uint256 seriesId => int256 sizeWad)) internal model;

    function setUp() public override {
        super.setUp();
        vault.setLiquidator(liquidator);
        accts = [alice, bob, carol, vm.addr(0xDA7E)];
        for (uint256 k; k < N_SERIES; ++k) {
            ids[k] = k == 0 ? callId : vault.listSeries(UNDERLYING, STRIKE + k * 100e18, EXPIRY, k % 2 == 0);
        }
        for (uint256 a; a < N_ACCOUNTS; ++a) {
            _fund(accts[a], 1_000_000e6);
        }
        // alice sells 10 of every series to bob
        for (uint256 k; k < N_SERIES; ++k) {
            _trade(ALICE_PK, bob, ids[k], false, 10e18, 0);
            model[alice][ids[k]] = -10e18;
            model[bob][ids[k]] = 10e18;
        }
        _check();
    }

    function testFuzz_book_matchesModel(uint256[12] calldata moves) public {
        for (uint256 m; m < moves.length; ++m) {
            uint256 r = moves[m];
            address from = accts[r % N_ACCOUNTS];
            address to = accts[(r / N_ACCOUNTS) % N_ACCOUNTS];
            uint256 id = ids[(r / 16) % N_SERIES];
            int256 pos = model[from][id];
            if (from == to || pos == 0) continue;
            uint256 abs = uint256(pos > 0 ? pos : -pos);
            // a slice of 1..|pos|, the whole position one time in four
            uint256 slice = (r >> 8) % 4 == 0 ? abs : 1 + (r >> 10) % abs;
            int256 signed = pos > 0 ? int256(slice) : -int256(slice);
            vm.prank(liquidator);
            vault.transferPosition(from, to, id, signed, 0, 0, false);
            model[from][id] -= signed;
            model[to][id] += signed;
            _check();
        }
    }

    function test_bookOf_returnsCollateralPositionsAndSeries() public view {
        AccountBook memory book = vault.bookOf(bob);
        (uint256[] memory sids, int256[] memory sizes, Series[] memory ser) = (book.seriesIds, book.sizesWad, book.series);
        assertEq(book.account, bob, "account");
        assertEq(book.collateral, vault.collateralOf(bob), "collateral");
        assertEq(sizes.length, sids.length, "sizes");
        assertEq(ser.length, sids.length, "series");
        assertEq(sids.length, N_SERIES, "positions");
        for (uint256 i; i < sids.length; ++i) {
            assertEq(uint256(sizes[i]), uint256(model[bob][sids[i]]), "size");
            Series memory s = vault.series(sids[i]);
            assertTrue(
                ser[i].underlying == s.underlying && ser[i].expiry == s.expiry && ser[i].isCall == s.isCall
                    && ser[i].strikeWad == s.strikeWad,
                "series"
            );
        }
    }

    function test_seriesIdsFitTheBook() public view {
        assertEq(vault.MAX_SERIES_ID(), type(uint32).max, "32-bit ids");
        assertEq(vault.MAX_SIZE_WAD(), 1e28, "sizes fit 96 bits");
    }

    function _check() internal view {
        for (uint256 a; a < N_ACCOUNTS; ++a) {
            address who = accts[a];
            (uint256[] memory sids, int256[] memory sizes) = vault.positionsOf(who);
            uint256 open;
            for (uint256 k; k < N_SERIES; ++k) {
                int256 want = model[who][ids[k]];
                if (want != 0) ++open;
                assertTrue(vault.positionOf(who, ids[k]) == want, "positionOf = model");
            }
            assertEq(sids.length, open, "one entry per non-zero position");
            for (uint256 i; i < sids.length; ++i) {
                assertTrue(sizes[i] != 0 && sizes[i] == model[who][sids[i]], "entry = model");
                for (uint256 j; j < i; ++j) {
                    assertTrue(sids[i] != sids[j], "no duplicate entry");
                }
            }
        }
        for (uint256 k; k < N_SERIES; ++k) {
            (uint256 longs, uint256 shorts) = vault.openInterest(ids[k]);
            uint256 modelLongs;
            for (uint256 a; a < N_ACCOUNTS; ++a) {
                int256 p = model[accts[a]][ids[k]];
                if (p > 0) modelLongs += uint256(p);
            }
            assertEq(longs, shorts, "longs == shorts");
            assertEq(longs, modelLongs, "open interest = the model's longs");
        }
    }
}
