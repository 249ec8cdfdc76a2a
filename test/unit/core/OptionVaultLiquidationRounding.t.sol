// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {OrderLib} from "../../../contracts/libraries/OrderLib.sol";
import {ProtocolFixture} from "../../utils/ProtocolFixture.sol";

/// @notice Issue 10 item 11: after a socialized loss the collateral index is below 1e27, an account's
/// collateral is read rounded down, and a bid's two cash moves (to the bidder, the fund's share) each
/// round their shares up — together they can need one share more than the account holds. The liquidated
/// account's payments are capped at its shares, so such a bid never fails by rounding dust; anyone else
/// still pays exactly. The protocol is the shared fixture; this test contract then takes the vault's
/// liquidator role.
contract OptionVaultLiquidationRoundingTest is ProtocolFixture {
    uint256 internal constant T0 = 1_700_000_000;
    uint256 internal constant RAY = 1e27;
    uint256 internal constant MAKER_PK = 0xA11CE;

    address internal maker;
    address internal taker = address(0xB0B);
    address internal bidder = address(0xCA401);
    uint256 internal seriesId;

    function setUp() public {
        vm.warp(T0);
        uint64 expiry = uint64(T0 + 30 days);
        // ETH at 10 USD: the 2,000 call is so far out of the money that the real margin engine asks the
        // taker's short of one call for its floor only (3% of spot: 0.30 USDC, ×1.3 initial), within
        // the taker's 1.234567 USDC
        _deployProtocol(10e8, expiry);
        vault.setLiquidator(address(this));
        maker = vm.addr(MAKER_PK);
        seriesId = vault.listSeries(ETH, 2000e18, expiry, true);
        _fund(maker, 1_000_000e6);
        _fund(taker, 1_234_567);
        _fund(bidder, 1_000_000e6);
        // the taker sells one call to the maker
        OrderLib.Order memory o = OrderLib.Order(maker, seriesId, true, 1e18, 1, T0 + 1 days, 0, 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(MAKER_PK, vault.hashOrder(o));
        vm.prank(taker);
        vault.fill(o, abi.encodePacked(r, s, v), 1e18);
        // a socialized loss moves the collateral index off 1e27
        vault.coverLoss(address(0xBAD), address(0xD00D), 333_333_333);
    }

    /// @dev A fee f for which paying (collateral − f) and f separately needs more shares than `shares`.
    function _splitNeedingOneMoreShare(uint256 collateral, uint256 shares, uint256 index) internal pure returns (uint256) {
        for (uint256 f = 1; f < 1000; ++f) {
            uint256 need = Math.mulDiv(collateral - f, RAY, index, Math.Rounding.Ceil) + Math.mulDiv(f, RAY, index, Math.Rounding.Ceil);
            if (need > shares) return f;
        }
        return 0;
    }

    function test_transferPosition_liquidatedAccountPaysAllItHoldsWithoutRoundingRevert() public {
        uint256 index = vault.collateralIndex();
        if (index == RAY) revert AssertionFailed("index moved", index, RAY);
        // the taker deposited 1,234,567 at index 1e27 and received 1 unit of premium: its shares
        uint256 shares = 1_234_568;
        uint256 collateral = vault.collateralOf(taker);
        assertEq(collateral, Math.mulDiv(shares, index, RAY), "collateral read rounded down");
        uint256 fee = _splitNeedingOneMoreShare(collateral, shares, index);
        if (fee == 0) revert AssertionFailed("found a split that rounds past the shares", 0, 1);
        vault.setUnderAuction(taker, true);
        uint256 fundBefore = vault.insuranceFund();
        // the taker's short goes to the bidder with all its collateral (cash + the fund's share)
        vault.transferPosition(taker, bidder, seriesId, -1e18, int256(collateral - fee), fee, true);
        assertEq(vault.collateralOf(taker), 0, "the account paid everything it had");
        assertEq(uint256(-vault.positionOf(bidder, seriesId)), 1e18, "the bidder took the short");
        if (vault.insuranceFund() < fundBefore + fee - 1) revert AssertionFailed("fund got its share", vault.insuranceFund(), fee);
    }

    function test_moveCollateral_exactForAccountsNotUnderAuction() public {
        uint256 collateral = vault.collateralOf(taker);
        // one more unit than it holds: a shortfall, not rounding — refused for anyone
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, taker, collateral, collateral + 2));
        vault.moveCollateral(taker, bidder, collateral + 2);
        vault.setUnderAuction(taker, true);
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.InsufficientCollateral.selector, taker, collateral, collateral + 2));
        vault.moveCollateral(taker, bidder, collateral + 2);
    }
}
