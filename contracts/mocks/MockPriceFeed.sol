// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";

/// @title MockPriceFeed
/// @notice Chainlink's MockV3Aggregator under a project path, so Hardhat emits an artifact that
/// Ignition modules (local network) and TypeScript tests can deploy. Local use only.
/// @dev Serves both as a spot feed (`updateAnswer(answer)`, or `updateRoundData(roundId, answer,
/// updatedAt, startedAt)` for explicit rounds) and as an L2 sequencer uptime feed (deploy with 0
/// decimals; answer 0 = up, 1 = down; `startedAt` = when the status changed).
contract MockPriceFeed is MockV3Aggregator {
    /// @param decimals_ The feed's decimals (8 for Chainlink USD pairs, 0 for a sequencer uptime feed).
    /// @param initialAnswer The first answer, timestamped now.
    constructor(uint8 decimals_, int256 initialAnswer) MockV3Aggregator(decimals_, initialAnswer) {}
}
