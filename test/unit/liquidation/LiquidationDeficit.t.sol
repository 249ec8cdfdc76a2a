// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {LiquidationTestBase} from "./LiquidationTestBase.sol";

/// @notice Issue 10 item 2: an auction started while the account was solvent, then a further crash made
/// it insolvent. Its deficit must count in the pending loss from the next bid or reset on (so no
/// depositor withdraws ahead of the loss), not only when the auction started insolvent.
contract LiquidationDeficitTest is LiquidationTestBase {
    function setUp() public override {
        super.setUp();
        _aliceSells(call2000, 10e18, 4000e6);
        _pushRatioBelow(alice, 0.9e18);
        (int256 equity,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(equity > 0, "solvent at the start");
        _start(alice);
        assertEq(vault.deficitOf(alice), 0, "no deficit while solvent");
        // the crash: deep under water
        _setSpot(3200e18);
        (equity,,) = lens.accountMarginIgnoringSequencer(alice);
        assertTrue(equity < 0, "insolvent after the crash");
    }

    function test_reset_recordsTheDeficitOfAnAuctionThatBecameInsolvent() public {
        vm.warp(block.timestamp + 1 hours + 1);
        vm.roll(block.number + 1);
        hub.setVol(ETH, expiry, 0.6e18);
        liq.reset(alice);
        (int256 equity,,) = lens.accountMarginIgnoringSequencer(alice);
        uint256 deficit = vault.deficitOf(alice);
        assertEq(deficit, (uint256(-equity) + 1e12 - 1) / 1e12, "deficit = -equity, rounded up to a token unit");
        (uint256 pending, bool paused) = vault.pendingLoss();
        assertEq(pending, deficit, "counted in the pending loss");
        assertTrue(paused == (pending > vault.insuranceFund()), "pause rule");
        if (paused) {
            vm.prank(bob);
            vm.expectRevert(
                abi.encodeWithSelector(IOptionVault.WithdrawalsPaused.selector, pending, vault.insuranceFund())
            );
            vault.withdraw(1e6, bob);
        }
        assertTrue(liq.auctionOf(alice).insolvent, "tracked as insolvent until it closes");
    }

    function test_bid_recordsTheDeficitOfAnAuctionThatBecameInsolvent() public {
        ILiquidationEngine.AuctionStatus memory st = _status(alice);
        uint256 size = st.maxSizeWad / 4;
        _nextLot = _lot(alice);
        vm.prank(carol);
        liq.bid(alice, st.auctionId, _nextLot, size, 0, address(0), "");
        if (vault.isUnderAuction(alice)) {
            assertTrue(vault.deficitOf(alice) > 0, "the bid recorded the deficit");
            (uint256 pending,) = vault.pendingLoss();
            assertEq(pending, vault.deficitOf(alice), "pending loss");
            assertTrue(liq.auctionOf(alice).insolvent, "now tracked as insolvent");
        } else {
            assertEq(vault.deficitOf(alice), 0, "closed: the deficit is cleared");
        }
    }
}
