// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDiscountCurve} from "./IDiscountCurve.sol";

/// @title ILiquidationEngine
/// @notice Partial liquidation of option accounts through Dutch auctions.
/// An account whose margin ratio (equity / maintenance) falls below the first tier threshold can be put
/// up for auction by anyone (`start`). Each bid takes over a slice of the account's riskiest position
/// (the lot) at its mark price moved in the bidder's favour by a discount that grows over time
/// (IDiscountCurve): for a short lot (a liability) the account pays the bidder mark × (1 + d) per option;
/// for a long lot the bidder pays the account mark × (1 − d). The discount mark × d × size is the
/// liquidation penalty; `fundShare` of it goes to the insurance fund (the vault's own account),
/// the rest to the bidder, so the bidder's price per option is mark × (1 ± d × (1 − fundShare)).
/// A bid takes at most min(tier share × |lot|, the size that restores the target ratio): just enough,
/// but never less than the minimum (dust) size, so an auction never shrinks to a sliver no one bids on.
/// An account enters liquidation (an auction can start) below the first threshold and stays in it until
/// its ratio is back at the target: while its auction is open, a ratio between the first threshold and
/// the target still offers the first tier's share.
/// Tiers, target, curve, reset limits, fund share, tip, dust size and the notional cap are global
/// parameters set through the AccessManager.
/// @dev Units: sizes, prices, ratios and notionals in [wad]; shares and discounts in [1e18 = 100%];
/// cash in [collateral token decimals]; times in [seconds].
/// Insolvency (equity <= 0): the whole lot is for sale and no fund share is taken. When the account's
/// collateral cannot pay a short lot's price, the engine asks the vault to cover the rest
/// (IOptionVault.coverLoss): the insurance fund pays what it can, the remainder is recorded as bad debt
/// and socialized there (the vault is the one ledger of the fund, bad debt and the withdrawal pause).
/// The bidder receives the full price; no withdrawal can get ahead of the loss, which lands on every
/// account in the bid's own transaction. Read-only auction views live in ILiquidationLens.
interface ILiquidationEngine {
    // ---------------------------------------------------------------- types

    /// @notice Everything a keeper needs about one account's auction, with fresh prices.
    struct AuctionStatus {
        uint256 auctionId; // 0 = no auction ever; increments per start/reset
        bool active;
        uint256 seriesId; // current lot (riskiest position), 0 if none
        bool lotIsShort; // true: the bidder receives cash (a short lot, or a combined lot worth less than nothing); false: it pays
        uint256 maxSizeWad; // [wad] max size of the lot a bid may take now (tier share, just-enough, dust rules)
        uint256 markPriceWad; // [wad] mark of one option of the lot (a combined lot: |mark − hedge mark × |hedge| / |lot||)
        uint256 discountWad; // [wad] current discount
        uint256 bidPriceWad; // [wad] discount-adjusted price per option (bidder receives for a short lot, pays for a long lot)
        uint256 ratioWad; // [wad] current margin ratio (fresh prices)
        uint256 tier; // 0 none, 1.. tier index (deeper = larger share), type(uint256).max insolvent
        uint64 startedAt; // [unix s]
        bool canStart;
        bool canEnd;
        bool canReset;
        bool canAbsorb; // insolvent and unbid (dust lot, or at the max discount): the fund may take the lot (absorb)
        uint256 pairSeriesId; // a combined lot's hedge, sold with the lot in proportion (0: a one-position lot)
        uint256 pairSizeWad; // [wad] hedge sold with maxSizeWad of the lot
    }

    /// @notice A frontend's view of one account's auction: the status, when it may be reset, and the
    /// account's updated liquidation prices on the lot's underlying.
    struct AuctionDetail {
        AuctionStatus status;
        uint256 resetInSec; // [s] until the tail lets anyone reset (0: resettable by time now, or no live auction)
        address underlying; // the lot's underlying (0 if no lot)
        uint256 liquidationPriceDownWad; // [wad] nearest spot below with ratio <= 1 (0: none within S/16)
        uint256 liquidationPriceUpWad; // [wad] nearest spot above with ratio <= 1 (0: none within 16·S)
    }

    /// @notice Why an auction ended.
    enum EndReason {
        BidRestoredTarget, // a bid brought the ratio back to the target
        ClosedOut, // a bid sold the last position that needed margin (no requirement left)
        Recovered // prices moved and anyone called `end` once the ratio was back at the target
    }

    /// @notice One liquidation tier: below `ratioWad`, a bid may take up to `shareWad` of the lot.
    struct Tier {
        uint64 ratioWad; // [wad] threshold (strictly decreasing along the table)
        uint64 shareWad; // [1e18 = 100%] largest share of the lot per bid (non-decreasing along the table)
    }

    /// @notice An underlying's own auction policy (setUnderlyingParams): every parameter the default has
    /// except the engine-wide stop level and notional cap. Units as in the default's setters.
    struct UnderlyingParams {
        Tier[] tiers; // liquidation tiers (see setUnderlyingParams)
        uint256 targetRatioWad; // [wad] as setTarget
        IDiscountCurve curve; // as setCurve
        uint256 startDiscountWad; // [1e18 = 100%]
        uint256 maxDiscountWad; // [1e18 = 100%]
        uint256 duration; // [s]
        uint256 tail; // [s] as setReset
        uint256 cuspWad; // [1e18 = 100%]
        uint256 fundShareWad; // [1e18 = 100%] as setFundShare
        uint256 tipFlat; // [token decimals] as setTip
        uint256 tipShareWad; // [1e18 = 100%]
        uint256 tipCap; // [token decimals]
        uint256 minSizeWad; // [wad] as setMinSize
    }

    /// @notice The live or last auction of an account.
    struct Auction {
        uint64 startedAt; // [unix s] start or last reset
        bool active;
        uint128 startMarkWad; // [wad] mark of the lot at start/reset (cusp reference)
        uint8 paramsKey; // parameter set the auction runs with (0: the default; see setUnderlyingParams)
        bool insolvent; // equity <= 0 at start: its deficit counts in the pending loss until it closes
        bool closeOut; // a loss of the account was covered (fund or socialized): it ends only holding nothing
        uint64 id; // global auction id (0: never)
        uint64 seriesId; // the lot at start/reset
        uint128 notionalWad; // [wad] |lot| × spot at start/reset, counted in `dirt`
    }

    // ---------------------------------------------------------------- errors

    /// @notice The live lot is not the one the bid expected (the owner traded, or the lot changed).
    /// @param expectedLot The bid's lot: ±(seriesId | hedge seriesId << 32), − when the bidder is paid
    /// (see `bid`).
    /// @param lot The live lot, same encoding (0: none).
    error UnexpectedLot(address account, int256 expectedLot, int256 lot);
    /// @notice The insurance fund's own account (the vault's) is not auctioned: what it absorbed it holds
    /// to expiry, its settlement shortfalls taking the vault's loss path.
    error InsuranceFundAccount(address account);
    /// @notice The auction's lot cannot be taken over by the insurance fund (see `absorb`).
    error NotAbsorbable(address account, int256 equityWad, uint256 sizeWad);
    /// @notice The account's ratio is not below the first threshold (or nothing is for sale).
    error NotLiquidatable(address account, uint256 ratioWad, uint256 thresholdWad);
    /// @notice The account has no live auction.
    error AuctionNotActive(address account);
    /// @notice The account already has a live auction.
    error AuctionActive(address account, uint256 auctionId);
    /// @notice The bid names another auction than the live one (it was reset, ended or restarted).
    error StaleAuction(address account, uint256 expected, uint256 current);
    /// @notice The bidder's price per option is worse than its limit.
    /// @param priceWad [wad] Bidder's price per option (receives for a short lot, pays for a long lot).
    /// @param limitWad [wad] The bid's limit (minimum received / maximum paid).
    error PriceLimitExceeded(uint256 priceWad, uint256 limitWad, bool lotIsShort);
    /// @notice The emergency stop level forbids the action.
    error Stopped(uint256 level);
    /// @notice The account filled an order in this block; it cannot be started until the next one.
    error CoolOff(address account, uint256 blockNumber);
    /// @notice The account's ratio is below the target: the auction cannot end.
    error NotRecovered(address account, uint256 ratioWad, uint256 targetWad);
    /// @notice Neither the tail time has passed nor the mark moved beyond the cusp.
    error ResetNotAllowed(address account);
    /// @notice After taking the slice the bidder's equity is below its initial requirement.
    error BidderUnhealthy(address bidder, uint256 requiredWad, int256 equityWad);
    /// @notice Starting would put more notional under auction than the cap (dss Hole).
    error HoleExceeded(uint256 dirtWad, uint256 notionalWad, uint256 holeWad);
    /// @notice No size can be sold now: the lot is dust smaller than the minimum and the bid asks for
    /// less, or the account's collateral cannot pay for any of a short lot.
    error NothingToSell(address account, uint256 maxSizeWad);
    /// @notice The bid asks for zero size.
    error ZeroBid();
    /// @notice The bidder is the account itself.
    error SelfBid(address account);
    /// @notice A bid would lower a solvent account's ratio (discount above the margin relief).
    error BidLowersRatio(address account, uint256 ratioBeforeWad, uint256 ratioAfterWad);
    /// @notice A zero address where a contract is required.
    error ZeroAddress();
    /// @notice A tier threshold or share [wad] is not a whole multiple of TIER_UNIT (1e9).
    error NotWholeTierUnit(uint256 valueWad, uint256 unitWad);
    /// @notice The tier table has no tier or more than MAX_TIERS.
    error TierCountOutOfRange(uint256 count, uint256 min, uint256 max);
    /// @notice Tier `index`'s threshold [wad] is outside [min, max] (below the previous one and the target).
    error TierRatioOutOfRange(uint256 index, uint256 ratioWad, uint256 min, uint256 max);
    /// @notice Tier `index`'s share [1e18 = 100%] is outside [min, max] (at least the previous one).
    error TierShareOutOfRange(uint256 index, uint256 shareWad, uint256 min, uint256 max);
    /// @notice The target ratio [wad] is outside [min, max] (above the first threshold).
    error TargetOutOfRange(uint256 targetRatioWad, uint256 min, uint256 max);
    /// @notice The maximum discount [1e18 = 100%] is above MAX_DISCOUNT.
    error MaxDiscountOutOfRange(uint256 maxDiscountWad, uint256 max);
    /// @notice The start discount [1e18 = 100%] is above the maximum discount.
    error StartDiscountOutOfRange(uint256 startDiscountWad, uint256 max);
    /// @notice A duration or tail [s] is outside [MIN_DURATION, MAX_DURATION].
    error DurationOutOfRange(uint256 seconds_, uint256 min, uint256 max);
    /// @notice The cusp [1e18 = 100%] is outside [MIN_CUSP, 1e18].
    error CuspOutOfRange(uint256 cuspWad, uint256 min, uint256 max);
    /// @notice The fund share [1e18 = 100%] is above 1e18.
    error FundShareOutOfRange(uint256 fundShareWad, uint256 max);
    /// @notice A tip amount or share is above its bound (flat <= cap < 2^128, share <= MAX_TIP_SHARE).
    error TipOutOfRange(uint256 flat, uint256 shareWad, uint256 cap);
    /// @notice The dust size [wad] does not fit 128 bits.
    error MinSizeOutOfRange(uint256 minSizeWad, uint256 max);
    /// @notice The notional cap [wad] is zero.
    error HoleOutOfRange(uint256 holeWad);
    /// @notice The stop level is above 3.
    error StopLevelOutOfRange(uint256 level, uint256 max);
    /// @notice More than MAX_PARAM_SETS underlyings were given their own parameters.
    error TooManyParamSets(uint256 max);
    /// @notice The underlying has no parameter set of its own.
    error NoParamSet(address underlying);

    // ---------------------------------------------------------------- events

    /// @notice An auction started.
    /// @param account The account for sale.
    /// @param auctionId The new auction's id.
    /// @param keeper Who started it (receives the tip).
    /// @param seriesId The lot.
    /// @param ratioWad [wad] The account's ratio.
    /// @param tier The account's tier.
    /// @param markPriceWad [wad] Mark of one option of the lot.
    /// @param notionalWad [wad] |lot| × spot, added to `dirt`.
    /// @param tip [token decimals] Tip paid to the keeper from the account's collateral.
    event StartAuction(
        address indexed account,
        uint256 indexed auctionId,
        address indexed keeper,
        uint256 seriesId,
        uint256 ratioWad,
        uint256 tier,
        uint256 markPriceWad,
        uint256 notionalWad,
        uint256 tip
    );
    /// @notice A bid took a slice of the lot.
    /// @param account The account.
    /// @param auctionId The auction.
    /// @param bidder The vault account that took the slice (msg.sender, or the callee).
    /// @param seriesId The lot.
    /// @param sizeWad [wad] Size taken.
    /// @param priceWad [wad] Bidder's price per option (receives for a short lot, pays for a long lot).
    /// @param discountWad [1e18 = 100%] Discount.
    /// @param ratioBeforeWad [wad] Account ratio before.
    /// @param ratioAfterWad [wad] Account ratio after.
    /// @param accountCash [token decimals] Cash the account paid (short lot) or received (long lot).
    /// @param fundShare [token decimals] Part of the penalty paid to the insurance fund.
    event Bid(
        address indexed account,
        uint256 indexed auctionId,
        address indexed bidder,
        uint256 seriesId,
        uint256 sizeWad,
        uint256 priceWad,
        uint256 discountWad,
        uint256 ratioBeforeWad,
        uint256 ratioAfterWad,
        uint256 accountCash,
        uint256 fundShare
    );
    /// @notice The hedge a combined bid sold with its lot (right after its `Bid`): a solvent account's
    /// hedged short is sold with its hedge in proportion, as one unit; `Bid`'s size and price are per
    /// option of the short, and its price is the unit's (short mark − hedge mark × |hedge| / |short|).
    /// @param account The account.
    /// @param auctionId The auction.
    /// @param seriesId The hedge's series.
    /// @param sizeWad [wad] Hedge sold (a long) with the bid's size of the short.
    event BidHedge(address indexed account, uint256 indexed auctionId, uint256 seriesId, uint256 sizeWad);
    /// @notice An auction ended: the account's ratio is back at or above the target, or it has no
    /// requirement left.
    /// @param account The account.
    /// @param auctionId The auction.
    /// @param ratioWad [wad] The account's ratio (type(uint256).max when no requirement is left).
    /// @param reason Why it ended (EndReason).
    event EndAuction(address indexed account, uint256 indexed auctionId, uint256 ratioWad, EndReason reason);
    /// @notice An auction was reset (dss redo) with fresh prices under a new id.
    /// @param account The account.
    /// @param auctionId The new id.
    /// @param previousAuctionId The replaced id.
    /// @param seriesId The new lot.
    /// @param markPriceWad [wad] Its mark.
    /// @param notionalWad [wad] Its notional.
    event ResetAuction(
        address indexed account,
        uint256 indexed auctionId,
        uint256 previousAuctionId,
        uint256 seriesId,
        uint256 markPriceWad,
        uint256 notionalWad
    );
    /// @notice The cap on notional under auction was set. @param holeWad [wad]
    event SetHole(uint256 holeWad);
    /// @notice The emergency stop level was set (0 none, 1 no starts, 2 also no resets, 3 also no bids).
    event SetStopped(uint256 level);
    /// @notice An underlying's own parameter set was created or changed (setUnderlyingParams).
    /// @param underlying The underlying. @param key Its parameter set. @param params The parameters.
    event SetUnderlyingParams(address indexed underlying, uint256 key, UnderlyingParams params);
    /// @notice An underlying went back to the default parameters (live auctions keep their set).
    event RemoveUnderlyingParams(address indexed underlying, uint256 key);

    // ---------------------------------------------------------------- auctions

    /// @notice Start an auction of `account` (anyone). Requires stop level 0, no live auction, no fill of
    /// the account in this block, ratio below the first threshold, and room under the notional cap. Pays
    /// the caller a tip = min(flat + share × lot notional, cap) from the account's collateral (none when
    /// the lot is below the dust size; at most the account's collateral).
    /// @return auctionId The new auction's id.
    function start(address account) external returns (uint256 auctionId);

    /// @notice Take up to `maxSizeWad` of the account's lot at the current discount (clipped to the
    /// maximum; lowered so no remainder below the dust size is left).
    /// @param account The account.
    /// @param expectedAuctionId The live auction's id (stale-state guard).
    /// @param expectedLot The lot the bid priced and who pays: ±(seriesId | pairSeriesId << 32) from
    /// `AuctionStatus`, − when the bidder is paid (`lotIsShort`: a short lot, or a combined lot worth less
    /// than nothing), + when it pays: −seriesId for a short lot, +seriesId for a long one. Any other live
    /// lot, or the same lot with the payment the other way, reverts UnexpectedLot. A combined lot (a
    /// solvent account's hedged short with its hedge, `pairSeriesId` != 0) moves both legs to the bidder.
    /// @param maxSizeWad [wad] Most the bidder takes (of the lot; a combined lot's hedge in proportion).
    /// @param priceLimitWad [wad] Worst price per option of the lot: minimum received (bidder paid) or
    /// maximum paid.
    /// @param callee Zero for a plain bid from msg.sender's vault account; otherwise the vault account
    /// that takes the slice and receives `ILiquidationCallee.onLiquidationBid` before paying.
    /// @param data Passed to the callee.
    /// @return soldWad [wad] Size taken.
    function bid(
        address account,
        uint256 expectedAuctionId,
        int256 expectedLot,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) external returns (uint256 soldWad);

    /// @notice `start` and `bid` in one transaction: the caller starts the auction (and earns the tip)
    /// and takes up to `maxSizeWad` at the start discount, so a liquidation can land in the block right
    /// after the price moved. Same checks, events and rules as the two calls one after the other.
    /// @param account The account.
    /// @param expectedLot The lot the bid priced (see `bid`).
    /// @param maxSizeWad [wad] Most the bidder takes.
    /// @param priceLimitWad [wad] Worst price per option (see `bid`).
    /// @param callee Zero, or the callback bidder (see `bid`).
    /// @param data Passed to the callee.
    /// @return auctionId The new auction's id.
    /// @return soldWad [wad] Size taken.
    function startAndBid(
        address account,
        int256 expectedLot,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) external returns (uint256 auctionId, uint256 soldWad);

    /// @notice End the auction of `account` (anyone) once its ratio is at or above the target; an auction
    /// in close-out (a loss of the account was covered) ends only once the account needs no margin.
    function end(address account) external;

    /// @notice The insurance fund (the vault's own account) takes over the whole lot of an insolvent
    /// account's live auction at its mark, without a discount (anyone may call it), when no bidder would:
    /// the lot is below the dust size, or the auction has run its curve's whole duration (the maximum
    /// discount) without a bid taking it. The account
    /// pays what it holds; the fund covers the rest and, beyond its balance, the loss up to the lot's fair
    /// value is socialized (IOptionVault.coverLoss). Emits Bid with the vault as the bidder and discount 0.
    /// @return sizeWad [wad] Size taken over.
    function absorb(address account) external returns (uint256 sizeWad);

    /// @notice Re-price a live auction's account and record its deficit (anyone): the pending loss that
    /// pauses withdrawals follows prices between bids, also for an account that became insolvent after its
    /// auction started (marked insolvent from then on); records nothing for a solvent account that never was.
    function refreshDeficit(address account) external;

    /// @notice Restart the auction of `account` from fresh prices under a new id (anyone), once the tail
    /// time has passed since its start or the lot's mark moved more than the cusp from its start mark.
    function reset(address account) external;

    // ---------------------------------------------------------------- admin (restricted)

    /// @notice Set the cap on total notional under auction [wad], > 0.
    function setHole(uint256 holeWad) external;

    /// @notice Set the emergency stop level: 0 none, 1 no new auctions, 2 also no resets, 3 also no bids.
    function setStopped(uint256 level) external;

    /// @notice Set the default auction policy (`underlying` = 0) or give `underlying` its own, or change it
    /// (restricted). Bounds: 1..MAX_TIERS tiers, ratios strictly decreasing in [MIN_TIER_RATIO,
    /// MAX_TIER_RATIO] and below the target, whole TIER_UNITs, shares in (0, 1e18] non-decreasing; target
    /// above the first threshold and at most MAX_TARGET; start <= max discount <= MAX_DISCOUNT; duration
    /// and tail in [MIN_DURATION, MAX_DURATION]; cusp in [MIN_CUSP, 1e18]; fund share <= 1e18; tip flat <=
    /// cap < 2^128 and share <= MAX_TIP_SHARE; dust size < 2^128. Each violation reverts with its own
    /// error carrying the value and the bounds. An account's auction runs with the set of the underlying of its lot when
    /// the auction starts (or is reset): the default's quote picks the lot, and when that lot's underlying
    /// has its own set the account is quoted again with it. The margin ratio stays account-wide. The stop
    /// level and the notional cap (hole) stay engine-wide.
    function setUnderlyingParams(address underlying, UnderlyingParams calldata params) external;

    /// @notice Send `underlying` back to the default parameters (restricted). Live auctions keep their set
    /// until they end or are reset.
    function removeUnderlyingParams(address underlying) external;

    /// @notice The parameters `underlying`'s auctions start with: its own set (key > 0) or the default (key 0).
    function underlyingParams(address underlying) external view returns (uint256 key, UnderlyingParams memory params);

    /// @notice Parameter set `key` as stored (0: the default), including a removed underlying's set that
    /// live auctions still run with.
    function paramSet(uint256 key) external view returns (UnderlyingParams memory params);

    // ---------------------------------------------------------------- views

    /// @notice The vault.
    function vault() external view returns (address);

    /// @notice The margin engine.
    function marginEngine() external view returns (address);

    /// @notice The account's live or last auction.
    function auctionOf(address account) external view returns (Auction memory);

    /// @notice Cap on notional under auction [wad] and the notional under auction now [wad].
    function hole() external view returns (uint256 holeWad, uint256 dirtWad);

    /// @notice Emergency stop level.
    function stopped() external view returns (uint256);

}
