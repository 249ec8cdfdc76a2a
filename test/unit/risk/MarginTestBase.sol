// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolWiring} from "../../utils/ProtocolFixture.sol";

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {BlackScholesLib} from "../../../contracts/libraries/BlackScholesLib.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {MarginLens} from "../../../contracts/lens/MarginLens.sol";
import {MockOracleHub} from "../../../contracts/mocks/MockOracleHub.sol";
import {MockVaultPositions} from "../../../contracts/mocks/MockVaultPositions.sol";
import {MarginEngine} from "../../../contracts/risk/MarginEngine.sol";
import {Series} from "../../../contracts/types/Series.sol";


/// @notice Isolates the margin engine: it prices books the test writes directly into MockVaultPositions
/// over MockOracleHub, so margin formulas are tested apart from the vault's trading and the hub's feeds.
/// @dev The wiring (access manager, ETH's rate, vol and risk parameters) is the protocol fixture's
/// (ProtocolWiring, test/utils/ProtocolFixture.sol): an AccessManager whose admin is this test contract,
/// the vault and oracle doubles (6-decimal collateral), the margin engine, the MarginLens over the vault
/// double (the account views), and one configured underlying (ETH at 3,000, rate 5%, h = 15%, v = 0.30,
/// floor 3%, IM ×1.3, no tier table).
abstract contract MarginTestBase is ProtocolWiring {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant T0 = 1_700_000_000;
    address internal constant BTC = address(0xB7C);
    uint256 internal constant SPOT = 3000e18;

    AccessManager internal manager;
    MockVaultPositions internal vault;
    MockOracleHub internal oracle;
    MarginEngine internal engine;
    MarginLens internal lens;
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    uint64 internal expiry30;
    uint64 internal expiry90;
    uint256 private _nextSeriesId = 1;

    function setUp() public virtual {
        vm.warp(T0);
        expiry30 = uint64(T0 + 30 days);
        expiry90 = uint64(T0 + 90 days);
        manager = _newManager();
        vault = new MockVaultPositions(6);
        oracle = new MockOracleHub();
        // the vault double is also its collateral token's metadata (decimals)
        engine = new MarginEngine(address(manager), address(vault), IOracleHub(address(oracle)));
        lens = new MarginLens(IOptionVault(address(vault)), IMarginEngine(address(engine)));
        _market(ETH, SPOT);
        _setRiskParams(engine, ETH);
    }

    function _market(address underlying, uint256 spotWad) internal {
        oracle.setSpot(underlying, spotWad);
        oracle.setRate(underlying, RATE);
        oracle.setVol(underlying, expiry30, VOL);
        oracle.setVol(underlying, expiry90, VOL);
    }

    /// @dev List a series and return its id.
    function _list(address underlying, uint256 strikeWad, uint64 expiry, bool isCall) internal returns (uint256 id) {
        id = _nextSeriesId++;
        vault.setSeries(id, Series({underlying: underlying, expiry: expiry, isCall: isCall, strikeWad: uint128(strikeWad)}));
    }

    function _mm(address account) internal view returns (uint256 mm) {
        (, mm,) = lens.accountMargin(account);
    }

    function _equity(address account) internal view returns (int256 equity) {
        (equity,,) = lens.accountMargin(account);
    }

    function _tiers2(uint256 threshold, uint256 factor) internal pure returns (IMarginEngine.Tier[] memory t) {
        t = new IMarginEngine.Tier[](2);
        t[0] = IMarginEngine.Tier(0, uint128(WAD));
        t[1] = IMarginEngine.Tier(uint128(threshold), uint128(factor));
    }
}

/// @notice Reference computation of the documented margin formulas, written independently of the
/// engine (plain checked math, same rounding rules), from the pricer's outputs.
abstract contract MarginReference is MarginTestBase {
    struct RefBook {
        int256 equityWad;
        uint256 baseWad;
        uint256 maintenanceWad;
        uint256 initialWad;
        uint256 notionalWad;
    }

    function _ceilDiv(int256 x, int256 d) internal pure returns (int256) {
        return x > 0 ? (x + d - 1) / d : x / d;
    }

    struct RefSums {
        int256 delta;
        int256 gamma;
        int256 vega;
        uint256 floors;
        int256 value;
        uint256 notional;
    }

    /// @dev Margin of `account`'s positions on ETH (the only underlying used with it).
    function _reference(address account, uint256 tierFactorWad) internal view returns (RefBook memory r) {
        (uint256[] memory ids, int256[] memory sizes) = vault.positionsOf(account);
        RefSums memory t;
        for (uint256 i; i < ids.length; ++i) {
            Series memory s = vault.series(ids[i]);
            if (sizes[i] == 0 || s.expiry <= block.timestamp) continue;
            _refAdd(t, s, sizes[i]);
        }
        r.notionalWad = t.notional;
        r.baseWad = _refBase(t);
        r.maintenanceWad = (r.baseWad * tierFactorWad + WAD - 1) / WAD;
        r.initialWad = (r.maintenanceWad * IM_FACTOR + WAD - 1) / WAD;
        r.equityWad = int256(vault.collateralOf(account) * 1e12) + t.value;
    }

    function _refAdd(RefSums memory t, Series memory s, int256 size) internal view {
        BlackScholesLib.Greeks memory g = BlackScholesLib.greeks(
            SPOT_NOW(), s.strikeWad, oracle.vol(ETH, s.expiry), s.expiry - block.timestamp, RATE
        );
        uint256 price = s.isCall ? g.callPrice : g.putPrice;
        int256 d = s.isCall ? g.callDelta : g.putDelta;
        uint256 absSize = uint256(size > 0 ? size : -size);
        if (size > 0) {
            t.value += int256(absSize * price / WAD);
        } else {
            t.value -= int256((absSize * price + WAD - 1) / WAD);
            uint256 fb = s.isCall ? SPOT_NOW() : (s.strikeWad < SPOT_NOW() ? s.strikeWad : SPOT_NOW());
            t.floors += (absSize * ((FLOOR_SHARE * fb + WAD - 1) / WAD) + WAD - 1) / WAD;
        }
        t.delta += size * d / int256(WAD);
        t.gamma += size * int256(g.gamma) / int256(WAD);
        t.vega += size * int256(g.vega) / int256(WAD);
        t.notional += (absSize * SPOT_NOW() + WAD - 1) / WAD;
    }

    /// @dev max(worst grid loss, floors) with the documented ceilings.
    function _refBase(RefSums memory t) internal view returns (uint256) {
        int256 dS = int256((SPOT_SHOCK * SPOT_NOW() + WAD - 1) / WAD);
        int256 dS2 = (dS * dS + int256(WAD) - 1) / int256(WAD);
        int256 conv = _ceilDiv(-t.gamma * dS2, 2e18);
        int256 ws = _max(_ceilDiv(-t.delta * dS, 1e18) + conv, _ceilDiv(t.delta * dS, 1e18) + conv);
        int256 wv = _max(_ceilDiv(-t.vega * int256(VOL_SHOCK), 1e18), _ceilDiv(t.vega * int256(VOL_SHOCK), 1e18));
        uint256 taylor = (ws > 0 ? uint256(ws) : 0) + (wv > 0 ? uint256(wv) : 0);
        return taylor > t.floors ? taylor : t.floors;
    }

    function _max(int256 a, int256 b) internal pure returns (int256) {
        return a > b ? a : b;
    }

    function SPOT_NOW() internal view returns (uint256) {
        return oracle.spotIgnoringSequencer(ETH);
    }
}
