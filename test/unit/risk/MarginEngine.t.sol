// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarginParamsLib} from "../../../contracts/risk/MarginParamsLib.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";

import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {BlackScholesLib} from "../../../contracts/libraries/BlackScholesLib.sol";
import {MarginLib} from "../../../contracts/libraries/MarginLib.sol";
import {MarginLens} from "../../../contracts/lens/MarginLens.sol";
import {MockVaultPositions} from "../../../contracts/mocks/MockVaultPositions.sol";
import {MarginEngine} from "../../../contracts/risk/MarginEngine.sol";
import {AccountBook} from "../../../contracts/types/AccountBook.sol";
import {Series} from "../../../contracts/types/Series.sol";
import {MarginReference} from "./MarginTestBase.sol";

contract MarginEngineTest is MarginReference {
    // ================================================================ constructor

    function test_constructor_zeroCollateralToken() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ZeroAddress.selector));
        new MarginEngine(address(manager), address(0), IOracleHub(address(oracle)));
    }

    function test_constructor_zeroOracle() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ZeroAddress.selector));
        new MarginEngine(address(manager), address(vault), IOracleHub(address(0)));
    }

    function test_constructor_unsupportedDecimals() public {
        MockVaultPositions v19 = new MockVaultPositions(19);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.UnsupportedDecimals.selector, uint8(19)));
        new MarginEngine(address(manager), address(v19), IOracleHub(address(oracle)));
    }

    function test_constructor_collateralScale() public {
        assertEq(engine.collateralScale(), 1e12, "6 decimals");
        MarginEngine e18 =
            new MarginEngine(address(manager), address(new MockVaultPositions(18)), IOracleHub(address(oracle)));
        assertEq(e18.collateralScale(), 1, "18 decimals");
    }

    function test_lens_constructorWiresAndRejectsZero() public {
        assertEq(lens.vault(), address(vault), "vault");
        assertEq(lens.marginEngine(), address(engine), "engine");
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ZeroAddress.selector));
        new MarginLens(IOptionVault(address(0)), IMarginEngine(address(engine)));
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ZeroAddress.selector));
        new MarginLens(IOptionVault(address(vault)), IMarginEngine(address(0)));
    }

    /// The engine prices the book it is given: the vault's book through `margin` equals the lens' view.
    function test_margin_ofTheBookEqualsTheLensView() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 p1 = _list(ETH, 2800e18, expiry90, false);
        vault.setCollateral(alice, 5000e6);
        vault.setPosition(alice, c1, -3e18);
        vault.setPosition(alice, p1, 2e18);
        (int256 e, uint256 mm, uint256 im) = engine.margin(vault.bookOf(alice), true);
        (int256 e2, uint256 mm2, uint256 im2) = lens.accountMargin(alice);
        assertEq(e, e2, "equity");
        assertEq(mm, mm2, "maintenance");
        assertEq(im, im2, "initial");
        assertTrue(mm > 0 && im > mm, "a real requirement");
    }

    function test_margin_revertsOnMalformedBook() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        vault.setPosition(alice, c1, -1e18);
        AccountBook memory book = vault.bookOf(alice);
        book.sizesWad = new int256[](0);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MalformedBook.selector, 1, 0, 1));
        engine.margin(book, true);
    }

    // ================================================================ setRiskParams

    function test_setRiskParams_storesAndEmits() public {
        vm.expectEmit();
        emit IMarginEngine.SetRiskParams(BTC, 0.2e18, 0.5e18, 0.05e18, 1.5e18);
        engine.setRiskParams(BTC, 0.2e18, 0.5e18, 0.05e18, 1.5e18);
        IMarginEngine.RiskParams memory p = engine.riskParams(BTC);
        assertEq(p.spotShockWad, 0.2e18, "spot shock");
        assertEq(p.volShockWad, 0.5e18, "vol shock");
        assertEq(p.floorShareWad, 0.05e18, "floor share");
        assertEq(p.imFactorWad, 1.5e18, "im factor");
    }

    function test_setRiskParams_acceptsBounds() public {
        engine.setRiskParams(BTC, MarginParamsLib.MIN_SPOT_SHOCK, 0, MarginParamsLib.MIN_FLOOR_SHARE, 1e18 + 1);
        engine.setRiskParams(BTC, MarginParamsLib.MAX_SPOT_SHOCK, MarginParamsLib.MAX_VOL_SHOCK, MarginParamsLib.MAX_FLOOR_SHARE, MarginParamsLib.MAX_IM_FACTOR);
        assertEq(engine.riskParams(BTC).imFactorWad, MarginParamsLib.MAX_IM_FACTOR, "max im");
    }

    function test_setRiskParams_zeroUnderlying() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ZeroAddress.selector));
        engine.setRiskParams(address(0), SPOT_SHOCK, VOL_SHOCK, FLOOR_SHARE, IM_FACTOR);
    }

    function test_setRiskParams_spotShockTooLow() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.SpotShockOutOfBounds.selector, 0.01e18 - 1, 0.01e18, 0.5e18));
        engine.setRiskParams(BTC, 0.01e18 - 1, VOL_SHOCK, FLOOR_SHARE, IM_FACTOR);
    }

    function test_setRiskParams_spotShockTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.SpotShockOutOfBounds.selector, 0.5e18 + 1, 0.01e18, 0.5e18));
        engine.setRiskParams(BTC, 0.5e18 + 1, VOL_SHOCK, FLOOR_SHARE, IM_FACTOR);
    }

    function test_setRiskParams_volShockTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.VolShockOutOfBounds.selector, 2e18 + 1, 2e18));
        engine.setRiskParams(BTC, SPOT_SHOCK, 2e18 + 1, FLOOR_SHARE, IM_FACTOR);
    }

    function test_setRiskParams_floorShareTooLow() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.FloorShareOutOfBounds.selector, 0.001e18 - 1, 0.001e18, 0.5e18));
        engine.setRiskParams(BTC, SPOT_SHOCK, VOL_SHOCK, 0.001e18 - 1, IM_FACTOR);
    }

    function test_setRiskParams_floorShareTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.FloorShareOutOfBounds.selector, 0.5e18 + 1, 0.001e18, 0.5e18));
        engine.setRiskParams(BTC, SPOT_SHOCK, VOL_SHOCK, 0.5e18 + 1, IM_FACTOR);
    }

    function test_setRiskParams_imFactorNotAboveOne() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ImFactorOutOfBounds.selector, 1e18, 1e18, 3e18));
        engine.setRiskParams(BTC, SPOT_SHOCK, VOL_SHOCK, FLOOR_SHARE, 1e18);
    }

    function test_setRiskParams_imFactorTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ImFactorOutOfBounds.selector, 3e18 + 1, 1e18, 3e18));
        engine.setRiskParams(BTC, SPOT_SHOCK, VOL_SHOCK, FLOOR_SHARE, 3e18 + 1);
    }

    function test_setRiskParams_unauthorized() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, alice));
        engine.setRiskParams(BTC, SPOT_SHOCK, VOL_SHOCK, FLOOR_SHARE, IM_FACTOR);
    }

    // ================================================================ setTiers

    function test_setTiers_storesAndEmits() public {
        IMarginEngine.Tier[] memory t = _tiers2(1_000_000e18, 1.25e18);
        vm.expectEmit();
        emit IMarginEngine.SetTiers(ETH, t);
        engine.setTiers(ETH, t);
        IMarginEngine.Tier[] memory got = engine.tiers(ETH);
        assertEq(got.length, 2, "length");
        assertEq(got[1].notionalWad, 1_000_000e18, "threshold");
        assertEq(got[1].factorWad, 1.25e18, "factor");
        (uint256 i0, uint256 f0) = lens.tierOf(ETH, 1_000_000e18 - 1);
        (uint256 i1, uint256 f1) = lens.tierOf(ETH, 1_000_000e18);
        assertEq(i0, 0, "below threshold");
        assertEq(f0, 1e18, "tier 0 factor");
        assertEq(i1, 1, "at threshold");
        assertEq(f1, 1.25e18, "tier 1 factor");
    }

    function test_setTiers_replacesTable() public {
        engine.setTiers(ETH, _tiers2(1_000_000e18, 1.25e18));
        IMarginEngine.Tier[] memory t = new IMarginEngine.Tier[](1);
        t[0] = IMarginEngine.Tier(0, 1.1e18);
        engine.setTiers(ETH, t);
        assertEq(engine.tiers(ETH).length, 1, "replaced");
        (, uint256 f) = lens.tierOf(ETH, 1e30);
        assertEq(f, 1.1e18, "single tier");
    }

    function test_tierOf_noTable() public view {
        (uint256 i, uint256 f) = lens.tierOf(ETH, 1e40);
        assertEq(i, 0, "index");
        assertEq(f, 1e18, "factor");
    }

    function test_setTiers_empty() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.TierCountOutOfBounds.selector, 0, 8));
        engine.setTiers(ETH, new IMarginEngine.Tier[](0));
    }

    function test_setTiers_tooMany() public {
        IMarginEngine.Tier[] memory t = new IMarginEngine.Tier[](9);
        for (uint256 i; i < 9; ++i) t[i] = IMarginEngine.Tier(uint128(i * 1e24), uint128(1e18 + i));
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.TierCountOutOfBounds.selector, 9, 8));
        engine.setTiers(ETH, t);
    }

    function test_setTiers_firstNotZero() public {
        IMarginEngine.Tier[] memory t = _tiers2(1e24, 1.2e18);
        t[0].notionalWad = 5;
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.FirstTierNotZero.selector, 5));
        engine.setTiers(ETH, t);
    }

    function test_setTiers_notIncreasing() public {
        IMarginEngine.Tier[] memory t = new IMarginEngine.Tier[](3);
        t[0] = IMarginEngine.Tier(0, 1e18);
        t[1] = IMarginEngine.Tier(1e24, 1.1e18);
        t[2] = IMarginEngine.Tier(1e24, 1.2e18);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.TierNotIncreasing.selector, 2, 1e24, 1e24));
        engine.setTiers(ETH, t);
    }

    function test_setTiers_factorTooLow() public {
        IMarginEngine.Tier[] memory t = _tiers2(1e24, 1.2e18);
        t[0].factorWad = 1e18 - 1;
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.TierFactorOutOfBounds.selector, 0, 1e18 - 1, 1e18, 10e18));
        engine.setTiers(ETH, t);
    }

    function test_setTiers_factorTooHigh() public {
        IMarginEngine.Tier[] memory t = _tiers2(1e24, 10e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.TierFactorOutOfBounds.selector, 1, 10e18 + 1, 1e18, 10e18));
        engine.setTiers(ETH, t);
    }

    function test_setTiers_factorDecreasing() public {
        IMarginEngine.Tier[] memory t = _tiers2(1e24, 1.2e18);
        t[0].factorWad = 1.3e18;
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.TierFactorDecreasing.selector, 1, 1.2e18, 1.3e18));
        engine.setTiers(ETH, t);
    }

    function test_setTiers_zeroUnderlying() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.ZeroAddress.selector));
        engine.setTiers(address(0), _tiers2(1e24, 1.2e18));
    }

    function test_setTiers_unauthorized() public {
        IMarginEngine.Tier[] memory t = _tiers2(1e24, 1.2e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, bob));
        engine.setTiers(ETH, t);
    }

    // ================================================================ equity and requirement

    function test_accountMargin_emptyAccount() public {
        vault.setCollateral(alice, 1234_567890);
        (int256 equity, uint256 mm, uint256 im) = lens.accountMargin(alice);
        assertEq(equity, int256(1234.56789e18), "collateral converted exactly");
        assertEq(mm, 0, "mm");
        assertEq(im, 0, "im");
        assertEq(lens.health(alice).ratioWad, type(uint256).max, "ratio sentinel");
    }

    function test_accountMargin_matchesReference() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 p1 = _list(ETH, 2600e18, expiry90, false);
        uint256 c2 = _list(ETH, 3400e18, expiry90, true);
        vault.setCollateral(alice, 50_000e6);
        vault.setPosition(alice, c1, -3e18);
        vault.setPosition(alice, p1, 2.5e18);
        vault.setPosition(alice, c2, 1e18);
        RefBook memory r = _reference(alice, WAD);
        (int256 equity, uint256 mm, uint256 im) = lens.accountMargin(alice);
        assertEq(equity, r.equityWad, "equity");
        assertEq(mm, r.maintenanceWad, "maintenance");
        assertEq(im, r.initialWad, "initial");
        assertTrue(mm > 0 && im > mm, "im > mm > 0");
    }

    function test_accountMargin_roundsInProtocolFavour() public {
        // size 1/3: size × price is not a whole number of wei
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        int256 third = 333_333_333_333_333_333;
        vault.setPosition(alice, c1, third);
        vault.setPosition(bob, c1, -third);
        uint256 exact = uint256(third) * _price(c1);
        assertTrue(exact % WAD != 0, "fractional value");
        assertEq(_equity(alice), int256(exact / WAD), "long value rounded down");
        assertEq(_equity(bob), -int256(exact / WAD + 1), "short value rounded up");
    }

    function test_accountMargin_requirementRoundsUp() public {
        // short 1 wei of a deep out-of-the-money put struck at 1001: Greeks truncate to 0 and the floor
        // 1e-18 × ⌈0.03 × 1001⌉ = 30.03 wei rounds up to 31; IM 31 × 1.3 = 40.3 rounds up to 41
        uint256 p1 = _list(ETH, 1001e18, expiry30, false);
        vault.setPosition(bob, p1, -1);
        (, uint256 mm, uint256 im) = lens.accountMargin(bob);
        assertEq(mm, 31, "maintenance rounded up");
        assertEq(im, 41, "initial rounded up");
    }

    function test_accountMargin_tierFactorRoundsUp() public {
        uint256 p1 = _list(ETH, 1001e18, expiry30, false);
        vault.setPosition(bob, p1, -1);
        engine.setTiers(ETH, _tiers2(1, 1.1e18)); // notional ⌈1e-18 × 3000⌉ = 3000 wei >= 1: tier 1
        (, uint256 mm,) = lens.accountMargin(bob);
        assertEq(mm, 35, "31 wei x 1.1 = 34.1 rounds up to 35");
    }

    function test_accountMargin_tierByNotional() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        // 10 calls: notional 30,000; the tier starts at 30,000
        engine.setTiers(ETH, _tiers2(30_000e18, 1.5e18));
        vault.setPosition(alice, c1, -10e18 + 1);
        RefBook memory below = _reference(alice, WAD);
        assertLt(below.notionalWad, 30_000e18, "below threshold");
        assertEq(_mm(alice), below.maintenanceWad, "tier 0: factor 1");
        assertEq(lens.health(alice).tierIndex, 0, "tier index 0");
        vault.setPosition(alice, c1, -10e18);
        RefBook memory at = _reference(alice, 1.5e18);
        assertEq(at.notionalWad, 30_000e18, "at threshold");
        assertEq(_mm(alice), at.maintenanceWad, "tier 1: factor 1.5");
        assertEq(lens.health(alice).tierIndex, 1, "tier index 1");
        assertEq(lens.health(alice).maintenanceBeforeTierWad, at.baseWad, "base before tier");
    }

    function test_accountMargin_callSpreadNeedsLessThanNakedShort() public {
        uint256 k1 = _list(ETH, 3000e18, expiry30, true);
        uint256 k2 = _list(ETH, 3300e18, expiry30, true);
        vault.setPosition(alice, k1, -5e18);
        uint256 naked = _mm(alice);
        vault.setPosition(alice, k2, 5e18); // short 3000 call, long 3300 call: a bear call spread
        uint256 spread = _mm(alice);
        assertLt(spread, naked, "spread < naked short");
        vault.clearPositions(alice);
        vault.setPosition(alice, k2, 5e18);
        assertLe(spread, naked + _mm(alice), "spread <= legs alone");
    }

    function test_accountMargin_calendarHedgeNeedsLessThanNaked() public {
        uint256 near = _list(ETH, 3000e18, expiry30, true);
        uint256 far = _list(ETH, 3000e18, expiry90, true);
        vault.setPosition(alice, near, -4e18);
        uint256 naked = _mm(alice);
        vault.setPosition(alice, far, 4e18);
        assertLt(_mm(alice), naked, "calendar < naked");
    }

    function test_accountMargin_floorCoversDeepOutOfTheMoneyShortPut() public {
        // 30-day put struck at 1000 with spot 3000: Greeks ~ 0, the floor 3% × min(K, S) × size binds
        uint256 p1 = _list(ETH, 1000e18, expiry30, false);
        vault.setPosition(alice, p1, -10e18);
        RefBook memory r = _reference(alice, WAD);
        assertEq(_mm(alice), 10 * 30e18, "0.03 x 1000 x 10");
        assertEq(r.maintenanceWad, 10 * 30e18, "reference agrees");
    }

    function test_accountMargin_floorOfShortCallUsesSpot() public {
        uint256 c1 = _list(ETH, 9000e18, expiry30, true); // deep out of the money
        vault.setPosition(alice, c1, -2e18);
        assertEq(_mm(alice), 2 * 90e18, "0.03 x 3000 x 2");
    }

    function test_accountMargin_longOnlyNeedsNoFloor() public {
        uint256 c1 = _list(ETH, 9000e18, expiry30, true);
        vault.setPosition(alice, c1, 2e18);
        // a long can lose at most its value: the requirement is the reference's, capped there
        uint256 valueWad = uint256(_equity(alice));
        uint256 ref = _reference(alice, WAD).maintenanceWad;
        assertLt(valueWad, ref, "the Taylor loss overstates a deep out-of-the-money long");
        assertEq(_mm(alice), valueWad, "reference capped at the long's value");
        assertLt(_mm(alice), 2 * 90e18, "no floor for a long");
    }

    function test_accountMargin_expiredSeriesSkipped() public {
        uint256 c1 = _list(ETH, 2000e18, expiry30, true);
        uint256 c2 = _list(ETH, 3000e18, expiry90, true);
        vault.setCollateral(alice, 10_000e6);
        vault.setPosition(alice, c1, -1e18);
        vault.setPosition(alice, c2, -1e18);
        vm.warp(expiry30);
        (int256 equity, uint256 mm,) = lens.accountMargin(alice);
        RefBook memory r = _reference(alice, WAD);
        assertEq(equity, r.equityWad, "only the live series is valued");
        assertEq(mm, r.maintenanceWad, "only the live series is margined");
        IMarginEngine.Health memory h = lens.health(alice);
        assertEq(h.positions.length, 1, "one live position");
        assertEq(h.positions[0].seriesId, c2, "the live one");
        assertEq(h.positions[0].index, 1, "vault index");
        vm.warp(expiry90);
        (equity, mm,) = lens.accountMargin(alice);
        assertEq(equity, 10_000e18, "collateral only");
        assertEq(mm, 0, "nothing live");
    }

    function test_accountMargin_riskParamsNotSet() public {
        uint256 b1 = _list(BTC, 60_000e18, expiry30, true);
        _market(BTC, 60_000e18);
        vault.setPosition(alice, b1, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.RiskParamsNotSet.selector, BTC));
        lens.accountMargin(alice);
    }

    function test_accountMargin_sumsUnderlyings() public {
        uint256 e1 = _list(ETH, 3000e18, expiry30, true);
        uint256 b1 = _list(BTC, 60_000e18, expiry30, false);
        _market(BTC, 60_000e18);
        engine.setRiskParams(BTC, SPOT_SHOCK, VOL_SHOCK, FLOOR_SHARE, IM_FACTOR);
        address carol = address(0xCA401);
        vault.setPosition(alice, e1, -1e18);
        vault.setPosition(alice, b1, -1e18);
        vault.setPosition(bob, b1, -1e18);
        vault.setPosition(carol, e1, -1e18);
        (, uint256 mmA, uint256 imA) = lens.accountMargin(alice);
        (, uint256 mmB, uint256 imB) = lens.accountMargin(bob);
        (, uint256 mmC, uint256 imC) = lens.accountMargin(carol);
        assertEq(mmC, _reference(carol, WAD).maintenanceWad, "ETH book");
        assertEq(mmA, mmB + mmC, "ETH book + BTC book");
        assertEq(imA, imB + imC, "IM per underlying, summed");
    }

    function test_accountMargin_positionOutOfRange() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        vault.setPosition(alice, c1, 1e30 + 1);
        vm.expectRevert(abi.encodeWithSelector(MarginLib.PositionOutOfRange.selector, int256(1e30 + 1), _price(c1), _delta(c1), _gamma(c1), _vega(c1)));
        lens.accountMargin(alice);
    }

    function test_accountMargin_sequencerDown() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        vault.setPosition(alice, c1, -1e18);
        oracle.setSequencerDown(true);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerDown.selector));
        lens.accountMargin(alice);
        (int256 e1, uint256 m1,) = lens.accountMarginIgnoringSequencer(alice);
        oracle.setSequencerDown(false);
        (int256 e2, uint256 m2,) = lens.accountMargin(alice);
        assertEq(e1, e2, "same equity");
        assertEq(m1, m2, "same maintenance");
    }

    // ================================================================ health

    function test_health_positionDetailAndContributions() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 c2 = _list(ETH, 3300e18, expiry30, true);
        uint256 p1 = _list(ETH, 1000e18, expiry90, false);
        vault.setCollateral(alice, 5_000e6);
        vault.setPosition(alice, c1, -5e18);
        vault.setPosition(alice, c2, 5e18);
        vault.setPosition(alice, p1, -1e18);
        IMarginEngine.Health memory h = lens.health(alice);
        (int256 equity, uint256 mm, uint256 im) = lens.accountMargin(alice);
        assertEq(h.equityWad, equity, "equity");
        assertEq(h.maintenanceWad, mm, "mm");
        assertEq(h.initialWad, im, "im");
        assertEq(h.ratioWad, uint256(equity) * WAD / mm, "ratio rounded down");
        assertEq(h.positions.length, 3, "positions");
        assertEq(h.positions[0].priceWad, _price(c1), "price");
        assertEq(h.positions[0].deltaWad, _delta(c1), "delta");
        assertEq(h.positions[2].gammaWad, _gamma(p1), "gamma");
        assertEq(h.positions[2].vegaWad, _vega(p1), "vega");
        assertEq(h.positions[1].valueWad, int256(5 * _price(c2)), "long value");
        // contribution = maintenance - maintenance without the position (removed in the vault)
        uint256[3] memory ids = [c1, c2, p1];
        int256[3] memory sizes = [int256(-5e18), int256(5e18), int256(-1e18)];
        for (uint256 i; i < 3; ++i) {
            vault.setPosition(alice, ids[i], 0);
            assertEq(h.positions[i].contributionWad, int256(mm) - int256(_mm(alice)), "contribution");
            vault.setPosition(alice, ids[i], sizes[i]);
        }
        assertTrue(h.positions[1].contributionWad < 0, "the hedge lowers the requirement");
    }

    function test_health_ratioZeroWhenEquityNegative() public {
        uint256 c1 = _list(ETH, 2000e18, expiry30, true); // in the money: a liability of ~1000 per call
        vault.setPosition(alice, c1, -1e18);
        IMarginEngine.Health memory h = lens.health(alice);
        assertTrue(h.equityWad < 0, "negative equity");
        assertEq(h.ratioWad, 0, "ratio 0");
    }

    function test_healthBatch_equalsHealth() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 p1 = _list(ETH, 2800e18, expiry90, false);
        uint256 b1 = _list(BTC, 60_000e18, expiry90, true);
        _market(BTC, 60_000e18);
        engine.setRiskParams(BTC, 0.2e18, VOL_SHOCK, FLOOR_SHARE, 1.2e18);
        address[] memory accounts = new address[](4);
        accounts[0] = alice;
        accounts[1] = bob;
        accounts[2] = address(0xCA401);
        accounts[3] = address(0xD0D0); // empty
        vault.setCollateral(alice, 9_000e6);
        vault.setPosition(alice, c1, -2e18);
        vault.setPosition(alice, b1, 1e18);
        vault.setCollateral(bob, 1e6);
        vault.setPosition(bob, p1, -3e18);
        vault.setPosition(accounts[2], b1, -1e18);
        vault.setPosition(accounts[2], c1, 1e18);
        IMarginEngine.MarginSummary[] memory s = lens.healthBatch(accounts);
        assertEq(s.length, 4, "length");
        for (uint256 i; i < 4; ++i) {
            IMarginEngine.Health memory h = lens.health(accounts[i]);
            assertEq(s[i].equityWad, h.equityWad, "equity");
            assertEq(s[i].maintenanceWad, h.maintenanceWad, "mm");
            assertEq(s[i].initialWad, h.initialWad, "im");
            assertEq(s[i].ratioWad, h.ratioWad, "ratio");
        }
    }

    /// The batch prices each series once for all accounts (series cache): same numbers as one account
    /// at a time, also once a shared series has expired.
    function test_healthBatch_sharedSeriesCacheEqualsHealth() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 p1 = _list(ETH, 2800e18, expiry90, false);
        address[] memory accounts = new address[](6);
        for (uint256 i; i < 6; ++i) {
            accounts[i] = address(uint160(0xA000 + i));
            vault.setCollateral(accounts[i], (1 + i) * 700e6);
            vault.setPosition(accounts[i], c1, i % 2 == 0 ? -int256(1e18 + i * 1e17) : int256(2e18));
            vault.setPosition(accounts[i], p1, i % 3 == 0 ? int256(1e18) : -int256(5e17 + i * 1e17));
        }
        for (uint256 round; round < 2; ++round) {
            IMarginEngine.MarginSummary[] memory s = lens.healthBatch(accounts);
            for (uint256 i; i < 6; ++i) {
                IMarginEngine.Health memory h = lens.health(accounts[i]);
                assertEq(s[i].equityWad, h.equityWad, "equity");
                assertEq(s[i].maintenanceWad, h.maintenanceWad, "mm");
                assertEq(s[i].ratioWad, h.ratioWad, "ratio");
            }
            vm.warp(expiry30 + 1); // the shared call series expires: both views skip it
            _market(ETH, 2000e18);
        }
    }

    // ================================================================ riskiestPosition

    function test_riskiestPosition_largestContribution() public {
        uint256 small = _list(ETH, 3600e18, expiry30, true);
        uint256 big = _list(ETH, 3000e18, expiry30, true);
        uint256 hedge = _list(ETH, 3300e18, expiry90, true);
        vault.setPosition(alice, small, -1e18);
        vault.setPosition(alice, big, -3e18);
        vault.setPosition(alice, hedge, 1e18);
        (uint256 id, uint256 index) = lens.riskiestPosition(alice);
        assertEq(id, big, "largest contribution");
        assertEq(index, 1, "its index");
    }

    function test_riskiestPosition_tieKeepsLowerIndex() public {
        // two series with identical terms: equal contributions, both losing, same Greeks
        uint256 a = _list(ETH, 3000e18, expiry30, true);
        uint256 b = _list(ETH, 3000e18, expiry30, true);
        vault.setPosition(alice, a, -1e18);
        vault.setPosition(alice, b, -1e18);
        (uint256 id, uint256 index) = lens.riskiestPosition(alice);
        assertEq(id, a, "first of equals");
        assertEq(index, 0, "index 0");
    }

    function test_riskiestPosition_skipsExpired() public {
        uint256 old = _list(ETH, 3000e18, expiry30, true);
        uint256 live = _list(ETH, 5000e18, expiry90, true);
        vault.setPosition(alice, old, -10e18);
        vault.setPosition(alice, live, -1e18);
        vm.warp(expiry30 + 1);
        (uint256 id, uint256 index) = lens.riskiestPosition(alice);
        assertEq(id, live, "expired skipped");
        assertEq(index, 1, "vault index kept");
    }

    function test_riskiestPosition_noOpenPositions() public {
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.NoOpenPositions.selector, alice));
        lens.riskiestPosition(alice);
    }

    // ================================================================ marginWithTrade

    function test_marginWithTrade_matchesAppliedTrade() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 p1 = _list(ETH, 2800e18, expiry90, false);
        vault.setCollateral(alice, 2_000e6);
        vault.setPosition(alice, c1, -4e18);
        vault.setPosition(alice, p1, -2e18);
        (int256 e, uint256 mm, uint256 im, uint256 mark) = lens.marginWithTrade(alice, c1, 1.5e18);
        vault.setPosition(alice, c1, -2.5e18);
        (int256 e2, uint256 mm2, uint256 im2) = lens.accountMargin(alice);
        assertEq(e, e2, "equity without cash leg");
        assertEq(mm, mm2, "mm");
        assertEq(im, im2, "im");
        assertEq(mark, _price(c1), "mark price");
    }

    function test_marginWithTrade_appendsNewSeries() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 c2 = _list(ETH, 3300e18, expiry30, true);
        vault.setPosition(alice, c1, -1e18);
        (, uint256 mm,,) = lens.marginWithTrade(alice, c2, 1e18);
        vault.setPosition(alice, c2, 1e18);
        assertEq(mm, _mm(alice), "as if held");
    }

    function test_marginWithTrade_expiredSeriesHasNoMark() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        vm.warp(expiry30);
        (,,, uint256 mark) = lens.marginWithTrade(alice, c1, 1e18);
        assertEq(mark, 0, "expired");
    }

    // ================================================================ liquidationPrice

    function test_liquidationPrice_upForShortCalls() public {
        uint256 c1 = _list(ETH, 3200e18, expiry30, true);
        vault.setPosition(alice, c1, -10e18);
        vault.setCollateral(alice, 12_000e6);
        (uint256 down, uint256 up) = lens.liquidationPrice(alice, ETH);
        assertEq(down, 0, "falling spot only helps a short call");
        assertTrue(up > SPOT && up < 16 * SPOT, "crossing above");
        _assertRatioCrossesAt(up, true);
    }

    function test_liquidationPrice_downForShortPuts() public {
        uint256 p1 = _list(ETH, 2800e18, expiry30, false);
        vault.setPosition(alice, p1, -10e18);
        vault.setCollateral(alice, 8_000e6);
        (uint256 down, uint256 up) = lens.liquidationPrice(alice, ETH);
        assertTrue(down > 0 && down < SPOT, "crossing below");
        assertEq(up, 0, "rising spot only helps a short put");
        _assertRatioCrossesAt(down, false);
    }

    function test_liquidationPrice_bothSidesForShortStraddle() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        uint256 p1 = _list(ETH, 3000e18, expiry30, false);
        vault.setPosition(alice, c1, -5e18);
        vault.setPosition(alice, p1, -5e18);
        vault.setCollateral(alice, 6_000e6);
        (uint256 down, uint256 up) = lens.liquidationPrice(alice, ETH);
        assertTrue(down > 0 && down < SPOT && up > SPOT, "both sides");
        _assertRatioCrossesAt(up, true);
        oracle.setSpot(ETH, SPOT);
        _assertRatioCrossesAt(down, false);
    }

    function test_liquidationPrice_alreadyUnsafe() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        vault.setPosition(alice, c1, -10e18);
        (uint256 down, uint256 up) = lens.liquidationPrice(alice, ETH);
        assertEq(down, SPOT, "down = spot");
        assertEq(up, SPOT, "up = spot");
    }

    function test_liquidationPrice_noneInRange() public {
        uint256 c1 = _list(ETH, 3000e18, expiry30, true);
        vault.setPosition(alice, c1, 1e18);
        vault.setCollateral(alice, 1_000_000e6);
        (uint256 down, uint256 up) = lens.liquidationPrice(alice, ETH);
        assertEq(down, 0, "none below");
        assertEq(up, 0, "none above");
    }

    function test_liquidationPrice_noPositionOnUnderlying() public {
        (uint256 down, uint256 up) = lens.liquidationPrice(alice, BTC);
        assertEq(down, 0, "down");
        assertEq(up, 0, "up");
    }

    // ================================================================ helpers

    /// @dev At the returned spot the ratio is <= 1 and within 1e-5 of 1; a hair on the safe side it is > 1.
    function _assertRatioCrossesAt(uint256 spotWad, bool up) internal {
        oracle.setSpot(ETH, spotWad);
        uint256 r = lens.health(alice).ratioWad;
        assertLe(r, WAD, "ratio <= 1 at the liquidation price");
        assertLe(WAD - 1e13, r, "ratio ~ 1 at the liquidation price");
        oracle.setSpot(ETH, up ? spotWad - spotWad / 1e6 : spotWad + spotWad / 1e6);
        assertLt(WAD, lens.health(alice).ratioWad, "safe just before it");
    }

    function _greeksOf(uint256 id) internal view returns (BlackScholesLib.Greeks memory g, bool isCall) {
        Series memory s = vault.series(id);
        g = BlackScholesLib.greeks(SPOT_NOW(), s.strikeWad, oracle.vol(ETH, s.expiry), s.expiry - block.timestamp, RATE);
        isCall = s.isCall;
    }

    function _price(uint256 id) internal view returns (uint256) {
        (BlackScholesLib.Greeks memory g, bool isCall) = _greeksOf(id);
        return isCall ? g.callPrice : g.putPrice;
    }

    function _delta(uint256 id) internal view returns (int256) {
        (BlackScholesLib.Greeks memory g, bool isCall) = _greeksOf(id);
        return isCall ? g.callDelta : g.putDelta;
    }

    function _gamma(uint256 id) internal view returns (uint256) {
        (BlackScholesLib.Greeks memory g,) = _greeksOf(id);
        return g.gamma;
    }

    function _vega(uint256 id) internal view returns (uint256) {
        (BlackScholesLib.Greeks memory g,) = _greeksOf(id);
        return g.vega;
    }
}
