// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IOracleHub
/// @notice One place where the protocol reads every market input it needs: spot prices from
/// Chainlink feeds (normalized to WAD), implied volatility per (underlying, expiry), the rate per
/// underlying, the L2 sequencer status, and the settlement price of an expiry proven by a round id.
/// @dev Every read that feeds margin or liquidation reverts with its own custom error on a fault;
/// it never returns a stale or invalid value (`conservativeVol` returns a stale vol raised by a stated
/// add-on instead, for liquidation and views).
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
    /// @notice The settlement fallback is only open from `openAt` [unix seconds] on.
    error SettlementFallbackTooEarly(uint64 expiry, uint256 openAt, uint256 nowTs);
    /// @notice The expiry has not been reached yet.
    error NotExpired(uint64 expiry, uint256 nowTs);
    /// @notice A feed heartbeat outside (0, maxHeartbeat].
    /// @param heartbeat [seconds] The rejected heartbeat.
    /// @param maxHeartbeat [seconds] The largest accepted heartbeat.
    error HeartbeatOutOfBounds(uint256 heartbeat, uint256 maxHeartbeat);
    /// @notice A feed reports more decimals than the hub can normalize exactly.
    /// @param decimals The feed's `decimals()`.
    /// @param maxDecimals The largest accepted number of decimals.
    error FeedDecimalsOutOfBounds(uint8 decimals, uint8 maxDecimals);
    /// @notice A sequencer grace period above its bound.
    /// @param gracePeriod [seconds] The rejected grace period.
    /// @param maxGracePeriod [seconds] The largest accepted grace period.
    error GracePeriodOutOfBounds(uint256 gracePeriod, uint256 maxGracePeriod);
    /// @notice Volatility bounds that are inverted, zero, or above the hub's limits.
    /// @param minVolWad [wad] Proposed lowest volatility.
    /// @param maxVolWad [wad] Proposed highest volatility (must be in (0, MAX_VOL_WAD] and >= minVolWad).
    /// @param maxChangeWad [wad] Proposed largest change per update (must be in (0, MAX_VOL_WAD]).
    /// @param maxAge [seconds] Proposed staleness limit (must be in (0, MAX_VOL_AGE]).
    error InvalidVolConfig(uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge);
    /// @notice A volatility was posted for an underlying whose volatility bounds were never set.
    error VolConfigNotSet(address underlying);
    /// @notice The arrays of a batch volatility update differ in length.
    /// @param expiries Length of the expiries array.
    /// @param vols Length of the volatilities array.
    error LengthMismatch(uint256 expiries, uint256 vols);

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

    /// @notice Volatility of (underlying, expiry) for liquidation and views, never reverting on age: a fresh
    /// one as `vol` returns it; a stale one (age > maxAge) raised by an add-on that grows linearly with its
    /// staleness, one maximum update move per maxAge, up to the underlying's maxVol bound:
    ///   addOn = min(maxVol − σ, ⌈maxChange × (age − maxAge) / maxAge⌉),  vol = σ + addOn.
    /// The margin engine also widens the underlying's vol shock by the add-on, so the requirement rises for
    /// longs (their lower vol scenario stays at σ − v) and shorts alike. New risk (the vault's strict checks)
    /// keeps reading `vol` and reverting StaleVol.
    /// @dev Reverts VolNotSet when never posted.
    /// @return volWad [wad, 1e18 = 100%] σ + addOn.
    /// @return addOnWad [wad] The add-on (0 when fresh).
    function conservativeVol(address underlying, uint64 expiry) external view returns (uint256 volWad, uint256 addOnWad);

    /// @notice Annualized rate of `underlying` [wad, 1e18 = 100%].
    function rate(address underlying) external view returns (uint256 rateWad);

    /// @notice Whether new risk may be taken: true when no sequencer feed is set, or when it is up
    /// and past its grace period.
    function sequencerOk() external view returns (bool);

    /// @notice Settlement price of `underlying` for `expiry` [wad], proven by `roundId`: the first
    /// round with `updatedAt >= expiry` (its predecessor has `updatedAt < expiry`). Round ids are
    /// `phaseId << 64 | aggregatorRoundId`: inside a phase the predecessor is `roundId − 1`; the predecessor
    /// of a phase's first round is the previous phase's last round (read through the proxy's
    /// `phaseAggregators`), so an expiry that falls across a phase change is provable too.
    function settlementPrice(address underlying, uint64 expiry, uint80 roundId) external view returns (uint256 priceWad);

    /// @notice The bounded fallback for a feed whose rounds cannot prove `expiry` (e.g. the previous
    /// phase's aggregator is gone, or kept answering after the phase change), usable only from
    /// `expiry + SETTLEMENT_FALLBACK_DELAY` on. Accepted, and nothing else (no admin-chosen price):
    /// (a) a phase's first round (aggregator round 1) with `updatedAt >= expiry` whose predecessor across
    /// the phase boundary cannot be proven; (b) when the feed has no round at or after the expiry at all,
    /// its latest round (`roundId` must be `latestRoundData`'s): the last answer before the expiry.
    /// Reverts InvalidSettlementRound otherwise, and SettlementFallbackTooEarly before the delay.
    function fallbackSettlementPrice(address underlying, uint64 expiry, uint80 roundId)
        external
        view
        returns (uint256 priceWad);

    /// @notice Raw spot-feed configuration of `underlying` (all zero when unset).
    /// @return feed The Chainlink AggregatorV3Interface feed.
    /// @return heartbeat [seconds] Maximum age of an answer.
    /// @return decimals The feed's `decimals()`, read once when the feed was set.
    function feedConfig(address underlying) external view returns (address feed, uint256 heartbeat, uint8 decimals);

    /// @notice Volatility bounds of `underlying` (all zero when unset).
    /// @return minVolWad [wad] Lowest accepted volatility.
    /// @return maxVolWad [wad] Highest accepted volatility.
    /// @return maxChangeWad [wad] Largest absolute change per update.
    /// @return maxAge [seconds] Staleness limit of a posted volatility.
    function volConfig(address underlying)
        external
        view
        returns (uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge);

    /// @notice The stored volatility of (underlying, expiry) without staleness checks (for keepers
    /// deciding what to refresh; the protocol reads `vol`).
    /// @return volWad [wad] Last posted volatility (0 when never posted).
    /// @return updatedAt [unix seconds] When it was posted (0 when never posted).
    function volData(address underlying, uint64 expiry) external view returns (uint256 volWad, uint256 updatedAt);

    /// @notice The sequencer uptime feed (zero: no sequencer check) and its grace period.
    /// @return feed The Chainlink L2 sequencer uptime feed.
    /// @return gracePeriod [seconds] Time after the sequencer comes back during which `spot` reverts.
    function sequencerConfig() external view returns (address feed, uint256 gracePeriod);

    // ---------------------------------------------------------------- feeder

    /// @notice Post the implied volatility of (underlying, expiry); restricted to the feeder role.
    /// @dev Reverts VolConfigNotSet before the bounds are set, VolOutOfBounds outside [minVol, maxVol],
    /// and VolChangeTooLarge when a fresh earlier value differs by more than maxChange (the first post
    /// of an expiry, and a post replacing a value older than maxAge, only check the bounds).
    /// @param expiry [unix seconds] The expiry the volatility applies to.
    /// @param volWad [wad] Annualized implied volatility (1e18 = 100%).
    function setVol(address underlying, uint64 expiry, uint256 volWad) external;

    /// @notice Post several volatilities of one underlying in one call; restricted to the feeder role.
    /// @dev Same checks and one SetVol event per entry as `setVol`; all-or-nothing.
    /// @param expiries [unix seconds] The expiries, one per volatility.
    /// @param volsWad [wad] The volatilities, `volsWad[i]` for `expiries[i]`.
    function setVols(address underlying, uint64[] calldata expiries, uint256[] calldata volsWad) external;

    // ---------------------------------------------------------------- admin

    /// @notice Set the spot feed of `underlying`; restricted to the risk admin. Reads and stores the
    /// feed's `decimals()` once; keeps the underlying's rate.
    /// @dev Reverts InvalidConfig for a zero underlying or a feed without code,
    /// HeartbeatOutOfBounds outside (0, MAX_HEARTBEAT], FeedDecimalsOutOfBounds above MAX_FEED_DECIMALS.
    /// Emits SetFeed.
    /// @param feed The Chainlink AggregatorV3Interface feed (a proxy, so round ids carry the phase).
    /// @param heartbeat [seconds] Maximum age of an answer.
    function setFeed(address underlying, address feed, uint256 heartbeat) external;

    /// @notice Set the volatility bounds of `underlying`; restricted to the risk admin.
    /// @dev Reverts InvalidConfig for a zero underlying, InvalidVolConfig unless
    /// 0 <= minVol <= maxVol, 0 < maxVol <= MAX_VOL_WAD, 0 < maxChange <= MAX_VOL_WAD and
    /// 0 < maxAge <= MAX_VOL_AGE. Emits SetVolConfig.
    /// @param minVolWad [wad] Lowest accepted volatility.
    /// @param maxVolWad [wad] Highest accepted volatility.
    /// @param maxChangeWad [wad] Largest absolute change per update.
    /// @param maxAge [seconds] Staleness limit of a posted volatility.
    function setVolConfig(address underlying, uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge)
        external;

    /// @notice Set the rate of `underlying`; restricted to the risk admin.
    /// @dev Reverts InvalidConfig for a zero underlying, RateOutOfBounds above MAX_RATE_WAD. Emits SetRate.
    /// @param rateWad [wad] Annualized continuously compounded rate (1e18 = 100%).
    function setRate(address underlying, uint256 rateWad) external;

    /// @notice Set the L2 sequencer uptime feed and grace period; restricted to the risk admin.
    /// @dev Feed zero disables the sequencer check (L1 deployments). Reverts InvalidConfig for a
    /// non-zero feed without code, GracePeriodOutOfBounds above MAX_GRACE_PERIOD. Emits SetSequencer.
    /// @param feed The Chainlink L2 sequencer uptime feed, or zero.
    /// @param gracePeriod [seconds] Time after the sequencer comes back during which `spot` reverts.
    function setSequencer(address feed, uint256 gracePeriod) external;
}
