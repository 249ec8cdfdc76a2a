// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";
import {ILiquidationLens} from "../interfaces/ILiquidationLens.sol";
import {IMarginEngine} from "../interfaces/IMarginEngine.sol";
import {IMarginLens} from "../interfaces/IMarginLens.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {LiquidationLib} from "../libraries/LiquidationLib.sol";

/// @title LiquidationLens
/// @notice Read-only auction views (see ILiquidationLens): the engine's auction state and parameter sets,
/// quoted by the margin engine exactly as a bid is (same quote parameters, same one-pass quote).
/// Stateless: redeploy it at will.
contract LiquidationLens is ILiquidationLens {
    ILiquidationEngine internal immutable _engine;
    IOptionVault internal immutable _vault;
    IMarginEngine internal immutable _margin;
    IMarginLens internal immutable _marginLens;

    /// @param engine_ The liquidation engine. @param marginLens_ The margin lens (liquidation prices).
    constructor(ILiquidationEngine engine_, IMarginLens marginLens_) {
        if (address(engine_) == address(0) || address(marginLens_) == address(0)) revert ILiquidationEngine.ZeroAddress();
        _engine = engine_;
        _vault = IOptionVault(engine_.vault());
        _margin = IMarginEngine(engine_.marginEngine());
        _marginLens = marginLens_;
    }

    /// @inheritdoc ILiquidationLens
    function liquidationEngine() external view returns (address) {
        return address(_engine);
    }

    /// @inheritdoc ILiquidationLens
    function auctionStatus(address account) public view returns (ILiquidationEngine.AuctionStatus memory st) {
        ILiquidationEngine.Auction memory a = _engine.auctionOf(account);
        st.auctionId = a.id;
        st.active = a.active;
        st.startedAt = a.startedAt;
        ILiquidationEngine.UnderlyingParams memory p;
        IMarginEngine.Quote memory q;
        uint256 stopped = _engine.stopped();
        if (a.active) {
            p = _engine.paramSet(a.paramsKey);
            st.discountWad = _discount(p, a.startedAt);
            // as the engine: a close-out sells every lot whole, whatever the ratio, and ends holding nothing
            if (a.closeOut) p.targetRatioWad = uint128(LiquidationLib.CLOSE_OUT_TARGET_WAD);
            q = _quote(account, p, st.discountWad, true);
        } else {
            (p, q) = _resolve(account);
            st.discountWad = p.startDiscountWad;
        }
        st.seriesId = q.seriesId;
        (st.pairSeriesId, st.pairSizeWad) = (q.pairSeriesId, q.pairSizeWad);
        st.lotIsShort = q.accountPays;
        // only what a bid can take: none when the engine would refuse the sale at this discount
        st.maxSizeWad = LiquidationLib.accepted(q) ? q.sizeWad : 0;
        if (st.maxSizeWad == 0) st.pairSizeWad = 0;
        st.markPriceWad = q.unitMarkWad;
        st.bidPriceWad = LiquidationLib.bidderUnitPrice(
            q.unitMarkWad, st.discountWad, q.equityWad > 0 ? p.fundShareWad : 0, st.lotIsShort
        );
        st.ratioWad = q.ratioWad;
        st.tier = q.tier;
        if (a.active) {
            st.canEnd = q.ratioWad >= p.targetRatioWad;
            // as the engine's absorb: an insolvent lot below the dust size, or unbid at the maximum discount
            st.canAbsorb = stopped < 3 && q.equityWad <= 0 && q.sizeWad != 0
                && (q.sizeWad < p.minSizeWad || block.timestamp - a.startedAt >= p.duration);
            st.canReset = stopped < 2 && q.seriesId != 0
                && LiquidationLib.resettable(
                    a.startedAt, p.tail, p.cuspWad, _margin.markPrice(_vault.series(a.seriesId)), a.startMarkWad
                );
        } else {
            (uint256 holeWad, uint256 dirtWad) = _engine.hole();
            st.canStart = stopped < 1 && q.tier != 0 && q.seriesId != 0 && account != address(_vault)
                && _vault.lastTradeBlock(account) != block.number && dirtWad + q.notionalWad <= holeWad;
        }
    }

    /// @inheritdoc ILiquidationLens
    function discountOf(address account) external view returns (uint256) {
        ILiquidationEngine.Auction memory a = _engine.auctionOf(account);
        return a.active ? _discount(_engine.paramSet(a.paramsKey), a.startedAt) : 0;
    }

    /// @dev The discount of an auction started (or reset) at `startedAt` under set `p` (as the engine's).
    function _discount(ILiquidationEngine.UnderlyingParams memory p, uint256 startedAt) internal view returns (uint256) {
        return LiquidationLib.discount(p.curve, p.startDiscountWad, p.maxDiscountWad, block.timestamp - startedAt, p.duration);
    }

    /// @inheritdoc ILiquidationLens
    function auctionDetail(address account) external view returns (ILiquidationEngine.AuctionDetail memory d) {
        d.status = auctionStatus(account);
        if (d.status.active) {
            uint256 resetAt = uint256(d.status.startedAt) + _engine.paramSet(_engine.auctionOf(account).paramsKey).tail;
            // the tail lets a reset through once block.timestamp − startedAt > tail
            d.resetInSec = block.timestamp > resetAt ? 0 : resetAt + 1 - block.timestamp;
        }
        if (d.status.seriesId == 0) return d;
        d.underlying = _vault.series(d.status.seriesId).underlying;
        (d.liquidationPriceDownWad, d.liquidationPriceUpWad) = _marginLens.liquidationPrice(account, d.underlying);
    }

    /// @inheritdoc ILiquidationLens
    function auctionStatusBatch(address[] calldata accounts)
        external
        view
        returns (ILiquidationEngine.AuctionStatus[] memory out)
    {
        out = new ILiquidationEngine.AuctionStatus[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            out[i] = auctionStatus(accounts[i]);
        }
    }

    /// @dev The quote a status query gets (no bid cap, no bidder) under parameter set `p`; `live` as in the
    /// engine: an open auction's first tier reaches up to the target.
    function _quote(address account, ILiquidationEngine.UnderlyingParams memory p, uint256 discountWad, bool live)
        internal
        view
        returns (IMarginEngine.Quote memory)
    {
        uint256 n = p.tiers.length;
        IMarginEngine.QuoteParams memory qp;
        qp.targetRatioWad = p.targetRatioWad;
        qp.discountWad = discountWad;
        qp.bidCapWad = type(uint256).max;
        qp.minSizeWad = p.minSizeWad;
        qp.tierRatiosWad = new uint256[](n);
        qp.tierSharesWad = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            (qp.tierRatiosWad[i], qp.tierSharesWad[i]) = (p.tiers[i].ratioWad, p.tiers[i].shareWad);
        }
        if (live && n != 0 && qp.tierRatiosWad[0] < p.targetRatioWad) qp.tierRatiosWad[0] = p.targetRatioWad;
        // a close-out's target (see auctionStatus): one tier selling every lot whole
        if (p.targetRatioWad == LiquidationLib.CLOSE_OUT_TARGET_WAD) qp.tierSharesWad[0] = 1e18;
        return _margin.liquidationQuote(_vault, account, qp);
    }

    /// @dev As the engine's `start`: the default's quote picks the lot; when its underlying has its own
    /// set, the account is quoted again with it.
    function _resolve(address account)
        internal
        view
        returns (ILiquidationEngine.UnderlyingParams memory p, IMarginEngine.Quote memory q)
    {
        p = _engine.paramSet(0);
        q = _quote(account, p, p.startDiscountWad, false);
        if (q.seriesId == 0) return (p, q);
        (uint256 key, ILiquidationEngine.UnderlyingParams memory own) =
            _engine.underlyingParams(_vault.series(q.seriesId).underlying);
        if (key == 0) return (p, q);
        p = own;
        q = _quote(account, p, p.startDiscountWad, false);
    }
}
