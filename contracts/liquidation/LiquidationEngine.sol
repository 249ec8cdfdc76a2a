// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IDiscountCurve} from "../interfaces/IDiscountCurve.sol";
import {ILiquidationCallee} from "../interfaces/ILiquidationCallee.sol";
import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";
import {IMarginEngineViews} from "../interfaces/IMarginEngineViews.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {LiquidationLib} from "../libraries/LiquidationLib.sol";

/// @title LiquidationEngine
/// @notice Dutch-auction partial liquidation (see ILiquidationEngine). Needs the vault's liquidator role
/// (transferPosition, moveCollateral, setUnderAuction). Every bid prices the account ONCE through
/// `IMarginEngineViews.liquidationQuote` (ratio, tier, riskiest lot, just-enough size and the state
/// after the sale) and checks the bidder's margin once after the transfer.
contract LiquidationEngine is ILiquidationEngine, AccessManaged, ReentrancyGuardTransient {
    using SafeCast for uint256;

    uint256 internal constant WAD = 1e18;
    /// @notice Most tiers in the table.
    uint256 public constant MAX_TIERS = 4;
    /// @notice Bounds of a tier threshold [wad].
    uint256 public constant MIN_TIER_RATIO = 0.5e18;
    uint256 public constant MAX_TIER_RATIO = 2e18;
    /// @notice Upper bound of the target ratio [wad].
    uint256 public constant MAX_TARGET = 3e18;
    /// @notice Upper bound of the discount [1e18 = 100%].
    uint256 public constant MAX_DISCOUNT = 0.5e18;
    /// @notice Bounds of the curve duration and of the tail [seconds].
    uint256 public constant MIN_DURATION = 60;
    uint256 public constant MAX_DURATION = 7 days;
    /// @notice Lower bound of the cusp [1e18 = 100%].
    uint256 public constant MIN_CUSP = 0.01e18;
    /// @notice Tier thresholds and shares are whole multiples of this [wad] (1e-9), so that the table
    /// fits one slot.
    uint256 public constant TIER_UNIT = 1e9;
    /// @notice Upper bound of the tip's share of the lot notional [1e18 = 100%].
    uint256 public constant MAX_TIP_SHARE = 0.01e18;

    /// @dev Auction policy, packed (slot 0: the bid's numbers; slot 1: curve, cusp, stop, tier count;
    /// slot 2: fund share, tip share, dust; slot 3: tip amounts).
    struct Config {
        uint64 targetRatioWad; // [wad]
        uint64 startDiscountWad; // [1e18 = 100%]
        uint64 maxDiscountWad; // [1e18 = 100%]
        uint32 duration; // [s]
        uint32 tail; // [s]
        IDiscountCurve curve;
        uint64 cuspWad; // [1e18 = 100%]
        uint8 stopped; // 0..3
        uint8 tierCount;
        uint64 fundShareWad; // [1e18 = 100%]
        uint64 tipShareWad; // [1e18 = 100%]
        uint128 minSizeWad; // [wad]
        uint128 tipFlat; // [token decimals]
        uint128 tipCap; // [token decimals]
    }

    /// @dev A validated bid before it moves anything.
    struct BidState {
        address bidder; // vault account taking the slice
        uint256 auctionId;
        uint256 discountWad; // [1e18 = 100%]
        IMarginEngineViews.Quote q;
        LiquidationLib.Settlement s;
    }

    /// @notice The option vault.
    IOptionVault public immutable vault;
    /// @notice The margin engine.
    IMarginEngineViews public immutable marginEngine;
    /// @notice 10^(18 − collateral decimals).
    uint256 public immutable collateralScale;

    Config internal _cfg;
    /// @dev The tier table in one slot (a bid reads one slot for up to four tiers): tier i at bit 64 × i,
    /// ratio / TIER_UNIT in its low 32 bits, share / TIER_UNIT in its high 32.
    uint256 internal _tierWord;
    /// @dev [wad] cap on Σ notional under auction (dss Hole) and the current sum (dss Dirt).
    uint256 internal _hole;
    uint256 internal _dirt;
    /// @dev Last auction id handed out.
    uint256 internal _lastAuctionId;
    mapping(address account => Auction) internal _auctions;
    mapping(address account => uint256 amount) internal _badDebtOf;
    uint256 internal _totalBadDebt;

    /// @param authority The AccessManager.
    /// @param vault_ The option vault.
    /// @param marginEngine_ The margin engine.
    /// @param curve_ The discount curve.
    /// @dev Defaults: tiers 1.05 → 10%, 1.02 → 25%, 1.00 → 100%; target 1.10; discount 1% → 10% over
    /// 30 min; tail 1 h; cusp 20%; fund share 20%; no tip; dust 0; hole 1e27 (one billion of notional).
    constructor(address authority, IOptionVault vault_, IMarginEngineViews marginEngine_, IDiscountCurve curve_)
        AccessManaged(authority)
    {
        if (address(vault_) == address(0) || address(marginEngine_) == address(0) || address(curve_) == address(0)) {
            revert ZeroAddress();
        }
        vault = vault_;
        marginEngine = marginEngine_;
        collateralScale = vault_.collateralToWad(1);
        _setTier(0, Tier(1.05e18, 0.1e18));
        _setTier(1, Tier(1.02e18, 0.25e18));
        _setTier(2, Tier(1e18, 1e18));
        _cfg = Config({
            targetRatioWad: 1.1e18,
            startDiscountWad: 0.01e18,
            maxDiscountWad: 0.1e18,
            duration: 30 minutes,
            tail: 1 hours,
            curve: curve_,
            cuspWad: 0.2e18,
            stopped: 0,
            tierCount: 3,
            fundShareWad: 0.2e18,
            tipShareWad: 0,
            minSizeWad: 0,
            tipFlat: 0,
            tipCap: 0
        });
        _hole = 1e27;
    }

    // ================================================================ auctions

    /// @inheritdoc ILiquidationEngine
    function start(address account) external nonReentrant returns (uint256 auctionId) {
        return _start(account);
    }

    /// @inheritdoc ILiquidationEngine
    function startAndBid(address account, uint256 maxSizeWad, uint256 priceLimitWad, address callee, bytes calldata data)
        external
        nonReentrant
        returns (uint256 auctionId, uint256 soldWad)
    {
        auctionId = _start(account);
        soldWad = _bid(account, auctionId, maxSizeWad, priceLimitWad, callee, data);
    }

    /// @dev `start`: checks, tip, auction state, flag in the vault.
    function _start(address account) internal returns (uint256 auctionId) {
        Config memory c = _cfg;
        if (c.stopped >= 1) revert Stopped(c.stopped);
        Auction storage a = _auctions[account];
        if (a.active) revert AuctionActive(account, a.id);
        if (vault.lastTradeBlock(account) == block.number) revert CoolOff(account, block.number);
        IMarginEngineViews.Quote memory q = _quote(account, c, c.startDiscountWad, 0, false, address(0));
        if (q.tier == 0 || q.seriesId == 0) revert NotLiquidatable(account, q.ratioWad, _tierAt(0).ratioWad);
        uint256 dirt = _dirt;
        if (dirt + q.notionalWad > _hole) revert HoleExceeded(dirt, q.notionalWad, _hole);

        // tip = min(flat + share × notional, cap), none for a dust lot, at most the account's collateral
        uint256 tipAmount;
        if (LiquidationLib.abs(q.positionWad) >= c.minSizeWad) {
            tipAmount = LiquidationLib.tip(c.tipFlat, c.tipShareWad, c.tipCap, q.notionalWad, collateralScale);
            uint256 available = q.collateralWad / collateralScale; // exact: the quote read it
            if (tipAmount > available) tipAmount = available;
        }

        auctionId = ++_lastAuctionId;
        _dirt = dirt + q.notionalWad;
        _auctions[account] = Auction({
            startedAt: uint64(block.timestamp),
            active: true,
            startMarkWad: q.markPriceWad.toUint128(),
            id: auctionId.toUint64(),
            seriesId: q.seriesId.toUint64(),
            notionalWad: q.notionalWad.toUint128()
        });
        emit StartAuction(
            account, auctionId, msg.sender, q.seriesId, q.ratioWad, q.tier, q.markPriceWad, q.notionalWad, tipAmount
        );
        vault.setUnderAuction(account, true);
        if (tipAmount != 0) vault.moveCollateral(account, msg.sender, tipAmount);
    }

    /// @inheritdoc ILiquidationEngine
    function bid(
        address account,
        uint256 expectedAuctionId,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) external nonReentrant returns (uint256 soldWad) {
        return _bid(account, expectedAuctionId, maxSizeWad, priceLimitWad, callee, data);
    }

    /// @dev `bid`: checks and quote, effects, transfers, callback, the bidder's margin re-check.
    function _bid(
        address account,
        uint256 expectedAuctionId,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) internal returns (uint256 soldWad) {
        BidState memory b = _prepareBid(account, expectedAuctionId, maxSizeWad, callee);
        IMarginEngineViews.Quote memory q = b.q;
        LiquidationLib.Settlement memory s = b.s;
        if (s.isShort ? s.priceWad < priceLimitWad : s.priceWad > priceLimitWad) {
            revert PriceLimitExceeded(s.priceWad, priceLimitWad, s.isShort);
        }
        soldWad = q.sizeWad;
        // the bidder's margin with the slice and the cash, from the quote (same block, same prices as a check
        // after the transfer), less 2 token units for the share rounding of its two cash moves; a callback
        // bid (the callee acts after the transfer) and a bid that socializes a loss (the collateral index
        // moves) are checked after the transfer instead
        bool checkAfter = callee != address(0) || s.badDebt != 0;
        if (!checkAfter) {
            int256 equityWad = q.bidderEquityWad + (s.toBidder * collateralScale).toInt256()
                - ((s.fromBidder + 2) * collateralScale).toInt256();
            if (equityWad < q.bidderInitialWad.toInt256()) revert BidderUnhealthy(b.bidder, q.bidderInitialWad, equityWad);
        }

        // effects
        if (s.badDebt != 0) {
            _badDebtOf[account] += s.badDebt;
            _totalBadDebt += s.badDebt;
        }
        bool recovered = q.ratioAfterWad >= _cfg.targetRatioWad;
        if (recovered) _close(_auctions[account]);
        emit Bid(
            account,
            b.auctionId,
            b.bidder,
            q.seriesId,
            soldWad,
            s.priceWad,
            b.discountWad,
            q.ratioWad,
            q.ratioAfterWad,
            s.accountCash,
            s.fundShare
        );
        if (s.fundPayout != 0) emit InsurancePayout(account, b.auctionId, b.bidder, s.fundPayout);
        if (s.badDebt != 0) emit BadDebt(account, b.auctionId, s.badDebt);
        if (recovered) {
            EndReason reason = q.maintenanceAfterWad == 0 ? EndReason.ClosedOut : EndReason.BidRestoredTarget;
            emit EndAuction(account, b.auctionId, q.ratioAfterWad, reason);
        }

        // interactions (the vault is trusted; the callee runs under the reentrancy guard)
        // the vault clears the account's auction flag with the transfer when this bid ends the auction
        _transfer(account, b.bidder, q.seriesId, soldWad, s, callee != address(0), recovered);
        if (callee != address(0)) _callback(account, callee, q.seriesId, soldWad, s, data);
        if (checkAfter) {
            (int256 equityWad,, uint256 initialWad) = marginEngine.accountMarginIgnoringSequencer(b.bidder);
            if (equityWad < initialWad.toInt256()) revert BidderUnhealthy(b.bidder, initialWad, equityWad);
        }
    }

    /// @inheritdoc ILiquidationEngine
    function end(address account) external nonReentrant {
        Auction storage a = _auctions[account];
        if (!a.active) revert AuctionNotActive(account);
        (int256 equityWad, uint256 maintenanceWad,) = marginEngine.accountMarginIgnoringSequencer(account);
        uint256 ratioWad = _ratio(equityWad, maintenanceWad);
        uint256 target = _cfg.targetRatioWad;
        if (ratioWad < target) revert NotRecovered(account, ratioWad, target);
        uint256 auctionId = a.id;
        _close(a);
        emit EndAuction(account, auctionId, ratioWad, maintenanceWad == 0 ? EndReason.ClosedOut : EndReason.Recovered);
        vault.setUnderAuction(account, false);
    }

    /// @inheritdoc ILiquidationEngine
    function reset(address account) external nonReentrant {
        Config memory c = _cfg;
        if (c.stopped >= 2) revert Stopped(c.stopped);
        Auction storage a = _auctions[account];
        if (!a.active) revert AuctionNotActive(account);
        if (!_resettable(c, a)) revert ResetNotAllowed(account);
        IMarginEngineViews.Quote memory q = _quote(account, c, c.startDiscountWad, 0, true, address(0));
        if (q.seriesId == 0) revert ResetNotAllowed(account);

        uint256 previousId = a.id;
        uint256 auctionId = ++_lastAuctionId;
        _dirt = _dirt - a.notionalWad + q.notionalWad;
        a.startedAt = uint64(block.timestamp);
        a.startMarkWad = q.markPriceWad.toUint128();
        a.id = auctionId.toUint64();
        a.seriesId = q.seriesId.toUint64();
        a.notionalWad = q.notionalWad.toUint128();
        emit ResetAuction(account, auctionId, previousId, q.seriesId, q.markPriceWad, q.notionalWad);
    }

    // ================================================================ admin

    /// @inheritdoc ILiquidationEngine
    function setTiers(Tier[] calldata tiers_) external restricted {
        uint256 n = tiers_.length;
        if (n == 0 || n > MAX_TIERS) revert InvalidParam("tierCount", n, 1, MAX_TIERS);
        uint256 target = _cfg.targetRatioWad;
        for (uint256 i; i < n; ++i) {
            Tier calldata t = tiers_[i];
            uint256 maxRatio = i == 0 ? Math.min(MAX_TIER_RATIO, target - 1) : tiers_[i - 1].ratioWad - 1;
            if (t.ratioWad < MIN_TIER_RATIO || t.ratioWad > maxRatio) {
                revert InvalidParam("tierRatio", t.ratioWad, MIN_TIER_RATIO, maxRatio);
            }
            if (t.ratioWad % TIER_UNIT != 0) revert NotWholeTierUnit(t.ratioWad, TIER_UNIT);
            if (t.shareWad % TIER_UNIT != 0) revert NotWholeTierUnit(t.shareWad, TIER_UNIT);
            uint256 minShare = i == 0 ? 1 : tiers_[i - 1].shareWad;
            if (t.shareWad < minShare || t.shareWad > WAD) revert InvalidParam("tierShare", t.shareWad, minShare, WAD);
            _setTier(i, t);
        }
        _cfg.tierCount = uint8(n);
        emit SetTiers(tiers_);
    }

    /// @inheritdoc ILiquidationEngine
    function setTarget(uint256 targetRatioWad) external restricted {
        uint256 minTarget = uint256(_tierAt(0).ratioWad) + 1;
        if (targetRatioWad < minTarget || targetRatioWad > MAX_TARGET) {
            revert InvalidParam("target", targetRatioWad, minTarget, MAX_TARGET);
        }
        _cfg.targetRatioWad = uint64(targetRatioWad);
        emit SetTarget(targetRatioWad);
    }

    /// @inheritdoc ILiquidationEngine
    function setCurve(IDiscountCurve curve_, uint256 startDiscountWad, uint256 maxDiscountWad, uint256 duration)
        external
        restricted
    {
        if (address(curve_) == address(0)) revert ZeroAddress();
        if (maxDiscountWad > MAX_DISCOUNT) revert InvalidParam("maxDiscount", maxDiscountWad, 0, MAX_DISCOUNT);
        if (startDiscountWad > maxDiscountWad) revert InvalidParam("startDiscount", startDiscountWad, 0, maxDiscountWad);
        if (duration < MIN_DURATION || duration > MAX_DURATION) {
            revert InvalidParam("duration", duration, MIN_DURATION, MAX_DURATION);
        }
        Config storage c = _cfg;
        // bounds above: every value fits its field
        (c.curve, c.startDiscountWad, c.maxDiscountWad, c.duration) =
            (curve_, uint64(startDiscountWad), uint64(maxDiscountWad), uint32(duration));
        emit SetCurve(address(curve_), startDiscountWad, maxDiscountWad, duration);
    }

    /// @inheritdoc ILiquidationEngine
    function setReset(uint256 tail, uint256 cuspWad) external restricted {
        if (tail < MIN_DURATION || tail > MAX_DURATION) revert InvalidParam("tail", tail, MIN_DURATION, MAX_DURATION);
        if (cuspWad < MIN_CUSP || cuspWad > WAD) revert InvalidParam("cusp", cuspWad, MIN_CUSP, WAD);
        (_cfg.tail, _cfg.cuspWad) = (uint32(tail), uint64(cuspWad));
        emit SetReset(tail, cuspWad);
    }

    /// @inheritdoc ILiquidationEngine
    function setFundShare(uint256 fundShareWad) external restricted {
        if (fundShareWad > WAD) revert InvalidParam("fundShare", fundShareWad, 0, WAD);
        _cfg.fundShareWad = uint64(fundShareWad);
        emit SetFundShare(fundShareWad);
    }

    /// @inheritdoc ILiquidationEngine
    function setTip(uint256 flat, uint256 shareWad, uint256 cap) external restricted {
        if (cap > type(uint128).max) revert InvalidParam("tipCap", cap, 0, type(uint128).max);
        if (flat > cap) revert InvalidParam("tipFlat", flat, 0, cap);
        if (shareWad > MAX_TIP_SHARE) revert InvalidParam("tipShare", shareWad, 0, MAX_TIP_SHARE);
        (_cfg.tipFlat, _cfg.tipShareWad, _cfg.tipCap) = (uint128(flat), uint64(shareWad), uint128(cap));
        emit SetTip(flat, shareWad, cap);
    }

    /// @inheritdoc ILiquidationEngine
    function setMinSize(uint256 minSizeWad) external restricted {
        if (minSizeWad > type(uint128).max) revert InvalidParam("minSize", minSizeWad, 0, type(uint128).max);
        _cfg.minSizeWad = uint128(minSizeWad);
        emit SetMinSize(minSizeWad);
    }

    /// @inheritdoc ILiquidationEngine
    function setHole(uint256 holeWad) external restricted {
        if (holeWad == 0) revert InvalidParam("hole", 0, 1, type(uint256).max);
        _hole = holeWad;
        emit SetHole(holeWad);
    }

    /// @inheritdoc ILiquidationEngine
    function setStopped(uint256 level) external restricted {
        if (level > 3) revert InvalidParam("stopped", level, 0, 3);
        _cfg.stopped = uint8(level);
        emit SetStopped(level);
    }

    // ================================================================ views

    /// @inheritdoc ILiquidationEngine
    function auctionStatus(address account) public view returns (AuctionStatus memory st) {
        Config memory c = _cfg;
        Auction memory a = _auctions[account];
        st.auctionId = a.id;
        st.active = a.active;
        st.startedAt = a.startedAt;
        st.discountWad = a.active ? _discount(c, a.startedAt) : c.startDiscountWad;
        IMarginEngineViews.Quote memory q = _quote(account, c, st.discountWad, type(uint256).max, a.active, address(0));
        st.seriesId = q.seriesId;
        st.lotIsShort = q.positionWad < 0;
        st.maxSizeWad = q.sizeWad;
        st.markPriceWad = q.markPriceWad;
        st.bidPriceWad =
            LiquidationLib.bidderUnitPrice(q.markPriceWad, st.discountWad, q.equityWad > 0 ? c.fundShareWad : 0, st.lotIsShort);
        st.ratioWad = q.ratioWad;
        st.tier = q.tier;
        if (a.active) {
            st.canEnd = q.ratioWad >= c.targetRatioWad;
            st.canReset = c.stopped < 2 && q.seriesId != 0 && _resettable(c, a);
        } else {
            st.canStart = c.stopped < 1 && q.tier != 0 && q.seriesId != 0
                && vault.lastTradeBlock(account) != block.number && _dirt + q.notionalWad <= _hole;
        }
    }

    /// @inheritdoc ILiquidationEngine
    function auctionDetail(address account) external view returns (AuctionDetail memory d) {
        d.status = auctionStatus(account);
        if (d.status.active) {
            uint256 resetAt = uint256(d.status.startedAt) + _cfg.tail;
            // the tail lets a reset through once block.timestamp − startedAt > tail
            d.resetInSec = block.timestamp > resetAt ? 0 : resetAt + 1 - block.timestamp;
        }
        if (d.status.seriesId == 0) return d;
        d.underlying = vault.series(d.status.seriesId).underlying;
        (d.liquidationPriceDownWad, d.liquidationPriceUpWad) = marginEngine.liquidationPrice(account, d.underlying);
    }

    /// @inheritdoc ILiquidationEngine
    function auctionStatusBatch(address[] calldata accounts) external view returns (AuctionStatus[] memory out) {
        out = new AuctionStatus[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            out[i] = auctionStatus(accounts[i]);
        }
    }

    /// @inheritdoc ILiquidationEngine
    function maxBidSize(address account)
        external
        view
        returns (uint256 sizeWad, uint256 seriesId, uint256 priceWad, uint256 discountWad)
    {
        AuctionStatus memory st = auctionStatus(account);
        return (st.maxSizeWad, st.seriesId, st.bidPriceWad, st.discountWad);
    }

    /// @inheritdoc ILiquidationEngine
    function isUnderAuction(address account) external view returns (bool) {
        return _auctions[account].active;
    }

    /// @inheritdoc ILiquidationEngine
    function auctionOf(address account) external view returns (Auction memory) {
        return _auctions[account];
    }

    /// @inheritdoc ILiquidationEngine
    function discountOf(address account) external view returns (uint256) {
        Auction storage a = _auctions[account];
        return a.active ? _discount(_cfg, a.startedAt) : 0;
    }

    /// @inheritdoc ILiquidationEngine
    function tiers() external view returns (Tier[] memory out) {
        uint256 n = _cfg.tierCount;
        out = new Tier[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = _tierAt(i);
        }
    }

    /// @inheritdoc ILiquidationEngine
    function targetRatio() external view returns (uint256) {
        return _cfg.targetRatioWad;
    }

    /// @inheritdoc ILiquidationEngine
    function curve() external view returns (IDiscountCurve, uint256, uint256, uint256) {
        Config storage c = _cfg;
        return (c.curve, c.startDiscountWad, c.maxDiscountWad, c.duration);
    }

    /// @inheritdoc ILiquidationEngine
    function resetLimits() external view returns (uint256 tail, uint256 cuspWad) {
        return (_cfg.tail, _cfg.cuspWad);
    }

    /// @inheritdoc ILiquidationEngine
    function fundShare() external view returns (uint256) {
        return _cfg.fundShareWad;
    }

    /// @inheritdoc ILiquidationEngine
    function tip() external view returns (uint256 flat, uint256 shareWad, uint256 cap) {
        return (_cfg.tipFlat, _cfg.tipShareWad, _cfg.tipCap);
    }

    /// @inheritdoc ILiquidationEngine
    function minSize() external view returns (uint256) {
        return _cfg.minSizeWad;
    }

    /// @inheritdoc ILiquidationEngine
    function hole() external view returns (uint256 holeWad, uint256 dirtWad) {
        return (_hole, _dirt);
    }

    /// @inheritdoc ILiquidationEngine
    function stopped() external view returns (uint256) {
        return _cfg.stopped;
    }

    /// @inheritdoc ILiquidationEngine
    function insuranceFund() external view returns (uint256) {
        return vault.collateralOf(address(this));
    }

    /// @inheritdoc ILiquidationEngine
    function badDebtOf(address account) external view returns (uint256) {
        return _badDebtOf[account];
    }

    /// @inheritdoc ILiquidationEngine
    function totalBadDebt() external view returns (uint256) {
        return _totalBadDebt;
    }

    // ================================================================ internals

    /// @dev One pricing pass over the account (see IMarginEngineViews.liquidationQuote).
    /// @dev `live`: the account is in liquidation (its auction is open). It stays in liquidation until
    /// its ratio is back at the target, so while live the first tier reaches up to the target: between
    /// the first threshold and the target a bid may still take the first tier's share (otherwise an
    /// auction that a bid left just short of the target could neither sell nor end).
    function _quote(address account, Config memory c, uint256 discountWad, uint256 bidCapWad, bool live, address bidder)
        internal
        view
        returns (IMarginEngineViews.Quote memory)
    {
        uint256 n = c.tierCount;
        IMarginEngineViews.QuoteParams memory qp;
        qp.targetRatioWad = c.targetRatioWad;
        qp.discountWad = discountWad;
        qp.bidCapWad = bidCapWad;
        qp.minSizeWad = c.minSizeWad;
        qp.bidder = bidder;
        qp.tierRatiosWad = new uint256[](n);
        qp.tierSharesWad = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            Tier memory t = _tierAt(i);
            (qp.tierRatiosWad[i], qp.tierSharesWad[i]) = (t.ratioWad, t.shareWad);
        }
        // thresholds stay strictly decreasing: the target is above the first threshold (setTarget)
        if (live && n != 0 && qp.tierRatiosWad[0] < c.targetRatioWad) qp.tierRatiosWad[0] = c.targetRatioWad;
        return marginEngine.liquidationQuote(account, qp);
    }

    /// @dev Current discount of an auction started (or reset) at `startedAt`; never above the max.
    function _discount(Config memory c, uint256 startedAt) internal view returns (uint256) {
        uint256 d = c.curve.discount(c.startDiscountWad, c.maxDiscountWad, block.timestamp - startedAt, c.duration);
        return d > c.maxDiscountWad ? c.maxDiscountWad : d;
    }

    /// @dev Whether the tail has passed or the lot's mark moved beyond the cusp: |mark − start| > cusp × start.
    function _resettable(Config memory c, Auction memory a) internal view returns (bool) {
        if (block.timestamp - a.startedAt > c.tail) return true;
        uint256 mark = marginEngine.markPrice(a.seriesId);
        uint256 startMark = a.startMarkWad;
        uint256 moved = mark > startMark ? mark - startMark : startMark - mark;
        return moved * WAD > uint256(c.cuspWad) * startMark;
    }

    /// @dev Checks of a bid, its quote (one pricing pass) and its cash legs.
    function _prepareBid(address account, uint256 expectedAuctionId, uint256 maxSizeWad, address callee)
        internal
        view
        returns (BidState memory b)
    {
        Config memory c = _bidConfig();
        if (c.stopped >= 3) revert Stopped(c.stopped);
        Auction storage a = _auctions[account];
        if (!a.active) revert AuctionNotActive(account);
        b.auctionId = a.id;
        if (b.auctionId != expectedAuctionId) revert StaleAuction(account, expectedAuctionId, b.auctionId);
        if (maxSizeWad == 0) revert ZeroBid();
        b.bidder = callee == address(0) ? msg.sender : callee;
        if (b.bidder == account) revert SelfBid(account);

        b.discountWad = _discount(c, a.startedAt);
        IMarginEngineViews.Quote memory q = _quote(account, c, b.discountWad, maxSizeWad, true, callee == address(0) ? b.bidder : address(0));
        b.q = q;
        if (q.tier == 0) revert NotLiquidatable(account, q.ratioWad, _tierAt(0).ratioWad);
        if (q.sizeWad == 0) revert NothingToSell(account, q.maxSizeWad);
        // a solvent account's ratio never falls through a bid, except a long sold to pay for a short
        // the account cannot buy back (IMarginEngineViews.liquidationQuote, `raisesCash`)
        if (q.equityWad > 0 && q.ratioAfterWad < q.ratioWad && !q.raisesCash) {
            revert BidLowersRatio(account, q.ratioWad, q.ratioAfterWad);
        }
        bool isShort = q.positionWad < 0;
        uint256 collateral = q.collateralWad / collateralScale; // exact: the quote read it
        // the insurance fund is only read when it may have to pay (a short lot the account cannot pay)
        uint256 fundBalance = isShort && q.accountCash > collateral ? vault.collateralOf(address(this)) : 0;
        b.s = LiquidationLib.settle(
            isShort,
            q.sizeWad,
            q.markPriceWad,
            q.accountCash,
            q.equityWad > 0 ? c.fundShareWad : 0,
            collateral,
            fundBalance,
            collateralScale
        );
    }

    /// @dev Callback bid: call the callee with the slice in its account, then collect a long lot's price.
    function _callback(
        address account,
        address callee,
        uint256 seriesId,
        uint256 sizeWad,
        LiquidationLib.Settlement memory s,
        bytes calldata data
    ) internal {
        // sizeWad <= 1e30: the cast is exact
        int256 slice = s.isShort ? -sizeWad.toInt256() : sizeWad.toInt256();
        ILiquidationCallee(callee).onLiquidationBid(
            msg.sender, account, seriesId, slice, s.isShort ? s.toBidder : s.fromBidder, data
        );
        if (!s.isShort) {
            if (s.accountCash != 0) vault.moveCollateral(callee, account, s.accountCash);
            if (s.fundShare != 0) vault.moveCollateral(callee, address(this), s.fundShare);
        }
    }

    /// @dev Move the slice and the cash (see LiquidationLib.Settlement). For a callback bid on a long
    /// lot, the bidder pays after the callback (done by the caller).
    function _transfer(
        address account,
        address bidder,
        uint256 seriesId,
        uint256 sizeWad,
        LiquidationLib.Settlement memory s,
        bool callback,
        bool endsAuction
    ) internal {
        // sizeWad <= 1e28 and cash amounts <= the vault's balances: the casts are exact
        // the fund's share of the penalty travels with the slice (paid by the side paying for it)
        if (s.isShort) {
            vault.transferPosition(
                account,
                bidder,
                seriesId,
                -sizeWad.toInt256(),
                (s.accountCash - s.fundShare).toInt256(),
                s.fundShare,
                endsAuction
            );
            if (s.fundPayout != 0) vault.moveCollateral(address(this), bidder, s.fundPayout);
            if (s.badDebt != 0) vault.socializeLoss(account, bidder, s.badDebt);
        } else if (callback) {
            vault.transferPosition(account, bidder, seriesId, sizeWad.toInt256(), 0, 0, endsAuction);
        } else {
            vault.transferPosition(
                account, bidder, seriesId, sizeWad.toInt256(), -s.accountCash.toInt256(), s.fundShare, endsAuction
            );
        }
    }

    /// @dev The policy without the tip amounts (a bid pays no tip): three of the four slots.
    function _bidConfig() internal view returns (Config memory c) {
        Config storage s = _cfg;
        (c.targetRatioWad, c.startDiscountWad, c.maxDiscountWad, c.duration, c.tail) =
            (s.targetRatioWad, s.startDiscountWad, s.maxDiscountWad, s.duration, s.tail);
        (c.curve, c.cuspWad, c.stopped, c.tierCount) = (s.curve, s.cuspWad, s.stopped, s.tierCount);
        (c.fundShareWad, c.tipShareWad, c.minSizeWad) = (s.fundShareWad, s.tipShareWad, s.minSizeWad);
    }

    /// @dev Tier `i` of the packed table.
    function _tierAt(uint256 i) internal view returns (Tier memory t) {
        uint256 word = _tierWord >> (i << 6);
        // each field < 2^32 and × 1e9 <= 2^32 × 1e9 < 2^64: the casts are exact
        (t.ratioWad, t.shareWad) = (uint64((word & 0xffffffff) * TIER_UNIT), uint64(((word >> 32) & 0xffffffff) * TIER_UNIT));
    }

    /// @dev Write tier `i` of the packed table; values are whole TIER_UNITs, ratio <= MAX_TIER_RATIO and
    /// share <= 1e18 (setTiers' checks), so each fits 32 bits (2e9 < 2^32).
    function _setTier(uint256 i, Tier memory t) internal {
        uint256 shift = i << 6;
        uint256 packed = (t.ratioWad / TIER_UNIT) | ((t.shareWad / TIER_UNIT) << 32);
        _tierWord = (_tierWord & ~(uint256(type(uint64).max) << shift)) | (packed << shift);
    }

    /// @dev End the live auction: release its notional from the cap.
    function _close(Auction storage a) internal {
        _dirt -= a.notionalWad;
        a.active = false;
    }

    function _ratio(int256 equityWad, uint256 maintenanceWad) internal pure returns (uint256) {
        if (maintenanceWad == 0) return type(uint256).max;
        if (equityWad <= 0) return 0;
        return Math.mulDiv(uint256(equityWad), WAD, maintenanceWad);
    }
}
