// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";

/// @dev The part of Chainlink's AggregatorProxy that resolves a phase to its aggregator.
interface IAggregatorProxyPhases {
    function phaseAggregators(uint16 phaseId) external view returns (address);
}

/// @title OracleHub
/// @notice Chainlink spot feeds normalized to WAD, keeper-posted implied volatility, bounded rates, the
/// L2 sequencer check, and settlement prices proven by a round id.
/// @dev Storage is packed for the margin engine's hot path: one slot per underlying holds the feed,
/// its heartbeat, its decimals and the rate (so `spot` + `rate` cost one cold SLOAD), one slot per
/// underlying holds the volatility bounds, one slot per (underlying, expiry) holds a volatility and
/// its timestamp, and one slot holds the sequencer feed and grace period.
///
/// Decimals: a feed with `d <= 18` decimals is scaled up exactly: spot = answer * 10^(18 - d). A feed
/// with `18 < d <= 36` decimals is scaled down, rounding toward zero: spot = floor(answer / 10^(d - 18));
/// the lost digits are below 1e-18 of a currency unit. A normalized price of 0 or above MAX_SPOT_WAD is
/// rejected with InvalidAnswer, so a read never returns a value the margin engine cannot use.
///
/// Settlement phases: Chainlink proxy round ids are `phaseId << 64 | aggregatorRoundId`, and the
/// predecessor of a round is `roundId - 1` only inside a phase. The predecessor of a round that opens a
/// phase (aggregatorRoundId 1) is the previous phase's last round, read through the proxy's
/// `phaseAggregators(phaseId − 1)` (its `latestRoundData`), so a phase change across an expiry is
/// provable. When even that cannot prove a round (the previous aggregator is unreadable, or kept
/// answering after the switch), `fallbackSettlementPrice` opens SETTLEMENT_FALLBACK_DELAY after the expiry
/// with a bounded rule (see IOracleHub): settlement is always possible, never at an admin-chosen price.
contract OracleHub is IOracleHub, AccessManaged {
    // ---------------------------------------------------------------- constants

    /// @notice [wad, 1e18 = 100%] Largest accepted rate.
    uint256 public constant MAX_RATE_WAD = 1e18;
    /// @notice [wad, 1e18 = 100%] Largest accepted volatility bound (the Black-Scholes library's domain).
    uint256 public constant MAX_VOL_WAD = 10e18;
    /// @notice [seconds] Largest accepted staleness limit of a volatility.
    uint256 public constant MAX_VOL_AGE = 7 days;
    /// @notice [seconds] Largest accepted feed heartbeat.
    uint256 public constant MAX_HEARTBEAT = 7 days;
    /// @notice [seconds] Largest accepted sequencer grace period.
    uint256 public constant MAX_GRACE_PERIOD = 1 days;
    /// @notice Largest accepted feed `decimals()` (keeps the scaling factor below 10^19).
    uint8 public constant MAX_FEED_DECIMALS = 36;
    /// @notice [wad] Largest spot or settlement price returned (the Series strike type's range).
    uint256 public constant MAX_SPOT_WAD = type(uint128).max;
    /// @notice [seconds] After the expiry, when `fallbackSettlementPrice` opens.
    uint256 public constant SETTLEMENT_FALLBACK_DELAY = 3 days;

    // ---------------------------------------------------------------- storage

    /// @dev One slot: 160 + 24 + 8 + 64 = 256 bits.
    struct Market {
        address feed; // Chainlink AggregatorV3Interface proxy; zero when unset
        uint24 heartbeat; // [seconds] maximum age of an answer, <= MAX_HEARTBEAT
        uint8 decimals; // feed decimals(), read once at setFeed, <= MAX_FEED_DECIMALS
        uint64 rateWad; // [wad, 1e18 = 100%] annualized rate, <= MAX_RATE_WAD
    }

    /// @dev One slot: 64 * 3 + 32 = 224 bits. maxAge == 0 means unset.
    struct VolConfig {
        uint64 minVolWad; // [wad] lowest accepted volatility
        uint64 maxVolWad; // [wad] highest accepted volatility, <= MAX_VOL_WAD
        uint64 maxChangeWad; // [wad] largest absolute change per update, <= MAX_VOL_WAD
        uint32 maxAge; // [seconds] staleness limit, <= MAX_VOL_AGE
    }

    /// @dev One slot: 128 + 64 = 192 bits. updatedAt == 0 means never posted.
    struct VolPoint {
        uint128 volWad; // [wad, 1e18 = 100%] annualized implied volatility
        uint64 updatedAt; // [unix seconds] when it was posted
    }

    /// @dev One slot: 160 + 32 = 192 bits.
    struct Sequencer {
        address feed; // Chainlink L2 sequencer uptime feed; zero disables the check
        uint32 gracePeriod; // [seconds] <= MAX_GRACE_PERIOD
    }

    /// @dev Result of the sequencer check.
    enum SequencerStatus {
        Ok,
        Down,
        GracePeriod
    }

    mapping(address underlying => Market) internal _markets;
    mapping(address underlying => VolConfig) internal _volConfigs;
    mapping(address underlying => mapping(uint64 expiry => VolPoint)) internal _vols;
    Sequencer internal _sequencer;

    /// @param authority The AccessManager governing every restricted function.
    /// @param sequencerFeed The Chainlink L2 sequencer uptime feed, or zero on L1.
    /// @param gracePeriod [seconds] Time after the sequencer comes back during which `spot` reverts.
    constructor(address authority, address sequencerFeed, uint256 gracePeriod) AccessManaged(authority) {
        _setSequencer(sequencerFeed, gracePeriod);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IOracleHub
    function spot(address underlying) external view returns (uint256 spotWad) {
        (SequencerStatus status, uint256 upSince, uint256 grace) = _sequencerStatus();
        if (status == SequencerStatus.Down) revert SequencerDown();
        if (status == SequencerStatus.GracePeriod) revert SequencerGracePeriod(upSince, grace);
        return _spot(underlying);
    }

    /// @inheritdoc IOracleHub
    function spotIgnoringSequencer(address underlying) external view returns (uint256 spotWad) {
        return _spot(underlying);
    }

    /// @inheritdoc IOracleHub
    function vol(address underlying, uint64 expiry) external view returns (uint256 volWad) {
        VolPoint memory point = _vols[underlying][expiry];
        if (point.updatedAt == 0) revert VolNotSet(underlying, expiry);
        uint256 maxAge = _volConfigs[underlying].maxAge;
        // updatedAt <= block.timestamp always (it is a past block's timestamp)
        if (block.timestamp - point.updatedAt > maxAge) revert StaleVol(underlying, expiry, point.updatedAt, maxAge);
        return point.volWad;
    }

    /// @inheritdoc IOracleHub
    function conservativeVol(address underlying, uint64 expiry) external view returns (uint256 volWad, uint256 addOnWad) {
        VolPoint memory point = _vols[underlying][expiry];
        if (point.updatedAt == 0) revert VolNotSet(underlying, expiry);
        VolConfig memory config = _volConfigs[underlying];
        volWad = point.volWad;
        // updatedAt <= block.timestamp always (it is a past block's timestamp)
        uint256 age = block.timestamp - point.updatedAt;
        if (age <= config.maxAge) return (volWad, 0);
        // addOn = min(maxVol − σ, ⌈maxChange × (age − maxAge) / maxAge⌉): one maximum move per maxAge of
        // staleness, rounded up; a posted σ <= maxVol unless the bounds were lowered since (then 0).
        // maxAge > 0 for a posted vol (setVolConfig), maxChange <= 1e19 and age < 2^64: no overflow
        addOnWad = (config.maxChangeWad * (age - config.maxAge) + config.maxAge - 1) / config.maxAge;
        uint256 room = config.maxVolWad > volWad ? config.maxVolWad - volWad : 0;
        if (addOnWad > room) addOnWad = room;
        volWad += addOnWad;
    }

    /// @inheritdoc IOracleHub
    function rate(address underlying) external view returns (uint256 rateWad) {
        return _markets[underlying].rateWad;
    }

    /// @inheritdoc IOracleHub
    function sequencerOk() external view returns (bool) {
        (SequencerStatus status,,) = _sequencerStatus();
        return status == SequencerStatus.Ok;
    }

    /// @inheritdoc IOracleHub
    function settlementPrice(address underlying, uint64 expiry, uint80 roundId) external view returns (uint256 priceWad) {
        if (block.timestamp < expiry) revert NotExpired(expiry, block.timestamp);
        Market memory market = _market(underlying);
        if (uint64(roundId) == 0) revert InvalidSettlementRound(underlying, expiry, roundId);
        AggregatorV3Interface feed = AggregatorV3Interface(market.feed);
        (, int256 answer,, uint256 updatedAt,) = feed.getRoundData(roundId);
        if (updatedAt < expiry) revert InvalidSettlementRound(underlying, expiry, roundId);
        // inside a phase the predecessor is roundId − 1 (uint64(roundId) >= 2 keeps it in the phase);
        // a phase's first round follows the previous phase's last round
        uint256 prevUpdatedAt;
        if (uint64(roundId) >= 2) (,,, prevUpdatedAt,) = feed.getRoundData(roundId - 1);
        else prevUpdatedAt = _previousPhaseEnd(market.feed, uint16(roundId >> 64));
        if (prevUpdatedAt == 0 || prevUpdatedAt >= expiry) revert InvalidSettlementRound(underlying, expiry, roundId);
        return _toWad(underlying, answer, market.decimals);
    }

    /// @inheritdoc IOracleHub
    function fallbackSettlementPrice(address underlying, uint64 expiry, uint80 roundId)
        external
        view
        returns (uint256 priceWad)
    {
        uint256 openAt = uint256(expiry) + SETTLEMENT_FALLBACK_DELAY;
        if (block.timestamp < openAt) revert SettlementFallbackTooEarly(expiry, openAt, block.timestamp);
        Market memory market = _market(underlying);
        AggregatorV3Interface feed = AggregatorV3Interface(market.feed);
        (uint80 latestId,, , uint256 latestUpdatedAt,) = feed.latestRoundData();
        if (latestUpdatedAt < expiry) {
            // (b) no round at or after the expiry: the latest round, the last answer before it
            if (roundId != latestId) revert InvalidSettlementRound(underlying, expiry, roundId);
            (, int256 lastAnswer,,,) = feed.getRoundData(roundId);
            return _toWad(underlying, lastAnswer, market.decimals);
        }
        // (a) a phase's first round at or after the expiry whose predecessor cannot be proven
        if (uint64(roundId) != 1) revert InvalidSettlementRound(underlying, expiry, roundId);
        (, int256 answer,, uint256 updatedAt,) = feed.getRoundData(roundId);
        if (updatedAt < expiry) revert InvalidSettlementRound(underlying, expiry, roundId);
        uint256 prevUpdatedAt = _previousPhaseEnd(market.feed, uint16(roundId >> 64));
        if (prevUpdatedAt != 0 && prevUpdatedAt < expiry) revert InvalidSettlementRound(underlying, expiry, roundId);
        return _toWad(underlying, answer, market.decimals);
    }

    /// @inheritdoc IOracleHub
    function feedConfig(address underlying) external view returns (address feed, uint256 heartbeat, uint8 decimals) {
        Market memory market = _markets[underlying];
        return (market.feed, market.heartbeat, market.decimals);
    }

    /// @inheritdoc IOracleHub
    function volConfig(address underlying)
        external
        view
        returns (uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge)
    {
        VolConfig memory config = _volConfigs[underlying];
        return (config.minVolWad, config.maxVolWad, config.maxChangeWad, config.maxAge);
    }

    /// @inheritdoc IOracleHub
    function volData(address underlying, uint64 expiry) external view returns (uint256 volWad, uint256 updatedAt) {
        VolPoint memory point = _vols[underlying][expiry];
        return (point.volWad, point.updatedAt);
    }

    /// @inheritdoc IOracleHub
    function sequencerConfig() external view returns (address feed, uint256 gracePeriod) {
        return (_sequencer.feed, _sequencer.gracePeriod);
    }

    // ---------------------------------------------------------------- feeder

    /// @inheritdoc IOracleHub
    function setVol(address underlying, uint64 expiry, uint256 volWad) external restricted {
        _setVol(underlying, _volConfig(underlying), expiry, volWad);
    }

    /// @inheritdoc IOracleHub
    function setVols(address underlying, uint64[] calldata expiries, uint256[] calldata volsWad) external restricted {
        if (expiries.length != volsWad.length) revert LengthMismatch(expiries.length, volsWad.length);
        VolConfig memory config = _volConfig(underlying);
        for (uint256 i; i < expiries.length; ++i) {
            _setVol(underlying, config, expiries[i], volsWad[i]);
        }
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IOracleHub
    function setFeed(address underlying, address feed, uint256 heartbeat) external restricted {
        if (underlying == address(0) || feed.code.length == 0) revert InvalidConfig();
        if (heartbeat == 0 || heartbeat > MAX_HEARTBEAT) revert HeartbeatOutOfBounds(heartbeat, MAX_HEARTBEAT);
        uint8 decimals = AggregatorV3Interface(feed).decimals();
        if (decimals > MAX_FEED_DECIMALS) revert FeedDecimalsOutOfBounds(decimals, MAX_FEED_DECIMALS);
        Market storage market = _markets[underlying];
        market.feed = feed;
        // heartbeat <= MAX_HEARTBEAT = 604800 < 2^24
        market.heartbeat = uint24(heartbeat);
        market.decimals = decimals;
        emit SetFeed(underlying, feed, heartbeat);
    }

    /// @inheritdoc IOracleHub
    function setVolConfig(address underlying, uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge)
        external
        restricted
    {
        if (underlying == address(0)) revert InvalidConfig();
        if (
            minVolWad > maxVolWad || maxVolWad == 0 || maxVolWad > MAX_VOL_WAD || maxChangeWad == 0
                || maxChangeWad > MAX_VOL_WAD || maxAge == 0 || maxAge > MAX_VOL_AGE
        ) revert InvalidVolConfig(minVolWad, maxVolWad, maxChangeWad, maxAge);
        // every field is bounded by MAX_VOL_WAD = 1e19 < 2^64 or MAX_VOL_AGE = 604800 < 2^32
        _volConfigs[underlying] = VolConfig({
            minVolWad: uint64(minVolWad),
            maxVolWad: uint64(maxVolWad),
            maxChangeWad: uint64(maxChangeWad),
            maxAge: uint32(maxAge)
        });
        emit SetVolConfig(underlying, minVolWad, maxVolWad, maxChangeWad, maxAge);
    }

    /// @inheritdoc IOracleHub
    function setRate(address underlying, uint256 rateWad) external restricted {
        if (underlying == address(0)) revert InvalidConfig();
        if (rateWad > MAX_RATE_WAD) revert RateOutOfBounds(rateWad, MAX_RATE_WAD);
        // rateWad <= MAX_RATE_WAD = 1e18 < 2^64
        _markets[underlying].rateWad = uint64(rateWad);
        emit SetRate(underlying, rateWad);
    }

    /// @inheritdoc IOracleHub
    function setSequencer(address feed, uint256 gracePeriod) external restricted {
        _setSequencer(feed, gracePeriod);
    }

    // ---------------------------------------------------------------- internal

    /// @dev Validates and stores the sequencer feed; emits SetSequencer.
    function _setSequencer(address feed, uint256 gracePeriod) internal {
        if (feed != address(0) && feed.code.length == 0) revert InvalidConfig();
        if (gracePeriod > MAX_GRACE_PERIOD) revert GracePeriodOutOfBounds(gracePeriod, MAX_GRACE_PERIOD);
        // gracePeriod <= MAX_GRACE_PERIOD = 86400 < 2^32
        _sequencer = Sequencer({feed: feed, gracePeriod: uint32(gracePeriod)});
        emit SetSequencer(feed, gracePeriod);
    }

    /// @dev Checks one volatility against `config` and the previous value, stores it, emits SetVol.
    function _setVol(address underlying, VolConfig memory config, uint64 expiry, uint256 volWad) internal {
        if (volWad < config.minVolWad || volWad > config.maxVolWad) {
            revert VolOutOfBounds(volWad, config.minVolWad, config.maxVolWad);
        }
        VolPoint storage point = _vols[underlying][expiry];
        uint256 updatedAt = point.updatedAt;
        // a fresh previous value bounds the move: |new - old| <= maxChange; a first or stale one does not
        if (updatedAt != 0 && block.timestamp - updatedAt <= config.maxAge) {
            uint256 oldVolWad = point.volWad;
            uint256 change = volWad > oldVolWad ? volWad - oldVolWad : oldVolWad - volWad;
            if (change > config.maxChangeWad) revert VolChangeTooLarge(oldVolWad, volWad, config.maxChangeWad);
        }
        // volWad <= maxVolWad <= MAX_VOL_WAD < 2^128; block.timestamp < 2^64 for billions of years
        point.volWad = uint128(volWad);
        point.updatedAt = uint64(block.timestamp);
        emit SetVol(underlying, expiry, volWad);
    }

    /// @dev The volatility bounds of `underlying`; reverts VolConfigNotSet when unset.
    function _volConfig(address underlying) internal view returns (VolConfig memory config) {
        config = _volConfigs[underlying];
        if (config.maxAge == 0) revert VolConfigNotSet(underlying);
    }

    /// @dev The market of `underlying`; reverts FeedNotSet when it has no feed.
    function _market(address underlying) internal view returns (Market memory market) {
        market = _markets[underlying];
        if (market.feed == address(0)) revert FeedNotSet(underlying);
    }

    /// @dev updatedAt [unix seconds] of the last round of phase `phaseId − 1` of the proxy `feed` (through
    /// `phaseAggregators`); 0 when there is no such phase or it cannot be read (a feed without phases).
    function _previousPhaseEnd(address feed, uint16 phaseId) internal view returns (uint256 updatedAt) {
        if (phaseId <= 1) return 0;
        try IAggregatorProxyPhases(feed).phaseAggregators(phaseId - 1) returns (address aggregator) {
            if (aggregator == address(0)) return 0;
            try AggregatorV3Interface(aggregator).latestRoundData() returns (uint80, int256, uint256, uint256 at, uint80) {
                return at;
            } catch {
                return 0;
            }
        } catch {
            return 0;
        }
    }

    /// @dev Latest answer of the underlying's feed, validated and normalized to WAD.
    function _spot(address underlying) internal view returns (uint256 spotWad) {
        Market memory market = _market(underlying);
        (uint80 roundId, int256 answer,, uint256 updatedAt,) = AggregatorV3Interface(market.feed).latestRoundData();
        if (answer <= 0) revert InvalidAnswer(underlying, answer);
        if (updatedAt == 0) revert RoundIncomplete(underlying, roundId);
        if (updatedAt > block.timestamp) revert FutureTimestamp(underlying, updatedAt, block.timestamp);
        if (block.timestamp - updatedAt > market.heartbeat) revert StalePrice(underlying, updatedAt, market.heartbeat);
        return _toWad(underlying, answer, market.decimals);
    }

    /// @dev Normalizes a feed answer with `decimals` decimals to WAD (exact up-scaling, down-scaling
    /// rounds toward zero); reverts InvalidAnswer unless 0 < result <= MAX_SPOT_WAD.
    function _toWad(address underlying, int256 answer, uint8 decimals) internal pure returns (uint256 wad) {
        if (answer <= 0) revert InvalidAnswer(underlying, answer);
        uint256 raw = uint256(answer);
        if (decimals <= 18) {
            // scaling up never lowers the value, so a raw answer above the cap cannot end below it
            if (raw > MAX_SPOT_WAD) revert InvalidAnswer(underlying, answer);
            // wad = answer * 10^(18 - decimals)
            // cannot overflow: raw <= 2^128 and 10^(18 - decimals) <= 10^18 < 2^60
            unchecked {
                wad = raw * 10 ** (18 - decimals);
            }
        } else {
            // wad = floor(answer / 10^(decimals - 18)), decimals <= 36 so the divisor is <= 10^18
            // cannot overflow: decimals - 18 is in [1, 18] and 10^18 < 2^256; no underflow since decimals > 18
            unchecked {
                wad = raw / 10 ** (decimals - 18);
            }
        }
        if (wad == 0 || wad > MAX_SPOT_WAD) revert InvalidAnswer(underlying, answer);
    }

    /// @dev Status of the L2 sequencer (Chainlink uptime feed: answer 0 = up, 1 = down; startedAt =
    /// when the status last changed, 0 = invalid round). A reverting feed, an invalid round or any
    /// non-zero answer counts as down (fail closed); a status change in the future counts as the grace period.
    /// @return status Ok, Down or GracePeriod.
    /// @return upSince [unix seconds] When the sequencer came back (only meaningful for GracePeriod).
    /// @return grace [seconds] The configured grace period.
    function _sequencerStatus() internal view returns (SequencerStatus status, uint256 upSince, uint256 grace) {
        Sequencer memory sequencer = _sequencer;
        if (sequencer.feed == address(0)) return (SequencerStatus.Ok, 0, 0);
        grace = sequencer.gracePeriod;
        try AggregatorV3Interface(sequencer.feed).latestRoundData() returns (
            uint80, int256 answer, uint256 startedAt, uint256, uint80
        ) {
            if (answer != 0 || startedAt == 0) return (SequencerStatus.Down, startedAt, grace);
            // up for less than the grace period: now - startedAt < grace (a future startedAt included)
            if (startedAt > block.timestamp || block.timestamp - startedAt < grace) {
                return (SequencerStatus.GracePeriod, startedAt, grace);
            }
            return (SequencerStatus.Ok, startedAt, grace);
        } catch {
            return (SequencerStatus.Down, 0, grace);
        }
    }
}
