// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IDiscountCurve} from "../interfaces/IDiscountCurve.sol";
import {ILiquidationCallee} from "../interfaces/ILiquidationCallee.sol";
import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {LiquidationLib} from "../libraries/LiquidationLib.sol";
import {LiquidationParamsLib} from "./LiquidationParamsLib.sol";

/// @title LiquidationEngine
/// @notice Dutch-auction partial liquidation (see ILiquidationEngine). Needs the vault's liquidator role
/// (transferPosition, moveCollateral, coverLoss, setDeficit, setUnderAuction). Every bid prices the
/// account ONCE through `IMarginEngine.liquidationQuote` on the books it reads from the vault (ratio,
/// tier, riskiest lot, just-enough size, the state after the sale and the bidder's margin with the
/// slice). Read-only views live in `LiquidationLens`.
contract LiquidationEngine is ILiquidationEngine, AccessManaged, ReentrancyGuardTransient {
    using SafeCast for uint256;

    uint256 internal constant WAD = 1e18;
    /// @dev Tier thresholds and shares are whole multiples of this [wad] (1e-9), so that the table fits
    /// one slot. Parameter bounds: LiquidationParamsLib.
    uint256 internal constant TIER_UNIT = LiquidationParamsLib.TIER_UNIT;
    /// @dev Most parameter sets of underlyings (an auction holds its key in 8 bits).
    uint256 internal constant MAX_PARAM_SETS = 255;

    /// @dev A validated bid before it moves anything.
    struct BidState {
        address bidder; // vault account taking the slice
        uint256 auctionId;
        uint256 discountWad; // [1e18 = 100%]
        uint256 targetRatioWad; // [wad] of the auction's parameter set
        bool insolvent; // the auction started insolvent (its deficit is tracked)
        bool closeOut; // a loss of the account was covered: the auction ends only when it holds nothing
        bool absorb; // the insurance fund takes the lot at its mark (absorb)
        bool recovered; // the bid ends the auction
        int256 equityAfterWad; // [wad] what the account is worth after the bid at fair marks (its covered cash given back)
        IMarginEngine.Quote q;
        LiquidationLib.Settlement s;
    }

    IOptionVault internal immutable _vault;
    IMarginEngine internal immutable _margin;
    /// @notice 10^(18 − collateral decimals).
    uint256 public immutable collateralScale;

    /// @dev Auction policy per parameter set (LiquidationParamsLib.Sets: config, tip, packed tier table):
    /// key 0 is the default, key k > 0 one underlying's own (setUnderlyingParams). An auction keeps the key
    /// it was started (or last reset) with.
    LiquidationParamsLib.Sets internal _sets;
    /// @dev Parameter set of each underlying with its own (0: the default).
    mapping(address underlying => uint256 key) internal _keyOf;
    /// @dev Parameter sets handed out (keys 1..count; a removed underlying's key is not reused).
    uint256 internal _keyCount;
    /// @dev [wad] cap on Σ notional under auction (dss Hole) and the current sum (dss Dirt).
    uint256 internal _hole;
    uint256 internal _dirt;
    /// @dev Last auction id handed out.
    uint256 internal _lastAuctionId;
    mapping(address account => Auction) internal _auctions;

    /// @param authority The AccessManager.
    /// @param vault_ The option _vault.
    /// @param marginEngine_ The margin engine.
    /// @param curve_ The discount curve.
    /// @dev Defaults: tiers 1.05 → 10%, 1.02 → 25%, 1.00 → 100%; target 1.10; discount 1% → 10% over
    /// 30 min; tail 1 h; cusp 20%; fund share 20%; no tip; dust 0; hole 1e27 (one billion of notional).
    constructor(address authority, IOptionVault vault_, IMarginEngine marginEngine_, IDiscountCurve curve_)
        AccessManaged(authority)
    {
        if (address(vault_) == address(0) || address(marginEngine_) == address(0) || address(curve_) == address(0)) {
            revert ZeroAddress();
        }
        _vault = vault_;
        _margin = marginEngine_;
        collateralScale = vault_.collateralToWad(1);
        _setTier(0, 0, Tier(1.05e18, 0.1e18));
        _setTier(0, 1, Tier(1.02e18, 0.25e18));
        _setTier(0, 2, Tier(1e18, 1e18));
        _sets.cfg[0] = LiquidationParamsLib.Config({
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
            minSizeWad: 0
        });
        _hole = 1e27;
    }

    // ================================================================ auctions

    /// @inheritdoc ILiquidationEngine
    function start(address account) external nonReentrant returns (uint256 auctionId) {
        return _start(account);
    }

    /// @inheritdoc ILiquidationEngine
    function startAndBid(
        address account,
        int256 expectedLot,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) external nonReentrant returns (uint256 auctionId, uint256 soldWad) {
        auctionId = _start(account);
        soldWad = _bid(account, _bidKey(auctionId, expectedLot), maxSizeWad, priceLimitWad, callee, data);
    }

    /// @dev `start`: checks, tip, auction state, flag in the _vault.
    function _start(address account) internal returns (uint256 auctionId) {
        uint256 stoppedLevel = _sets.cfg[0].stopped;
        if (stoppedLevel >= 1) revert Stopped(stoppedLevel);
        if (account == address(_vault)) revert InsuranceFundAccount(account);
        Auction storage a = _auctions[account];
        if (a.active) revert AuctionActive(account, a.id);
        if (_vault.lastTradeBlock(account) == block.number) revert CoolOff(account, block.number);
        (uint256 key, LiquidationParamsLib.Config memory c, IMarginEngine.Quote memory q) = _resolve(account, 0, false);
        if (q.tier == 0 || q.seriesId == 0) revert NotLiquidatable(account, q.ratioWad, _tierAt(key, 0).ratioWad);
        uint256 dirt = _dirt;
        if (dirt + q.notionalWad > _hole) revert HoleExceeded(dirt, q.notionalWad, _hole);

        // tip = min(flat + share × notional, cap), none for a dust lot, at most the account's collateral
        uint256 tipAmount;
        if (LiquidationLib.abs(q.positionWad) >= c.minSizeWad) {
            LiquidationParamsLib.TipConfig memory t = _sets.tip[key];
            tipAmount = LiquidationLib.tip(t.tipFlat, t.tipShareWad, t.tipCap, q.notionalWad, collateralScale);
            uint256 available = q.collateralWad / collateralScale; // exact: the quote read it
            if (tipAmount > available) tipAmount = available;
        }

        auctionId = ++_lastAuctionId;
        _dirt = dirt + q.notionalWad;
        _auctions[account] = Auction({
            startedAt: uint64(block.timestamp),
            active: true,
            startMarkWad: q.markPriceWad.toUint128(),
            paramsKey: uint8(key), // <= MAX_PARAM_SETS = 255
            insolvent: q.equityWad <= 0,
            closeOut: false,
            id: auctionId.toUint64(),
            seriesId: q.seriesId.toUint64(),
            notionalWad: q.notionalWad.toUint128()
        });
        emit StartAuction(
            account, auctionId, msg.sender, q.seriesId, q.ratioWad, q.tier, q.markPriceWad, q.notionalWad, tipAmount
        );
        _vault.setUnderAuction(account, true);
        if (tipAmount != 0) _vault.moveCollateral(account, msg.sender, tipAmount);
        if (q.equityWad <= 0) _trackDeficit(account, q.equityWad);
    }

    /// @inheritdoc ILiquidationEngine
    function bid(
        address account,
        uint256 expectedAuctionId,
        int256 expectedLot,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) external nonReentrant returns (uint256 soldWad) {
        return _bid(account, _bidKey(expectedAuctionId, expectedLot), maxSizeWad, priceLimitWad, callee, data);
    }

    /// @inheritdoc ILiquidationEngine
    function absorb(address account) external nonReentrant returns (uint256 sizeWad) {
        // the fund's price is the mark: no limit to check; the lot is whatever is live (no expectation)
        return _bid(account, type(uint256).max, type(uint256).max, 0, address(0), msg.data[0:0]);
    }

    /// @dev A bid's expected auction id and lot in one word, so that `_bid` keeps its stack: the id in bits
    /// 0..63 (ids are 64-bit: a larger one reverts), the signed lot in bits 64..255 (series ids are 32-bit).
    /// type(uint256).max: `absorb`.
    function _bidKey(uint256 expectedAuctionId, int256 expectedLot) internal pure returns (uint256) {
        return expectedAuctionId.toUint64() | (uint256(expectedLot) << 64);
    }

    /// @dev `bid` (and `absorb`): checks and quote, effects, transfers, callback, the bidder's margin re-check.
    function _bid(
        address account,
        uint256 bidKey,
        uint256 maxSizeWad,
        uint256 priceLimitWad,
        address callee,
        bytes calldata data
    ) internal returns (uint256 soldWad) {
        BidState memory b = _prepareBid(account, bidKey, maxSizeWad, callee);
        IMarginEngine.Quote memory q = b.q;
        LiquidationLib.Settlement memory s = b.s;
        if (!b.absorb && (s.isShort ? s.priceWad < priceLimitWad : s.priceWad > priceLimitWad)) {
            revert PriceLimitExceeded(s.priceWad, priceLimitWad, s.isShort);
        }
        soldWad = q.sizeWad;
        // the bidder's margin with the slice and the cash, from the quote (same block, same prices as a check
        // after the transfer), less 2 token units for the share rounding of its two cash moves; a callback
        // bid (the callee acts after the transfer) and a bid that socializes a loss (the collateral index
        // moves) are checked after the transfer instead
        bool checkAfter = (callee != address(0) || s.shortfall != 0 || q.pairSeriesId != 0) && !b.absorb;
        if (!checkAfter && !b.absorb) {
            int256 equityWad = q.bidderEquityWad + (s.toBidder * collateralScale).toInt256()
                - ((s.fromBidder + 2) * collateralScale).toInt256();
            if (equityWad < q.bidderInitialWad.toInt256()) revert BidderUnhealthy(b.bidder, q.bidderInitialWad, equityWad);
        }

        // effects
        if (b.recovered) _close(_auctions[account]);
        else if (b.closeOut) _auctions[account].closeOut = true;
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
        if (q.pairSeriesId != 0) emit BidHedge(account, b.auctionId, q.pairSeriesId, q.pairSizeWad);
        if (b.recovered) {
            EndReason reason = q.maintenanceAfterWad == 0 ? EndReason.ClosedOut : EndReason.BidRestoredTarget;
            emit EndAuction(account, b.auctionId, q.ratioAfterWad, reason);
        }

        // interactions (the vault is trusted; the callee runs under the reentrancy guard)
        // the vault clears the account's auction flag with the transfer when this bid ends the auction
        _transfer(account, b.bidder, q, s, callee != address(0), b.recovered);
        if (callee != address(0)) _callback(account, callee, q, s, data);
        if (checkAfter) {
            (int256 equityWad,, uint256 initialWad) = _margin.margin(_vault.bookOf(b.bidder), false);
            if (equityWad < initialWad.toInt256()) revert BidderUnhealthy(b.bidder, initialWad, equityWad);
        }
        // an insolvent account's deficit: what it still owes after this bid at fair marks (also when it
        // became insolvent after its auction started), dropped when its auction closes
        if (b.insolvent || q.equityWad <= 0) {
            if (!b.recovered) _auctions[account].insolvent = true;
            _trackDeficit(account, b.recovered ? int256(0) : b.equityAfterWad);
        }
    }

    /// @inheritdoc ILiquidationEngine
    function refreshDeficit(address account) external nonReentrant {
        Auction storage a = _auctions[account];
        if (!a.active) revert AuctionNotActive(account);
        (int256 equityWad,,) = _margin.margin(_vault.bookOf(account), false);
        // an account that became insolvent under a live auction counts from now on (as at a bid or reset)
        if (equityWad <= 0) a.insolvent = true;
        if (a.insolvent) _trackDeficit(account, equityWad);
    }

    /// @inheritdoc ILiquidationEngine
    function end(address account) external nonReentrant {
        Auction storage a = _auctions[account];
        if (!a.active) revert AuctionNotActive(account);
        (int256 equityWad, uint256 maintenanceWad,) = _margin.margin(_vault.bookOf(account), false);
        uint256 ratioWad = _ratio(equityWad, maintenanceWad);
        // close-out: only an account that needs no margin (its ratio is then type(uint256).max)
        uint256 target = a.closeOut ? type(uint256).max : _sets.cfg[a.paramsKey].targetRatioWad;
        if (ratioWad < target) revert NotRecovered(account, ratioWad, target);
        uint256 auctionId = a.id;
        bool insolvent = a.insolvent;
        _close(a);
        emit EndAuction(account, auctionId, ratioWad, maintenanceWad == 0 ? EndReason.ClosedOut : EndReason.Recovered);
        _vault.setUnderAuction(account, false);
        if (insolvent) _trackDeficit(account, 0);
    }

    /// @inheritdoc ILiquidationEngine
    function reset(address account) external nonReentrant {
        uint256 stoppedLevel = _sets.cfg[0].stopped;
        if (stoppedLevel >= 2) revert Stopped(stoppedLevel);
        Auction storage a = _auctions[account];
        if (!a.active) revert AuctionNotActive(account);
        if (!_resettable(_sets.cfg[a.paramsKey], a)) revert ResetNotAllowed(account);
        // the restarted auction takes the parameter set of its (new) lot's underlying
        (uint256 key,, IMarginEngine.Quote memory q) = _resolve(account, 0, true);
        if (q.seriesId == 0) revert ResetNotAllowed(account);
        a.paramsKey = uint8(key); // <= MAX_PARAM_SETS = 255

        uint256 previousId = a.id;
        uint256 auctionId = ++_lastAuctionId;
        _dirt = _dirt - a.notionalWad + q.notionalWad;
        a.startedAt = uint64(block.timestamp);
        a.startMarkWad = q.markPriceWad.toUint128();
        a.id = auctionId.toUint64();
        a.seriesId = q.seriesId.toUint64();
        a.notionalWad = q.notionalWad.toUint128();
        emit ResetAuction(account, auctionId, previousId, q.seriesId, q.markPriceWad, q.notionalWad);
        // a reset refreshes the deficit too (an account that became insolvent under a live auction counts)
        if (a.insolvent || q.equityWad <= 0) {
            a.insolvent = true;
            _trackDeficit(account, q.equityWad);
        }
    }

    // ================================================================ admin


    /// @inheritdoc ILiquidationEngine
    function setUnderlyingParams(address underlying, UnderlyingParams calldata p) external restricted {
        uint256 key = _keyOf[underlying];
        if (key == 0 && underlying != address(0)) {
            key = _keyCount + 1;
            if (key > MAX_PARAM_SETS) revert TooManyParamSets(MAX_PARAM_SETS);
            _keyCount = key;
            _keyOf[underlying] = key;
            _sets.cfg[key].stopped = _sets.cfg[0].stopped;
        }
        LiquidationParamsLib.write(_sets, key, p);
        emit SetUnderlyingParams(underlying, key, _paramsOf(key));
    }

    /// @inheritdoc ILiquidationEngine
    function removeUnderlyingParams(address underlying) external restricted {
        uint256 key = _keyOf[underlying];
        if (key == 0) revert NoParamSet(underlying);
        // live auctions keep the set until their end or reset; the key is not handed out again
        _keyOf[underlying] = 0;
        emit RemoveUnderlyingParams(underlying, key);
    }

    /// @inheritdoc ILiquidationEngine
    function setHole(uint256 holeWad) external restricted {
        if (holeWad == 0) revert HoleOutOfRange(holeWad);
        _hole = holeWad;
        emit SetHole(holeWad);
    }

    /// @inheritdoc ILiquidationEngine
    function setStopped(uint256 level) external restricted {
        if (level > 3) revert StopLevelOutOfRange(level, 3);
        // one level for the whole engine, kept in every parameter set so that a bid reads it with its set
        uint256 n = _keyCount;
        for (uint256 k; k <= n; ++k) {
            _sets.cfg[k].stopped = uint8(level);
        }
        emit SetStopped(level);
    }

    // ================================================================ views

    /// @inheritdoc ILiquidationEngine
    function vault() external view returns (address) {
        return address(_vault);
    }

    /// @inheritdoc ILiquidationEngine
    function marginEngine() external view returns (address) {
        return address(_margin);
    }


    /// @inheritdoc ILiquidationEngine
    function auctionOf(address account) external view returns (Auction memory) {
        return _auctions[account];
    }

    /// @inheritdoc ILiquidationEngine
    function underlyingParams(address underlying) external view returns (uint256 key, UnderlyingParams memory p) {
        key = _keyOf[underlying];
        p = _paramsOf(key);
    }

    /// @inheritdoc ILiquidationEngine
    function paramSet(uint256 key) external view returns (UnderlyingParams memory) {
        return _paramsOf(key);
    }

    /// @dev Parameter set `key` as stored.
    function _paramsOf(uint256 key) internal view returns (UnderlyingParams memory) {
        return LiquidationParamsLib.read(_sets, key);
    }

    /// @inheritdoc ILiquidationEngine
    function hole() external view returns (uint256 holeWad, uint256 dirtWad) {
        return (_hole, _dirt);
    }

    /// @inheritdoc ILiquidationEngine
    function stopped() external view returns (uint256) {
        return _sets.cfg[0].stopped;
    }


    // ================================================================ internals

    /// @dev One pricing pass over the account (see IMarginEngine.liquidationQuote).
    /// @dev `live`: the account is in liquidation (its auction is open). It stays in liquidation until
    /// its ratio is back at the target, so while live the first tier reaches up to the target: between
    /// the first threshold and the target a bid may still take the first tier's share (otherwise an
    /// auction that a bid left just short of the target could neither sell nor end).
    function _quote(
        address account,
        uint256 key,
        LiquidationParamsLib.Config memory c,
        uint256 discountWad,
        uint256 bidCapWad,
        bool live,
        address bidder
    ) internal view returns (IMarginEngine.Quote memory) {
        uint256 n = c.tierCount;
        IMarginEngine.QuoteParams memory qp;
        qp.targetRatioWad = c.targetRatioWad;
        qp.discountWad = discountWad;
        qp.bidCapWad = bidCapWad;
        qp.minSizeWad = c.minSizeWad;
        qp.bidder = bidder;
        qp.tierRatiosWad = new uint256[](n);
        qp.tierSharesWad = new uint256[](n);
        uint256 word = _sets.tierWord[key];
        for (uint256 i; i < n; ++i) {
            (qp.tierRatiosWad[i], qp.tierSharesWad[i]) = _unpackTier(word >> (i << 6));
        }
        // thresholds stay strictly decreasing: the target is above the first threshold (setTarget)
        if (live && n != 0 && qp.tierRatiosWad[0] < c.targetRatioWad) qp.tierRatiosWad[0] = c.targetRatioWad;
        // close-out (a loss of the account was covered): every lot is sold whole, whatever the ratio
        if (live && _auctions[account].closeOut) {
            (qp.tierRatiosWad[0], qp.tierSharesWad[0], qp.targetRatioWad) = (type(uint256).max, WAD, LiquidationLib.CLOSE_OUT_TARGET_WAD);
        }
        return _margin.liquidationQuote(_vault, account, qp);
    }

    /// @dev Current discount of an auction started (or reset) at `startedAt`; never above the max.
    function _discount(LiquidationParamsLib.Config memory c, uint256 startedAt) internal view returns (uint256) {
        return LiquidationLib.discount(c.curve, c.startDiscountWad, c.maxDiscountWad, block.timestamp - startedAt, c.duration);
    }

    /// @dev Whether the tail has passed or the lot's mark moved beyond the cusp: |mark − start| > cusp × start.
    function _resettable(LiquidationParamsLib.Config memory c, Auction memory a) internal view returns (bool) {
        if (block.timestamp - a.startedAt > c.tail) return true;
        uint256 mark = _margin.markPrice(_vault.series(a.seriesId));
        return LiquidationLib.resettable(a.startedAt, c.tail, c.cuspWad, mark, a.startMarkWad);
    }

    /// @dev Checks of a bid (or of `absorb`: bidKey type(uint256).max), its quote (one pricing pass) and
    /// its cash legs.
    function _prepareBid(address account, uint256 bidKey, uint256 maxSizeWad, address callee)
        internal
        view
        returns (BidState memory b)
    {
        Auction storage a = _auctions[account];
        uint256 key = a.paramsKey;
        LiquidationParamsLib.Config memory c = _sets.cfg[key];
        if (c.stopped >= 3) revert Stopped(c.stopped);
        if (!a.active) revert AuctionNotActive(account);
        b.targetRatioWad = c.targetRatioWad;
        b.insolvent = a.insolvent;
        b.closeOut = a.closeOut;
        b.auctionId = a.id;
        b.absorb = bidKey == type(uint256).max;
        if (!b.absorb && b.auctionId != uint64(bidKey)) revert StaleAuction(account, uint64(bidKey), b.auctionId);
        if (maxSizeWad == 0) revert ZeroBid();
        b.bidder = b.absorb ? address(_vault) : callee == address(0) ? msg.sender : callee;
        if (b.bidder == account) revert SelfBid(account);

        // the fund takes the lot at its mark; a bidder at the auction's discount
        b.discountWad = b.absorb ? 0 : _discount(c, a.startedAt);
        IMarginEngine.Quote memory q = _quote(
            account, key, c, b.discountWad, maxSizeWad, true, callee == address(0) && !b.absorb ? b.bidder : address(0)
        );
        b.q = q;
        if (q.tier == 0) revert NotLiquidatable(account, q.ratioWad, _tierAt(key, 0).ratioWad);
        if (q.sizeWad == 0) revert NothingToSell(account, q.maxSizeWad);
        if (b.absorb) {
            // an insolvent account's lot that no bidder takes: below the dust size, or unbid at the curve's
            // maximum discount (its whole duration has run)
            if (q.equityWad > 0 || (q.sizeWad >= c.minSizeWad && block.timestamp - a.startedAt < c.duration)) {
                revert NotAbsorbable(account, q.equityWad, q.sizeWad);
            }
        } else {
            // the lot the bid priced and who pays for it: −(id | hedge id << 32) when the bidder is paid (a
            // short lot, or a combined lot worth less than nothing), +(…) when it pays (the vault's ids are 32 bits)
            int256 lot = int256(q.seriesId | q.pairSeriesId << 32);
            if (q.accountPays) lot = -lot;
            if (int256(bidKey) >> 64 != lot) revert UnexpectedLot(account, int256(bidKey) >> 64, lot);
            if (!b.closeOut && !LiquidationLib.accepted(q)) revert BidLowersRatio(account, q.ratioWad, q.ratioAfterWad);
        }
        uint256 collateral = q.collateralWad / collateralScale; // exact: the quote read it
        LiquidationLib.Settlement memory st = LiquidationLib.settle(
            q.accountPays, q.sizeWad, q.unitMarkWad, q.accountCash, q.equityWad > 0 ? c.fundShareWad : 0, collateral, collateralScale
        );
        // a short lot the account cannot pay for: the loss socialized is at most the deficit it consumes
        if (st.shortfall != 0) {
            LiquidationLib.capShortfall(st, q.sizeWad, q.unitMarkWad, _vault.insuranceFund(), collateralScale);
            b.closeOut = true;
        }
        b.s = st;
        // the account's equity after, with the cash the vault covers (or the bidder forgoes) given back: what
        // it still owes at fair marks. An auction in close-out (a loss of the account was covered, before or
        // by this bid) ends only when the account needs no margin; any other when its ratio is back at the
        // target
        b.equityAfterWad = q.equityAfterWad + ((q.accountCash - st.accountCash) * collateralScale).toInt256();
        b.recovered = b.closeOut ? q.maintenanceAfterWad == 0 : q.ratioAfterWad >= b.targetRatioWad;
    }

    /// @dev Callback bid: call the callee with the slice in its account, then collect a long lot's price.
    function _callback(
        address account,
        address callee,
        IMarginEngine.Quote memory q,
        LiquidationLib.Settlement memory s,
        bytes calldata data
    ) internal {
        // sizeWad <= 1e30: the cast is exact
        int256 slice = q.positionWad < 0 ? -q.sizeWad.toInt256() : q.sizeWad.toInt256();
        // one lock across the protocol: the vault's entry points are locked while the callee runs
        _vault.setLiquidationLock(true);
        ILiquidationCallee(callee).onLiquidationBid(
            msg.sender, account, q.seriesId, slice, s.isShort ? s.toBidder : s.fromBidder, data
        );
        _vault.setLiquidationLock(false);
        if (!s.isShort) {
            if (s.accountCash != 0) _vault.moveCollateral(callee, account, s.accountCash);
            if (s.fundShare != 0) _vault.moveCollateral(callee, address(_vault), s.fundShare);
        }
    }

    /// @dev Move the slice (a combined lot's hedge first) and the cash (see LiquidationLib.Settlement). For
    /// a callback bid in which the bidder pays, it pays after the callback (done by the caller).
    function _transfer(
        address account,
        address bidder,
        IMarginEngine.Quote memory q,
        LiquidationLib.Settlement memory s,
        bool callback,
        bool endsAuction
    ) internal {
        // sizes <= 1e30 and cash amounts <= the vault's balances: the casts are exact
        if (q.pairSizeWad != 0) _vault.transferPosition(account, bidder, q.pairSeriesId, q.pairSizeWad.toInt256(), 0, 0, false);
        int256 slice = q.positionWad < 0 ? -q.sizeWad.toInt256() : q.sizeWad.toInt256();
        // the fund's share of the penalty travels with the slice (paid by the side paying for it); a callback
        // bidder pays after its callback
        (int256 cash, uint256 fee) = s.isShort
            ? ((s.accountCash - s.fundShare).toInt256(), s.fundShare)
            : callback ? (int256(0), uint256(0)) : (-s.accountCash.toInt256(), s.fundShare);
        _vault.transferPosition(account, bidder, q.seriesId, slice, cash, fee, endsAuction);
        if (s.shortfall != 0) _vault.coverLoss(account, bidder, s.shortfall);
    }

    /// @dev The parameter set of an account's lot (not under auction, or being reset): the default's quote
    /// picks the lot; when its underlying has a set of its own, the account is quoted again with it (so
    /// an underlying's tiers, target, curve and dust decide its auctions). Starting discount, bid cap
    /// `bidCapWad`, `live` as in `_quote`.
    function _resolve(address account, uint256 bidCapWad, bool live)
        internal
        view
        returns (uint256 key, LiquidationParamsLib.Config memory c, IMarginEngine.Quote memory q)
    {
        c = _sets.cfg[0];
        q = _quote(account, 0, c, c.startDiscountWad, bidCapWad, live, address(0));
        if (q.seriesId == 0 || _keyCount == 0) return (0, c, q);
        key = _keyOf[_vault.series(q.seriesId).underlying];
        if (key == 0) return (0, c, q);
        c = _sets.cfg[key];
        q = _quote(account, key, c, c.startDiscountWad, bidCapWad, live, address(0));
    }

    /// @dev Tier `i` of set `key`'s packed table.
    function _tierAt(uint256 key, uint256 i) internal view returns (Tier memory t) {
        (uint256 ratioWad, uint256 shareWad) = _unpackTier(_sets.tierWord[key] >> (i << 6));
        // each field < 2^32 and × 1e9 < 2^64: the casts are exact
        (t.ratioWad, t.shareWad) = (uint64(ratioWad), uint64(shareWad));
    }

    /// @dev (ratio, share) [wad] of the tier in the low 64 bits of `bits`.
    function _unpackTier(uint256 bits) internal pure returns (uint256 ratioWad, uint256 shareWad) {
        return ((bits & 0xffffffff) * TIER_UNIT, ((bits >> 32) & 0xffffffff) * TIER_UNIT);
    }

    /// @dev Write tier `i` of the packed table; values are whole TIER_UNITs, ratio <= MAX_TIER_RATIO and
    /// share <= 1e18 (setTiers' checks), so each fits 32 bits (2e9 < 2^32).
    function _setTier(uint256 key, uint256 i, Tier memory t) internal {
        uint256 shift = i << 6;
        uint256 packed = (t.ratioWad / TIER_UNIT) | ((t.shareWad / TIER_UNIT) << 32);
        uint256 word = _sets.tierWord[key];
        _sets.tierWord[key] = (word & ~(uint256(type(uint64).max) << shift)) | (packed << shift);
    }

    /// @dev End the live auction: release its notional from the cap.
    function _close(Auction storage a) internal {
        _dirt -= a.notionalWad;
        (a.active, a.insolvent) = (false, false);
    }

    /// @dev Record the account's deficit in the vault: −equityWad rounded up to a token unit (0 when
    /// equity >= 0). The vault pauses withdrawals while Σ deficits exceeds its insurance fund.
    function _trackDeficit(address account, int256 equityWad) internal {
        uint256 scale = collateralScale;
        _vault.setDeficit(account, equityWad >= 0 ? 0 : (uint256(-equityWad) + scale - 1) / scale);
    }

    function _ratio(int256 equityWad, uint256 maintenanceWad) internal pure returns (uint256) {
        if (maintenanceWad == 0) return type(uint256).max;
        if (equityWad <= 0) return 0;
        return Math.mulDiv(uint256(equityWad), WAD, maintenanceWad);
    }
}
