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
/// liquidation penalty; `fundShare` of it goes to the insurance fund (the engine's own vault account),
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
/// collateral cannot pay a short lot's price, the insurance fund pays the bidder the rest; when the fund
/// is empty too, the unpaid remainder is recorded as bad debt (per account and in total, event
/// `BadDebt`) and socialized: the vault lowers its collateral index so that every account's collateral
/// falls by the same fraction, and credits the bidder with the remainder (IOptionVault.socializeLoss,
/// event `SocializeLoss`). The bidder receives the full price; no withdrawal can get ahead of the loss,
/// which lands on every account in the bid's own transaction.
interface ILiquidationEngine {
    // ---------------------------------------------------------------- types

    /// @notice Everything a keeper needs about one account's auction, with fresh prices.
    struct AuctionStatus {
        uint256 auctionId; // 0 = no auction ever; increments per start/reset
        bool active;
        uint256 seriesId; // current lot (riskiest position), 0 if none
        bool lotIsShort; // true: bidder takes a short and receives cash; false: takes a long and pays
        uint256 maxSizeWad; // [wad] max size a bid may take now (tier share, just-enough, dust rules)
        uint256 markPriceWad; // [wad] mark of one option
        uint256 discountWad; // [wad] current discount
        uint256 bidPriceWad; // [wad] discount-adjusted price per option (bidder receives for a short lot, pays for a long lot)
        uint256 ratioWad; // [wad] current margin ratio (fresh prices)
        uint256 tier; // 0 none, 1.. tier index (deeper = larger share), type(uint256).max insolvent
        uint64 startedAt; // [unix s]
        bool canStart;
        bool canEnd;
        bool canReset;
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
        Tier[] tiers; // as setTiers
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
        uint64 id; // global auction id (0: never)
        uint64 seriesId; // the lot at start/reset
        uint128 notionalWad; // [wad] |lot| × spot at start/reset, counted in `dirt`
    }

    // ---------------------------------------------------------------- errors

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
    /// @notice A parameter outside its bounds.
    /// @param what The parameter's name.
    error InvalidParam(bytes32 what, uint256 value, uint256 minValue, uint256 maxValue);

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
    /// @notice The insurance fund paid a bidder what an insolvent account could not.
    /// @param amount [token decimals]
    event InsurancePayout(address indexed account, uint256 indexed auctionId, address indexed bidder, uint256 amount);
    /// @notice A loss neither the account nor the insurance fund could pay was recorded.
    /// @param amount [token decimals] Unpaid amount, socialized over all collateral (the vault's
    /// `SocializeLoss` event has the index change).
    event BadDebt(address indexed account, uint256 indexed auctionId, uint256 amount);
    /// @notice The tier table was set.
    event SetTiers(Tier[] tiers);
    /// @notice The target ratio was set. @param targetRatioWad [wad]
    event SetTarget(uint256 targetRatioWad);
    /// @notice The discount curve was set.
    /// @param startDiscountWad [1e18 = 100%] @param maxDiscountWad [1e18 = 100%] @param duration [s]
    event SetCurve(address curve, uint256 startDiscountWad, uint256 maxDiscountWad, uint256 duration);
    /// @notice The reset limits were set. @param tail [s] @param cuspWad [1e18 = 100%] relative mark move
    event SetReset(uint256 tail, uint256 cuspWad);
    /// @notice The insurance fund's share of the penalty was set. @param fundShareWad [1e18 = 100%]
    event SetFundShare(uint256 fundShareWad);
    /// @notice The starter tip was set.
    /// @param flat [token decimals] @param shareWad [1e18 = 100%] of the lot's notional @param cap [token decimals]
    event SetTip(uint256 flat, uint256 shareWad, uint256 cap);
    /// @notice The dust size was set. @param minSizeWad [wad]
    event SetMinSize(uint256 minSizeWad);
    /// @notice The cap on notional under auction was set. @param holeWad [wad]
    event SetHole(uint256 holeWad);
    /// @notice The emergency stop level was set (0 none, 1 no starts, 2 also no resets, 3 also no bids).
    event SetStopped(uint256 level);
    /// @notice The pending loss changed: Σ deficit of live auctions of insolvent accounts [token decimals],
    /// the insurance fund's balance, and whether the vault's withdrawals are paused (deficit > fund).
    event PendingLoss(uint256 pendingLoss, uint256 fundBalance, bool withdrawalsPaused);
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
    /// @param maxSizeWad [wad] Most the bidder takes.
    /// @param priceLimitWad [wad] Worst price per option: minimum received (short lot) or maximum paid (long lot).
    /// @param callee Zero for a plain bid from msg.sender's vault account; otherwise the vault account
    /// that takes the slice and receives `ILiquidationCallee.onLiquidationBid` before paying.
    /// @param data Passed to the callee.
    /// @return soldWad [wad] Size taken.
    function bid(
        address account,
        uint256 expectedAuctionId,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) external returns (uint256 soldWad);

    /// @notice `start` and `bid` in one transaction: the caller starts the auction (and earns the tip)
    /// and takes up to `maxSizeWad` at the start discount, so a liquidation can land in the block right
    /// after the price moved. Same checks, events and rules as the two calls one after the other.
    /// @param account The account.
    /// @param maxSizeWad [wad] Most the bidder takes.
    /// @param priceLimitWad [wad] Worst price per option (see `bid`).
    /// @param callee Zero, or the callback bidder (see `bid`).
    /// @param data Passed to the callee.
    /// @return auctionId The new auction's id.
    /// @return soldWad [wad] Size taken.
    function startAndBid(address account, uint256 maxSizeWad, uint256 priceLimitWad, address callee, bytes calldata data)
        external
        returns (uint256 auctionId, uint256 soldWad);

    /// @notice End the auction of `account` (anyone) once its ratio is at or above the target.
    function end(address account) external;

    /// @notice Restart the auction of `account` from fresh prices under a new id (anyone), once the tail
    /// time has passed since its start or the lot's mark moved more than the cusp from its start mark.
    function reset(address account) external;

    // ---------------------------------------------------------------- admin (restricted)

    /// @notice Set the tier table (1..MAX_TIERS entries; ratios strictly decreasing in
    /// [MIN_TIER_RATIO, MAX_TIER_RATIO] and below the target; shares in (0, 1e18] non-decreasing).
    function setTiers(Tier[] calldata tiers) external;

    /// @notice Set the target ratio [wad], above the first threshold and at most MAX_TARGET.
    function setTarget(uint256 targetRatioWad) external;

    /// @notice Set the discount curve and its start, max [1e18 = 100%] (start <= max <= MAX_DISCOUNT)
    /// and duration [s] in [MIN_DURATION, MAX_DURATION].
    function setCurve(IDiscountCurve curve, uint256 startDiscountWad, uint256 maxDiscountWad, uint256 duration) external;

    /// @notice Set the reset limits: tail [s] in [MIN_DURATION, MAX_DURATION], cusp [1e18 = 100%] in [MIN_CUSP, 1e18].
    function setReset(uint256 tail, uint256 cuspWad) external;

    /// @notice Set the insurance fund's share of the penalty [1e18 = 100%], at most 1e18.
    function setFundShare(uint256 fundShareWad) external;

    /// @notice Set the starter tip: flat [token decimals] <= cap [token decimals] < 2^128, share of the
    /// lot notional [1e18 = 100%] <= MAX_TIP_SHARE.
    function setTip(uint256 flat, uint256 shareWad, uint256 cap) external;

    /// @notice Set the dust size [wad] (< 2^128).
    function setMinSize(uint256 minSizeWad) external;

    /// @notice Set the cap on total notional under auction [wad], > 0.
    function setHole(uint256 holeWad) external;

    /// @notice Set the emergency stop level: 0 none, 1 no new auctions, 2 also no resets, 3 also no bids.
    function setStopped(uint256 level) external;

    /// @notice The loss not yet realized: Σ deficit (−equity, rounded up) [token decimals] of the accounts
    /// whose auction started insolvent and is still live, refreshed at each of their bids; while it
    /// exceeds the insurance fund the vault's withdrawals are paused, so that no one can withdraw ahead
    /// of a loss that will be socialized.
    function pendingLoss() external view returns (uint256 amount, bool withdrawalsPaused);

    /// @notice Give `underlying` its own auction policy, or change it (restricted; every field bounded as
    /// by the default's setter). An account's auction runs with the set of the underlying of its lot when
    /// the auction starts (or is reset): the default's quote picks the lot, and when that lot's underlying
    /// has its own set the account is quoted again with it. The margin ratio stays account-wide. The stop
    /// level and the notional cap (hole) stay engine-wide.
    function setUnderlyingParams(address underlying, UnderlyingParams calldata params) external;

    /// @notice Send `underlying` back to the default parameters (restricted). Live auctions keep their set
    /// until they end or are reset.
    function removeUnderlyingParams(address underlying) external;

    /// @notice The parameters `underlying`'s auctions start with: its own set (key > 0) or the default (key 0).
    function underlyingParams(address underlying) external view returns (uint256 key, UnderlyingParams memory params);

    // ---------------------------------------------------------------- views

    /// @notice Full status of the account's auction with fresh prices.
    function auctionStatus(address account) external view returns (AuctionStatus memory);

    /// @notice `auctionStatus` plus the time left until the auction may be reset and the account's
    /// updated liquidation prices on the lot's underlying (IMarginEngineViews.liquidationPrice). One
    /// call for a frontend; heavier than the status (the liquidation price bisects), so keepers use
    /// `auctionStatusBatch`.
    function auctionDetail(address account) external view returns (AuctionDetail memory d);

    /// @notice `auctionStatus` of many accounts.
    function auctionStatusBatch(address[] calldata accounts) external view returns (AuctionStatus[] memory);

    /// @notice Whether the account has a live auction.
    function isUnderAuction(address account) external view returns (bool);

    /// @notice The account's live or last auction.
    function auctionOf(address account) external view returns (Auction memory);

    /// @notice The current discount of the account's live auction [1e18 = 100%] (0 without one).
    function discountOf(address account) external view returns (uint256);

    /// @notice Cap on notional under auction [wad] and the notional under auction now [wad].
    function hole() external view returns (uint256 holeWad, uint256 dirtWad);

    /// @notice Emergency stop level.
    function stopped() external view returns (uint256);

    /// @notice The insurance fund's balance (the engine's vault account) [token decimals].
    function insuranceFund() external view returns (uint256);

    /// @notice Bad debt recorded for `account` [token decimals].
    function badDebtOf(address account) external view returns (uint256);

    /// @notice Total bad debt recorded [token decimals].
    function totalBadDebt() external view returns (uint256);
}
