// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOracleHub} from "../../../contracts/interfaces/IOracleHub.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {MockPhasedFeed} from "../../../contracts/mocks/MockPhasedFeed.sol";
import {ProtocolFixture} from "../../utils/ProtocolFixture.sol";

/// @notice Settlement across a Chainlink phase change (round ids `phaseId << 64 | aggregatorRoundId`)
/// and the bounded fallback: every expired series can be settled, never at an admin-chosen price. The
/// protocol is the shared fixture with ETH's feed a MockPhasedFeed (the hub under test is the fixture's).
contract OracleHubPhaseTest is ProtocolFixture {
    uint256 internal constant T0 = 1_700_000_000;
    uint64 internal constant EXPIRY = uint64(T0 + 1 days);
    address internal constant WETH = ETH;

    MockPhasedFeed internal phased;

    function setUp() public {
        vm.warp(T0);
        phased = new MockPhasedFeed(8);
        phased.addRound(1, 1, 2980e8, T0);
        ProtocolOptions memory o = _options(0, EXPIRY);
        o.priceFeed = address(phased);
        _deployProtocol(o);
        // phase 1 ends before the expiry; phase 2 opens after it
        phased.addRound(1, 2, 2990e8, EXPIRY - 100);
        phased.nextPhase();
        phased.addRound(2, 1, 3010e8, EXPIRY + 50);
        phased.addRound(2, 2, 3020e8, EXPIRY + 200);
        vm.warp(EXPIRY + 300);
    }

    function _round(uint16 phase, uint64 r) internal pure returns (uint80) {
        return (uint80(phase) << 64) | r;
    }

    function test_settlementPrice_phaseOpeningRoundProvenThroughPreviousPhase() public view {
        assertEq(hub.settlementPrice(WETH, EXPIRY, _round(2, 1)), 3010e18, "first round of the new phase");
    }

    function test_settlementPrice_secondRoundOfNewPhaseIsNotTheFirst() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, EXPIRY, _round(2, 2)));
        hub.settlementPrice(WETH, EXPIRY, _round(2, 2));
    }

    function test_settlementPrice_lastRoundOfOldPhaseIsBeforeExpiry() public {
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, EXPIRY, _round(1, 2)));
        hub.settlementPrice(WETH, EXPIRY, _round(1, 2));
    }

    function test_settlementPrice_phaseOpeningRejectedWhenOldPhaseKeptAnswering() public {
        // the old aggregator answered after the expiry too: the new phase's first round is not provably first
        phased.addRound(1, 3, 3000e8, EXPIRY + 10);
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, EXPIRY, _round(2, 1)));
        hub.settlementPrice(WETH, EXPIRY, _round(2, 1));
        // nor is the old phase's round (its predecessor is before the expiry, but it is in a replaced phase:
        // it is provable, and it is the first at or after the expiry in that phase)
        assertEq(hub.settlementPrice(WETH, EXPIRY, _round(1, 3)), 3000e18, "old phase's first round after expiry");
    }

    function test_fallback_tooEarly() public {
        uint256 openAt = uint256(EXPIRY) + hub.SETTLEMENT_FALLBACK_DELAY();
        vm.expectRevert(
            abi.encodeWithSelector(IOracleHub.SettlementFallbackTooEarly.selector, EXPIRY, openAt, block.timestamp)
        );
        hub.fallbackSettlementPrice(WETH, EXPIRY, _round(2, 1));
    }

    function test_fallback_phaseOpeningWithUnprovablePredecessor() public {
        phased.addRound(1, 3, 3000e8, EXPIRY + 10);
        vm.warp(EXPIRY + hub.SETTLEMENT_FALLBACK_DELAY());
        assertEq(hub.fallbackSettlementPrice(WETH, EXPIRY, _round(2, 1)), 3010e18, "fallback: new phase's first round");
        // only a phase's first round, and only when its predecessor is not provable
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, EXPIRY, _round(2, 2)));
        hub.fallbackSettlementPrice(WETH, EXPIRY, _round(2, 2));
    }

    function test_fallback_refusesWhatTheProofAccepts() public {
        vm.warp(EXPIRY + hub.SETTLEMENT_FALLBACK_DELAY());
        // provable through the previous phase: the fallback does not apply
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, EXPIRY, _round(2, 1)));
        hub.fallbackSettlementPrice(WETH, EXPIRY, _round(2, 1));
    }

    function test_fallback_deadFeedSettlesAtLastAnswerBeforeExpiry() public {
        MockPhasedFeed dead = new MockPhasedFeed(8);
        dead.addRound(1, 1, 2500e8, EXPIRY - 500);
        dead.addRound(1, 2, 2510e8, EXPIRY - 400);
        hub.setFeed(address(0xDEAD), address(dead), 7 days);
        vm.warp(EXPIRY + hub.SETTLEMENT_FALLBACK_DELAY());
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, address(0xDEAD), EXPIRY, _round(1, 1)));
        hub.fallbackSettlementPrice(address(0xDEAD), EXPIRY, _round(1, 1));
        assertEq(hub.fallbackSettlementPrice(address(0xDEAD), EXPIRY, _round(1, 2)), 2510e18, "last answer before expiry");
    }

    /// @dev Through the vault: a series whose expiry falls across the phase change settles by proof; a
    /// series on a feed whose proof fails settles through the fallback after the delay, with its event.
    function test_vault_settlesAcrossPhaseAndThroughFallback() public {
        vm.warp(T0);
        uint256 id = vault.listSeries(WETH, 3000e18, EXPIRY, true);
        vm.warp(EXPIRY + 300);
        assertEq(vault.settleSeries(id, _round(2, 1)), 3010e18, "settled by proof across the phase change");

        vm.warp(T0);
        uint256 id2 = vault.listSeries(WETH, 3000e18, EXPIRY, false);
        phased.addRound(1, 3, 3000e8, EXPIRY + 10);
        vm.warp(EXPIRY + 300);
        // the proof of the new phase's first round now fails: only the fallback, after its delay
        vm.expectRevert(abi.encodeWithSelector(IOracleHub.InvalidSettlementRound.selector, WETH, EXPIRY, _round(2, 1)));
        vault.settleSeries(id2, _round(2, 1));
        vm.warp(EXPIRY + hub.SETTLEMENT_FALLBACK_DELAY());
        vm.expectEmit(true, true, true, true, address(vault));
        emit IOptionVault.SettleSeriesFallback(id2, _round(2, 1));
        vault.settleSeriesFallback(id2, _round(2, 1));
        (bool settled, uint256 priceWad,,) = vault.settlementOf(id2);
        assertEq(settled ? 1 : 0, 1, "settled");
        assertEq(priceWad, 3010e18, "fallback price");
    }
}
