// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccountBook} from "../types/AccountBook.sol";
import {Series} from "../types/Series.sol";
import {OrderLib} from "../libraries/OrderLib.sol";

/// @title IOptionVault
/// @notice Holds every account's collateral (one ERC-20 token) and option positions, lists the option
/// series, matches EIP-712 signed orders, and settles expired series to cash.
/// @dev Units: collateral amounts in [collateral token decimals]; sizes in [wad] (1e18 = one contract
/// on one unit of the underlying; positive = long, negative = short); prices of the underlying and
/// strikes in [wad] of collateral currency per unit of underlying. Until its settlement price is fixed,
/// the longs and shorts of every series net to zero because every position change is a transfer
/// between two accounts; settlement then closes positions one account at a time.
interface IOptionVault {
    // ---------------------------------------------------------------- types

    /// @notice A pending withdrawal request (one slot).
    struct WithdrawalRequest {
        uint128 amount; // [token decimals] still withdrawable under this request
        uint64 readyAt; // [unix seconds] earliest withdrawal
    }

    // ---------------------------------------------------------------- errors

    /// @notice An amount or size that must be positive is zero.
    error ZeroAmount();
    /// @notice An address that must be set is the zero address.
    error ZeroAddress();
    /// @notice The collateral token reports more than 18 decimals.
    error UnsupportedDecimals(uint8 decimals);
    /// @notice The token delivered less than the amount transferred (fee-on-transfer tokens are rejected).
    /// @param expected [token decimals] Amount asked for.
    /// @param received [token decimals] Amount the vault's balance actually grew by.
    error TransferShortfall(uint256 expected, uint256 received);
    /// @notice The account's free collateral does not cover the amount it must pay or move.
    /// @param available [token decimals] The account's collateral.
    /// @param required [token decimals] The amount needed.
    error InsufficientCollateral(address account, uint256 available, uint256 required);
    /// @notice The L2 sequencer is down or in its grace period: withdrawals and risk-adding fills wait.
    error SequencerNotOk();
    /// @notice A listing's strike lies outside [MIN_STRIKE_WAD, MAX_STRIKE_WAD].
    error InvalidStrike(uint256 strikeWad);
    /// @notice A listing's expiry is not in (now, now + MAX_HORIZON].
    /// @param expiry [unix seconds] The expiry asked for.
    /// @param nowTs [unix seconds] The current time.
    /// @param maxExpiry [unix seconds] The latest expiry accepted now.
    error InvalidExpiry(uint256 expiry, uint256 nowTs, uint256 maxExpiry);
    /// @notice The same (underlying, strike, expiry, call/put) is already listed under `seriesId`.
    error SeriesExists(uint256 seriesId);
    /// @notice No series has this id.
    error UnknownSeries(uint256 seriesId);
    /// @notice The series has expired: it cannot be traded or transferred any more.
    /// @param expiry [unix seconds] The series' expiry.
    error SeriesExpired(uint256 seriesId, uint64 expiry);
    /// @notice The series has not expired yet: it cannot be settled.
    /// @param expiry [unix seconds] The series' expiry.
    /// @param nowTs [unix seconds] The current time.
    error SeriesNotExpired(uint256 seriesId, uint64 expiry, uint256 nowTs);
    /// @notice The settlement price of the series is already fixed.
    error SeriesAlreadySettled(uint256 seriesId);
    /// @notice The settlement price of the series is not fixed yet (call `settleSeries` first).
    error SeriesNotSettled(uint256 seriesId);
    /// @notice The account holds no position in the series.
    error NoPosition(address account, uint256 seriesId);
    /// @notice The account holds a position in an expired series that has not been settled; it must be
    /// settled before the account withdraws or trades (the margin engine no longer counts it).
    error UnsettledPosition(address account, uint256 seriesId);
    /// @notice Listing would assign a series id above MAX_SERIES_ID (ids are held in 32 bits).
    error TooManySeries(uint256 maxSeriesId);
    /// @notice Withdrawals are paused: the pending loss of insolvent accounts under auction exceeds the
    /// insurance fund (see `pendingLoss`), so no one may withdraw ahead of its socialization.
    /// @param pendingLoss [token decimals] Σ deficits of live insolvent auctions.
    /// @param insuranceFund [token decimals] The insurance fund's balance.
    error WithdrawalsPaused(uint256 pendingLoss, uint256 insuranceFund);
    /// @notice With a withdrawal delay set, a withdrawal needs a matured request covering it.
    /// @param amount [token decimals] asked. @param requested [token decimals] left on the request.
    /// @param readyAt [unix seconds] when the request matures.
    error WithdrawalNotReady(address account, uint256 amount, uint256 requested, uint256 readyAt);
    /// @notice The withdrawal delay [s] asked exceeds MAX_WITHDRAWAL_DELAY.
    error WithdrawalDelayTooLong(uint256 delay, uint256 max);
    /// @notice A liquidation is in progress (a callback bid's callee runs): the vault's entry points are
    /// locked until it returns (one lock across the protocol: the engine's guard and this one).
    error LiquidationInProgress();
    /// @notice The caller is not the liquidation engine (`setLiquidator`).
    error NotLiquidator(address caller);
    /// @notice The account would hold more than MAX_POSITIONS open series.
    error TooManyPositions(address account, uint256 maxPositions);
    /// @notice A fill size or a resulting position is above MAX_SIZE_WAD in absolute value.
    /// @param absSizeWad [wad] The offending size, in absolute value.
    /// @param maxSizeWad [wad] The bound.
    error SizeTooLarge(uint256 absSizeWad, uint256 maxSizeWad);
    /// @notice An order price is above MAX_PRICE.
    /// @param price [token decimals per contract] The offending price.
    error PriceTooLarge(uint256 price, uint256 maxPrice);
    /// @notice The order's deadline has passed.
    /// @param deadline [unix seconds] The order's deadline.
    /// @param nowTs [unix seconds] The current time.
    error OrderExpired(bytes32 orderHash, uint256 deadline, uint256 nowTs);
    /// @notice The signature is not the maker's (ECDSA for EOAs, ERC-1271 for contract wallets).
    error InvalidSignature(bytes32 orderHash, address maker);
    /// @notice The order was cancelled by its maker.
    error OrderCancelled(bytes32 orderHash);
    /// @notice The order's nonce is not the maker's current nonce (cancelled by `incrementNonce`).
    error InvalidNonce(bytes32 orderHash, uint256 orderNonce, uint256 currentNonce);
    /// @notice The fill would take the order's filled size above its size.
    /// @param filledWad [wad] Size filled before this fill.
    /// @param fillSizeWad [wad] Size of this fill.
    /// @param sizeWad [wad] The order's size.
    error Overfill(bytes32 orderHash, uint256 filledWad, uint256 fillSizeWad, uint256 sizeWad);
    /// @notice Maker and taker are the same account.
    error SelfTrade(address account);
    /// @notice Only the order's maker may cancel it.
    error NotMaker(address caller, address maker);
    /// @notice A position transfer must move a slice of `from`'s position: same sign, not larger.
    /// @param positionWad [wad] `from`'s position.
    /// @param sizeWad [wad] The slice asked for.
    error InvalidTransferSize(int256 positionWad, int256 sizeWad);
    /// @notice The protocol fee balance does not cover the amount asked for.
    /// @param available [token decimals] The fee balance.
    /// @param required [token decimals] The amount asked for.
    error InsufficientFees(uint256 available, uint256 required);

    /// @notice A liquidation auction of the account is live: it may deposit and reduce risk, not
    /// withdraw or add risk.
    error UnderAuction(address account);

    // ---------------------------------------------------------------- events

    /// @notice Collateral was deposited.
    /// @param account The account credited.
    /// @param payer The address the tokens came from.
    /// @param amount [token decimals] Amount credited (equal to the amount received).
    event Deposit(address indexed account, address indexed payer, uint256 amount);
    /// @notice Collateral was withdrawn.
    /// @param account The account debited.
    /// @param to The receiver of the tokens.
    /// @param amount [token decimals] Amount debited and sent.
    event Withdraw(address indexed account, address indexed to, uint256 amount);
    /// @notice A series was listed.
    /// @param seriesId The new series' id (sequential from 1).
    /// @param underlying The underlying's identifier (keys the oracle feeds).
    /// @param strikeWad [wad] Strike.
    /// @param expiry [unix seconds] Expiry.
    /// @param isCall True for a call, false for a put.
    event ListSeries(uint256 indexed seriesId, address indexed underlying, uint256 strikeWad, uint64 expiry, bool isCall);
    /// @notice An order was filled (partially or fully).
    /// @param orderHash The order's EIP-712 digest.
    /// @param maker The order's maker.
    /// @param taker The account that filled it (msg.sender).
    /// @param seriesId The series traded.
    /// @param makerIsBuy True when the maker bought (went long) and the taker sold.
    /// @param sizeWad [wad] Size of this fill.
    /// @param premium [token decimals] Premium paid by the buyer to the seller for this fill.
    /// @param filledWad [wad] The order's total filled size after this fill.
    event Fill(
        bytes32 indexed orderHash,
        address indexed maker,
        address indexed taker,
        uint256 seriesId,
        bool makerIsBuy,
        uint256 sizeWad,
        uint256 premium,
        uint256 filledWad
    );
    /// @notice The maker cancelled an order.
    /// @param orderHash The order's EIP-712 digest.
    /// @param maker The order's maker.
    event Cancel(bytes32 indexed orderHash, address indexed maker);
    /// @notice The maker raised its nonce, cancelling every order signed with a lower one.
    /// @param maker The maker.
    /// @param nonce The maker's new nonce.
    event IncrementNonce(address indexed maker, uint256 nonce);
    /// @notice The settlement price of an expired series was fixed.
    /// @param seriesId The series.
    /// @param roundId The oracle round that proves the price.
    /// @param priceWad [wad] Settlement price of the underlying.
    /// @param payoffWad [wad] Intrinsic value per contract (per 1e18 of size) at that price.
    event SettleSeries(uint256 indexed seriesId, uint80 roundId, uint256 priceWad, uint256 payoffWad);
    /// @notice A series' settlement price was fixed through the oracle's fallback rule (see
    /// `settleSeriesFallback`), not by a round proof.
    event SettleSeriesFallback(uint256 indexed seriesId, uint80 roundId);
    /// @notice An account's position in a settled series was closed to cash.
    /// @param account The account settled.
    /// @param seriesId The series.
    /// @param sizeWad [wad] The position closed (positive long, negative short).
    /// @param amount [token decimals] Collateral credited (long, rounded down) or owed (short, rounded up).
    /// @param shortfall [token decimals] Part of a short's debt its collateral could not pay (bad debt).
    event Settle(address indexed account, uint256 indexed seriesId, int256 sizeWad, uint256 amount, uint256 shortfall);
    /// @notice A loss the account could not pay (a short's settlement, or the price of a liquidation lot)
    /// was not fully covered by the insurance fund: the unpaid part is recorded as the account's bad
    /// debt and socialized (see `SocializeLoss`). The one record of bad debt in the protocol.
    /// @param account The account.
    /// @param amount [token decimals] Unpaid amount added to the account's bad debt.
    event BadDebt(address indexed account, uint256 amount);
    /// @notice The insurance fund paid part of a loss an account could not pay.
    /// @param account The account whose loss was covered.
    /// @param to The account paid (a liquidation bidder), or 0 (a settlement: paid into the series).
    /// @param amount [token decimals] Paid by the fund.
    event InsuranceCover(address indexed account, address indexed to, uint256 amount);
    /// @notice The liquidator recorded an insolvent account's deficit (its auction is live), or cleared it.
    /// @param account The account.
    /// @param deficit [token decimals] −equity at fair marks, rounded up (0: cleared).
    /// @param pendingLoss [token decimals] Σ deficits of live insolvent auctions after the change.
    /// @param insuranceFund [token decimals] The insurance fund's balance (withdrawals pause while
    /// pendingLoss exceeds it).
    event PendingLoss(address indexed account, uint256 deficit, uint256 pendingLoss, uint256 insuranceFund);
    /// @notice A loss was spread over every account's collateral pro rata by lowering the collateral
    /// index: each account's collateral fell by the same fraction, 1 − indexAfter / indexBefore.
    /// @param account The account whose unpaid debt was socialized.
    /// @param to The account credited with the loss (a liquidation bidder), or 0 (a settlement: the
    /// series' longs are paid in full from it).
    /// @param amount [token decimals] The loss.
    /// @param absorbed [token decimals] The part the collateral absorbed (less only if it wiped it out).
    /// @param indexBeforeRay [1e27] Index before. @param indexAfterRay [1e27] Index after.
    event SocializeLoss(
        address indexed account,
        address indexed to,
        uint256 amount,
        uint256 absorbed,
        uint256 indexBeforeRay,
        uint256 indexAfterRay
    );
    /// @notice An account asked to withdraw `amount` from `readyAt` [unix seconds] on (replaces its
    /// previous request).
    event RequestWithdrawal(address indexed account, uint256 amount, uint256 readyAt);
    /// @notice The withdrawal delay was set. @param delay [seconds]
    event SetWithdrawalDelay(uint256 delay);
    /// @notice A fully settled series' rounding remainder moved to the protocol fee balance.
    /// @param seriesId The series.
    /// @param amount [token decimals] Amount added to the fee balance.
    event SweepSettlement(uint256 indexed seriesId, uint256 amount);
    /// @notice The liquidator moved a slice of a position, and collateral, between accounts.
    /// @param from The account giving the position slice.
    /// @param to The account receiving it.
    /// @param seriesId The series.
    /// @param sizeWad [wad] Slice moved (signed like `from`'s position).
    /// @param collateralToTo [token decimals] Collateral moved from `from` to `to` (negative: `to` to `from`).
    /// @param fee [token decimals] Collateral the paying side (`from` when collateralToTo >= 0, else `to`)
    /// paid to the insurance fund (its share of the penalty).
    event TransferPosition(
        address indexed from,
        address indexed to,
        uint256 indexed seriesId,
        int256 sizeWad,
        int256 collateralToTo,
        uint256 fee
    );
    /// @notice The liquidation engine allowed to call the liquidation hooks was set.
    /// @param liquidator The new liquidation engine (0: none).
    event SetLiquidator(address liquidator);
    /// @notice The liquidator moved collateral between accounts.
    /// @param from The account debited.
    /// @param to The account credited.
    /// @param amount [token decimals] Amount moved.
    event MoveCollateral(address indexed from, address indexed to, uint256 amount);
    /// @notice The liquidator role flagged or unflagged an account as under auction.
    /// @param account The account.
    /// @param underAuction The new flag.
    event SetUnderAuction(address indexed account, bool underAuction);
    /// @notice Protocol fees were withdrawn.
    /// @param to The receiver.
    /// @param amount [token decimals] Amount sent.
    event WithdrawFees(address indexed to, uint256 amount);

    // ---------------------------------------------------------------- collateral

    /// @notice Deposit `amount` of collateral for the caller.
    /// @param amount [token decimals] Amount pulled from the caller (needs an allowance).
    function deposit(uint256 amount) external;

    /// @notice Deposit `amount` of collateral, pulled from the caller, to `account`.
    /// @param account The account credited.
    /// @param amount [token decimals] Amount pulled from the caller.
    function depositFor(address account, uint256 amount) external;

    /// @notice Withdraw `amount` of the caller's collateral to `to`. Afterwards the caller's equity must
    /// be at or above its initial requirement (reverts `IMarginEngine.MarginInsufficient`); blocked while
    /// the sequencer is not ok, while the caller holds an unsettled expired position, while its auction
    /// is live, and while the pending loss exceeds the insurance fund. With a withdrawal delay set, the
    /// amount must be covered by a matured `requestWithdrawal` (reverts `WithdrawalNotReady`).
    /// @param amount [token decimals] Amount withdrawn.
    /// @param to The receiver of the tokens.
    function withdraw(uint256 amount, address to) external;

    // ---------------------------------------------------------------- series

    /// @notice List a series (restricted to the listing role).
    /// @param underlying The underlying's identifier (keys the oracle feeds).
    /// @param strikeWad [wad] Strike, in [MIN_STRIKE_WAD, MAX_STRIKE_WAD].
    /// @param expiry [unix seconds] Expiry, in (now, now + MAX_HORIZON].
    /// @param isCall True for a call, false for a put.
    /// @return seriesId The new series' id (sequential from 1, never reused).
    function listSeries(address underlying, uint256 strikeWad, uint64 expiry, bool isCall)
        external
        returns (uint256 seriesId);

    // ---------------------------------------------------------------- trading

    /// @notice Fill `fillSizeWad` of `order` as the taker (msg.sender), on the opposite side of the maker.
    /// @dev Premium [token decimals] = fillSize × price / 1e18, rounded in the maker's favour (up when the
    /// taker pays, down when the maker pays) so that dust fills cannot extract value from a quote. The
    /// buyer's collateral pays exactly what the seller's receives. After the fill each party must either
    /// have equity >= initial requirement, or the fill must strictly reduce its risk:
    /// maintenance_after < maintenance_before and equity_after − maintenance_after >=
    /// equity_before − maintenance_before. While the sequencer is not ok only the second branch is
    /// accepted.
    /// @param order The maker's order.
    /// @param signature The maker's signature of the order's EIP-712 digest (ECDSA or ERC-1271).
    /// @param fillSizeWad [wad] Size to fill now.
    /// @return premium [token decimals] Premium paid by the buyer to the seller.
    function fill(OrderLib.Order calldata order, bytes calldata signature, uint256 fillSizeWad)
        external
        returns (uint256 premium);

    /// @notice Cancel `order`; only its maker may.
    function cancel(OrderLib.Order calldata order) external;

    /// @notice Raise the caller's nonce by one, cancelling every order it signed with the old nonce.
    /// @return nonce The caller's new nonce.
    function incrementNonce() external returns (uint256 nonce);

    // ---------------------------------------------------------------- settlement

    /// @notice Fix the settlement price of an expired series, once, from the oracle hub's settlement
    /// price proven by `roundId` (anyone may call).
    /// @param seriesId The series.
    /// @param roundId The first oracle round at or after the expiry.
    /// @return priceWad [wad] Settlement price of the underlying.
    function settleSeries(uint256 seriesId, uint80 roundId) external returns (uint256 priceWad);

    /// @notice Fix the settlement price of an expired series through the oracle hub's bounded fallback
    /// (`IOracleHub.fallbackSettlementPrice`: open SETTLEMENT_FALLBACK_DELAY after the expiry, for a feed
    /// whose rounds cannot prove the expiry; no admin-chosen price). Anyone may call; emits
    /// `SettleSeries` and `SettleSeriesFallback`.
    /// @param roundId The round the fallback rule accepts.
    /// @return priceWad [wad] Settlement price of the underlying.
    function settleSeriesFallback(uint256 seriesId, uint80 roundId) external returns (uint256 priceWad);

    /// @notice Close `account`'s position in a settled series to cash (anyone may call). A long
    /// receives size × payoff rounded down, a short pays it rounded up; a short that cannot pay in full
    /// pays its whole collateral and the rest is recorded as bad debt (never reverts for lack of funds;
    /// the liquidation module covers it). Keepers should settle an account's longs before its shorts so
    /// that credits are in place before debits.
    /// @param account The account.
    /// @param seriesId The series.
    /// @return amount [token decimals] Amount credited (long) or owed (short).
    function settle(address account, uint256 seriesId) external returns (uint256 amount);

    // ---------------------------------------------------------------- liquidation hooks (restricted)

    /// @notice Move a slice `sizeWad` of `from`'s position in `seriesId` to `to`, `collateralToTo`
    /// collateral from `from` to `to` (negative: from `to` to `from`), and `fee` from the paying side
    /// (`from` when collateralToTo >= 0, else `to`) to the insurance fund. Only the liquidator
    /// (`setLiquidator`; the liquidation hooks are checked against one address, not the access manager,
    /// because a bid calls them on its hot path); no margin check (the caller does it). Keeps longs ==
    /// shorts and collateral conserved.
    /// @param sizeWad [wad] The slice, with the sign of `from`'s position and not larger in absolute value.
    /// @param collateralToTo [token decimals] Collateral moved with the slice.
    /// @param fee [token decimals] The insurance fund's share of the penalty.
    /// @param endsAuction Also clear `from`'s auction flag (as `setUnderAuction(from, false)`, same event):
    /// the bid that restores the account ends its auction in the same call.
    function transferPosition(
        address from,
        address to,
        uint256 seriesId,
        int256 sizeWad,
        int256 collateralToTo,
        uint256 fee,
        bool endsAuction
    ) external;

    /// @notice Move `amount` of collateral from `from` to `to`. Only the liquidator.
    /// @param amount [token decimals] Amount moved.
    function moveCollateral(address from, address to, uint256 amount) external;

    /// @notice Cover a loss of `amount` that `account` could not pay (the price of a liquidation lot beyond
    /// its collateral), paid to `to` (the bidder): the insurance fund pays what it can, the rest is
    /// recorded as the account's bad debt and socialized (every account's collateral falls by the same
    /// fraction in this transaction) and the absorbed part credited to `to`. Only the liquidator.
    /// A loss cannot be dodged by withdrawing first: it lands on every account in the same transaction.
    /// @param account The account that could not pay.
    /// @param to The account paid.
    /// @param amount [token decimals] The loss.
    /// @return fundPaid [token decimals] Paid by the insurance fund.
    /// @return socialized [token decimals] Recorded as bad debt and socialized (absorbed and credited
    /// to `to` up to all collateral).
    function coverLoss(address account, address to, uint256 amount) external returns (uint256 fundPaid, uint256 socialized);

    /// @notice Record the deficit of `account` (an insolvent account whose auction is live; 0 clears it).
    /// Only the liquidator. While Σ deficits (`pendingLoss`) exceeds the insurance fund, withdrawals revert
    /// `WithdrawalsPaused`.
    /// @param deficit [token decimals] −equity at fair marks, rounded up.
    function setDeficit(address account, uint256 deficit) external;

    /// @notice Lock (or unlock) the vault's entry points for the rest of a liquidation step (only the
    /// liquidator; transient storage, so a transaction can never leave it locked): the liquidation engine
    /// locks around a callback bid's callee, so code a bidder runs mid-bid cannot withdraw, request a
    /// withdrawal, trade, cancel, bump a nonce or settle. Deposits stay open: they only add collateral, and
    /// they are how a callback bidder pays for a long slice it took (dss `clipperCall`-style flash
    /// liquidation).
    function setLiquidationLock(bool locked) external;

    /// @notice Flag `account` as under a live liquidation auction, or clear the flag (only the
    /// liquidator). While flagged, `withdraw` reverts `UnderAuction(account)` and a fill must
    /// strictly reduce the account's risk (the second branch of the fill margin rule).
    function setUnderAuction(address account, bool underAuction) external;

    // ---------------------------------------------------------------- admin (restricted)

    /// @notice Ask to withdraw up to `amount` [token decimals] once the withdrawal delay has passed
    /// (replaces any earlier request). Nothing moves: the collateral stays in the account, keeps backing
    /// its positions and bears any loss socialized meanwhile; `withdraw` then checks margin as usual.
    /// The delay closes the window between a price move that makes an account insolvent and the start of
    /// its auction (when its deficit starts to count in `pendingLoss`): a depositor cannot get out ahead
    /// of a loss that keepers start within the delay. Not needed while the delay is 0.
    function requestWithdrawal(uint256 amount) external;

    /// @notice Set the withdrawal delay [seconds] (restricted to the risk role), at most
    /// MAX_WITHDRAWAL_DELAY; 0 makes withdrawals immediate (no request).
    function setWithdrawalDelay(uint256 delay) external;

    /// @notice The withdrawal delay [seconds].
    function withdrawalDelay() external view returns (uint256);

    /// @notice The account's pending request: amount left [token decimals] and when it matures [unix seconds].
    function withdrawalRequestOf(address account) external view returns (uint256 amount, uint256 readyAt);

    /// @notice Whether withdrawals are paused: the pending loss exceeds the insurance fund.
    function withdrawalsPaused() external view returns (bool);

    /// @notice Σ deficits of live insolvent auctions [token decimals], and whether it pauses withdrawals
    /// (it exceeds the insurance fund).
    function pendingLoss() external view returns (uint256 amount, bool paused);

    /// @notice The deficit recorded for `account` [token decimals] (0: none).
    function deficitOf(address account) external view returns (uint256);

    /// @notice Set the liquidation engine, the only caller of the liquidation hooks (restricted to the
    /// admin role). 0 disables liquidation.
    function setLiquidator(address liquidator) external;

    /// @notice The liquidation engine allowed to call the liquidation hooks (0: none).
    function liquidator() external view returns (address);

    /// @notice Send `amount` of protocol fees to `to` (restricted to the admin role).
    /// @param amount [token decimals] Amount sent.
    function withdrawFees(address to, uint256 amount) external;

    // ---------------------------------------------------------------- views

    /// @notice Most open series an account may hold. Margin and liquidation are O(n) in the number of
    /// open positions of an account; 32 keeps a full health check of the largest account well under
    /// 1M gas, so liquidating it always fits in one block.
    function MAX_POSITIONS() external view returns (uint256);

    /// @notice The collateral token.
    function collateralToken() external view returns (address);

    /// @notice The margin engine (fixed at deployment).
    function marginEngine() external view returns (address);

    /// @notice The oracle hub (sequencer status, settlement prices).
    function oracleHub() external view returns (address);

    /// @notice `amount` of collateral in wad: amount × 10^(18 − decimals) (exact for 0..18 decimals).
    /// @param amount [token decimals]
    /// @return amountWad [wad]
    function collateralToWad(uint256 amount) external view returns (uint256 amountWad);

    /// @notice The account's collateral [token decimals]: its shares at the current collateral index,
    /// rounded down.
    function collateralOf(address account) external view returns (uint256 amount);

    /// @notice The collateral index [1e27 = no loss]: token units per share. It only falls, when a loss
    /// is socialized; every account's collateral scales with it.
    function collateralIndex() external view returns (uint256 indexRay);

    /// @notice Σ collateral of all accounts [token decimals] (insurance fund included, fees excluded).
    function totalCollateral() external view returns (uint256 amount);

    /// @notice The insurance fund's balance [token decimals]. The fund is the vault's own account
    /// (`address(vault)`): it receives its share of liquidation penalties, anyone may top it up with
    /// `depositFor(address(vault), amount)`, and it pays losses before they are socialized.
    function insuranceFund() external view returns (uint256 amount);

    /// @notice The account's open, non-zero positions (settled and closed positions are removed).
    /// @return seriesIds The series of each position (order unspecified).
    /// @return sizesWad [wad] The signed size of each position.
    function positionsOf(address account) external view returns (uint256[] memory seriesIds, int256[] memory sizesWad);

    /// @notice What the margin engine reads of an account, in one call: its collateral, its open
    /// positions and their series.
    /// positions and their series (order unspecified; as `positionsOf`).
    function bookOf(address account) external view returns (AccountBook memory);

    /// @notice `bookOf` in a compact wire format (what the margin engine reads on its hot path): the
    /// collateral [token decimals] and two words per open position, in `bookOf` order:
    ///   words[2i]     = seriesId (bits 0..31) | size as int96 two's complement [wad] (bits 32..127)
    ///                   | strike [wad] (bits 128..255)
    ///   words[2i + 1] = underlying (bits 0..159) | expiry [unix seconds] (bits 160..223) | isCall (bit 224)
    function packedBookOf(address account) external view returns (uint256 collateral, uint256[] memory words);

    /// @notice The account's signed position in `seriesId` [wad].
    function positionOf(address account, uint256 seriesId) external view returns (int256 sizeWad);

    /// @notice The series with id `seriesId`; reverts `UnknownSeries(seriesId)`.
    function series(uint256 seriesId) external view returns (Series memory);

    /// @notice Number of listed series (ids are 1..seriesCount).
    function seriesCount() external view returns (uint256);

    /// @notice Id of the series (underlying, strike, expiry, isCall), or 0 when not listed.
    function seriesIdOf(address underlying, uint256 strikeWad, uint64 expiry, bool isCall)
        external
        view
        returns (uint256 seriesId);

    /// @notice Number of accounts that ever deposited, filled an order or received a position.
    function accountCount() external view returns (uint256);

    /// @notice The account at `index` (first-seen order, 0 <= index < accountCount()); keepers and the
    /// CRE liquidation workflow scan ranges of it.
    function accountAt(uint256 index) external view returns (address);

    /// @notice Block number of the account's last fill that left it at or above initial margin (0: never):
    /// the liquidation cool-off (no start in that block). A fill admitted only because it reduced the
    /// account's risk does not count, so an owner cannot delay its own liquidation by trading.
    function lastTradeBlock(address account) external view returns (uint256);

    /// @notice Whether a liquidation auction of the account is live (set by the liquidator role).
    function isUnderAuction(address account) external view returns (bool);

    /// @notice Total open long and short size of a series [wad]; equal until the series' settlement
    /// price is fixed, then each falls as accounts settle.
    function openInterest(uint256 seriesId) external view returns (uint256 longsWad, uint256 shortsWad);

    /// @notice The settlement state of a series.
    /// @return settled Whether the settlement price is fixed.
    /// @return priceWad [wad] Settlement price of the underlying (0 until fixed).
    /// @return payoffWad [wad] Intrinsic value per contract at that price.
    /// @return netCollected [token decimals] Collected from shorts minus paid to longs so far (negative
    /// while longs settle before shorts, or when a short's bad debt is left uncovered).
    function settlementOf(uint256 seriesId)
        external
        view
        returns (bool settled, uint256 priceWad, uint256 payoffWad, int256 netCollected);

    /// @notice The protocol fee balance [token decimals] (rounding remainders of settled series).
    function protocolFees() external view returns (uint256);

    /// @notice The account's recorded bad debt [token decimals].
    function badDebtOf(address account) external view returns (uint256);

    /// @notice Total recorded bad debt [token decimals]: settlement shortfalls and liquidation losses
    /// that the insurance fund could not pay (the one ledger of the protocol).
    function totalBadDebt() external view returns (uint256);

    /// @notice Size of `orderHash` filled so far [wad].
    function filledOf(bytes32 orderHash) external view returns (uint256 filledWad);

    /// @notice Whether the maker cancelled `orderHash`.
    function isCancelled(bytes32 orderHash) external view returns (bool);

    /// @notice The maker's current nonce (orders must carry it).
    function nonceOf(address maker) external view returns (uint256);

    /// @notice The EIP-712 digest of `order` (what the maker signs; the order's id).
    function hashOrder(OrderLib.Order calldata order) external view returns (bytes32);
}
