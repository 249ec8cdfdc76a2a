// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReceiver} from "./IReceiver.sol";

/// @title ILiquidationReceiver
/// @notice Chainlink CRE consumer that starts and resets liquidation auctions (the successor of the
/// Automation upkeep; bidding stays with keepers). A workflow reads the auction status of the vault's
/// accounts off-chain and reports `abi.encode(address[] accounts)`; the KeystoneForwarder delivers the
/// report through `onReport`. The receiver accepts a report only from the configured forwarder and only
/// from the configured workflow (owner, and name and id when set), then re-validates every account
/// on-chain through the status view: it starts an auction that can start, resets one that can reset and
/// skips the rest, each account in its own try/catch, so a stale, replayed or partly wrong report never
/// reverts and never acts twice.
interface ILiquidationReceiver is IReceiver {
    // ---------------------------------------------------------------- types

    /// @notice Why a reported account was skipped.
    enum SkipReason {
        NothingToDo, // neither canStart nor canReset (healthy, recovered, or already handled)
        StatusFailed, // the status view reverted (e.g. a stale oracle)
        ActionFailed // start or reset reverted (e.g. a race lost, stop level, notional cap)
    }

    // ---------------------------------------------------------------- errors

    /// @notice `onReport` was called by someone other than the configured forwarder.
    /// @param sender The caller.
    /// @param forwarder The configured KeystoneForwarder.
    error InvalidSender(address sender, address forwarder);
    /// @notice The metadata is shorter than the 62 bytes that carry the workflow identity.
    /// @param length [bytes] The metadata's length.
    /// @param minLength [bytes] The shortest accepted metadata.
    error MetadataTooShort(uint256 length, uint256 minLength);
    /// @notice No workflow owner is configured yet: every report is rejected.
    error WorkflowNotConfigured();
    /// @notice The report comes from another workflow owner.
    error InvalidWorkflowOwner(address received, address expected);
    /// @notice The report comes from another workflow name (checked when one is configured).
    error InvalidWorkflowName(bytes10 received, bytes10 expected);
    /// @notice The report comes from another workflow id (checked when one is configured).
    error InvalidWorkflowId(bytes32 received, bytes32 expected);
    /// @notice The report lists more accounts than one report may act on.
    /// @param count Accounts in the report.
    /// @param maxCount `MAX_ACCOUNTS`.
    error TooManyAccounts(uint256 count, uint256 maxCount);
    /// @notice A zero address where a contract is required (forwarder, engine, status view).
    error ZeroAddress();

    // ---------------------------------------------------------------- events

    /// @notice A report was accepted.
    /// @param workflowId The reporting workflow's id.
    /// @param count Accounts listed in the report.
    /// @param started Auctions started.
    /// @param reset Auctions reset.
    event Report(bytes32 indexed workflowId, uint256 count, uint256 started, uint256 reset);
    /// @notice The receiver started `account`'s auction.
    /// @param auctionId The new auction's id.
    event ReportStart(address indexed account, uint256 auctionId);
    /// @notice The receiver reset `account`'s auction.
    /// @param auctionId The auction's id after the reset.
    event ReportReset(address indexed account, uint256 auctionId);
    /// @notice A listed account was skipped.
    /// @param reason Why.
    /// @param revertData The revert data of the failed call (empty for NothingToDo).
    event ReportSkip(address indexed account, SkipReason reason, bytes revertData);
    /// @notice The forwarder allowed to deliver reports was set.
    event SetForwarder(address forwarder);
    /// @notice The accepted workflow identity was set.
    /// @param owner The workflow owner (zero: reject every report).
    /// @param name The workflow name as CRE encodes it in the metadata (zero: any name of the owner).
    /// @param workflowId The workflow id (zero: any id; it changes with each workflow update).
    event SetWorkflow(address owner, bytes10 name, bytes32 workflowId);
    /// @notice The auction status view was set (the engine, or a lens with the same signature).
    event SetStatusView(address statusView);

    // ---------------------------------------------------------------- entry points

    /// @notice Withdraw start tips accrued in this contract's vault account (restricted).
    /// @param amount [collateral token decimals]
    /// @param to Recipient.
    function withdrawTips(uint256 amount, address to) external;

    /// @notice Set the forwarder allowed to call `onReport` (restricted). Emits SetForwarder.
    function setForwarder(address forwarder) external;

    /// @notice Set the accepted workflow identity (restricted). Emits SetWorkflow.
    /// @param owner The workflow owner (zero rejects every report).
    /// @param name The metadata's workflow name (zero: not checked; the owner always is).
    /// @param workflowId The workflow id (zero: not checked).
    function setWorkflow(address owner, bytes10 name, bytes32 workflowId) external;

    /// @notice Set the auction status view (restricted). Emits SetStatusView.
    function setStatusView(address statusView) external;

    // ---------------------------------------------------------------- views

    /// @notice Most accounts one report may list.
    function MAX_ACCOUNTS() external view returns (uint256);

    /// @notice The KeystoneForwarder allowed to call `onReport`.
    function forwarder() external view returns (address);

    /// @notice The accepted workflow identity.
    function workflow() external view returns (address owner, bytes10 name, bytes32 workflowId);

    /// @notice The auction status view.
    function statusView() external view returns (address);
}
