// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {AccountBook} from "../types/AccountBook.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {OrderLib} from "../libraries/OrderLib.sol";
import {PortfolioLib} from "../libraries/PortfolioLib.sol";
import {Series} from "../types/Series.sol";
import {PositionLedger} from "./PositionLedger.sol";

/// @title OptionVault
/// @notice Collateral, positions, signed-order trading and expiry settlement of European cash-settled
/// options. See IOptionVault for the behaviour of every function.
/// @dev Accounting identity, true after every transaction:
///   collateralToken.balanceOf(vault) == Σ collateralOf + protocolFees + Σ_series netCollected.
/// netCollected of a series is 0 before settlement; it is transiently negative while longs settle
/// before shorts, ends in [0, number of settled positions) once the series is fully settled (rounding
/// remainder, swept into protocolFees), and stays negative by exactly the unpaid bad debt otherwise.
contract OptionVault is PositionLedger, AccessManaged, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Largest order price [token decimals per contract]; with MAX_SIZE_WAD keeps a premium
    /// below 1e48, far inside int256.
    uint256 public constant MAX_PRICE = 1e36;
    /// @notice [seconds] Longest withdrawal delay the admin may set.
    uint256 public constant MAX_WITHDRAWAL_DELAY = 7 days;
    uint256 private constant WAD = 1e18;

    struct Settlement {
        bool settled; // the settlement price is fixed
        uint256 priceWad; // [wad] settlement price of the underlying
        uint256 payoffWad; // [wad] intrinsic value per contract
        int256 netCollected; // [token decimals] Σ paid by shorts − Σ paid to longs
    }

    /// @dev Margin snapshot of one account.
    struct Margin {
        int256 equityWad; // [wad]
        uint256 maintenanceWad; // [wad]
        uint256 initialWad; // [wad]
    }

    IERC20 private immutable _token;
    /// @dev 10^(18 − decimals): token units → wad.
    uint256 private immutable _scale;
    IOracleHub private immutable _oracle;
    /// @dev The margin engine: a pure function of the books the vault hands it (it never reads the vault).
    IMarginEngine private immutable _engine;

    mapping(uint256 seriesId => Settlement) private _settlement;
    mapping(bytes32 orderHash => uint256 filledWad) private _filled;
    mapping(bytes32 orderHash => bool) private _cancelled;
    mapping(address maker => uint256) private _nonce;
    mapping(address account => uint256 amount) private _badDebtOf;
    /// @dev [token decimals]
    uint256 private _totalBadDebt;
    /// @dev [token decimals]
    uint256 private _protocolFees;
    /// @dev [token decimals] Σ deficits of live insolvent auctions (withdrawals pause while it exceeds the
    /// insurance fund), and each account's part.
    uint256 private _pendingLoss;
    mapping(address account => uint256 amount) private _deficitOf;
    /// @dev [seconds] Between a withdrawal request and the earliest withdrawal (0: withdrawals are immediate).
    uint256 private _withdrawalDelay;
    /// @dev Each account's pending withdrawal request.
    mapping(address account => WithdrawalRequest) private _requests;

    /// @dev Transient slot of the liquidation lock: keccak256("greeks.OptionVault.liquidationLock") − 1.
    bytes32 private constant LIQUIDATION_LOCK_SLOT = 0x0f399054e83cb0993187f82531139cb61339b358dfabfcd2ebc634909956b888;

    /// @dev The liquidation hooks: one storage comparison instead of an access-manager call per hook.
    modifier onlyLiquidator() {
        if (msg.sender != _liquidator) revert NotLiquidator(msg.sender);
        _;
    }

    /// @param authority_ The AccessManager governing the restricted functions.
    /// @param collateralToken_ The ERC-20 collateral (0..18 decimals, no fee on transfer).
    /// @param oracleHub_ The oracle hub (sequencer status and settlement prices).
    /// @param marginEngine_ The margin engine (deployed first: it does not know the vault).
    constructor(address authority_, address collateralToken_, address oracleHub_, address marginEngine_)
        AccessManaged(authority_)
        EIP712("OptionVault", "1")
    {
        if (collateralToken_ == address(0) || oracleHub_ == address(0) || marginEngine_ == address(0)) {
            revert ZeroAddress();
        }
        _engine = IMarginEngine(marginEngine_);
        uint8 decimals = IERC20Metadata(collateralToken_).decimals();
        if (decimals > 18) revert UnsupportedDecimals(decimals);
        _token = IERC20(collateralToken_);
        _scale = 10 ** (18 - decimals);
        _oracle = IOracleHub(oracleHub_);
    }

    // ---------------------------------------------------------------- collateral

    /// @inheritdoc IOptionVault
    function deposit(uint256 amount) external nonReentrant {
        _deposit(msg.sender, amount);
    }

    /// @inheritdoc IOptionVault
    function depositFor(address account, uint256 amount) external nonReentrant {
        _deposit(account, amount);
    }

    /// @inheritdoc IOptionVault
    function withdraw(uint256 amount, address to) external nonReentrant {
        _requireUnlocked();
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        _requireNoPendingLossAboveFund();
        if (!_oracle.sequencerOk()) revert SequencerNotOk();
        address account = msg.sender;
        if (_meta[account].underAuction) revert UnderAuction(account);
        if (_withdrawalDelay != 0) _useRequest(account, amount);
        _debit(account, amount);
        // An account without positions has no requirement: equity = collateral >= 0 = initial.
        if (_openCount(account) != 0) {
            _requireNoExpiredPosition(account);
            // collateral is already reduced, so the engine sees equity_after = equity − amount (exact in
            // wad for 0..18 decimals)
            Margin memory m = _margin(_bookOf(account));
            if (m.equityWad < m.initialWad.toInt256()) {
                revert IMarginEngine.MarginInsufficient(account, m.initialWad, m.equityWad);
            }
        }
        emit Withdraw(account, to, amount);
        _token.safeTransfer(to, amount);
    }

    /// @inheritdoc IOptionVault
    function requestWithdrawal(uint256 amount) external {
        _requireUnlocked();
        if (amount == 0) revert ZeroAmount();
        // readyAt = now + delay (delay <= 7 days: fits 64 bits); amount < 2^128 (any real token supply)
        uint64 readyAt = uint64(block.timestamp + _withdrawalDelay);
        _requests[msg.sender] = WithdrawalRequest(amount.toUint128(), readyAt);
        emit RequestWithdrawal(msg.sender, amount, readyAt);
    }

    /// @inheritdoc IOptionVault
    function setWithdrawalDelay(uint256 delay) external restricted {
        if (delay > MAX_WITHDRAWAL_DELAY) revert WithdrawalDelayTooLong(delay, MAX_WITHDRAWAL_DELAY);
        _withdrawalDelay = delay;
        emit SetWithdrawalDelay(delay);
    }

    /// @inheritdoc IOptionVault
    function withdrawalDelay() external view returns (uint256) {
        return _withdrawalDelay;
    }

    /// @inheritdoc IOptionVault
    function withdrawalRequestOf(address account) external view returns (uint256 amount, uint256 readyAt) {
        WithdrawalRequest memory r = _requests[account];
        return (r.amount, r.readyAt);
    }

    // ---------------------------------------------------------------- series

    /// @inheritdoc IOptionVault
    function listSeries(address underlying, uint256 strikeWad, uint64 expiry, bool isCall)
        external
        restricted
        returns (uint256 seriesId)
    {
        return _listSeries(underlying, strikeWad, expiry, isCall);
    }

    // ---------------------------------------------------------------- trading

    /// @inheritdoc IOptionVault
    function fill(OrderLib.Order calldata order, bytes calldata signature, uint256 fillSizeWad)
        external
        nonReentrant
        returns (uint256 premium)
    {
        _requireUnlocked();
        (bytes32 orderHash, uint256 filledWad) = _useOrder(order, signature, fillSizeWad);
        address maker = order.maker;
        address taker = msg.sender;

        // premium = fillSize × price / 1e18, rounded in the maker's favour: up when the taker pays
        // (maker sells), down when the maker pays (maker buys); dust fills can't take value from a quote
        premium = Math.mulDiv(fillSizeWad, order.price, WAD, order.isBuy ? Math.Rounding.Floor : Math.Rounding.Ceil);
        // fillSizeWad <= MAX_SIZE_WAD and premium <= 1e28 × 1e36 / 1e18 = 1e46: both casts are exact
        int256 makerDelta = order.isBuy ? int256(fillSizeWad) : -int256(fillSizeWad);
        int256 premiumToMaker = order.isBuy ? -int256(premium) : int256(premium);

        _trade(maker, taker, order.seriesId, makerDelta, premiumToMaker);
        emit Fill(orderHash, maker, taker, order.seriesId, order.isBuy, fillSizeWad, premium, filledWad);

        _requireNoExpiredPosition(maker);
        _requireNoExpiredPosition(taker);
        _checkFillMargin(maker, taker, order.seriesId, makerDelta, premiumToMaker);
    }

    /// @inheritdoc IOptionVault
    function cancel(OrderLib.Order calldata order) external {
        _requireUnlocked();
        if (msg.sender != order.maker) revert NotMaker(msg.sender, order.maker);
        bytes32 orderHash = _hashTypedDataV4(OrderLib.hash(order));
        _cancelled[orderHash] = true;
        emit Cancel(orderHash, order.maker);
    }

    /// @inheritdoc IOptionVault
    function incrementNonce() external returns (uint256 nonce) {
        _requireUnlocked();
        nonce = ++_nonce[msg.sender];
        emit IncrementNonce(msg.sender, nonce);
    }

    // ---------------------------------------------------------------- settlement

    /// @inheritdoc IOptionVault
    function settleSeries(uint256 seriesId, uint80 roundId) external nonReentrant returns (uint256 priceWad) {
        _requireUnlocked();
        return _settleSeries(seriesId, roundId, false);
    }

    /// @inheritdoc IOptionVault
    function settleSeriesFallback(uint256 seriesId, uint80 roundId) external nonReentrant returns (uint256 priceWad) {
        _requireUnlocked();
        priceWad = _settleSeries(seriesId, roundId, true);
        emit SettleSeriesFallback(seriesId, roundId);
    }

    /// @dev Fix the settlement price from a round proof, or from the oracle's fallback rule.
    function _settleSeries(uint256 seriesId, uint80 roundId, bool viaFallback) private returns (uint256 priceWad) {
        Series memory s = _seriesOf(seriesId);
        if (block.timestamp < s.expiry) revert SeriesNotExpired(seriesId, s.expiry, block.timestamp);
        Settlement storage st = _settlement[seriesId];
        if (st.settled) revert SeriesAlreadySettled(seriesId);
        priceWad = viaFallback
            ? _oracle.fallbackSettlementPrice(s.underlying, s.expiry, roundId)
            : _oracle.settlementPrice(s.underlying, s.expiry, roundId);

        // call: max(S − K, 0); put: max(K − S, 0)
        uint256 payoffWad;
        if (s.isCall) payoffWad = priceWad > s.strikeWad ? priceWad - s.strikeWad : 0;
        else payoffWad = s.strikeWad > priceWad ? s.strikeWad - priceWad : 0;

        st.settled = true;
        st.priceWad = priceWad;
        st.payoffWad = payoffWad;
        emit SettleSeries(seriesId, roundId, priceWad, payoffWad);
    }

    /// @inheritdoc IOptionVault
    function settle(address account, uint256 seriesId) external nonReentrant returns (uint256 amount) {
        _requireUnlocked();
        Settlement storage st = _settlement[seriesId];
        if (!st.settled) {
            _listedExpiryOf(seriesId); // UnknownSeries first
            revert SeriesNotSettled(seriesId);
        }
        int256 sizeWad = _sizeOf(account, seriesId);
        if (sizeWad == 0) revert NoPosition(account, seriesId);
        _addPosition(account, seriesId, -sizeWad);

        uint256 shortfall;
        if (sizeWad > 0) {
            // long receives size × payoff / 1e18, in token units, rounded down
            amount = Math.mulDiv(uint256(sizeWad), st.payoffWad, WAD * _scale, Math.Rounding.Floor);
            _credit(account, amount);
            st.netCollected -= amount.toInt256();
        } else {
            // short owes |size| × payoff / 1e18, in token units, rounded up; pays what it has
            amount = Math.mulDiv(uint256(-sizeWad), st.payoffWad, WAD * _scale, Math.Rounding.Ceil);
            uint256 paid = Math.min(amount, _valueOf(_sharesOf[account]));
            if (paid != 0) _debit(account, paid);
            st.netCollected += paid.toInt256();
            // paid <= amount: cannot underflow
            unchecked {
                shortfall = amount - paid;
            }
        }
        emit Settle(account, seriesId, sizeWad, amount, shortfall);

        if (shortfall != 0) _coverShortfall(account, shortfall, st);
        // the last position of the series is settled: its rounding remainder becomes protocol fees
        OpenInterest storage oi = _openInterest[seriesId];
        if (oi.longsWad == 0 && oi.shortsWad == 0 && st.netCollected > 0) {
            uint256 remainder = uint256(st.netCollected);
            st.netCollected = 0;
            _protocolFees += remainder;
            emit SweepSettlement(seriesId, remainder);
        }
    }

    // ---------------------------------------------------------------- liquidation hooks

    /// @inheritdoc IOptionVault
    function transferPosition(
        address from,
        address to,
        uint256 seriesId,
        int256 sizeWad,
        int256 collateralToTo,
        uint256 fee,
        bool endsAuction
    ) external onlyLiquidator nonReentrant {
        if (from == address(0) || to == address(0)) revert ZeroAddress();
        if (from == to) revert SelfTrade(from);
        uint64 expiry = _listedExpiryOf(seriesId);
        if (expiry <= block.timestamp) revert SeriesExpired(seriesId, expiry);
        int256 positionWad = _sizeOf(from, seriesId);
        // a slice: same sign as the position and not larger (sizeWad == 0 fails both branches)
        bool isSlice = positionWad > 0 ? (sizeWad > 0 && sizeWad <= positionWad) : (sizeWad < 0 && sizeWad >= positionWad);
        if (!isSlice) revert InvalidTransferSize(positionWad, sizeWad);

        _addPositionPair(from, to, seriesId, -sizeWad);
        _register(to);
        // the side paying the cash pays the fee too (from when no cash moves); the liquidated account's
        // payments are capped at what it holds when only share rounding is short (see _pay)
        if (collateralToTo >= 0) _pay(from, to, uint256(collateralToTo), fee, true);
        else _pay(to, from, uint256(-collateralToTo), fee, false);
        emit TransferPosition(from, to, seriesId, sizeWad, collateralToTo, fee);
        if (endsAuction) {
            _meta[from].underAuction = false;
            emit SetUnderAuction(from, false);
        }
    }

    /// @inheritdoc IOptionVault
    function moveCollateral(address from, address to, uint256 amount) external onlyLiquidator nonReentrant {
        if (from == address(0) || to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        // the account under liquidation (its tip) is capped at what it holds; anyone else pays exactly
        _pay(from, to, amount, 0, _meta[from].underAuction);
        emit MoveCollateral(from, to, amount);
    }

    /// @inheritdoc IOptionVault
    function coverLoss(address account, address to, uint256 amount)
        external
        onlyLiquidator
        nonReentrant
        returns (uint256 fundPaid, uint256 socialized)
    {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 absorbed;
        (fundPaid, socialized, absorbed) = _coverLoss(account, to, amount);
        if (fundPaid + absorbed != 0) _credit(to, fundPaid + absorbed);
    }

    /// @inheritdoc IOptionVault
    function setDeficit(address account, uint256 deficit) external onlyLiquidator {
        if (account == address(0)) revert ZeroAddress();
        // the old deficit is part of the sum: cannot underflow
        uint256 pending = _pendingLoss - _deficitOf[account] + deficit;
        (_deficitOf[account], _pendingLoss) = (deficit, pending);
        emit PendingLoss(account, deficit, pending, _valueOf(_sharesOf[address(this)]));
    }

    /// @inheritdoc IOptionVault
    function setLiquidationLock(bool locked) external onlyLiquidator {
        // a transient slot of its own (cleared with the transaction): no storage layout involved
        assembly ("memory-safe") {
            tstore(LIQUIDATION_LOCK_SLOT, locked)
        }
    }

    /// @inheritdoc IOptionVault
    function setUnderAuction(address account, bool underAuction) external onlyLiquidator {
        if (account == address(0)) revert ZeroAddress();
        _meta[account].underAuction = underAuction;
        emit SetUnderAuction(account, underAuction);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IOptionVault
    function withdrawalsPaused() external view returns (bool paused) {
        (, paused,) = _pendingVsFund();
    }

    /// @inheritdoc IOptionVault
    function pendingLoss() external view returns (uint256 amount, bool paused) {
        (amount, paused,) = _pendingVsFund();
    }

    /// @inheritdoc IOptionVault
    function deficitOf(address account) external view returns (uint256) {
        return _deficitOf[account];
    }

    /// @inheritdoc IOptionVault
    function setLiquidator(address liquidator_) external restricted {
        _liquidator = liquidator_;
        emit SetLiquidator(liquidator_);
    }

    /// @inheritdoc IOptionVault
    function withdrawFees(address to, uint256 amount) external restricted nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 available = _protocolFees;
        if (available < amount) revert InsufficientFees(available, amount);
        _protocolFees = available - amount;
        emit WithdrawFees(to, amount);
        _token.safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IOptionVault
    function collateralToken() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IOptionVault
    function marginEngine() external view returns (address) {
        return address(_engine);
    }

    /// @inheritdoc IOptionVault
    function oracleHub() external view returns (address) {
        return address(_oracle);
    }

    /// @inheritdoc IOptionVault
    function collateralToWad(uint256 amount) external view returns (uint256 amountWad) {
        // amountWad = amount × 10^(18 − decimals)
        return amount * _scale;
    }

    /// @inheritdoc IOptionVault
    function settlementOf(uint256 seriesId)
        external
        view
        returns (bool settled, uint256 priceWad, uint256 payoffWad, int256 netCollected)
    {
        Settlement storage st = _settlement[seriesId];
        return (st.settled, st.priceWad, st.payoffWad, st.netCollected);
    }

    /// @inheritdoc IOptionVault
    function protocolFees() external view returns (uint256) {
        return _protocolFees;
    }

    /// @inheritdoc IOptionVault
    function liquidator() external view returns (address) {
        return _liquidator;
    }

    /// @inheritdoc IOptionVault
    function insuranceFund() external view returns (uint256 amount) {
        return _valueOf(_sharesOf[address(this)]);
    }

    /// @inheritdoc IOptionVault
    function badDebtOf(address account) external view returns (uint256) {
        return _badDebtOf[account];
    }

    /// @inheritdoc IOptionVault
    function totalBadDebt() external view returns (uint256) {
        return _totalBadDebt;
    }

    /// @inheritdoc IOptionVault
    function filledOf(bytes32 orderHash) external view returns (uint256 filledWad) {
        return _filled[orderHash];
    }

    /// @inheritdoc IOptionVault
    function isCancelled(bytes32 orderHash) external view returns (bool) {
        return _cancelled[orderHash];
    }

    /// @inheritdoc IOptionVault
    function nonceOf(address maker) external view returns (uint256) {
        return _nonce[maker];
    }

    /// @inheritdoc IOptionVault
    function hashOrder(OrderLib.Order calldata order) external view returns (bytes32) {
        return _hashTypedDataV4(OrderLib.hash(order));
    }

    // ---------------------------------------------------------------- internals

    function _deposit(address account, uint256 amount) private {
        if (account == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 balanceBefore = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert TransferShortfall(amount, received);
        _credit(account, amount);
        _register(account);
        emit Deposit(account, msg.sender, amount);
    }

    /// @dev A short's settlement shortfall: the insurance fund pays what it can, the rest is bad debt,
    /// socialized over every account's collateral at once (the longs of the series are paid in full).
    function _coverShortfall(address account, uint256 shortfall, Settlement storage st) private {
        (uint256 fundPaid,, uint256 absorbed) = _coverLoss(account, address(0), shortfall);
        st.netCollected += (fundPaid + absorbed).toInt256();
    }

    /// @dev The one loss path: `account` could not pay `amount`. The insurance fund (the vault's own
    /// account) pays what it holds (its collateral leaves the books: the caller credits it where it
    /// goes); the rest is recorded as the account's bad debt and socialized by lowering the collateral
    /// index. Returns what the fund paid, what was socialized and what the collateral absorbed of it.
    function _coverLoss(address account, address to, uint256 amount)
        private
        returns (uint256 fundPaid, uint256 socialized, uint256 absorbed)
    {
        fundPaid = Math.min(amount, _valueOf(_sharesOf[address(this)]));
        if (fundPaid != 0) {
            _debit(address(this), fundPaid);
            emit InsuranceCover(account, to, fundPaid);
        }
        socialized = amount - fundPaid;
        if (socialized == 0) return (fundPaid, 0, 0);
        _badDebtOf[account] += socialized;
        _totalBadDebt += socialized;
        emit BadDebt(account, socialized);
        uint256 indexBefore;
        uint256 indexAfter;
        (absorbed, indexBefore, indexAfter) = _socialize(socialized);
        emit SocializeLoss(account, to, socialized, absorbed, indexBefore, indexAfter);
    }

    /// @dev Take `amount` from the account's matured withdrawal request (reverts WithdrawalNotReady).
    function _useRequest(address account, uint256 amount) private {
        WithdrawalRequest storage r = _requests[account];
        (uint256 requested, uint256 readyAt) = (r.amount, r.readyAt);
        if (requested < amount || block.timestamp < readyAt) {
            revert WithdrawalNotReady(account, amount, requested, readyAt);
        }
        // amount <= requested < 2^128: the cast and the subtraction are exact
        r.amount = uint128(requested - amount);
    }

    /// @dev Revert LiquidationInProgress while the liquidation engine has locked the vault (a callback
    /// bid's callee is running).
    function _requireUnlocked() private view {
        bool locked;
        // reads the transient lock written by setLiquidationLock
        assembly ("memory-safe") {
            locked := tload(LIQUIDATION_LOCK_SLOT)
        }
        if (locked) revert LiquidationInProgress();
    }

    /// @dev Revert WithdrawalsPaused while the pending loss exceeds the insurance fund.
    function _requireNoPendingLossAboveFund() private view {
        if (_pendingLoss == 0) return; // the common case: one slot, no fund read
        (uint256 pending, bool paused, uint256 fund) = _pendingVsFund();
        if (paused) revert WithdrawalsPaused(pending, fund);
    }

    /// @dev The pause rule, in one place: the pending loss, whether it exceeds the insurance fund, the fund.
    function _pendingVsFund() private view returns (uint256 pending, bool paused, uint256 fund) {
        pending = _pendingLoss;
        fund = _valueOf(_sharesOf[address(this)]);
        paused = pending > fund;
    }

    /// @dev Validate `order` for a fill of `fillSizeWad` by msg.sender and record the fill.
    function _useOrder(OrderLib.Order calldata order, bytes calldata signature, uint256 fillSizeWad)
        private
        returns (bytes32 orderHash, uint256 filledWad)
    {
        orderHash = _hashTypedDataV4(OrderLib.hash(order));
        if (fillSizeWad == 0) revert ZeroAmount();
        if (fillSizeWad > MAX_SIZE_WAD) revert SizeTooLarge(fillSizeWad, MAX_SIZE_WAD);
        if (block.timestamp > order.deadline) revert OrderExpired(orderHash, order.deadline, block.timestamp);
        if (_cancelled[orderHash]) revert OrderCancelled(orderHash);
        uint256 currentNonce = _nonce[order.maker];
        if (order.nonce != currentNonce) revert InvalidNonce(orderHash, order.nonce, currentNonce);
        if (order.maker == msg.sender) revert SelfTrade(msg.sender);
        if (order.price > MAX_PRICE) revert PriceTooLarge(order.price, MAX_PRICE);
        uint256 filledBefore = _filled[orderHash];
        // filledBefore <= sizeWad is kept by this very check, so the subtraction cannot underflow
        if (fillSizeWad > order.sizeWad - filledBefore) {
            revert Overfill(orderHash, filledBefore, fillSizeWad, order.sizeWad);
        }
        uint64 expiry = _listedExpiryOf(order.seriesId);
        if (expiry <= block.timestamp) revert SeriesExpired(order.seriesId, expiry);
        if (!SignatureChecker.isValidSignatureNow(order.maker, orderHash, signature)) {
            revert InvalidSignature(orderHash, order.maker);
        }
        filledWad = filledBefore + fillSizeWad;
        _filled[orderHash] = filledWad;
    }

    /// @dev Apply a trade: the maker's position moves by `makerDelta`, the taker's by −makerDelta, and
    /// `premiumToMaker` collateral moves from taker to maker (negative: maker to taker).
    function _trade(address maker, address taker, uint256 seriesId, int256 makerDelta, int256 premiumToMaker)
        private
    {
        _addPositionPair(maker, taker, seriesId, makerDelta);
        if (premiumToMaker > 0) _moveCollateral(taker, maker, uint256(premiumToMaker));
        else if (premiumToMaker < 0) _moveCollateral(maker, taker, uint256(-premiumToMaker));
    }

    /// @dev The fill margin rule (the trade is already applied). Each party passes if
    ///   equity_after >= initial_after (not while the sequencer is down), or
    ///   maintenance_after < maintenance_before and equity_after − maintenance_after >= equity_before − maintenance_before.
    /// The "before" state is only priced for a party that fails the first test, on its book in memory
    /// with the trade taken out (size − delta, collateral − premium received): no storage is touched, so
    /// the common case costs one engine call per party. A party under a live liquidation auction may only
    /// use the second branch (reduce risk). Both parties' last trade block is recorded here (cool-off).
    function _checkFillMargin(address maker, address taker, uint256 seriesId, int256 makerDelta, int256 premiumToMaker)
        private
    {
        bool sequencerOk = _oracle.sequencerOk();
        _checkPartyMargin(maker, seriesId, makerDelta, premiumToMaker, sequencerOk);
        _checkPartyMargin(taker, seriesId, -makerDelta, -premiumToMaker, sequencerOk);
    }

    /// @dev The fill margin rule for one party that received `delta` of `seriesId` and `premiumIn` of
    /// collateral (negative: paid).
    function _checkPartyMargin(address account, uint256 seriesId, int256 delta, int256 premiumIn, bool sequencerOk)
        private
    {
        AccountBook memory book = _bookOf(account);
        Margin memory afterTrade = _margin(book);
        // cool-off: a fill that meets initial margin (it may add risk) starts it; a fill admitted only
        // because it reduced risk does not, so an unsafe account's owner cannot postpone its own
        // liquidation by trading in every block (its start waits at most for the block of a risk-adding fill)
        bool meetsInitial = afterTrade.equityWad >= afterTrade.initialWad.toInt256();
        bool underAuction = _markTrade(account, meetsInitial);
        if (!underAuction && sequencerOk && meetsInitial) return;
        // the book before the trade: the position less delta (a closed position is absent from the
        // book: its size before was −delta), the collateral less the premium received. At collateral index
        // 1e27 this is the exact state before; after a socialized loss the share rounding of the premium
        // can differ by one token unit (the payer's shares were rounded up, so a receiver's "before" is
        // at most one unit low: it only makes the risk-reduction test stricter for it).
        uint256 n = book.seriesIds.length;
        bool held;
        for (uint256 i; i < n; ++i) {
            if (book.seriesIds[i] == seriesId) (book.sizesWad[i], held) = (book.sizesWad[i] - delta, true);
        }
        if (!held) book = PortfolioLib.withTrade(book, seriesId, -delta, _seriesOf(seriesId));
        book.collateral = premiumIn >= 0 ? book.collateral - uint256(premiumIn) : book.collateral + uint256(-premiumIn);
        Margin memory before = _margin(book);
        _requireRiskReduced(account, before, afterTrade, sequencerOk);
    }

    function _requireRiskReduced(address account, Margin memory before, Margin memory afterTrade, bool sequencerOk)
        private
        view
    {
        bool reduced = afterTrade.maintenanceWad < before.maintenanceWad
            && afterTrade.equityWad - afterTrade.maintenanceWad.toInt256()
                >= before.equityWad - before.maintenanceWad.toInt256();
        if (reduced) return;
        if (_meta[account].underAuction) revert UnderAuction(account);
        if (!sequencerOk) revert SequencerNotOk();
        revert IMarginEngine.MarginInsufficient(account, afterTrade.initialWad, afterTrade.equityWad);
    }

    function _margin(AccountBook memory book) private view returns (Margin memory m) {
        (m.equityWad, m.maintenanceWad, m.initialWad) = _engine.margin(book, true);
    }

    /// @dev The account's book: collateral, positions and their series (what the margin engine prices).
    function _bookOf(address account) private view returns (AccountBook memory book) {
        book.account = account;
        book.collateral = _valueOf(_sharesOf[account]);
        (book.seriesIds, book.sizesWad) = _entriesOf(account);
        book.series = _seriesOfMany(book.seriesIds);
    }

    /// @inheritdoc IOptionVault
    function bookOf(address account) external view returns (AccountBook memory) {
        return _bookOf(account);
    }

    /// @inheritdoc IOptionVault
    function packedBookOf(address account) external view returns (uint256 collateral, uint256[] memory words) {
        collateral = _valueOf(_sharesOf[account]);
        words = _packedEntriesOf(account);
        _packSeries(words);
    }
}
