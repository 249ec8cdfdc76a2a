// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {IAuctionStatusView} from "./IAuctionStatusView.sol";
import {ILiquidationReceiver} from "./ILiquidationReceiver.sol";
import {IReceiver} from "./IReceiver.sol";

/// @title LiquidationReceiver
/// @notice Chainlink CRE consumer that starts and resets liquidation auctions from a workflow's reports
/// (see ILiquidationReceiver). Start tips accrue to this contract's vault account.
/// @dev Metadata layout (KeystoneForwarder, `abi.encodePacked`): bytes [0, 32) workflow id, [32, 42)
/// workflow name, [42, 62) workflow owner, [62, 64) report name. Report: `abi.encode(address[])`.
contract LiquidationReceiver is ILiquidationReceiver, AccessManaged {
    /// @inheritdoc ILiquidationReceiver
    uint256 public constant MAX_ACCOUNTS = 100;
    /// @dev [bytes] id + name + owner
    uint256 private constant _IDENTITY_LENGTH = 62;

    /// @notice The liquidation engine (start / reset).
    ILiquidationEngine public immutable engine;
    /// @notice The option vault (this contract's tips).
    IOptionVault public immutable vault;

    /// @inheritdoc ILiquidationReceiver
    address public forwarder;
    /// @inheritdoc ILiquidationReceiver
    address public statusView;
    address private _workflowOwner;
    bytes10 private _workflowName;
    bytes32 private _workflowId;

    /// @param authority The AccessManager (governs the setters and `withdrawTips`).
    /// @param engine_ The liquidation engine.
    /// @param vault_ The option vault.
    /// @param statusView_ The auction status view (the engine, or a lens with its `auctionStatus`).
    /// @param forwarder_ The CRE KeystoneForwarder of this chain.
    constructor(
        address authority,
        ILiquidationEngine engine_,
        IOptionVault vault_,
        address statusView_,
        address forwarder_
    ) AccessManaged(authority) {
        if (address(engine_) == address(0) || address(vault_) == address(0)) revert ZeroAddress();
        engine = engine_;
        vault = vault_;
        _setStatusView(statusView_);
        _setForwarder(forwarder_);
    }

    // ---------------------------------------------------------------- reports

    /// @inheritdoc IReceiver
    function onReport(bytes calldata metadata, bytes calldata report) external {
        if (msg.sender != forwarder) revert InvalidSender(msg.sender, forwarder);
        bytes32 workflowId = _checkWorkflow(metadata);
        address[] memory accounts = abi.decode(report, (address[]));
        if (accounts.length > MAX_ACCOUNTS) revert TooManyAccounts(accounts.length, MAX_ACCOUNTS);

        IAuctionStatusView view_ = IAuctionStatusView(statusView);
        uint256 started;
        uint256 resetCount;
        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            bool canStart;
            bool canReset;
            try view_.auctionStatus(account) returns (ILiquidationEngine.AuctionStatus memory st) {
                (canStart, canReset) = (st.canStart, st.canReset);
            } catch (bytes memory err) {
                emit ReportSkip(account, SkipReason.StatusFailed, err);
                continue;
            }
            if (canStart) {
                try engine.start(account) returns (uint256 auctionId) {
                    ++started;
                    emit ReportStart(account, auctionId);
                } catch (bytes memory err) {
                    emit ReportSkip(account, SkipReason.ActionFailed, err);
                }
            } else if (canReset) {
                try engine.reset(account) {
                    ++resetCount;
                    emit ReportReset(account, engine.auctionOf(account).id);
                } catch (bytes memory err) {
                    emit ReportSkip(account, SkipReason.ActionFailed, err);
                }
            } else {
                emit ReportSkip(account, SkipReason.NothingToDo, "");
            }
        }
        emit Report(workflowId, accounts.length, started, resetCount);
    }

    /// @dev Checks the metadata's workflow identity against the configured one; returns the workflow id.
    function _checkWorkflow(bytes calldata metadata) private view returns (bytes32 workflowId) {
        if (metadata.length < _IDENTITY_LENGTH) revert MetadataTooShort(metadata.length, _IDENTITY_LENGTH);
        address expectedOwner = _workflowOwner;
        if (expectedOwner == address(0)) revert WorkflowNotConfigured();
        workflowId = bytes32(metadata[0:32]);
        bytes10 name = bytes10(metadata[32:42]);
        address owner = address(bytes20(metadata[42:62]));
        // names are unique per owner only (and truncated to 10 bytes): the owner is always checked
        if (owner != expectedOwner) revert InvalidWorkflowOwner(owner, expectedOwner);
        bytes10 expectedName = _workflowName;
        if (expectedName != bytes10(0) && name != expectedName) revert InvalidWorkflowName(name, expectedName);
        bytes32 expectedId = _workflowId;
        if (expectedId != bytes32(0) && workflowId != expectedId) revert InvalidWorkflowId(workflowId, expectedId);
    }

    // ---------------------------------------------------------------- admin (restricted)

    /// @inheritdoc ILiquidationReceiver
    function withdrawTips(uint256 amount, address to) external restricted {
        vault.withdraw(amount, to);
    }

    /// @inheritdoc ILiquidationReceiver
    function setForwarder(address forwarder_) external restricted {
        _setForwarder(forwarder_);
    }

    /// @inheritdoc ILiquidationReceiver
    function setWorkflow(address owner, bytes10 name, bytes32 workflowId) external restricted {
        _workflowOwner = owner;
        _workflowName = name;
        _workflowId = workflowId;
        emit SetWorkflow(owner, name, workflowId);
    }

    /// @inheritdoc ILiquidationReceiver
    function setStatusView(address statusView_) external restricted {
        _setStatusView(statusView_);
    }

    function _setForwarder(address forwarder_) private {
        if (forwarder_ == address(0)) revert ZeroAddress();
        forwarder = forwarder_;
        emit SetForwarder(forwarder_);
    }

    function _setStatusView(address statusView_) private {
        if (statusView_ == address(0)) revert ZeroAddress();
        statusView = statusView_;
        emit SetStatusView(statusView_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ILiquidationReceiver
    function workflow() external view returns (address owner, bytes10 name, bytes32 workflowId) {
        return (_workflowOwner, _workflowName, _workflowId);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IReceiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }
}
