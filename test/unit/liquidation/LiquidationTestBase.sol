// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {OptionVault} from "../../../contracts/core/OptionVault.sol";
import {IDiscountCurve} from "../../../contracts/interfaces/IDiscountCurve.sol";
import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngineViews} from "../../../contracts/interfaces/IMarginEngineViews.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {OrderLib} from "../../../contracts/libraries/OrderLib.sol";
import {LiquidationEngine} from "../../../contracts/liquidation/LiquidationEngine.sol";
import {LinearDiscount} from "../../../contracts/liquidation/curves/LinearDiscount.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {MockPriceFeed} from "../../../contracts/mocks/MockPriceFeed.sol";
import {OracleHub} from "../../../contracts/oracles/OracleHub.sol";
import {MarginEngine} from "../../../contracts/risk/MarginEngine.sol";

/// @notice The cheatcodes the liquidation tests use.
interface Vm {
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit() external;
    function assume(bool condition) external;
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

/// @notice Shared fixture on the real contracts: AccessManager (admin: this test), 6-decimal USDC,
/// MockPriceFeed ETH/USD (8 decimals) behind the OracleHub, OptionVault, MarginEngine (ETH: h 15%,
/// v 0.30, floor 3%, IM ×1.3, no size tiers), LinearDiscount, LiquidationEngine (defaults) holding the
/// vault's liquidator role. Four 30-day series at spot 2,000: call and put 2,000,
/// call 2,200, put 1,800. Alice is the account liquidated, Bob her counterparty, Carol and Dave bidders.
abstract contract LiquidationTestBase {
    error AssertionFailed(string what, uint256 a, uint256 b);
    error AssertionFailedInt(string what, int256 a, int256 b);

    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 internal constant WAD = 1e18;
    uint256 internal constant T0 = 1_700_000_000;
    address internal constant ETH = address(0xE7E7);
    uint256 internal constant ALICE_PK = 0xA11CE;
    uint256 internal constant BOB_PK = 0xB0B;
    uint256 internal constant CAROL_PK = 0xCA401;
    uint256 internal constant DAVE_PK = 0xDA7E;

    AccessManager internal manager;
    MockERC20 internal token;
    MockPriceFeed internal feed;
    OracleHub internal hub;
    OptionVault internal vault;
    MarginEngine internal margin;
    LinearDiscount internal linear;
    LiquidationEngine internal liq;
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
        linear = new LinearDiscount();
        liq = new LiquidationEngine(
            address(manager), IOptionVault(address(vault)), IMarginEngineViews(address(margin)), IDiscountCurve(address(linear))
        );

        vault.setLiquidator(address(liq));

        call2000 = vault.listSeries(ETH, 2000e18, expiry, true);
        put2000 = vault.listSeries(ETH, 2000e18, expiry, false);
        call2200 = vault.listSeries(ETH, 2200e18, expiry, true);
        put1800 = vault.listSeries(ETH, 1800e18, expiry, false);

        _fund(bob, 10_000_000e6);
        _fund(carol, 10_000_000e6);
        _fund(dave, 10_000_000e6);
    }

    // ---------------------------------------------------------------- helpers

    function _fund(address account, uint256 amount) internal {
        token.mint(account, amount);
        vm.startPrank(account);
        token.approve(address(vault), amount);
        vault.deposit(amount);
        vm.stopPrank();
    }

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
        uint256 mark = margin.markPrice(seriesId);
        _trade(BOB_PK, alice, seriesId, true, sizeWad, mark / 1e12); // price [token decimals per contract]
        vm.roll(block.number + 1);
    }

    /// @dev Alice buys `sizeWad` of `seriesId` from Bob at its mark.
    function _aliceBuys(uint256 seriesId, uint256 sizeWad) internal {
        uint256 mark = margin.markPrice(seriesId);
        _trade(BOB_PK, alice, seriesId, false, sizeWad, mark / 1e12 + 1);
        vm.roll(block.number + 1);
    }

    /// @dev Set the ETH spot [wad] (8-decimal feed).
    function _setSpot(uint256 spotWad) internal {
        feed.updateAnswer(int256(spotWad / 1e10));
    }

    function _ratio(address account) internal view returns (uint256) {
        (int256 e, uint256 mm,) = margin.accountMarginIgnoringSequencer(account);
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
        return liq.auctionStatus(account);
    }

    function _start(address account) internal returns (uint256 id) {
        vm.prank(keeper);
        id = liq.start(account);
    }

    function _bid(address bidder, address account, uint256 maxSize) internal returns (uint256 sold) {
        ILiquidationEngine.AuctionStatus memory st = liq.auctionStatus(account);
        vm.prank(bidder);
        sold = liq.bid(account, st.auctionId, maxSize, st.lotIsShort ? 0 : type(uint256).max, address(0), "");
    }

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what, a, b);
    }

    function assertEq(int256 a, int256 b, string memory what) internal pure {
        if (a != b) revert AssertionFailedInt(what, a, b);
    }

    function assertTrue(bool c, string memory what) internal pure {
        if (!c) revert AssertionFailed(what, 0, 1);
    }

    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert AssertionFailed(what, a, b);
    }

    function assertGe(uint256 a, uint256 b, string memory what) internal pure {
        if (a < b) revert AssertionFailed(what, a, b);
    }
}
