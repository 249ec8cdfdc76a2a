// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDiscountCurve} from "../../../contracts/interfaces/IDiscountCurve.sol";
import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {ILiquidationLens} from "../../../contracts/interfaces/ILiquidationLens.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {OrderLib} from "../../../contracts/libraries/OrderLib.sol";
import {ProtocolFixture} from "../../utils/ProtocolFixture.sol";

/// @notice Shared fixture on the real contracts: AccessManager (admin: this test), 6-decimal USDC,
/// MockPriceFeed ETH/USD (8 decimals) behind the OracleHub, OptionVault, MarginEngine (ETH: h 15%,
/// v 0.30, floor 3%, IM ×1.3, no size tiers), LinearDiscount, LiquidationEngine (defaults) holding the
/// vault's liquidator role, the MarginLens and LiquidationLens (test/utils/ProtocolFixture.sol). Four 30-day series at spot 2,000: call and put 2,000,
/// call 2,200, put 1,800. Alice is the account liquidated, Bob her counterparty, Carol and Dave bidders.
abstract contract LiquidationTestBase is ProtocolFixture {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant T0 = 1_700_000_000;
    uint256 internal constant ALICE_PK = 0xA11CE;
    uint256 internal constant BOB_PK = 0xB0B;
    uint256 internal constant CAROL_PK = 0xCA401;
    uint256 internal constant DAVE_PK = 0xDA7E;

    uint64 internal expiry;
    uint256 internal call2000;
    uint256 internal put2000;
    uint256 internal call2200;
    uint256 internal put1800;
    address internal alice;
    address internal bob;
    address internal carol;
    address internal dave;
    address internal keeper = address(0x4EE9);
    uint256 private _salt;

    function setUp() public virtual {
        vm.warp(T0);
        vm.roll(100);
        expiry = uint64(T0 + 30 days);
        alice = vm.addr(ALICE_PK);
        bob = vm.addr(BOB_PK);
        carol = vm.addr(CAROL_PK);
        dave = vm.addr(DAVE_PK);

        _deployProtocol(2000e8, expiry);

        call2000 = vault.listSeries(ETH, 2000e18, expiry, true);
        put2000 = vault.listSeries(ETH, 2000e18, expiry, false);
        call2200 = vault.listSeries(ETH, 2200e18, expiry, true);
        put1800 = vault.listSeries(ETH, 1800e18, expiry, false);

        _fund(bob, 10_000_000e6);
        _fund(carol, 10_000_000e6);
        _fund(dave, 10_000_000e6);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev `taker` fills a fresh order of the maker (key `makerPk`): maker buys (`makerBuys`) or sells.
    function _trade(uint256 makerPk, address taker, uint256 seriesId, bool makerBuys, uint256 sizeWad, uint256 price)
        internal
    {
        _tradeOrRevert(makerPk, taker, seriesId, makerBuys, sizeWad, price, "");
    }

    /// @dev As `_trade`, expecting the fill to revert with `err` when it is not empty.
    function _tradeOrRevert(
        uint256 makerPk,
        address taker,
        uint256 seriesId,
        bool makerBuys,
        uint256 sizeWad,
        uint256 price,
        bytes memory err
    ) internal {
        OrderLib.Order memory o = OrderLib.Order({
            maker: vm.addr(makerPk),
            seriesId: seriesId,
            isBuy: makerBuys,
            sizeWad: sizeWad,
            price: price,
            deadline: block.timestamp + 1 days,
            nonce: vault.nonceOf(vm.addr(makerPk)),
            salt: ++_salt
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(makerPk, vault.hashOrder(o));
        if (err.length != 0) vm.expectRevert(err);
        vm.prank(taker);
        vault.fill(o, abi.encodePacked(r, s, v), sizeWad);
    }

    /// @dev Alice sells `sizeWad` of `seriesId` to Bob at its mark, funded to `imMultipleWad` × her initial
    /// requirement; then the block advances (cool-off).
    function _aliceSells(uint256 seriesId, uint256 sizeWad, uint256 collateral) internal {
        _fund(alice, collateral);
        uint256 mark = lens.markPrice(seriesId);
        _trade(BOB_PK, alice, seriesId, true, sizeWad, mark / 1e12); // price [token decimals per contract]
        vm.roll(block.number + 1);
    }

    /// @dev Alice buys `sizeWad` of `seriesId` from Bob at its mark.
    function _aliceBuys(uint256 seriesId, uint256 sizeWad) internal {
        uint256 mark = lens.markPrice(seriesId);
        _trade(BOB_PK, alice, seriesId, false, sizeWad, mark / 1e12 + 1);
        vm.roll(block.number + 1);
    }

    /// @dev Set the ETH spot [wad] (8-decimal feed).
    function _setSpot(uint256 spotWad) internal {
        feed.updateAnswer(int256(spotWad / 1e10));
    }

    function _ratio(address account) internal view returns (uint256) {
        (int256 e, uint256 mm,) = lens.accountMarginIgnoringSequencer(account);
        if (mm == 0) return type(uint256).max;
        if (e <= 0) return 0;
        return uint256(e) * WAD / mm;
    }

    /// @dev Move the spot up (short-call books) until the account's ratio is just below `ratioWad`.
    function _pushRatioBelow(address account, uint256 ratioWad) internal {
        uint256 lo = 2000e18;
        uint256 hi = 6000e18;
        for (uint256 i; i < 48; ++i) {
            uint256 mid = (lo + hi) / 2;
            _setSpot(mid);
            if (_ratio(account) < ratioWad) hi = mid;
            else lo = mid;
        }
        _setSpot(hi);
        require(_ratio(account) < ratioWad, "could not reach ratio");
    }

    /// @dev The engine's default parameter set.
    function _defaults() internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        (, p) = liq.underlyingParams(address(0));
    }

    function _status(address account) internal view returns (ILiquidationEngine.AuctionStatus memory) {
        return liqLens.auctionStatus(account);
    }

    /// @dev The margin engine's quote on the vault's books, as the liquidation engine asks for it (the
    /// bidder's book priced only when `qp.bidder` is set).
    function _liquidationQuote(address account, IMarginEngine.QuoteParams memory qp)
        internal
        view
        returns (IMarginEngine.Quote memory)
    {
        return margin.liquidationQuote(IOptionVault(address(vault)), account, qp);
    }

    function _start(address account) internal returns (uint256 id) {
        vm.prank(keeper);
        id = liq.start(account);
    }

    function _bid(address bidder, address account, uint256 maxSize) internal returns (uint256 sold) {
        _nextLot = _lot(account);
        ILiquidationEngine.AuctionStatus memory st = liqLens.auctionStatus(account);
        vm.prank(bidder);
        sold = liq.bid(account, st.auctionId, _nextLot, maxSize, st.lotIsShort ? 0 : type(uint256).max, address(0), "");
    }

    // ---------------------------------------------------------------- default parameter set

    /// @dev Write `p` as the default parameter set (the seven former default setters).
    function _setDefaults(ILiquidationEngine.UnderlyingParams memory p) internal {
        liq.setUnderlyingParams(address(0), p);
    }

    /// @dev The default set with its tier table replaced.
    function _defaultsWithTiers(ILiquidationEngine.Tier[] memory tiers) internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        p = _defaults();
        p.tiers = tiers;
    }

    function _setTiers(ILiquidationEngine.Tier[] memory tiers) internal {
        _setDefaults(_defaultsWithTiers(tiers));
    }

    function _defaultsWithTarget(uint256 targetRatioWad) internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        p = _defaults();
        p.targetRatioWad = targetRatioWad;
    }

    function _setTarget(uint256 targetRatioWad) internal {
        _setDefaults(_defaultsWithTarget(targetRatioWad));
    }

    function _defaultsWithCurve(IDiscountCurve curve, uint256 startDiscountWad, uint256 maxDiscountWad, uint256 duration)
        internal
        view
        returns (ILiquidationEngine.UnderlyingParams memory p)
    {
        p = _defaults();
        (p.curve, p.startDiscountWad, p.maxDiscountWad, p.duration) = (curve, startDiscountWad, maxDiscountWad, duration);
    }

    function _setCurve(IDiscountCurve curve, uint256 startDiscountWad, uint256 maxDiscountWad, uint256 duration) internal {
        _setDefaults(_defaultsWithCurve(curve, startDiscountWad, maxDiscountWad, duration));
    }

    function _defaultsWithReset(uint256 tail, uint256 cuspWad) internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        p = _defaults();
        (p.tail, p.cuspWad) = (tail, cuspWad);
    }

    function _setReset(uint256 tail, uint256 cuspWad) internal {
        _setDefaults(_defaultsWithReset(tail, cuspWad));
    }

    function _defaultsWithFundShare(uint256 fundShareWad) internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        p = _defaults();
        p.fundShareWad = fundShareWad;
    }

    function _setFundShare(uint256 fundShareWad) internal {
        _setDefaults(_defaultsWithFundShare(fundShareWad));
    }

    function _defaultsWithTip(uint256 flat, uint256 shareWad, uint256 cap) internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        p = _defaults();
        (p.tipFlat, p.tipShareWad, p.tipCap) = (flat, shareWad, cap);
    }

    function _setTip(uint256 flat, uint256 shareWad, uint256 cap) internal {
        _setDefaults(_defaultsWithTip(flat, shareWad, cap));
    }

    function _defaultsWithMinSize(uint256 minSizeWad) internal view returns (ILiquidationEngine.UnderlyingParams memory p) {
        p = _defaults();
        p.minSizeWad = minSizeWad;
    }

    function _setMinSize(uint256 minSizeWad) internal {
        _setDefaults(_defaultsWithMinSize(minSizeWad));
    }
}
