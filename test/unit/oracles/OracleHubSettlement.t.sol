// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {OracleHub} from "../../../contracts/oracles/OracleHub.sol";
import {OracleHubTestBase} from "./OracleHubTestBase.sol";

/// @notice Settlement price proven by a round id: the first round with updatedAt >= expiry.
contract OracleHubSettlementTest is OracleHubTestBase {
    uint64 internal constant EXPIRY = uint64(T0 + 1 days);
    uint80 internal constant PHASE1 = uint80(1) << 64;
    uint80 internal constant PHASE2 = uint80(2) << 64;

    function setUp() public override {
        super.setUp();
        // phase 1 rounds around the expiry
        ethFeed.updateRoundData(PHASE1 | 1, 2980e8, EXPIRY - 3000, EXPIRY - 3000);
        ethFeed.updateRoundData(PHASE1 | 2, 2990e8, EXPIRY - 100, EXPIRY - 100);
        ethFeed.updateRoundData(PHASE1 | 3, 3010e8, EXPIRY + 50, EXPIRY + 50);
        ethFeed.updateRoundData(PHASE1 | 4, 3020e8, EXPIRY + 200, EXPIRY + 200);
        vm.warp(EXPIRY + 300);
    }

    function expectInvalidRound(uint80 roundId) internal {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, EXPIRY, roundId));
    }

    function test_settlementPrice_returnsFirstRoundAtOrAfterExpiry() public view {
        assertEq(hub.settlementPrice(WETH, EXPIRY, PHASE1 | 3), 3010e18, "settlement price");
    }

    function test_settlementPrice_acceptsRoundExactlyAtExpiry() public {
        ethFeed.updateRoundData(PHASE1 | 3, 3005e8, EXPIRY, EXPIRY);
        assertEq(hub.settlementPrice(WETH, EXPIRY, PHASE1 | 3), 3005e18, "round at expiry");
    }

    function test_settlementPrice_okAtExpiryTimestamp() public {
        ethFeed.updateRoundData(PHASE1 | 3, 3005e8, EXPIRY, EXPIRY);
        vm.warp(EXPIRY);
        assertEq(hub.settlementPrice(WETH, EXPIRY, PHASE1 | 3), 3005e18, "callable at expiry");
    }

    function test_settlementPrice_revertsBeforeExpiry() public {
        vm.warp(EXPIRY - 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.NotExpired.selector, EXPIRY, EXPIRY - 1));
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 3);
    }

    function test_settlementPrice_revertsWhenRoundBeforeExpiry() public {
        expectInvalidRound(PHASE1 | 2);
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 2);
    }

    function test_settlementPrice_revertsWhenPredecessorAtOrAfterExpiry() public {
        expectInvalidRound(PHASE1 | 4);
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 4);
        // predecessor exactly at expiry: it is the first round, not this one
        ethFeed.updateRoundData(PHASE1 | 3, 3010e8, EXPIRY, EXPIRY);
        expectInvalidRound(PHASE1 | 4);
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 4);
    }

    function test_settlementPrice_revertsWhenRoundMissing() public {
        expectInvalidRound(PHASE1 | 9);
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 9);
    }

    function test_settlementPrice_revertsWhenPredecessorMissing() public {
        ethFeed.updateRoundData(PHASE1 | 7, 3010e8, EXPIRY + 10, EXPIRY + 10);
        expectInvalidRound(PHASE1 | 7);
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 7);
    }

    function test_settlementPrice_revertsOnFirstRoundOfPhase() public {
        // phase 2 starts after expiry: its first round has no provable predecessor
        ethFeed.updateRoundData(PHASE2 | 1, 3010e8, EXPIRY + 10, EXPIRY + 10);
        expectInvalidRound(PHASE2 | 1);
        hub.settlementPrice(WETH, EXPIRY, PHASE2 | 1);
        // aggregator round 0 does not exist
        ethFeed.updateRoundData(PHASE2, 3010e8, EXPIRY + 10, EXPIRY + 10);
        expectInvalidRound(PHASE2);
        hub.settlementPrice(WETH, EXPIRY, PHASE2);
    }

    function test_settlementPrice_revertsOnInvalidAnswer() public {
        ethFeed.updateRoundData(PHASE1 | 3, 0, EXPIRY + 50, EXPIRY + 50);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WETH, int256(0)));
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 3);
        ethFeed.updateRoundData(PHASE1 | 3, -5, EXPIRY + 50, EXPIRY + 50);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidAnswer.selector, WETH, int256(-5)));
        hub.settlementPrice(WETH, EXPIRY, PHASE1 | 3);
    }

    function test_settlementPrice_revertsWhenFeedNotSet() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.FeedNotSet.selector, WBTC));
        hub.settlementPrice(WBTC, EXPIRY, PHASE1 | 3);
    }

    function test_settlementPrice_normalizes20Decimals() public {
        MockV3Aggregator feed = new MockV3Aggregator(20, 1);
        feed.updateRoundData(PHASE1 | 5, 64_000e20, EXPIRY - 1, EXPIRY - 1);
        feed.updateRoundData(PHASE1 | 6, 64_000e20 + 99, EXPIRY + 1, EXPIRY + 1);
        hub.setFeed(WBTC, address(feed), HEARTBEAT);
        assertEq(hub.settlementPrice(WBTC, EXPIRY, PHASE1 | 6), 64_000e18, "rounded down");
    }

    function test_settlementPrice_ignoresStalenessAndSequencer() public {
        MockV3Aggregator seqFeed = new MockV3Aggregator(0, 1); // sequencer down now
        OracleHub l2Hub = deployHub(address(seqFeed), GRACE);
        l2Hub.setFeed(WETH, address(ethFeed), HEARTBEAT);
        vm.warp(EXPIRY + 30 days);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.SequencerDown.selector));
        l2Hub.spot(WETH);
        assertEq(l2Hub.settlementPrice(WETH, EXPIRY, PHASE1 | 3), 3010e18, "historical round still proves");
    }

    /// @dev With rounds at prevAt < roundAt, the proof succeeds exactly when prevAt < expiry <= roundAt.
    function testFuzz_settlementPrice_acceptsOnlyFirstRoundAtOrAfterExpiry(
        uint256 prevSeed,
        uint256 gapSeed,
        uint256 expirySeed
    ) public {
        uint256 prevAt = bound(prevSeed, T0, T0 + 10 days);
        uint256 roundAt = prevAt + bound(gapSeed, 1, 2 days);
        uint64 expiry = uint64(bound(expirySeed, T0, T0 + 13 days));
        ethFeed.updateRoundData(PHASE2 | 41, 3000e8, prevAt, prevAt);
        ethFeed.updateRoundData(PHASE2 | 42, 3333e8, roundAt, roundAt);
        vm.warp(T0 + 14 days);
        if (prevAt < expiry && expiry <= roundAt) {
            assertEq(hub.settlementPrice(WETH, expiry, PHASE2 | 42), 3333e18, "proven");
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, expiry, PHASE2 | 42)
            );
            hub.settlementPrice(WETH, expiry, PHASE2 | 42);
        }
    }
}
