// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {MarginTestBase} from "./MarginTestBase.sol";

/// @notice A book never needs more maintenance than it can lose from today's marks (within a size tier):
/// defined-risk books (debit and credit spreads, condors, long options) are capped at their value less the
/// lowest payoff at expiry, and the cap keeps the requirement subadditive over positions.
contract MarginMaxLossTest is MarginTestBase {
    uint256 internal constant COLLATERAL = 100_000e6;

    function setUp() public override {
        super.setUp();
        _market(ETH, 2000e18);
        vault.setCollateral(alice, COLLATERAL);
        vault.setCollateral(bob, COLLATERAL);
    }

    /// @dev Value of alice's book [wad] (equity less her collateral).
    function _value(address account) internal view returns (int256) {
        return _equity(account) - int256(COLLATERAL) * 1e12;
    }

    function _legs(address account, uint256[] memory ids, int256[] memory sizes) internal {
        for (uint256 i; i < ids.length; ++i) vault.setPosition(account, ids[i], sizes[i]);
    }

    /// The issue's bull call spreads: long 2000 / short 2600 and long 2000 / short 3000 needed more than
    /// their mark (all they can lose); now exactly their mark.
    function test_debitSpread_needsItsValue() public {
        uint256 c2000 = _list(ETH, 2000e18, expiry30, true);
        uint256[2] memory shorts = [_list(ETH, 2600e18, expiry30, true), _list(ETH, 3000e18, expiry30, true)];
        for (uint256 k; k < 2; ++k) {
            vault.setPosition(alice, c2000, 1e18);
            vault.setPosition(alice, shorts[k], -1e18);
            int256 v = _value(alice);
            IMarginEngine.Health memory h = lens.health(alice);
            assertGt(v, 0, "a debit spread is an asset");
            assertEq(h.maintenanceWad, uint256(v), "maintenance = the spread's value");
            vault.setPosition(alice, shorts[k], 0);
        }
    }

    /// A bear call spread (short 2000 / long 2600) can lose the width less the credit.
    function test_creditSpread_neverAboveWidthLessCredit() public {
        uint256 c2000 = _list(ETH, 2000e18, expiry30, true);
        uint256 c2600 = _list(ETH, 2600e18, expiry30, true);
        vault.setPosition(alice, c2000, -3e18);
        vault.setPosition(alice, c2600, 3e18);
        int256 maxLoss = 3 * 600e18 + _value(alice);
        assertLe(_mm(alice), uint256(maxLoss), "at most width - credit");
        // a stress that makes the Taylor loss exceed it: the cap binds, exactly
        engine.setRiskParams(ETH, 0.5e18, 2e18, 0.03e18, IM_FACTOR);
        assertEq(_mm(alice), uint256(3 * 600e18 + _value(alice)), "capped at width - credit");
    }

    /// An iron condor (long 1600P / short 1800P / short 2200C / long 2400C): at most 200 × size − credit.
    function test_ironCondor_neverAboveItsMaxLoss() public {
        uint256[] memory ids = new uint256[](4);
        ids[0] = _list(ETH, 1600e18, expiry30, false);
        ids[1] = _list(ETH, 1800e18, expiry30, false);
        ids[2] = _list(ETH, 2200e18, expiry30, true);
        ids[3] = _list(ETH, 2400e18, expiry30, true);
        int256[] memory sizes = new int256[](4);
        (sizes[0], sizes[1], sizes[2], sizes[3]) = (2e18, -2e18, -2e18, 2e18);
        _legs(alice, ids, sizes);
        engine.setRiskParams(ETH, 0.5e18, 2e18, 0.03e18, IM_FACTOR);
        assertEq(_mm(alice), uint256(2 * 200e18 + _value(alice)), "width x size - credit");
    }

    /// A long option alone needs at most its value, however large the shocks.
    function test_longOnly_needsAtMostItsValue() public {
        uint256 p2000 = _list(ETH, 2000e18, expiry30, false);
        vault.setPosition(alice, p2000, 5e18);
        engine.setRiskParams(ETH, 0.5e18, 2e18, 0.03e18, IM_FACTOR);
        assertEq(_mm(alice), uint256(_value(alice)), "its value");
    }

    /// Net short calls can lose without bound: no cap.
    function test_nakedShortCall_notCapped() public {
        uint256 c2000 = _list(ETH, 2000e18, expiry30, true);
        uint256 c2600 = _list(ETH, 2600e18, expiry30, true);
        vault.setPosition(alice, c2000, 1e18);
        vault.setPosition(alice, c2600, -2e18);
        vault.setPosition(bob, c2600, -1e18);
        engine.setRiskParams(ETH, 0.5e18, 2e18, 0.03e18, IM_FACTOR);
        // the extra short call can lose without bound: the requirement is the stressed loss, above the
        // book's value (which would be the cap of a bounded book), and the naked call alone is not capped
        // at its floor-free value either
        assertGt(int256(_mm(alice)), _value(alice), "above the value: no cap");
        assertGt(_mm(bob), 0, "a naked call needs margin");
    }

    /// Subadditive with the caps: a capped long next to an uncapped short needs no more than both alone.
    function test_cappedLongAndNakedShort_subadditive() public {
        uint256 p1800 = _list(ETH, 1800e18, expiry30, false);
        uint256 c2200 = _list(ETH, 2200e18, expiry30, true);
        engine.setRiskParams(ETH, 0.5e18, 2e18, 0.03e18, IM_FACTOR);
        vault.setPosition(alice, p1800, 4e18);
        uint256 longAlone = _mm(alice);
        assertEq(longAlone, uint256(_value(alice)), "the long alone: its value");
        vault.setPosition(bob, c2200, -3e18);
        uint256 shortAlone = _mm(bob);
        vault.setPosition(alice, c2200, -3e18);
        assertLe(_mm(alice), longAlone + shortAlone, "no more than both alone");
    }

    /// Same-expiry books of random vertical legs with at least as many long calls as short ones (a payoff
    /// bounded below): maintenance <= value − the lowest payoff at expiry, evaluated here at every strike.
    function testFuzz_boundedBook_neverAboveMaxLoss(uint256 seed) public {
        engine.setRiskParams(ETH, 0.5e18, 2e18, 0.03e18, IM_FACTOR);
        uint256 n = 2 + seed % 3;
        uint256[] memory ids = new uint256[](n);
        int256[] memory sizes = new int256[](n);
        uint256[] memory strikes = new uint256[](n);
        bool[] memory calls = new bool[](n);
        int256 callSize;
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            strikes[i] = (1200 + (r % 17) * 100) * 1e18;
            calls[i] = (r >> 8) & 1 == 1;
            sizes[i] = int256(1 + (r >> 16) % 5) * 1e18 * ((r >> 24) & 1 == 1 ? int256(1) : int256(-1));
            if (calls[i] && i == n - 1 && callSize + sizes[i] < 0) sizes[i] = -callSize; // keep the slope >= 0
            if (calls[i]) callSize += sizes[i];
            ids[i] = _list(ETH, strikes[i], expiry30, calls[i]);
        }
        vm.assume(callSize >= 0);
        _legs(alice, ids, sizes);
        // lowest payoff at spot 0 and at each strike [wad]
        int256 lowest = type(int256).max;
        for (uint256 k; k <= n; ++k) {
            uint256 s = k == n ? 0 : strikes[k];
            int256 pay;
            for (uint256 j; j < n; ++j) {
                uint256 kj = strikes[j];
                if (calls[j] && s > kj) pay += sizes[j] * int256(s - kj) / 1e18;
                if (!calls[j] && kj > s) pay += sizes[j] * int256(kj - s) / 1e18;
            }
            if (pay < lowest) lowest = pay;
        }
        int256 maxLoss = _value(alice) - (lowest < 0 ? lowest : int256(0));
        assertLe(_mm(alice), uint256(maxLoss > 0 ? maxLoss : int256(0)) + 1, "maintenance <= max loss");
    }
}
