// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title RehearsalAggregator
/// @notice A Chainlink-compatible price feed for deployment rehearsals on a local node: the rehearsal
/// deploys one as a template, then copies its code and storage to a real feed's address
/// (`anvil_setCode` / `anvil_setStorageAt`), so the production deployment reads the same address,
/// description and decimals it will find on the testnet. Anyone may post a round: local use only.
/// @dev Round ids look like an AggregatorProxy's: phase 1 in the top 16 bits, the aggregator round in
/// the low 64 (so `roundId - 1` is the previous round, as OracleHub's settlement proof expects).
/// Storage (copied slot by slot): 0 description (a short string, stored inline), 1 latest aggregator
/// round, 2 rounds. `decimals` is immutable (it travels with the code).
contract RehearsalAggregator is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint64 startedAt; // [unix s]
        uint64 updatedAt; // [unix s]
    }

    /// @notice A round was posted (Chainlink's AnswerUpdated).
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    uint80 private constant _PHASE_BASE = uint80(1) << 64;

    string private _description;
    uint64 private _latest;
    mapping(uint64 => Round) private _rounds;
    uint8 private immutable _decimals;

    /// @param decimals_ The answers' decimals (8 for USD pairs).
    /// @param description_ The pair, as the real feed names it (e.g. "ETH / USD"; under 32 bytes).
    constructor(uint8 decimals_, string memory description_) {
        _decimals = decimals_;
        _description = description_;
    }

    /// @notice Post a new round answering `answer` [decimals], timestamped now.
    function updateAnswer(int256 answer) external {
        uint64 n = ++_latest;
        _rounds[n] = Round(answer, uint64(block.timestamp), uint64(block.timestamp));
        emit AnswerUpdated(answer, _PHASE_BASE | n, block.timestamp);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80)
    {
        Round memory r;
        if (roundId >> 64 == 1) r = _rounds[uint64(roundId)];
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[_latest];
        roundId = _PHASE_BASE | _latest;
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }
}
