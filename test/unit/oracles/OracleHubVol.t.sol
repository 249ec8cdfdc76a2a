// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {OracleHubTestBase} from "./OracleHubTestBase.sol";

/// @notice Volatility bounds, maximum change per update, staleness, batch posting.
contract OracleHubVolTest is OracleHubTestBase {
    uint256 internal constant MIN_VOL = 0.1e18;
    uint256 internal constant MAX_VOL = 3e18;
    uint256 internal constant MAX_CHANGE = 0.2e18;
    uint256 internal constant MAX_AGE = 1 hours;
    uint64 internal constant EXPIRY = uint64(T0 + 30 days);
    uint64 internal constant EXPIRY2 = uint64(T0 + 60 days);

    function setUp() public override {
        super.setUp();
        hub.setVolConfig(WETH, MIN_VOL, MAX_VOL, MAX_CHANGE, MAX_AGE);
    }

    function postVol(uint64 expiry, uint256 volWad) internal {
        vm.prank(FEEDER);
        hub.setVol(WETH, expiry, volWad);
    }

    // ---------------------------------------------------------------- setVolConfig

    function test_setVolConfig_storesAndEmits() public {
        vm.expectEmit(true, false, false, true, address(hub));
        emit IOracleHub.SetVolConfig(WBTC, 0, 10e18, 10e18, 7 days);
        hub.setVolConfig(WBTC, 0, 10e18, 10e18, 7 days);
        (uint256 minVol, uint256 maxVol, uint256 maxChange, uint256 maxAge) = hub.volConfig(WBTC);
        assertEq(minVol, 0, "min");
        assertEq(maxVol, 10e18, "max");
        assertEq(maxChange, 10e18, "max change");
        assertEq(maxAge, 7 days, "max age");
    }

    function test_setVolConfig_revertsOnInvalidConfig() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidConfig.selector));
        hub.setVolConfig(address(0), MIN_VOL, MAX_VOL, MAX_CHANGE, MAX_AGE);
        // min > max
        expectInvalidVolConfig(2e18, 1e18, MAX_CHANGE, MAX_AGE);
        // max == 0
        expectInvalidVolConfig(0, 0, MAX_CHANGE, MAX_AGE);
        // max above MAX_VOL_WAD
        expectInvalidVolConfig(MIN_VOL, 10e18 + 1, MAX_CHANGE, MAX_AGE);
        // max change == 0
        expectInvalidVolConfig(MIN_VOL, MAX_VOL, 0, MAX_AGE);
        // max change above MAX_VOL_WAD
        expectInvalidVolConfig(MIN_VOL, MAX_VOL, 10e18 + 1, MAX_AGE);
        // max age == 0
        expectInvalidVolConfig(MIN_VOL, MAX_VOL, MAX_CHANGE, 0);
        // max age above MAX_VOL_AGE
        expectInvalidVolConfig(MIN_VOL, MAX_VOL, MAX_CHANGE, 7 days + 1);
    }

    function expectInvalidVolConfig(uint256 minVol, uint256 maxVol, uint256 maxChange, uint256 maxAge) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IOracleHub.InvalidVolConfig.selector, minVol, maxVol, maxChange, maxAge)
        );
        hub.setVolConfig(WBTC, minVol, maxVol, maxChange, maxAge);
    }

    // ---------------------------------------------------------------- setVol

    function test_setVol_storesAndEmits() public {
        vm.expectEmit(true, true, false, true, address(hub));
        emit IOracleHub.SetVol(WETH, EXPIRY, 0.8e18);
        postVol(EXPIRY, 0.8e18);
        assertEq(hub.vol(WETH, EXPIRY), 0.8e18, "vol");
        (uint256 volWad, uint256 updatedAt) = hub.volData(WETH, EXPIRY);
        assertEq(volWad, 0.8e18, "stored vol");
        assertEq(updatedAt, T0, "stored time");
    }

    function test_setVol_revertsWithoutConfig() public {
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolConfigNotSet.selector, WBTC));
        hub.setVol(WBTC, EXPIRY, 0.8e18);
    }

    function test_setVol_boundsInclusive() public {
        postVol(EXPIRY, MIN_VOL);
        assertEq(hub.vol(WETH, EXPIRY), MIN_VOL, "min accepted");
        postVol(EXPIRY2, MAX_VOL);
        assertEq(hub.vol(WETH, EXPIRY2), MAX_VOL, "max accepted");
    }

    function test_setVol_revertsOutOfBounds() public {
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolOutOfBounds.selector, MIN_VOL - 1, MIN_VOL, MAX_VOL));
        hub.setVol(WETH, EXPIRY, MIN_VOL - 1);
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolOutOfBounds.selector, MAX_VOL + 1, MIN_VOL, MAX_VOL));
        hub.setVol(WETH, EXPIRY, MAX_VOL + 1);
    }

    function test_setVol_firstPostChecksOnlyBounds() public {
        // a jump far beyond MAX_CHANGE from nothing is fine
        postVol(EXPIRY, MAX_VOL);
        assertEq(hub.vol(WETH, EXPIRY), MAX_VOL, "vol");
    }

    function test_setVol_allowsChangeUpToMax() public {
        postVol(EXPIRY, 1e18);
        postVol(EXPIRY, 1e18 + MAX_CHANGE);
        assertEq(hub.vol(WETH, EXPIRY), 1e18 + MAX_CHANGE, "up by max change");
        postVol(EXPIRY, 1e18);
        assertEq(hub.vol(WETH, EXPIRY), 1e18, "down by max change");
    }

    function test_setVol_revertsOnChangeTooLarge() public {
        postVol(EXPIRY, 1e18);
        vm.prank(FEEDER);
        vm.expectRevert(
            abi.encodeWithSelector(IOracleHub.VolChangeTooLarge.selector, 1e18, 1e18 + MAX_CHANGE + 1, MAX_CHANGE)
        );
        hub.setVol(WETH, EXPIRY, 1e18 + MAX_CHANGE + 1);
        vm.prank(FEEDER);
        vm.expectRevert(
            abi.encodeWithSelector(IOracleHub.VolChangeTooLarge.selector, 1e18, 1e18 - MAX_CHANGE - 1, MAX_CHANGE)
        );
        hub.setVol(WETH, EXPIRY, 1e18 - MAX_CHANGE - 1);
    }

    function test_setVol_changeBoundAppliesPerExpiry() public {
        postVol(EXPIRY, 1e18);
        // another expiry's first post is not bounded by EXPIRY's value
        postVol(EXPIRY2, 2e18);
        assertEq(hub.vol(WETH, EXPIRY2), 2e18, "independent expiries");
    }

    function test_setVol_staleValueDoesNotBoundChange() public {
        postVol(EXPIRY, 1e18);
        vm.warp(T0 + MAX_AGE);
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolChangeTooLarge.selector, 1e18, 2e18, MAX_CHANGE));
        hub.setVol(WETH, EXPIRY, 2e18);
        vm.warp(T0 + MAX_AGE + 1);
        postVol(EXPIRY, 2e18);
        assertEq(hub.vol(WETH, EXPIRY), 2e18, "re-based after staleness");
    }

    /// @dev A post of a fresh value succeeds exactly when it lies in the bounds and within maxChange.
    function testFuzz_setVol_acceptsExactlyBoundedChanges(uint256 oldSeed, uint256 newVol) public {
        uint256 oldVol = bound(oldSeed, MIN_VOL, MAX_VOL);
        newVol = bound(newVol, 0, 2 * MAX_VOL);
        postVol(EXPIRY, oldVol);
        uint256 change = newVol > oldVol ? newVol - oldVol : oldVol - newVol;
        vm.prank(FEEDER);
        if (newVol < MIN_VOL || newVol > MAX_VOL) {
            vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolOutOfBounds.selector, newVol, MIN_VOL, MAX_VOL));
            hub.setVol(WETH, EXPIRY, newVol);
            assertEq(hub.vol(WETH, EXPIRY), oldVol, "unchanged");
        } else if (change > MAX_CHANGE) {
            vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolChangeTooLarge.selector, oldVol, newVol, MAX_CHANGE));
            hub.setVol(WETH, EXPIRY, newVol);
            assertEq(hub.vol(WETH, EXPIRY), oldVol, "unchanged");
        } else {
            hub.setVol(WETH, EXPIRY, newVol);
            assertEq(hub.vol(WETH, EXPIRY), newVol, "updated");
        }
    }

    // ---------------------------------------------------------------- setVols

    function test_setVols_storesEachAndEmits() public {
        uint64[] memory expiries = new uint64[](2);
        uint256[] memory vols = new uint256[](2);
        (expiries[0], expiries[1]) = (EXPIRY, EXPIRY2);
        (vols[0], vols[1]) = (0.7e18, 0.9e18);
        vm.expectEmit(true, true, false, true, address(hub));
        emit IOracleHub.SetVol(WETH, EXPIRY, 0.7e18);
        vm.expectEmit(true, true, false, true, address(hub));
        emit IOracleHub.SetVol(WETH, EXPIRY2, 0.9e18);
        vm.prank(FEEDER);
        hub.setVols(WETH, expiries, vols);
        assertEq(hub.vol(WETH, EXPIRY), 0.7e18, "vol 0");
        assertEq(hub.vol(WETH, EXPIRY2), 0.9e18, "vol 1");
    }

    function test_setVols_revertsOnLengthMismatch() public {
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.LengthMismatch.selector, 2, 1));
        hub.setVols(WETH, new uint64[](2), new uint256[](1));
    }

    function test_setVols_revertsWithoutConfig() public {
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolConfigNotSet.selector, WBTC));
        hub.setVols(WBTC, new uint64[](1), new uint256[](1));
    }

    function test_setVols_revertsOnAnyBadEntry() public {
        postVol(EXPIRY, 1e18);
        uint64[] memory expiries = new uint64[](2);
        uint256[] memory vols = new uint256[](2);
        (expiries[0], expiries[1]) = (EXPIRY2, EXPIRY);
        (vols[0], vols[1]) = (0.5e18, 1.5e18); // second entry moves EXPIRY by 0.5 > MAX_CHANGE
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolChangeTooLarge.selector, 1e18, 1.5e18, MAX_CHANGE));
        hub.setVols(WETH, expiries, vols);
        vols[1] = 5e18; // out of bounds
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolOutOfBounds.selector, 5e18, MIN_VOL, MAX_VOL));
        hub.setVols(WETH, expiries, vols);
        (, uint256 updatedAt) = hub.volData(WETH, EXPIRY2);
        assertEq(updatedAt, 0, "first entry rolled back");
    }

    // ---------------------------------------------------------------- vol

    function test_vol_revertsWhenNotSet() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolNotSet.selector, WETH, EXPIRY));
        hub.vol(WETH, EXPIRY);
    }

    function test_vol_revertsWhenStale() public {
        postVol(EXPIRY, 0.8e18);
        vm.warp(T0 + MAX_AGE);
        assertEq(hub.vol(WETH, EXPIRY), 0.8e18, "exactly max age old is fresh");
        vm.warp(T0 + MAX_AGE + 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.StaleVol.selector, WETH, EXPIRY, T0, MAX_AGE));
        hub.vol(WETH, EXPIRY);
    }

    function test_vol_followsNewMaxAge() public {
        postVol(EXPIRY, 0.8e18);
        vm.warp(T0 + 2 hours);
        hub.setVolConfig(WETH, MIN_VOL, MAX_VOL, MAX_CHANGE, 3 hours);
        assertEq(hub.vol(WETH, EXPIRY), 0.8e18, "fresh under the longer max age");
    }

    // ---------------------------------------------------------------- conservativeVol

    function test_conservativeVol_revertsWhenNotSet() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.VolNotSet.selector, WETH, EXPIRY));
        hub.conservativeVol(WETH, EXPIRY);
    }

    function test_conservativeVol_freshIsTheVol() public {
        postVol(EXPIRY, 0.8e18);
        vm.warp(T0 + MAX_AGE);
        (uint256 volWad, uint256 addOnWad) = hub.conservativeVol(WETH, EXPIRY);
        assertEq(volWad, 0.8e18, "vol");
        assertEq(addOnWad, 0, "no add-on at max age");
    }

    /// addOn = min(maxVol − σ, ⌈maxChange × (age − maxAge) / maxAge⌉)
    function test_conservativeVol_addOnGrowsLinearlyWithStaleness() public {
        postVol(EXPIRY, 0.8e18);
        vm.warp(T0 + MAX_AGE + 1);
        (uint256 volWad, uint256 addOnWad) = hub.conservativeVol(WETH, EXPIRY);
        // ⌈0.2e18 × 1 / 3600⌉ = ⌈55,555,555,555,555.5⌉
        assertEq(addOnWad, 55_555_555_555_556, "one second stale, rounded up");
        assertEq(volWad, 0.8e18 + 55_555_555_555_556, "vol + add-on");
        vm.warp(T0 + 2 * MAX_AGE);
        (volWad, addOnWad) = hub.conservativeVol(WETH, EXPIRY);
        assertEq(addOnWad, 0.2e18, "one max change per max age of staleness");
        assertEq(volWad, 1e18, "0.8 + 0.2");
        vm.warp(T0 + MAX_AGE + 5 * MAX_AGE / 2);
        (volWad, addOnWad) = hub.conservativeVol(WETH, EXPIRY);
        assertEq(addOnWad, 0.5e18, "2.5 max ages stale");
        // the strict read still reverts
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.StaleVol.selector, WETH, EXPIRY, T0, MAX_AGE));
        hub.vol(WETH, EXPIRY);
    }

    function test_conservativeVol_cappedAtMaxVol() public {
        postVol(EXPIRY, 2.9e18);
        vm.warp(T0 + 2 * MAX_AGE);
        (uint256 volWad, uint256 addOnWad) = hub.conservativeVol(WETH, EXPIRY);
        assertEq(addOnWad, 0.1e18, "up to maxVol");
        assertEq(volWad, MAX_VOL, "maxVol");
        // bounds lowered under the posted vol since: no add-on, the last value
        hub.setVolConfig(WETH, MIN_VOL, 2e18, MAX_CHANGE, MAX_AGE);
        (volWad, addOnWad) = hub.conservativeVol(WETH, EXPIRY);
        assertEq(addOnWad, 0, "no room");
        assertEq(volWad, 2.9e18, "the last value");
    }

    function testFuzz_conservativeVol_monotoneAndBounded(uint256 volSeed, uint256 ageA, uint256 ageB) public {
        uint256 posted = MIN_VOL + volSeed % (MAX_VOL - MIN_VOL + 1);
        postVol(EXPIRY, posted);
        ageA = ageA % 30 days;
        ageB = ageA + ageB % 30 days;
        vm.warp(T0 + ageA);
        (uint256 volA, uint256 addOnA) = hub.conservativeVol(WETH, EXPIRY);
        vm.warp(T0 + ageB);
        (uint256 volB,) = hub.conservativeVol(WETH, EXPIRY);
        assertEq(volA, posted + addOnA, "vol = posted + add-on");
        assertGe(volB, volA, "never falls with age");
        assertLe(volB, MAX_VOL, "never above maxVol");
        if (ageA <= MAX_AGE) assertEq(addOnA, 0, "fresh: no add-on");
    }
}
