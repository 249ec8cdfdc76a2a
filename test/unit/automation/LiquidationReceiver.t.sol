// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {ILiquidationReceiver} from "../../../contracts/automation/ILiquidationReceiver.sol";
import {IReceiver} from "../../../contracts/automation/IReceiver.sol";
import {LiquidationReceiver} from "../../../contracts/automation/LiquidationReceiver.sol";
import {ILiquidationEngine} from "../../../contracts/interfaces/ILiquidationEngine.sol";
import {IOptionVault} from "../../../contracts/interfaces/IOptionVault.sol";
import {LiquidationTestBase} from "../liquidation/LiquidationTestBase.sol";

/// @dev A status view that always reverts (a stale oracle behind the lens).
contract RevertingStatusView {
    error Broken(address account);

    function auctionStatus(address account) external pure returns (ILiquidationEngine.AuctionStatus memory) {
        revert Broken(account);
    }
}

/// @dev A status view that claims every account can start (a lens out of sync with the engine).
contract EagerStatusView {
    function auctionStatus(address) external pure returns (ILiquidationEngine.AuctionStatus memory st) {
        st.canStart = true;
    }
}

/// @notice CRE receiver: forwarder and workflow identity checks, start / reset / skip per account with
/// on-chain re-validation, idempotent replays, restricted evented setters; plus the vault's account list
/// and under-auction hook (the scan the workflow reads).
contract LiquidationReceiverTest is LiquidationTestBase {
    address internal constant FORWARDER = address(0xF0F0);
    address internal constant OWNER = address(0x0a11CE0000000000000000000000000000000001);
    bytes10 internal constant NAME = bytes10("1a2b3c4d5e");
    bytes32 internal constant WORKFLOW_ID = keccak256("workflow v1");

    LiquidationReceiver internal receiver;

    function setUp() public override {
        super.setUp();
        receiver = new LiquidationReceiver(
            address(manager), ILiquidationEngine(address(liq)), IOptionVault(address(vault)), address(liqLens), FORWARDER
        );
        receiver.setWorkflow(OWNER, NAME, WORKFLOW_ID);
        _aliceSells(call2000, 10e18, 4000e6);
    }

    // ---------------------------------------------------------------- helpers

    function _metadata(bytes32 id, bytes10 name, address owner) internal pure returns (bytes memory) {
        return abi.encodePacked(id, name, owner, bytes2(0x0001));
    }

    function _report(address a) internal pure returns (bytes memory) {
        address[] memory accounts = new address[](1);
        accounts[0] = a;
        return abi.encode(accounts);
    }

    function _deliver(bytes memory report) internal {
        vm.prank(FORWARDER);
        receiver.onReport(_metadata(WORKFLOW_ID, NAME, OWNER), report);
    }

    function _spot() internal view returns (uint256) {
        (, int256 answer,,,) = feed.latestRoundData();
        return uint256(answer) * 1e10;
    }

    // ---------------------------------------------------------------- vault (the scanned list)

    function test_vault_accountListAndLastTradeBlock() public view {
        // bob, carol, dave deposited in setUp, then alice
        assertEq(vault.accountCount(), 4, "four accounts");
        assertTrue(vault.accountAt(0) == bob && vault.accountAt(3) == alice, "first-seen order");
        assertEq(vault.lastTradeBlock(alice), block.number - 1, "alice traded in the previous block");
        assertEq(vault.lastTradeBlock(carol), 0, "never traded");
    }

    function test_vault_setUnderAuctionRestrictedAndEvented() public {
        vm.expectRevert(abi.encodeWithSelector(IOptionVault.NotLiquidator.selector, carol));
        vm.prank(carol);
        vault.setUnderAuction(alice, true);
        vm.expectEmit();
        emit IOptionVault.SetUnderAuction(alice, true);
        vm.prank(address(liq));
        vault.setUnderAuction(alice, true);
        assertTrue(vault.isUnderAuction(alice), "flagged");
    }

    // ---------------------------------------------------------------- interface and construction

    function test_supportsInterface_receiverAndErc165() public view {
        assertTrue(receiver.supportsInterface(type(IReceiver).interfaceId), "IReceiver");
        assertTrue(receiver.supportsInterface(type(IERC165).interfaceId), "IERC165");
        assertTrue(!receiver.supportsInterface(0xffffffff), "not 0xffffffff");
        assertTrue(type(IReceiver).interfaceId == IReceiver.onReport.selector, "id is onReport's selector");
    }

    function test_constructor_rejectsZeroAddresses() public {
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.ZeroAddress.selector));
        new LiquidationReceiver(
            address(manager), ILiquidationEngine(address(liq)), IOptionVault(address(vault)), address(liqLens), address(0)
        );
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.ZeroAddress.selector));
        new LiquidationReceiver(
            address(manager), ILiquidationEngine(address(liq)), IOptionVault(address(vault)), address(0), FORWARDER
        );
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.ZeroAddress.selector));
        new LiquidationReceiver(
            address(manager), ILiquidationEngine(address(0)), IOptionVault(address(vault)), address(liqLens), FORWARDER
        );
    }

    // ---------------------------------------------------------------- who may report

    function test_onReport_rejectsOtherSender() public {
        bytes memory md = _metadata(WORKFLOW_ID, NAME, OWNER);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.InvalidSender.selector, carol, FORWARDER));
        vm.prank(carol);
        receiver.onReport(md, _report(alice));
    }

    function test_onReport_rejectsShortMetadata() public {
        bytes memory md = abi.encodePacked(WORKFLOW_ID, NAME, bytes19(0));
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.MetadataTooShort.selector, 61, 62));
        vm.prank(FORWARDER);
        receiver.onReport(md, _report(alice));
    }

    function test_onReport_rejectsEverythingUntilWorkflowConfigured() public {
        receiver.setWorkflow(address(0), bytes10(0), bytes32(0));
        bytes memory md = _metadata(WORKFLOW_ID, NAME, OWNER);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.WorkflowNotConfigured.selector));
        vm.prank(FORWARDER);
        receiver.onReport(md, _report(alice));
    }

    function test_onReport_rejectsWrongOwnerNameOrId() public {
        address other = address(0xBAD);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.InvalidWorkflowOwner.selector, other, OWNER));
        vm.prank(FORWARDER);
        receiver.onReport(_metadata(WORKFLOW_ID, NAME, other), _report(alice));

        bytes10 otherName = bytes10("ffffffffff");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.InvalidWorkflowName.selector, otherName, NAME));
        vm.prank(FORWARDER);
        receiver.onReport(_metadata(WORKFLOW_ID, otherName, OWNER), _report(alice));

        bytes32 otherId = keccak256("workflow v0");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.InvalidWorkflowId.selector, otherId, WORKFLOW_ID));
        vm.prank(FORWARDER);
        receiver.onReport(_metadata(otherId, NAME, OWNER), _report(alice));
    }

    function testFuzz_onReport_rejectsAnyOtherOwner(address other) public {
        vm.assume(other != OWNER);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.InvalidWorkflowOwner.selector, other, OWNER));
        vm.prank(FORWARDER);
        receiver.onReport(_metadata(WORKFLOW_ID, NAME, other), _report(alice));
    }

    function test_onReport_zeroNameAndIdAreNotChecked() public {
        receiver.setWorkflow(OWNER, bytes10(0), bytes32(0));
        vm.expectEmit();
        emit ILiquidationReceiver.ReportSkip(alice, ILiquidationReceiver.SkipReason.NothingToDo, "");
        vm.prank(FORWARDER);
        receiver.onReport(_metadata(keccak256("any"), bytes10("anyname..."), OWNER), _report(alice));
    }

    function test_onReport_rejectsTooManyAccounts() public {
        address[] memory accounts = new address[](101);
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.TooManyAccounts.selector, 101, 100));
        _deliver(abi.encode(accounts));
    }

    // ---------------------------------------------------------------- what a report does

    function test_onReport_skipsHealthyAccount() public {
        vm.expectEmit();
        emit ILiquidationReceiver.ReportSkip(alice, ILiquidationReceiver.SkipReason.NothingToDo, "");
        vm.expectEmit();
        emit ILiquidationReceiver.Report(WORKFLOW_ID, 1, 0, 0);
        _deliver(_report(alice));
        assertTrue(!vault.isUnderAuction(alice), "not started");
    }

    function test_onReport_startsThenReplayIsSkipped() public {
        _pushRatioBelow(alice, 1.05e18);
        vm.expectEmit();
        emit ILiquidationReceiver.ReportStart(alice, 1);
        vm.expectEmit();
        emit ILiquidationReceiver.Report(WORKFLOW_ID, 1, 1, 0);
        _deliver(_report(alice));
        assertTrue(vault.isUnderAuction(alice), "started");
        // the same report again: alice's auction is live, nothing to start or reset
        vm.expectEmit();
        emit ILiquidationReceiver.ReportSkip(alice, ILiquidationReceiver.SkipReason.NothingToDo, "");
        _deliver(_report(alice));
        assertEq(liq.auctionOf(alice).id, 1, "not restarted");
    }

    function test_onReport_resetsAfterTail() public {
        _pushRatioBelow(alice, 1.05e18);
        _deliver(_report(alice));
        vm.warp(block.timestamp + 2 hours);
        _setSpot(_spot());
        vm.expectEmit();
        emit ILiquidationReceiver.ReportReset(alice, 2);
        vm.expectEmit();
        emit ILiquidationReceiver.Report(WORKFLOW_ID, 1, 0, 1);
        _deliver(_report(alice));
        assertEq(liq.auctionOf(alice).id, 2, "reset");
    }

    function test_onReport_mixedBatchActsOnEachAccountAlone() public {
        _pushRatioBelow(alice, 1.05e18);
        address[] memory accounts = new address[](3);
        accounts[0] = carol; // healthy
        accounts[1] = alice; // can start
        accounts[2] = alice; // listed twice: the second is skipped
        vm.expectEmit();
        emit ILiquidationReceiver.Report(WORKFLOW_ID, 3, 1, 0);
        _deliver(abi.encode(accounts));
        assertEq(liq.auctionOf(alice).id, 1, "started once");
    }

    function test_onReport_statusViewRevertIsSkipped() public {
        RevertingStatusView broken = new RevertingStatusView();
        receiver.setStatusView(address(broken));
        vm.expectEmit();
        emit ILiquidationReceiver.ReportSkip(
            alice,
            ILiquidationReceiver.SkipReason.StatusFailed,
            abi.encodeWithSelector(RevertingStatusView.Broken.selector, alice)
        );
        _deliver(_report(alice));
    }

    function test_onReport_engineRevertIsSkippedWithItsError() public {
        // a status view out of sync claims alice can start; the engine itself refuses (healthy)
        receiver.setStatusView(address(new EagerStatusView()));
        ILiquidationEngine.AuctionStatus memory st = liqLens.auctionStatus(alice);
        (, ILiquidationEngine.UnderlyingParams memory p) = liq.underlyingParams(address(0));
        vm.expectEmit();
        emit ILiquidationReceiver.ReportSkip(
            alice,
            ILiquidationReceiver.SkipReason.ActionFailed,
            abi.encodeWithSelector(ILiquidationEngine.NotLiquidatable.selector, alice, st.ratioWad, p.tiers[0].ratioWad)
        );
        _deliver(_report(alice));
        assertTrue(!vault.isUnderAuction(alice), "not started");
    }

    // ---------------------------------------------------------------- admin

    function test_setters_restrictedAndEvented() public {
        bytes memory unauthorized = abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, carol);
        vm.startPrank(carol);
        vm.expectRevert(unauthorized);
        receiver.setForwarder(carol);
        vm.expectRevert(unauthorized);
        receiver.setWorkflow(carol, bytes10(0), bytes32(0));
        vm.expectRevert(unauthorized);
        receiver.setStatusView(carol);
        vm.expectRevert(unauthorized);
        receiver.withdrawTips(1, carol);
        vm.stopPrank();

        vm.expectEmit();
        emit ILiquidationReceiver.SetForwarder(address(0xF1));
        receiver.setForwarder(address(0xF1));
        assertTrue(receiver.forwarder() == address(0xF1), "forwarder");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.ZeroAddress.selector));
        receiver.setForwarder(address(0));

        vm.expectEmit();
        emit ILiquidationReceiver.SetWorkflow(carol, NAME, bytes32(uint256(7)));
        receiver.setWorkflow(carol, NAME, bytes32(uint256(7)));
        (address o, bytes10 n, bytes32 id) = receiver.workflow();
        assertTrue(o == carol && n == NAME && id == bytes32(uint256(7)), "workflow");

        vm.expectEmit();
        emit ILiquidationReceiver.SetStatusView(address(margin));
        receiver.setStatusView(address(margin));
        assertTrue(receiver.statusView() == address(margin), "status view");
        vm.expectRevert(abi.encodeWithSelector(ILiquidationReceiver.ZeroAddress.selector));
        receiver.setStatusView(address(0));
    }

    function test_withdrawTips_sendsAccruedTips() public {
        _setTip(2e6, 0, 2e6);
        _pushRatioBelow(alice, 1.05e18);
        _deliver(_report(alice));
        assertEq(vault.collateralOf(address(receiver)), 2e6, "tip accrued");
        receiver.withdrawTips(2e6, carol);
        assertEq(token.balanceOf(carol), 2e6, "sent");
    }
}
