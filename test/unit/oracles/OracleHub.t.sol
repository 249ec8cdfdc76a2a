// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {OracleHub} from "../../../contracts/oracles/OracleHub.sol";
import {MockPriceFeed} from "../../../contracts/mocks/MockPriceFeed.sol";
import {OracleHubTestBase} from "./OracleHubTestBase.sol";

/// @notice Spot reads, feed faults, decimals normalization, the sequencer check, admin setters and access.
contract OracleHubTest is OracleHubTestBase {
    MockPriceFeed internal seqFeed; // Chainlink L2 sequencer uptime feed semantics
    OracleHub internal l2Hub;
    uint80 internal seqRound;

    function setUp() public override {
        super.setUp();
        seqFeed = new MockPriceFeed(0, 0);
        // sequencer up since long before the grace period
        setSequencerStatus(0, T0 - 1 days);
        l2Hub = deployHub(address(seqFeed), GRACE);
        l2Hub.setFeed(WETH, address(ethFeed), HEARTBEAT);
    }

    function setSequencerStatus(int256 answer, uint256 startedAt) internal {
        seqFeed.updateRoundData(++seqRound, answer, block.timestamp, startedAt);
    }

    // ---------------------------------------------------------------- spot: normalization

    function test_spot_normalizes8Decimals() public view {
        assertEq(hub.spot(WETH), 3000e18, "spot");
    }

    function test_spot_normalizes18Decimals() public {
        MockV3Aggregator feed = new MockV3Aggregator(18, 64_123.456789012345678901e18);
        hub.setFeed(WBTC, address(feed), HEARTBEAT);
        assertEq(hub.spot(WBTC), 64_123.456789012345678901e18, "spot");
    }

    function test_spot_normalizes20DecimalsRoundingDown() public {
        // 3000.00000000000000000099 with 20 decimals: the last two digits are below 1e-18 and dropped
        MockV3Aggregator feed = new MockV3Aggregator(20, 3000e20 + 99);
        hub.setFeed(WBTC, address(feed), HEARTBEAT);
        assertEq(hub.spot(WBTC), 3000e18, "spot");
        feed.updateAnswer(3000e20 + 100);
        assertEq(hub.spot(WBTC), 3000e18 + 1, "spot + 1 wei");
    }

    function test_spot_normalizes0And36Decimals() public {
        MockV3Aggregator feed0 = new MockV3Aggregator(0, 7);
        hub.setFeed(WBTC, address(feed0), HEARTBEAT);
        assertEq(hub.spot(WBTC), 7e18, "0 decimals");
        MockV3Aggregator feed36 = new MockV3Aggregator(36, 7e36 + 1e18 - 1);
        hub.setFeed(WBTC, address(feed36), HEARTBEAT);
        assertEq(hub.spot(WBTC), 7e18, "36 decimals");
    }

    function test_spot_revertsWhenNormalizedToZero() public {
        MockV3Aggregator feed = new MockV3Aggregator(20, 99);
        hub.setFeed(WBTC, address(feed), HEARTBEAT);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WBTC, int256(99)));
        hub.spot(WBTC);
    }

    function test_spot_revertsAboveMaxSpot() public {
        uint256 maxSpot = hub.MAX_SPOT_WAD();
        MockV3Aggregator feed = new MockV3Aggregator(18, int256(maxSpot));
        hub.setFeed(WBTC, address(feed), HEARTBEAT);
        assertEq(hub.spot(WBTC), maxSpot, "max spot is accepted");
        // raw answer above the cap
        feed.updateAnswer(int256(maxSpot + 1));
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WBTC, int256(maxSpot + 1)));
        hub.spot(WBTC);
        // raw answer below the cap, scaled answer above it
        ethFeed.updateAnswer(int256(maxSpot));
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WETH, int256(maxSpot)));
        hub.spot(WETH);
    }

    /// @dev Exactness: with d <= 18 decimals the answer scales up with no loss; with d > 18 the result is
    /// the floor of answer / 10^(d - 18), i.e. result * 10^(d-18) <= answer < (result + 1) * 10^(d-18).
    function testFuzz_spot_normalizationIsExact(uint256 rawSeed, uint8 decimalsSeed) public {
        uint8 decimals = uint8(bound(decimalsSeed, 0, 36));
        uint256 maxSpot = hub.MAX_SPOT_WAD();
        uint256 raw;
        if (decimals <= 18) {
            uint256 scale = 10 ** (18 - decimals);
            raw = bound(rawSeed, 1, maxSpot / scale);
            MockV3Aggregator feed = new MockV3Aggregator(decimals, int256(raw));
            hub.setFeed(WBTC, address(feed), HEARTBEAT);
            uint256 wad = hub.spot(WBTC);
            assertEq(wad % scale, 0, "whole multiple of the scale");
            assertEq(wad / scale, raw, "scaled back to the answer");
        } else {
            uint256 scale = 10 ** (decimals - 18);
            raw = bound(rawSeed, scale, maxSpot * scale + (scale - 1));
            MockV3Aggregator feed = new MockV3Aggregator(decimals, int256(raw));
            hub.setFeed(WBTC, address(feed), HEARTBEAT);
            uint256 wad = hub.spot(WBTC);
            assertTrue(wad * scale <= raw, "result * scale <= answer");
            assertTrue(raw < (wad + 1) * scale, "answer < (result + 1) * scale");
        }
    }

    // ---------------------------------------------------------------- spot: feed faults

    function test_spot_revertsWhenFeedNotSet() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.FeedNotSet.selector, WBTC));
        hub.spot(WBTC);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.FeedNotSet.selector, WBTC));
        hub.spotIgnoringSequencer(WBTC);
    }

    function test_spot_revertsOnZeroAnswer() public {
        ethFeed.updateAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WETH, int256(0)));
        hub.spot(WETH);
    }

    function test_spot_revertsOnNegativeAnswer() public {
        ethFeed.updateAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WETH, int256(-1)));
        hub.spot(WETH);
    }

    function test_spot_revertsOnIncompleteRound() public {
        ethFeed.updateRoundData(7, 3000e8, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.RoundIncomplete.selector, WETH, uint80(7)));
        hub.spot(WETH);
    }

    function test_spot_revertsOnFutureTimestamp() public {
        ethFeed.updateRoundData(7, 3000e8, T0 + 1, T0 + 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.FutureTimestamp.selector, WETH, T0 + 1, T0));
        hub.spot(WETH);
    }

    function test_spot_revertsWhenStale() public {
        vm.warp(T0 + HEARTBEAT);
        assertEq(hub.spot(WETH), 3000e18, "exactly one heartbeat old is fresh");
        vm.warp(T0 + HEARTBEAT + 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.StalePrice.selector, WETH, T0, HEARTBEAT));
        hub.spot(WETH);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.StalePrice.selector, WETH, T0, HEARTBEAT));
        hub.spotIgnoringSequencer(WETH);
    }

    function test_spotIgnoringSequencer_appliesFeedChecks() public {
        ethFeed.updateAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WETH, int256(0)));
        l2Hub.spotIgnoringSequencer(WETH);
        ethFeed.updateRoundData(7, 3000e8, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.RoundIncomplete.selector, WETH, uint80(7)));
        l2Hub.spotIgnoringSequencer(WETH);
        ethFeed.updateRoundData(8, 3000e8, T0 + 5, T0 + 5);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.FutureTimestamp.selector, WETH, T0 + 5, T0));
        l2Hub.spotIgnoringSequencer(WETH);
    }

    // ---------------------------------------------------------------- sequencer

    function test_spot_okWhenSequencerUpPastGrace() public view {
        assertEq(l2Hub.spot(WETH), 3000e18, "spot");
        assertTrue(l2Hub.sequencerOk(), "sequencer ok");
    }

    function test_spot_revertsWhenSequencerDown() public {
        setSequencerStatus(1, T0);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerDown.selector));
        l2Hub.spot(WETH);
        assertTrue(!l2Hub.sequencerOk(), "sequencerOk false");
        assertEq(l2Hub.spotIgnoringSequencer(WETH), 3000e18, "spotIgnoringSequencer ignores it");
    }

    function test_spot_revertsWhenSequencerRoundInvalid() public {
        // startedAt == 0: invalid round, treated as down
        setSequencerStatus(0, 0);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerDown.selector));
        l2Hub.spot(WETH);
        assertTrue(!l2Hub.sequencerOk(), "sequencerOk false");
    }

    function test_spot_revertsWhenSequencerAnswerUnknown() public {
        setSequencerStatus(2, T0 - 1 days);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerDown.selector));
        l2Hub.spot(WETH);
    }

    function test_spot_revertsWhenSequencerFeedReverts() public {
        // the AccessManager has no latestRoundData: the call reverts and the hub fails closed
        l2Hub.setSequencer(address(manager), GRACE);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerDown.selector));
        l2Hub.spot(WETH);
        assertTrue(!l2Hub.sequencerOk(), "sequencerOk false");
        assertEq(l2Hub.spotIgnoringSequencer(WETH), 3000e18, "spotIgnoringSequencer ignores it");
    }

    function test_spot_revertsInsideGracePeriod() public {
        uint256 upSince = T0 - GRACE + 1; // up for GRACE - 1 seconds
        setSequencerStatus(0, upSince);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerGracePeriod.selector, upSince, GRACE));
        l2Hub.spot(WETH);
        assertTrue(!l2Hub.sequencerOk(), "sequencerOk false");
        assertEq(l2Hub.spotIgnoringSequencer(WETH), 3000e18, "spotIgnoringSequencer ignores it");
    }

    function test_spot_revertsWhenSequencerStatusInFuture() public {
        setSequencerStatus(0, T0 + 10);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerGracePeriod.selector, T0 + 10, GRACE));
        l2Hub.spot(WETH);
    }

    function test_spot_okAfterGracePeriod() public {
        setSequencerStatus(1, T0); // goes down
        vm.warp(T0 + 600);
        setSequencerStatus(0, T0 + 600); // comes back
        ethFeed.updateAnswer(3100e8);
        vm.warp(T0 + 600 + GRACE - 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerGracePeriod.selector, T0 + 600, GRACE));
        l2Hub.spot(WETH);
        vm.warp(T0 + 600 + GRACE);
        assertEq(l2Hub.spot(WETH), 3100e18, "exactly the grace period later");
        assertTrue(l2Hub.sequencerOk(), "sequencerOk true");
    }

    function test_spot_zeroGracePeriodOkAtOnce() public {
        l2Hub.setSequencer(address(seqFeed), 0);
        setSequencerStatus(0, T0);
        assertEq(l2Hub.spot(WETH), 3000e18, "spot");
        assertTrue(l2Hub.sequencerOk(), "sequencerOk true");
    }

    function test_sequencerOk_trueWithoutSequencer() public view {
        assertTrue(hub.sequencerOk(), "no sequencer feed: ok");
    }

    function test_setSequencer_zeroDisablesCheck() public {
        setSequencerStatus(1, T0);
        l2Hub.setSequencer(address(0), 0);
        assertEq(l2Hub.spot(WETH), 3000e18, "spot");
        assertTrue(l2Hub.sequencerOk(), "sequencerOk true");
    }

    // ---------------------------------------------------------------- constructor and admin setters

    function test_constructor_setsSequencerAndEmits() public {
        vm.expectEmit(false, false, false, true);
        emit IOracleHub.SetSequencer(address(seqFeed), GRACE);
        OracleHub h = new OracleHub(address(manager), address(seqFeed), GRACE);
        (address feed, uint256 grace) = h.sequencerConfig();
        assertEq(feed, address(seqFeed), "feed");
        assertEq(grace, GRACE, "grace");
        assertEq(h.authority(), address(manager), "authority");
    }

    function test_constructor_revertsOnInvalidSequencer() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidConfig.selector));
        new OracleHub(address(manager), STRANGER, GRACE);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.GracePeriodOutOfBounds.selector, 1 days + 1, 1 days));
        new OracleHub(address(manager), address(seqFeed), 1 days + 1);
    }

    function test_setFeed_storesAndEmits() public {
        MockV3Aggregator feed = new MockV3Aggregator(20, 1e20);
        vm.expectEmit(true, false, false, true, address(hub));
        emit IOracleHub.SetFeed(WBTC, address(feed), 7 days);
        hub.setFeed(WBTC, address(feed), 7 days);
        (address stored, uint256 heartbeat, uint8 decimals) = hub.feedConfig(WBTC);
        assertEq(stored, address(feed), "feed");
        assertEq(heartbeat, 7 days, "heartbeat");
        assertEq(decimals, 20, "decimals");
    }

    function test_setFeed_revertsOnInvalidConfig() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidConfig.selector));
        hub.setFeed(address(0), address(ethFeed), HEARTBEAT);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidConfig.selector));
        hub.setFeed(WBTC, STRANGER, HEARTBEAT); // no code
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.HeartbeatOutOfBounds.selector, 0, 7 days));
        hub.setFeed(WBTC, address(ethFeed), 0);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.HeartbeatOutOfBounds.selector, 7 days + 1, 7 days));
        hub.setFeed(WBTC, address(ethFeed), 7 days + 1);
        MockV3Aggregator feed37 = new MockV3Aggregator(37, 1e37);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.FeedDecimalsOutOfBounds.selector, uint8(37), uint8(36)));
        hub.setFeed(WBTC, address(feed37), HEARTBEAT);
    }

    function test_setRate_storesAndEmits() public {
        assertEq(hub.rate(WBTC), 0, "default rate is 0");
        vm.expectEmit(true, false, false, true, address(hub));
        emit IOracleHub.SetRate(WBTC, 1e18);
        hub.setRate(WBTC, 1e18);
        assertEq(hub.rate(WBTC), 1e18, "max rate accepted");
        hub.setRate(WETH, 0.05e18);
        assertEq(hub.rate(WETH), 0.05e18, "rate");
        assertEq(hub.spot(WETH), 3000e18, "rate shares the feed slot without clobbering it");
    }

    function test_setFeed_keepsRate() public {
        hub.setRate(WBTC, 0.04e18);
        hub.setFeed(WBTC, address(ethFeed), HEARTBEAT);
        assertEq(hub.rate(WBTC), 0.04e18, "rate kept");
        assertEq(hub.spot(WBTC), 3000e18, "feed set");
    }

    function test_setRate_revertsAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.RateOutOfBounds.selector, 1e18 + 1, 1e18));
        hub.setRate(WETH, 1e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidConfig.selector));
        hub.setRate(address(0), 1);
    }

    function test_setSequencer_storesAndEmits() public {
        vm.expectEmit(false, false, false, true, address(hub));
        emit IOracleHub.SetSequencer(address(seqFeed), 1 days);
        hub.setSequencer(address(seqFeed), 1 days);
        (address feed, uint256 grace) = hub.sequencerConfig();
        assertEq(feed, address(seqFeed), "feed");
        assertEq(grace, 1 days, "grace");
    }

    function test_setSequencer_revertsOnInvalidConfig() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidConfig.selector));
        hub.setSequencer(STRANGER, GRACE);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.GracePeriodOutOfBounds.selector, 1 days + 1, 1 days));
        hub.setSequencer(address(seqFeed), 1 days + 1);
    }

    // ---------------------------------------------------------------- access control

    function test_adminSetters_revertForUnauthorizedCaller() public {
        bytes memory unauthorized = abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, STRANGER);
        vm.prank(STRANGER);
        vm.expectRevert(unauthorized);
        hub.setFeed(WBTC, address(ethFeed), HEARTBEAT);
        vm.prank(STRANGER);
        vm.expectRevert(unauthorized);
        hub.setVolConfig(WETH, 0.1e18, 3e18, 0.5e18, 1 days);
        vm.prank(STRANGER);
        vm.expectRevert(unauthorized);
        hub.setRate(WETH, 1);
        vm.prank(STRANGER);
        vm.expectRevert(unauthorized);
        hub.setSequencer(address(0), 0);
    }

    function test_adminSetters_revertForFeeder() public {
        vm.prank(FEEDER);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, FEEDER));
        hub.setRate(WETH, 1);
    }

    function test_setVol_revertsForUnauthorizedCaller() public {
        hub.setVolConfig(WETH, 0.1e18, 3e18, 0.5e18, 1 days);
        // the risk admin does not hold the feeder role
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, address(this)));
        hub.setVol(WETH, uint64(T0 + 7 days), 0.8e18);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, STRANGER));
        hub.setVols(WETH, new uint64[](0), new uint256[](0));
    }
}
