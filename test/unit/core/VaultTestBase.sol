// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolWiring} from "../../utils/ProtocolFixture.sol";

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {OptionVault} from "../../../contracts/core/OptionVault.sol";
import {OrderLib} from "../../../contracts/libraries/OrderLib.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {MockMarginEngine} from "../../../contracts/mocks/MockMarginEngine.sol";
import {MockVaultOracleHub} from "../../../contracts/mocks/MockVaultOracleHub.sol";


/// @notice Isolates the vault: it runs against MockMarginEngine and MockVaultOracleHub so that its own
/// bookkeeping (orders, positions, collateral shares, settlement) is tested apart from margin and oracle rules.
/// @dev The wiring (access manager, collateral token, deposits) is the protocol fixture's (ProtocolWiring,
/// test/utils/ProtocolFixture.sol): an AccessManager whose admin is the test contract, a 6-decimal
/// collateral token, the mock oracle hub and margin engine, the vault, and a listed call and put series.
abstract contract VaultTestBase is ProtocolWiring {
    uint256 internal constant T0 = 1_700_000_000;
    uint256 internal constant ALICE_PK = 0xA11CE;
    uint256 internal constant BOB_PK = 0xB0B;
    uint256 internal constant CAROL_PK = 0xCA401;
    address internal constant UNDERLYING = ETH;
    uint256 internal constant STRIKE = 2000e18;
    uint64 internal EXPIRY;

    AccessManager internal manager;
    MockERC20 internal token;
    MockVaultOracleHub internal oracle;
    OptionVault internal vault;
    MockMarginEngine internal engine;
    uint256 internal callId;
    uint256 internal putId;
    address internal alice;
    address internal bob;
    address internal carol;
    uint256 internal unit; // one whole collateral token [token decimals]
    uint256 private _salt;

    function setUp() public virtual {
        _deploy(6);
    }

    function _deploy(uint8 decimals) internal {
        vm.warp(T0);
        EXPIRY = uint64(T0 + 30 days);
        alice = vm.addr(ALICE_PK);
        bob = vm.addr(BOB_PK);
        carol = vm.addr(CAROL_PK);
        manager = _newManager();
        token = _newCollateral(decimals);
        unit = 10 ** decimals;
        oracle = new MockVaultOracleHub();
        engine = new MockMarginEngine(decimals);
        vault = new OptionVault(address(manager), address(token), address(oracle), address(engine));
        callId = vault.listSeries(UNDERLYING, STRIKE, EXPIRY, true);
        putId = vault.listSeries(UNDERLYING, STRIKE, EXPIRY, false);
    }

    function _fund(address account, uint256 amount) internal {
        _depositFor(token, vault, account, amount);
    }

    function _order(address maker, uint256 seriesId, bool isBuy, uint256 sizeWad, uint256 price)
        internal
        returns (OrderLib.Order memory o)
    {
        o = OrderLib.Order({
            maker: maker,
            seriesId: seriesId,
            isBuy: isBuy,
            sizeWad: sizeWad,
            price: price,
            deadline: block.timestamp + 1 days,
            nonce: vault.nonceOf(maker),
            salt: ++_salt
        });
    }

    function _sign(uint256 pk, OrderLib.Order memory o) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, vault.hashOrder(o));
        return abi.encodePacked(r, s, v);
    }

    /// @dev `taker` fills all of a fresh order of the maker (key `makerPk`).
    function _trade(uint256 makerPk, address taker, uint256 seriesId, bool makerBuys, uint256 sizeWad, uint256 price)
        internal
        returns (uint256 premium)
    {
        OrderLib.Order memory o = _order(vm.addr(makerPk), seriesId, makerBuys, sizeWad, price);
        bytes memory sig = _sign(makerPk, o);
        vm.prank(taker);
        premium = vault.fill(o, sig, sizeWad);
    }
}
