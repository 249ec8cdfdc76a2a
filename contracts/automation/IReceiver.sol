// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title IReceiver
/// @notice Chainlink CRE consumer interface: the KeystoneForwarder delivers a workflow's verified report
/// by calling `onReport`. A receiver must also answer ERC-165 `supportsInterface` for
/// `type(IReceiver).interfaceId` (the forwarder checks it before delivering).
/// @dev The same interface as Chainlink's keystone `IReceiver` (selector `onReport(bytes,bytes)`).
interface IReceiver is IERC165 {
    /// @notice Handle a workflow report delivered by the forwarder.
    /// @dev If the call reverts the forwarder may retry it with a higher gas limit; the receiver is
    /// responsible for discarding stale reports.
    /// @param metadata `abi.encodePacked(bytes32 workflowId, bytes10 workflowName, address workflowOwner,
    /// bytes2 reportName)` (64 bytes).
    /// @param report The workflow's report (ABI-encoded by the workflow).
    function onReport(bytes calldata metadata, bytes calldata report) external;
}
