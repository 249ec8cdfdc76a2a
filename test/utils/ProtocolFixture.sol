// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {OptionVault} from "../../contracts/core/OptionVault.sol";
import {IDiscountCurve} from "../../contracts/interfaces/IDiscountCurve.sol";
import {ILiquidationEngine} from "../../contracts/interfaces/ILiquidationEngine.sol";
import {IMarginEngine} from "../../contracts/interfaces/IMarginEngine.sol";
import {IMarginLens} from "../../contracts/interfaces/IMarginLens.sol";
import {IOptionVault} from "../../contracts/interfaces/IOptionVault.sol";
import {LiquidationLens} from "../../contracts/lens/LiquidationLens.sol";
import {MarginLens} from "../../contracts/lens/MarginLens.sol";
import {LiquidationEngine} from "../../contracts/liquidation/LiquidationEngine.sol";
import {LinearDiscount} from "../../contracts/liquidation/curves/LinearDiscount.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {MockPriceFeed} from "../../contracts/mocks/MockPriceFeed.sol";
import {OracleHub} from "../../contracts/oracles/OracleHub.sol";
import {MarginEngine} from "../../contracts/risk/MarginEngine.sol";
import {Assertions} from "./Assertions.sol";

/// @notice The protocol's wiring, shared by the fixture below and by the bases that isolate one contract
/// behind doubles (VaultTestBase, MarginTestBase): the access manager (admin: the deployer, i.e. the test
/// or handler, which therefore holds every restricted role), the collateral token, the market and risk
/// parameters (ETH: rate 5%, vol 0.6, h 15%, v 0.30, floor 3%, IM ×1.3, no size tiers) and deposits.
abstract contract ProtocolWiring is Assertions {
    address internal constant ETH = address(0xE7E7);
    /// @dev [wad] Market parameters of ETH.
    uint256 internal constant RATE = 0.05e18;
    uint256 internal constant VOL = 0.6e18;
    /// @dev [wad] Risk parameters of ETH (MarginEngine.setRiskParams).
    uint256 internal constant SPOT_SHOCK = 0.15e18;
    uint256 internal constant VOL_SHOCK = 0.3e18;
    uint256 internal constant FLOOR_SHARE = 0.03e18;
    uint256 internal constant IM_FACTOR = 1.3e18;
    /// @dev The OracleHub's bounds for ETH: feed heartbeat, vol bounds, maximum move and maximum age.
    uint256 internal constant FEED_HEARTBEAT = 7 days;
    uint256 internal constant VOL_MIN = 0.05e18;
    uint256 internal constant VOL_MAX = 5e18;
    uint256 internal constant VOL_MAX_CHANGE = 5e18;
    uint256 internal constant VOL_MAX_AGE = 7 days;

    /// @dev The access manager, its admin (every role) the caller.
    function _newManager() internal returns (AccessManager) {
        return new AccessManager(address(this));
    }

    /// @dev The collateral token: USDC-like with `decimals` decimals.
    function _newCollateral(uint8 decimals) internal returns (MockERC20) {
        return new MockERC20("USD Coin", "USDC", decimals);
    }

    /// @dev ETH's risk parameters on `engine`.
    function _setRiskParams(MarginEngine engine, address underlying) internal {
        engine.setRiskParams(underlying, SPOT_SHOCK, VOL_SHOCK, FLOOR_SHARE, IM_FACTOR);
    }

    /// @dev ETH's market on the real hub: its feed, vol bounds, rate, and the vol of `expiry` (none if 0).
    function _setMarket(OracleHub h, address underlying, address priceFeed, uint64 expiry) internal {
        h.setFeed(underlying, priceFeed, FEED_HEARTBEAT);
        h.setVolConfig(underlying, VOL_MIN, VOL_MAX, VOL_MAX_CHANGE, VOL_MAX_AGE);
        h.setRate(underlying, RATE);
        if (expiry != 0) h.setVol(underlying, expiry, VOL);
    }

    /// @dev Mint `amount` of `token` to `account` and deposit it into `vault` as `account`.
    function _depositFor(MockERC20 token, OptionVault vault, address account, uint256 amount) internal {
        token.mint(account, amount);
        vm.startPrank(account);
        token.approve(address(vault), amount);
        vault.deposit(amount);
        vm.stopPrank();
    }
}

/// @notice The protocol on the real contracts, deployed in dependency order (the margin engine before
/// the vault, the vault's liquidator role to the liquidation engine): AccessManager (admin: the deployer,
/// i.e. the test or handler), 6-decimal USDC, MockPriceFeed ETH/USD (8 decimals) behind the OracleHub
/// (rate 5%, vol 0.6 at `expiry`), MarginEngine (ETH: h 15%, v 0.30, floor 3%, IM ×1.3, no size tiers),
/// OptionVault, MarginLens, LinearDiscount, LiquidationEngine (default parameters), LiquidationLens.
/// Variations through `ProtocolOptions`: the collateral's decimals, another price feed (e.g. a phased
/// one), a withdrawal delay.
abstract contract ProtocolFixture is ProtocolWiring {
    AccessManager internal manager;
    MockERC20 internal token;
    /// @dev The fixture's own feed (zero when `ProtocolOptions.priceFeed` supplied another).
    MockPriceFeed internal feed;
    OracleHub internal hub;
    MarginEngine internal margin;
    OptionVault internal vault;
    MarginLens internal lens;
    LinearDiscount internal linear;
    LiquidationEngine internal liq;
    LiquidationLens internal liqLens;

    struct ProtocolOptions {
        /// @dev ETH/USD of the fixture's feed [8 decimals] (unused with `priceFeed`).
        int256 spotE8;
        /// @dev The expiry whose vol is set (none if 0).
        uint64 expiry;
        /// @dev The collateral token's decimals.
        uint8 collateralDecimals;
        /// @dev ETH's price feed; zero: a fresh MockPriceFeed (8 decimals) at `spotE8`.
        address priceFeed;
        /// @dev The vault's withdrawal delay [s] (0: none, the default).
        uint256 withdrawalDelay;
    }

    /// @dev The default options: 6-decimal collateral, the fixture's own feed, no withdrawal delay.
    function _options(int256 spotE8, uint64 expiry) internal pure returns (ProtocolOptions memory o) {
        o = ProtocolOptions({spotE8: spotE8, expiry: expiry, collateralDecimals: 6, priceFeed: address(0), withdrawalDelay: 0});
    }

    /// @param spotE8 ETH/USD of the feed [8 decimals]; @param expiry the expiry whose vol is set.
    function _deployProtocol(int256 spotE8, uint64 expiry) internal {
        _deployProtocol(_options(spotE8, expiry));
    }

    function _deployProtocol(ProtocolOptions memory o) internal {
        manager = _newManager();
        token = _newCollateral(o.collateralDecimals);
        address priceFeed = o.priceFeed;
        if (priceFeed == address(0)) {
            feed = new MockPriceFeed(8, o.spotE8);
            priceFeed = address(feed);
        }
        hub = new OracleHub(address(manager), address(0), 0);
        _setMarket(hub, ETH, priceFeed, o.expiry);
        margin = new MarginEngine(address(manager), address(token), hub);
        _setRiskParams(margin, ETH);
        vault = new OptionVault(address(manager), address(token), address(hub), address(margin));
        if (o.withdrawalDelay != 0) vault.setWithdrawalDelay(o.withdrawalDelay);
        lens = new MarginLens(IOptionVault(address(vault)), IMarginEngine(address(margin)));
        linear = new LinearDiscount();
        liq = new LiquidationEngine(
            address(manager), IOptionVault(address(vault)), IMarginEngine(address(margin)), IDiscountCurve(address(linear))
        );
        liqLens = new LiquidationLens(ILiquidationEngine(address(liq)), IMarginLens(address(lens)));
        vault.setLiquidator(address(liq));
    }

    function _fund(address account, uint256 amount) internal {
        _depositFor(token, vault, account, amount);
    }

    /// @dev A lot read before a cheatcode (vm.prank, vm.expectRevert) so that the bid is the next call.
    int256 internal _nextLot;

    /// @dev The live (or next) lot of `account` as a bid names it: ±(seriesId | pairSeriesId << 32), − when
    /// the bidder is paid (−seriesId for a short lot, +seriesId for a long one).
    function _lot(address account) internal view returns (int256) {
        ILiquidationEngine.AuctionStatus memory st = liqLens.auctionStatus(account);
        int256 lot = int256(st.seriesId | st.pairSeriesId << 32);
        return st.lotIsShort ? -lot : lot;
    }
}
