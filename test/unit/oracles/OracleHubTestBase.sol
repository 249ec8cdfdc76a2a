// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Assertions} from "../../utils/Assertions.sol";

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {OracleHub} from "../../../contracts/oracles/OracleHub.sol";


/// @dev Shared fixture: an AccessManager with a risk-admin role (held by this contract) on the hub's
/// admin setters and a feeder role on its volatility setters, the role layout the deploy module uses.
abstract contract OracleHubTestBase is Assertions {

    uint64 internal constant RISK_ADMIN_ROLE = 1;
    uint64 internal constant FEEDER_ROLE = 2;
    uint256 internal constant T0 = 1_700_000_000;
    uint256 internal constant HEARTBEAT = 3600;
    uint256 internal constant GRACE = 3600;

    address internal constant WETH = address(0xE7E7);
    address internal constant WBTC = address(0xB7C0);
    address internal constant FEEDER = address(0xFEED);
    address internal constant STRANGER = address(0xBAD);

    AccessManager internal manager;
    OracleHub internal hub;
    MockV3Aggregator internal ethFeed; // 8 decimals, 3000 USD

    function setUp() public virtual {
        vm.warp(T0);
        manager = new AccessManager(address(this));
        hub = deployHub(address(0), 0);
        ethFeed = new MockV3Aggregator(8, 3000e8);
        hub.setFeed(WETH, address(ethFeed), HEARTBEAT);
    }

    /// @dev Deploys a hub and wires its roles in `manager`.
    function deployHub(address sequencerFeed, uint256 gracePeriod) internal returns (OracleHub h) {
        h = new OracleHub(address(manager), sequencerFeed, gracePeriod);
        bytes4[] memory adminSelectors = new bytes4[](4);
        adminSelectors[0] = OracleHub.setFeed.selector;
        adminSelectors[1] = OracleHub.setVolConfig.selector;
        adminSelectors[2] = OracleHub.setRate.selector;
        adminSelectors[3] = OracleHub.setSequencer.selector;
        manager.setTargetFunctionRole(address(h), adminSelectors, RISK_ADMIN_ROLE);
        bytes4[] memory feederSelectors = new bytes4[](2);
        feederSelectors[0] = OracleHub.setVol.selector;
        feederSelectors[1] = OracleHub.setVols.selector;
        manager.setTargetFunctionRole(address(h), feederSelectors, FEEDER_ROLE);
        manager.grantRole(RISK_ADMIN_ROLE, address(this), 0);
        manager.grantRole(FEEDER_ROLE, FEEDER, 0);
    }

    /// @dev Clamps `x` into [lo, hi] (hi >= lo), spreading values uniformly enough for fuzzing.
    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        if (x >= lo && x <= hi) return x;
        uint256 span = hi - lo;
        if (span == type(uint256).max) return x;
        return lo + (x % (span + 1));
    }
}
