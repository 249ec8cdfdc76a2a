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

/// @notice The protocol on the real contracts, deployed in dependency order (the margin engine before
/// the vault, the vault's liquidator role to the liquidation engine): AccessManager (admin: the deployer,
/// i.e. the test or handler), 6-decimal USDC, MockPriceFeed ETH/USD (8 decimals) behind the OracleHub
/// (rate 5%, vol 0.6 at `expiry`), MarginEngine (ETH: h 15%, v 0.30, floor 3%, IM ×1.3, no size tiers),
/// OptionVault, MarginLens, LinearDiscount, LiquidationEngine (default parameters), LiquidationLens.
abstract contract ProtocolFixture is Assertions {
    address internal constant ETH = address(0xE7E7);

    AccessManager internal manager;
    MockERC20 internal token;
    MockPriceFeed internal feed;
    OracleHub internal hub;
    MarginEngine internal margin;
    OptionVault internal vault;
    MarginLens internal lens;
    LinearDiscount internal linear;
    LiquidationEngine internal liq;
    LiquidationLens internal liqLens;

    /// @param spotE8 ETH/USD of the feed [8 decimals]; @param expiry the expiry whose vol is set.
    function _deployProtocol(int256 spotE8, uint64 expiry) internal {
        manager = new AccessManager(address(this));
        token = new MockERC20("USD Coin", "USDC", 6);
        feed = new MockPriceFeed(8, spotE8);
        hub = new OracleHub(address(manager), address(0), 0);
        hub.setFeed(ETH, address(feed), 7 days);
        hub.setVolConfig(ETH, 0.05e18, 5e18, 5e18, 7 days);
        hub.setRate(ETH, 0.05e18);
        hub.setVol(ETH, expiry, 0.6e18);
        margin = new MarginEngine(address(manager), address(token), hub);
        margin.setRiskParams(ETH, 0.15e18, 0.3e18, 0.03e18, 1.3e18);
        vault = new OptionVault(address(manager), address(token), address(hub), address(margin));
        lens = new MarginLens(IOptionVault(address(vault)), IMarginEngine(address(margin)));
        linear = new LinearDiscount();
        liq = new LiquidationEngine(
            address(manager), IOptionVault(address(vault)), IMarginEngine(address(margin)), IDiscountCurve(address(linear))
        );
        liqLens = new LiquidationLens(ILiquidationEngine(address(liq)), IMarginLens(address(lens)));
        vault.setLiquidator(address(liq));
    }

    function _fund(address account, uint256 amount) internal {
        token.mint(account, amount);
        vm.startPrank(account);
        token.approve(address(vault), amount);
        vault.deposit(amount);
        vm.stopPrank();
    }

    /// @dev A lot read before a cheatcode (vm.prank, vm.expectRevert) so that the bid is the next call.
    int256 internal _nextLot;

    /// @dev The live (or next) lot of `account` as a bid names it: +seriesId long, −seriesId short.
    function _lot(address account) internal view returns (int256) {
        ILiquidationEngine.AuctionStatus memory st = liqLens.auctionStatus(account);
        return st.lotIsShort ? -int256(st.seriesId) : int256(st.seriesId);
    }
}
