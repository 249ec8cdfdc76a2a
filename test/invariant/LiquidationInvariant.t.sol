// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {OptionVault} from "../../contracts/core/OptionVault.sol";
import {IDiscountCurve} from "../../contracts/interfaces/IDiscountCurve.sol";
import {ILiquidationEngine} from "../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngineViews} from "../../contracts/interfaces/IMarginEngineViews.sol";
import {IOptionVault} from "../../contracts/interfaces/IOptionVault.sol";
import {OrderLib} from "../../contracts/libraries/OrderLib.sol";
import {LiquidationEngine} from "../../contracts/liquidation/LiquidationEngine.sol";
import {LinearDiscount} from "../../contracts/liquidation/curves/LinearDiscount.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {MockPriceFeed} from "../../contracts/mocks/MockPriceFeed.sol";
import {OracleHub} from "../../contracts/oracles/OracleHub.sol";
import {MarginEngine} from "../../contracts/risk/MarginEngine.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice Drives the real vault, margin engine, oracle hub and liquidation engine over random price
/// paths, time, trades, deposits, auction starts, bids (two bidders), ends and resets, and records any
/// violation of the liquidation invariants in ghost flags.
contract LiquidationHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address internal constant ETH = address(0xE7E7);
    uint256 internal constant ALICE_PK = 0xA11CE;
    uint256 internal constant BOB_PK = 0xB0B;

    AccessManager public manager;
    MockERC20 public token;
    MockPriceFeed public feed;
    OracleHub public hub;
    OptionVault public vault;
    MarginEngine public margin;
    LiquidationEngine public liq;
    uint64 public expiry;
    uint256 public callId;
    uint256 public putId;
    address public alice;
    address public bob;
    address[2] public bidders = [address(0xC0C0), address(0xD0D0)];
    uint256 private _salt;
    uint256 private _spotWad = 2000e18;

    // ghost state
    uint256 public bids;
    bool public valueNotConserved; // Δaccount + Δbidder + Δfund != 0 (collateral) in a bid
    bool public solventRatioLowered; // a bid lowered a solvent account's ratio
    bool public discountDecreased; // the discount fell within one auction
    bool public soldAboveThreshold; // a bid succeeded while the account was not in liquidation: ratio at or
    // above the target (an open auction keeps the account in liquidation between the first threshold and
    // the target), or an auction started at or above the first threshold
    uint256 private _lastAuctionId;
    uint256 private _lastDiscount;

    constructor() {
        vm.warp(1_700_000_000);
        vm.roll(100);
        expiry = uint64(block.timestamp + 30 days);
        alice = vm.addr(ALICE_PK);
        bob = vm.addr(BOB_PK);
        manager = new AccessManager(address(this));
        token = new MockERC20("USD Coin", "USDC", 6);
        feed = new MockPriceFeed(8, 2000e8);
        hub = new OracleHub(address(manager), address(0), 0);
        hub.setFeed(ETH, address(feed), 7 days);
        hub.setVolConfig(ETH, 0.05e18, 5e18, 5e18, 7 days);
        hub.setRate(ETH, 0.05e18);
        hub.setVol(ETH, expiry, 0.6e18);
        vault = new OptionVault(address(manager), address(token), address(hub));
        margin = new MarginEngine(address(manager), IOptionVault(address(vault)), hub);
        margin.setRiskParams(ETH, 0.15e18, 0.3e18, 0.03e18, 1.3e18);
        vault.setMarginEngine(address(margin));
        liq = new LiquidationEngine(
            address(manager),
            IOptionVault(address(vault)),
            IMarginEngineViews(address(margin)),
            IDiscountCurve(address(new LinearDiscount()))
        );
        vault.setLiquidator(address(liq));
        callId = vault.listSeries(ETH, 2000e18, expiry, true);
        putId = vault.listSeries(ETH, 1800e18, expiry, false);
        _fund(bob, 1e13);
        _fund(bidders[0], 1e13);
        _fund(bidders[1], 1e13);
        _fund(alice, 4000e6);
        _aliceSells(callId, 10e18);
    }

    function _fund(address account, uint256 amount) internal {
        token.mint(account, amount);
        vm.startPrank(account);
        token.approve(address(vault), amount);
        vault.deposit(amount);
        vm.stopPrank();
    }

    function _aliceSells(uint256 seriesId, uint256 size) internal {
        OrderLib.Order memory o = OrderLib.Order({
            maker: bob,
            seriesId: seriesId,
            isBuy: true,
            sizeWad: size,
            price: margin.markPrice(seriesId) / 1e12,
            deadline: block.timestamp + 1 days,
            nonce: vault.nonceOf(bob),
            salt: ++_salt
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(BOB_PK, vault.hashOrder(o));
        vm.prank(alice);
        try vault.fill(o, abi.encodePacked(r, s, v), size) {} catch {}
    }

    function _ratio() internal view returns (int256 equity, uint256 ratio) {
        uint256 mm;
        (equity, mm,) = margin.accountMarginIgnoringSequencer(alice);
        ratio = mm == 0 ? type(uint256).max : equity <= 0 ? 0 : uint256(equity) * 1e18 / mm;
    }

    function _checkDiscount() internal {
        ILiquidationEngine.Auction memory a = liq.auctionOf(alice);
        if (!a.active) return;
        uint256 d = liq.discountOf(alice);
        if (a.id == _lastAuctionId && d < _lastDiscount) discountDecreased = true;
        (_lastAuctionId, _lastDiscount) = (a.id, d);
    }

    // ---------------------------------------------------------------- actions

    function movePrice(uint256 seed) external {
        // random walk in [1,500, 4,000]
        uint256 step = seed % 401;
        _spotWad = _spotWad + step * 1e18 > 4000e18 + 200e18 ? _spotWad - 200e18 : _spotWad + step * 1e18 - 200e18;
        if (_spotWad < 1500e18) _spotWad = 1500e18;
        feed.updateAnswer(int256(_spotWad / 1e10));
        _checkDiscount();
    }

    function warp(uint256 seed) external {
        vm.warp(block.timestamp + seed % 20 minutes);
        vm.roll(block.number + 1);
        feed.updateAnswer(int256(_spotWad / 1e10));
        hub.setVol(ETH, expiry, 0.6e18);
        _checkDiscount();
    }

    function aliceTrades(uint256 seed) external {
        _aliceSells(seed % 2 == 0 ? callId : putId, 1e18 + seed % 3e18);
        _checkDiscount();
    }

    function aliceDeposits(uint256 seed) external {
        _fund(alice, 1e6 + seed % 500e6);
    }

    function start() external {
        vm.roll(block.number + 1);
        try liq.start(alice) {} catch {}
        _checkDiscount();
    }

    function bid(uint256 seed) external {
        ILiquidationEngine.Auction memory a = liq.auctionOf(alice);
        if (!a.active) return;
        address bidder = bidders[seed % 2];
        (int256 equityBefore, uint256 ratioBefore) = _ratio();
        // a cash lot: the riskiest position is a short but the lot is a long (sold to pay for the short;
        // the one sale that may lower a solvent ratio, see IMarginEngineViews.liquidationQuote)
        (uint256 riskiestId,) = margin.riskiestPosition(alice);
        bool cashLot = !liq.auctionStatus(alice).lotIsShort && vault.positionOf(alice, riskiestId) < 0;
        uint256 fund0 = vault.collateralOf(address(liq));
        uint256 a0 = vault.collateralOf(alice);
        uint256 b0 = vault.collateralOf(bidder);
        vm.prank(bidder);
        try liq.bid(alice, a.id, 1e15 + seed % 12e18, 0, address(0), "") returns (uint256) {
            ++bids;
            (, uint256 ratioAfter) = _ratio();
            if (ratioBefore >= 1.1e18) soldAboveThreshold = true;
            if (equityBefore > 0 && ratioAfter < ratioBefore && !cashLot) solventRatioLowered = true;
            int256 total = int256(vault.collateralOf(alice)) + int256(vault.collateralOf(bidder))
                + int256(vault.collateralOf(address(liq)));
            if (total != int256(a0) + int256(b0) + int256(fund0)) valueNotConserved = true;
        } catch {}
        _checkDiscount();
    }

    function end() external {
        try liq.end(alice) {} catch {}
    }

    function reset() external {
        try liq.reset(alice) {} catch {}
        _checkDiscount();
    }
}

/// @notice Liquidation invariants over random paths (see LiquidationHandler).
contract LiquidationInvariantTest {
    error InvariantBroken(string what);

    LiquidationHandler internal handler;

    function setUp() public {
        handler = new LiquidationHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The handler's paths reach bids (the invariants are not vacuous).
    function test_handler_reachesBids() public {
        for (uint256 i; i < 4; ++i) {
            handler.movePrice(400); // +200 each
        }
        handler.start();
        handler.bid(1);
        handler.bid(2);
        if (handler.bids() == 0) revert InvariantBroken("no bid reached");
        if (handler.valueNotConserved() || handler.soldAboveThreshold()) revert InvariantBroken("flags");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    function invariant_valueConserved() public view {
        if (handler.valueNotConserved()) revert InvariantBroken("penalty != bidder gain + fund share");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    function invariant_noBidLowersSolventRatio() public view {
        if (handler.solventRatioLowered()) revert InvariantBroken("a bid lowered a solvent ratio");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    function invariant_discountNeverDecreases() public view {
        if (handler.discountDecreased()) revert InvariantBroken("discount decreased within an auction");
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 48
    function invariant_nothingSoldAboveFirstThreshold() public view {
        if (handler.soldAboveThreshold()) revert InvariantBroken("sold above the first threshold");
    }
}
