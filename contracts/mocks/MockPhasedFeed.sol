// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";

/// @title MockPhasedFeed
/// @notice A Chainlink AggregatorProxy stand-in with phases (tests only): round ids are
/// `phaseId << 64 | aggregatorRoundId`, each phase is its own MockV3Aggregator (`phaseAggregators`), and
/// `latestRoundData` answers from the current phase. `addRound` writes a round to the current phase;
/// `nextPhase` switches the proxy to a fresh aggregator (the old one keeps answering for its rounds).
contract MockPhasedFeed {
    /// @notice No aggregator serves this round's phase (Chainlink's proxy reverts "No data present").
    error NoDataPresent(uint80 roundId);

    uint8 public immutable decimals;
    uint16 public phaseId;
    mapping(uint16 phase => address aggregator) public phaseAggregators;

    constructor(uint8 decimals_) {
        decimals = decimals_;
        nextPhase();
    }

    function description() external pure returns (string memory) {
        return "ETH / USD (phased mock)";
    }

    function version() external pure returns (uint256) {
        return 4;
    }

    /// @notice Switch to a new phase with a fresh aggregator.
    function nextPhase() public returns (uint16) {
        phaseAggregators[++phaseId] = address(new MockV3Aggregator(decimals, 1));
        return phaseId;
    }

    /// @notice Write round `aggregatorRoundId` of phase `phase` (answer, updatedAt = startedAt = `at`).
    function addRound(uint16 phase, uint64 aggregatorRoundId, int256 answer, uint256 at) external {
        MockV3Aggregator(phaseAggregators[phase]).updateRoundData(aggregatorRoundId, answer, at, at);
    }

    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        address aggregator = phaseAggregators[uint16(roundId >> 64)];
        if (aggregator == address(0)) revert NoDataPresent(roundId);
        (, int256 answer, uint256 startedAt, uint256 updatedAt,) = MockV3Aggregator(aggregator).getRoundData(uint64(roundId));
        return (roundId, answer, startedAt, updatedAt, roundId);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        (uint80 r, int256 answer, uint256 startedAt, uint256 updatedAt,) =
            MockV3Aggregator(phaseAggregators[phaseId]).latestRoundData();
        uint80 id = (uint80(phaseId) << 64) | uint64(r);
        return (id, answer, startedAt, updatedAt, id);
    }
}
