// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OptionVault} from "../../../contracts/core/OptionVault.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {IMarginEngine} from "../../../contracts/interfaces/IMarginEngine.sol";
import {OrderLib} from "../../../contracts/libraries/OrderLib.sol";
import {MockERC1271Wallet} from "../../../contracts/mocks/MockERC1271Wallet.sol";
import {VaultTestBase} from "./VaultTestBase.sol";

contract OptionVaultTradingTest is VaultTestBase {
    // ------------------------------------------------------------ success paths

    function test_fill_makerSellsMovesPositionsPremiumAndEmits() public {
        _fund(alice, 1000e6);
        _fund(bob, 1000e6);
        OrderLib.Order memory o = _order(alice, callId, false, 10e18, 12.5e6); // alice sells 10 at 12.5
        bytes memory sig = _sign(ALICE_PK, o);
        bytes32 h = vault.hashOrder(o);
        vm.expectEmit();
        emit IOptionVault.Fill(h, alice, bob, callId, false, 4e18, 50e6, 4e18);
        vm.prank(bob);
        uint256 premium = vault.fill(o, sig, 4e18);
        assertEq(premium, 50e6, "premium");
        assertEq(vault.positionOf(alice, callId), -4e18, "maker short");
        assertEq(vault.positionOf(bob, callId), 4e18, "taker long");
        assertEq(vault.collateralOf(alice), 1050e6, "maker received");
        assertEq(vault.collateralOf(bob), 950e6, "taker paid");
        assertEq(vault.filledOf(h), 4e18, "filled");
        (uint256 longs, uint256 shorts) = vault.openInterest(callId);
        assertEq(longs, 4e18, "longs");
        assertEq(shorts, 4e18, "shorts");
        (uint256[] memory ids, int256[] memory sizes) = vault.positionsOf(bob);
        assertEq(ids.length, 1, "one position");
        assertEq(ids[0], callId, "series");
        assertEq(sizes[0], 4e18, "size");
    }

    function test_fill_makerBuysPaysPremium() public {
        _fund(alice, 1000e6);
        _fund(bob, 1000e6);
        uint256 premium = _trade(ALICE_PK, bob, putId, true, 3e18, 20e6);
        assertEq(premium, 60e6, "premium");
        assertEq(vault.positionOf(alice, putId), 3e18, "maker long");
        assertEq(vault.positionOf(bob, putId), -3e18, "taker short");
        assertEq(vault.collateralOf(alice), 940e6, "maker paid");
        assertEq(vault.collateralOf(bob), 1060e6, "taker received");
    }

    function test_fill_partialFillsThenOverfill() public {
        _fund(alice, 1000e6);
        _fund(bob, 1000e6);
        OrderLib.Order memory o = _order(alice, callId, false, 10e18, 1e6);
        bytes memory sig = _sign(ALICE_PK, o);
        bytes32 h = vault.hashOrder(o);
        vm.startPrank(bob);
        vault.fill(o, sig, 6e18);
        vault.fill(o, sig, 3e18);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.Overfill.selector, h, 9e18, 2e18, 10e18));
        vault.fill(o, sig, 2e18);
        vault.fill(o, sig, 1e18);
        vm.stopPrank();
        assertEq(vault.filledOf(h), 10e18, "fully filled");
        assertEq(vault.positionOf(bob, callId), 10e18, "taker long");
    }

    function test_fill_closingTradeRemovesPosition() public {
        _fund(alice, 1000e6);
        _fund(bob, 1000e6);
        _trade(ALICE_PK, bob, callId, false, 5e18, 0);
        _trade(ALICE_PK, bob, callId, true, 5e18, 0);
        assertEq(vault.positionOf(alice, callId), 0, "flat");
        (uint256[] memory ids,) = vault.positionsOf(alice);
        assertEq(ids.length, 0, "no open positions");
        (uint256 longs, uint256 shorts) = vault.openInterest(callId);
        assertEq(longs + shorts, 0, "open interest");
    }

    function test_fill_premiumRoundsInMakersFavour() public {
        _fund(alice, 10);
        _fund(bob, 10);
        // maker sells 1 wei of size at 1 unit per contract: taker pays ceil(1e-18) = 1
        assertEq(_trade(ALICE_PK, bob, callId, false, 1, 1), 1, "taker pays up");
        // maker buys 1 wei of size at 1 unit per contract: maker pays floor(1e-18) = 0
        assertEq(_trade(ALICE_PK, bob, putId, true, 1, 1), 0, "maker pays down");
        assertEq(vault.collateralOf(alice) + vault.collateralOf(bob), 20, "conserved");
    }

    function testFuzz_fill_conservesCollateralAndInterest(uint256 size, uint256 price, bool makerBuys) public {
        size = 1 + size % 1e24;
        price = price % 1e12;
        _fund(alice, 1e30);
        _fund(bob, 1e30);
        uint256 premium = _trade(ALICE_PK, bob, callId, makerBuys, size, price);
        uint256 exact = size * price;
        if (makerBuys) assertEq(premium, exact / 1e18, "floor");
        else assertEq(premium, (exact + 1e18 - 1) / 1e18, "ceil");
        assertEq(vault.collateralOf(alice) + vault.collateralOf(bob), 2e30, "collateral conserved");
        (uint256 longs, uint256 shorts) = vault.openInterest(callId);
        assertEq(longs, shorts, "longs == shorts");
        assertEq(longs, size, "open interest");
    }

    function test_hashOrder_matchesEip712() public view {
        OrderLib.Order memory o = OrderLib.Order(alice, 7, true, 3e18, 5e6, 123, 4, 99);
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("OptionVault"),
                keccak256("1"),
                block.chainid,
                address(vault)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "Order(address maker,uint256 seriesId,bool isBuy,uint256 sizeWad,uint256 price,uint256 deadline,uint256 nonce,uint256 salt)"
                ),
                alice,
                uint256(7),
                true,
                uint256(3e18),
                uint256(5e6),
                uint256(123),
                uint256(4),
                uint256(99)
            )
        );
        assertEq(vault.hashOrder(o), keccak256(abi.encodePacked("\x19\x01", domain, structHash)), "digest");
    }

    // ------------------------------------------------------------ ERC-1271

    function _wallet() internal returns (MockERC1271Wallet wallet) {
        wallet = new MockERC1271Wallet(carol);
        token.mint(address(wallet), 1000e6);
        wallet.execute(address(token), abi.encodeCall(token.approve, (address(vault), 1000e6)));
        wallet.execute(address(vault), abi.encodeCall(vault.deposit, (1000e6)));
    }

    function test_fill_contractWalletMakerViaErc1271() public {
        MockERC1271Wallet wallet = _wallet();
        _fund(bob, 1000e6);
        OrderLib.Order memory o = _order(address(wallet), callId, false, 2e18, 10e6);
        bytes memory sig = _sign(CAROL_PK, o);
        vm.prank(bob);
        vault.fill(o, sig, 2e18);
        assertEq(vault.positionOf(address(wallet), callId), -2e18, "wallet short");
        assertEq(vault.collateralOf(address(wallet)), 1020e6, "wallet received");
    }

    function test_fill_revertsOnWrongErc1271Signer() public {
        MockERC1271Wallet wallet = _wallet();
        OrderLib.Order memory o = _order(address(wallet), callId, false, 2e18, 10e6);
        bytes memory sig = _sign(ALICE_PK, o);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InvalidSignature.selector, vault.hashOrder(o), address(wallet)));
        vm.prank(bob);
        vault.fill(o, sig, 2e18);
    }

    // ------------------------------------------------------------ order validation

    function _expectFillRevert(OrderLib.Order memory o, bytes memory sig, uint256 size, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(bob);
        vault.fill(o, sig, size);
    }

    function test_fill_revertsOnZeroSize() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        _expectFillRevert(o, _sign(ALICE_PK, o), 0, abi.encodeWithSelector(IOptionVault.ZeroAmount.selector));
    }

    function test_fill_revertsOnSizeAboveMax() public {
        OrderLib.Order memory o = _order(alice, callId, false, 2e28, 0);
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1e28 + 1, abi.encodeWithSelector(IOptionVault.SizeTooLarge.selector, 1e28 + 1, 1e28)
        );
    }

    function test_fill_revertsWhenPositionWouldExceedMax() public {
        _trade(ALICE_PK, bob, callId, false, 1e28, 0);
        OrderLib.Order memory o = _order(alice, callId, false, 1, 0);
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1, abi.encodeWithSelector(IOptionVault.SizeTooLarge.selector, 1e28 + 1, 1e28)
        );
    }

    function test_fill_revertsAfterDeadline() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        bytes memory sig = _sign(ALICE_PK, o);
        vm.warp(o.deadline + 1);
        _expectFillRevert(
            o,
            sig,
            1e18,
            abi.encodeWithSelector(IOptionVault.OrderExpired.selector, vault.hashOrder(o), o.deadline, o.deadline + 1)
        );
    }

    function test_fill_revertsOnCancelledOrder() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        vm.prank(alice);
        vault.cancel(o);
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.OrderCancelled.selector, vault.hashOrder(o))
        );
    }

    function test_fill_revertsOnOldNonce() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        vm.prank(alice);
        vault.incrementNonce();
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.InvalidNonce.selector, vault.hashOrder(o), 0, 1)
        );
    }

    function test_fill_revertsOnSelfTrade() public {
        OrderLib.Order memory o = _order(bob, callId, false, 1e18, 0);
        _expectFillRevert(o, _sign(BOB_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.SelfTrade.selector, bob));
    }

    function test_fill_revertsOnPriceAboveMax() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 1e36 + 1);
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.PriceTooLarge.selector, 1e36 + 1, 1e36)
        );
    }

    function test_fill_revertsOnUnknownSeries() public {
        OrderLib.Order memory o = _order(alice, 9, false, 1e18, 0);
        _expectFillRevert(o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.UnknownSeries.selector, 9));
    }

    function test_fill_revertsOnExpiredSeries() public {
        vm.warp(EXPIRY);
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.SeriesExpired.selector, callId, EXPIRY)
        );
    }

    function test_fill_revertsOnBadSignature() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        _expectFillRevert(
            o,
            _sign(CAROL_PK, o),
            1e18,
            abi.encodeWithSelector(IOptionVault.InvalidSignature.selector, vault.hashOrder(o), alice)
        );
    }

    function test_fill_revertsWhenPayerLacksPremium() public {
        _fund(bob, 5e6);
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 6e6);
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, bob, 5e6, 6e6)
        );
    }

    function test_fill_revertsBeyondMaxPositions() public {
        for (uint256 i = 1; i <= 31; ++i) {
            vault.listSeries(UNDERLYING, STRIKE + i * 1e18, EXPIRY, true);
        }
        for (uint256 id = 1; id <= 32; ++id) {
            _trade(ALICE_PK, bob, id, false, 1e18, 0);
        }
        (uint256[] memory ids,) = vault.positionsOf(alice);
        assertEq(ids.length, 32, "32 open");
        OrderLib.Order memory o = _order(alice, 33, false, 1e18, 0);
        _expectFillRevert(o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.TooManyPositions.selector, alice, 32));
        // trading an already open series still works at the bound, and closing frees a slot
        _trade(ALICE_PK, bob, 5, true, 1e18, 0);
        _trade(ALICE_PK, bob, 33, false, 1e18, 0);
        assertEq(vault.positionOf(alice, 33), -1e18, "33rd after closing one");
    }

    function test_fill_revertsWithUnsettledExpiredPosition() public {
        _trade(ALICE_PK, bob, callId, false, 1e18, 0);
        uint256 later = vault.listSeries(UNDERLYING, STRIKE, EXPIRY + 1 days, true);
        vm.warp(EXPIRY);
        OrderLib.Order memory o = _order(alice, later, false, 1e18, 0);
        _expectFillRevert(
            o, _sign(ALICE_PK, o), 1e18, abi.encodeWithSelector(IOptionVault.UnsettledPosition.selector, alice, callId)
        );
    }

    // ------------------------------------------------------------ cancel and nonce

    function test_cancel_marksAndEmits() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        bytes32 h = vault.hashOrder(o);
        vm.expectEmit();
        emit IOptionVault.Cancel(h, alice);
        vm.prank(alice);
        vault.cancel(o);
        assertTrue(vault.isCancelled(h), "cancelled");
    }

    function test_cancel_revertsForNonMaker() public {
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotMaker.selector, bob, alice));
        vm.prank(bob);
        vault.cancel(o);
    }

    function test_incrementNonce_raisesAndEmits() public {
        vm.expectEmit();
        emit IOptionVault.IncrementNonce(alice, 1);
        vm.prank(alice);
        assertEq(vault.incrementNonce(), 1, "returned");
        assertEq(vault.nonceOf(alice), 1, "stored");
    }

    // ------------------------------------------------------------ the fill margin rule

    function test_fill_revertsWhenTakerBelowInitial() public {
        engine.setShortRequirement(100e18);
        _fund(alice, 100e6);
        _fund(bob, 100e6);
        OrderLib.Order memory o = _order(bob, callId, true, 10e18, 0); // bob buys, alice (taker) sells
        bytes memory sig = _sign(BOB_PK, o);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MarginInsufficient.selector, alice, 1250e18, int256(100e18)));
        vm.prank(alice);
        vault.fill(o, sig, 10e18);
    }

    function test_fill_revertsWhenMakerBelowInitial() public {
        engine.setShortRequirement(100e18);
        _fund(bob, 100e6);
        OrderLib.Order memory o = _order(alice, callId, false, 10e18, 0);
        bytes memory sig = _sign(ALICE_PK, o);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MarginInsufficient.selector, alice, 1250e18, int256(0)));
        vm.prank(bob);
        vault.fill(o, sig, 10e18);
    }

    /// @dev alice short 10 calls (mark 50) to bob; then requirements rise so alice is below initial.
    function _underwater() internal {
        engine.setShortRequirement(100e18);
        engine.setMark(callId, 50e18);
        _fund(alice, 2000e6);
        _fund(bob, 2000e6);
        _fund(carol, 2000e6);
        _trade(BOB_PK, alice, callId, true, 10e18, 50e6); // alice: 2500 collateral − 500 mark = 2000 equity
        engine.setShortRequirement(300e18); // alice: maintenance 3000, initial 3750
    }

    function test_fill_allowsRiskReducingTradeBelowInitial() public {
        _underwater();
        // alice buys back 4 at the mark: equity 2000, maintenance 3000 → 1800, equity − maintenance −1000 → 200
        _trade(CAROL_PK, alice, callId, false, 4e18, 50e6);
        assertEq(vault.positionOf(alice, callId), -6e18, "reduced");
        (int256 equity, uint256 maintenance, uint256 initial) = engine.margin(vault.bookOf(alice), true);
        assertEq(equity, 2000e18, "equity");
        assertEq(maintenance, 1800e18, "maintenance");
        assertTrue(equity < int256(initial), "still below initial");
    }

    function test_fill_revertsWhenReductionLosesEquity() public {
        _underwater();
        // buying back 4 at 600 each lowers maintenance but equity − maintenance falls from −1000 to −2000
        OrderLib.Order memory o = _order(carol, callId, false, 4e18, 600e6);
        bytes memory sig = _sign(CAROL_PK, o);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MarginInsufficient.selector, alice, 2250e18, int256(-200e18)));
        vm.prank(alice);
        vault.fill(o, sig, 4e18);
    }

    function test_fill_revertsWhenUnderwaterAccountAddsRisk() public {
        _underwater();
        OrderLib.Order memory o = _order(carol, callId, true, 1e18, 50e6); // alice would sell one more
        bytes memory sig = _sign(CAROL_PK, o);
        vm.expectRevert(abi.encodeWithSelector(IMarginEngine.MarginInsufficient.selector, alice, 4125e18, int256(2000e18)));
        vm.prank(alice);
        vault.fill(o, sig, 1e18);
    }

    function test_fill_sequencerDownBlocksNewRisk() public {
        _fund(alice, 1000e6);
        _fund(bob, 1000e6);
        oracle.setSequencerOk(false);
        OrderLib.Order memory o = _order(alice, callId, false, 1e18, 0);
        bytes memory sig = _sign(ALICE_PK, o);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.SequencerNotOk.selector));
        vm.prank(bob);
        vault.fill(o, sig, 1e18);
    }

    function test_fill_sequencerDownAllowsRiskReductionOfBothSides() public {
        engine.setLongRequirement(10e18);
        _underwater();
        oracle.setSequencerOk(false);
        // bob (long 10) sells 4 back to alice (short 10) at the mark: both requirements fall
        _trade(BOB_PK, alice, callId, false, 4e18, 50e6);
        assertEq(vault.positionOf(alice, callId), -6e18, "alice reduced");
        assertEq(vault.positionOf(bob, callId), 6e18, "bob reduced");
    }
}
