// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IOracleHub
/// @notice One place where the protocol reads every market input it needs: spot prices from
/// Chainlink feeds (normalized to WAD), implied volatility per (underlying, expiry), the rate per
/// underlying, the L2 sequencer status, and the settlement price of an expiry proven by a round id.
/// @dev Every read that feeds margin or liquidation reverts with its own custom error on a fault;
/// it never returns a stale or invalid value.
interface IOracleHub {
    // ---------------------------------------------------------------- errors

    /// @notice The underlying has no spot feed configured.
    error FeedNotSet(address underlying);
    /// @notice The feed answered a non-positive price.
    error InvalidAnswer(address underlying, int256 answer);
    /// @notice The feed's `updatedAt` is zero (round not complete).
    error RoundIncomplete(address underlying, uint80 roundId);
    /// @notice The feed's `updatedAt` lies in the future.
    error FutureTimestamp(address underlying, uint256 updatedAt, uint256 nowTs);
    /// @notice The feed's answer is older than its heartbeat.
    error StalePrice(address underlying, uint256 updatedAt, uint256 heartbeat);
    /// @notice The L2 sequencer reports down.
    error SequencerDown();
    /// @notice The L2 sequencer came back less than the grace period ago.
    error SequencerGracePeriod(uint256 upSince, uint256 gracePeriod);
    /// @notice No volatility has been posted for this (underlying, expiry).
    error VolNotSet(address underlying, uint64 expiry);
    /// @notice The posted volatility is older than the configured staleness.
    error StaleVol(address underlying, uint64 expiry, uint256 updatedAt, uint256 maxAge);
    /// @notice A volatility update is outside [minVol, maxVol].
    error VolOutOfBounds(uint256 volWad, uint256 minVolWad, uint256 maxVolWad);
    /// @notice A volatility update moves the value more than the configured maximum.
    error VolChangeTooLarge(uint256 oldVolWad, uint256 newVolWad, uint256 maxChangeWad);
    /// @notice A rate parameter outside its bound.
    error RateOutOfBounds(uint256 rateWad, uint256 maxRateWad);
    /// @notice A configuration value is invalid (zero address, zero heartbeat, bounds inverted...).
    error InvalidConfig();
    /// @notice The round offered as settlement proof is not the first round at or after expiry.
    error InvalidSettlementRound(address underlying, uint64 expiry, uint80 roundId);
    /// @notice The expiry has not been reached yet.
    error NotExpired(uint64 expiry, uint256 nowTs);

    // ---------------------------------------------------------------- events

    /// @notice A spot feed was set.
    /// @param underlying The underlying's identifier (its token address on the chain).
    /// @param feed The Chainlink AggregatorV3Interface feed.
    /// @param heartbeat [seconds] Maximum age of an answer.
    event SetFeed(address indexed underlying, address feed, uint256 heartbeat);
    /// @notice The volatility bounds of an underlying were set.
    /// @param minVolWad [wad] Lowest accepted volatility.
    /// @param maxVolWad [wad] Highest accepted volatility.
    /// @param maxChangeWad [wad] Largest absolute change per update.
    /// @param maxAge [seconds] Staleness limit of a posted volatility.
    event SetVolConfig(address indexed underlying, uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge);
    /// @notice A volatility was posted.
    /// @param expiry [unix seconds] The expiry the volatility applies to.
    /// @param volWad [wad] The annualized implied volatility (1e18 = 100%).
    event SetVol(address indexed underlying, uint64 indexed expiry, uint256 volWad);
    /// @notice The rate of an underlying was set.
    /// @param rateWad [wad] Annualized continuously compounded rate (1e18 = 100%).
    event SetRate(address indexed underlying, uint256 rateWad);
    /// @notice The sequencer uptime feed and grace period were set (feed zero: no sequencer check).
    /// @param gracePeriod [seconds] Time after the sequencer comes back during which reads revert.
    event SetSequencer(address feed, uint256 gracePeriod);

    // ---------------------------------------------------------------- views

    /// @notice Spot price of `underlying` in WAD (1e18 = one unit of the collateral currency).
    /// @dev Reverts on any feed or sequencer fault.
    function spot(address underlying) external view returns (uint256 spotWad);

    /// @notice Spot price without the sequencer check (only feed validity).
    /// @dev Used by liquidation of accounts already below maintenance, which sequencer downtime must
    /// never block.
    function spotIgnoringSequencer(address underlying) external view returns (uint256 spotWad);

    /// @notice Implied volatility of (underlying, expiry) [wad, 1e18 = 100%]; reverts when unset or stale.
    function vol(address underlying, uint64 expiry) external view returns (uint256 volWad);

    /// @notice Annualized rate of `underlying` [wad, 1e18 = 100%].
    function rate(address underlying) external view returns (uint256 rateWad);

    /// @notice Whether new risk may be taken: true when no sequencer feed is set, or when it is up
    /// and past its grace period.
    function sequencerOk() external view returns (bool);

    /// @notice Settlement price of `underlying` for `expiry` [wad], proven by `roundId`: the first
    /// round with `updatedAt >= expiry` (its predecessor has `updatedAt < expiry`).
    function settlementPrice(address underlying, uint64 expiry, uint80 roundId) external view returns (uint256 priceWad);

    // ---------------------------------------------------------------- feeder

    /// @notice Post the implied volatility of (underlying, expiry); restricted to the feeder role.
    function setVol(address underlying, uint64 expiry, uint256 volWad) external;
}
