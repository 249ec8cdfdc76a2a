// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AutomationCompatibleInterface} from
    "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";

import {ILiquidationEngine} from "../interfaces/ILiquidationEngine.sol";
import {ILiquidationLens} from "../interfaces/ILiquidationLens.sol";
import {IOptionVault} from "../interfaces/IOptionVault.sol";

/// @title LiquidationUpkeep
/// @notice Chainlink Automation upkeep that starts and resets liquidation auctions (bidding stays with
/// keepers). `checkUpkeep(abi.encode(startIndex, count))` scans the vault's accounts
/// [startIndex, startIndex + count) (clipped to the list) and returns
/// `performData = abi.encode(address[] toStart, address[] toReset)`; `performUpkeep` re-validates each
/// account through the engine's status and skips those no longer eligible, so it is idempotent and a
/// stale or replayed performData cannot revert. Register one upkeep per account range.
/// Start tips accrue to this contract's vault account; `withdrawTips` (restricted) sends them out.
contract LiquidationUpkeep is AutomationCompatibleInterface, AccessManaged {
    /// @notice Most accounts one check may scan.
    uint256 public constant MAX_SCAN = 200;

    /// @notice checkData asks for more than MAX_SCAN accounts.
    error ScanTooLarge(uint256 count, uint256 maxCount);

    /// @notice An account's auction was started by this upkeep.
    event UpkeepStart(address indexed account, uint256 auctionId);
    /// @notice An account's auction was reset by this upkeep.
    event UpkeepReset(address indexed account);
    /// @notice An account listed in performData was skipped (no longer eligible).
    event UpkeepSkip(address indexed account);

    /// @notice The liquidation engine.
    ILiquidationEngine public immutable engine;
    /// @notice The option vault (account list).
    IOptionVault public immutable vault;
    /// @notice The liquidation lens (auction status).
    ILiquidationLens public immutable lens;

    /// @param authority The AccessManager (governs `withdrawTips`).
    /// @param engine_ The liquidation engine.
    /// @param vault_ The option vault.
    /// @param lens_ The liquidation lens.
    constructor(address authority, ILiquidationEngine engine_, IOptionVault vault_, ILiquidationLens lens_)
        AccessManaged(authority)
    {
        engine = engine_;
        vault = vault_;
        lens = lens_;
    }

    /// @inheritdoc AutomationCompatibleInterface
    function checkUpkeep(bytes calldata checkData)
        external
        view
        returns (bool upkeepNeeded, bytes memory performData)
    {
        (uint256 startIndex, uint256 count) = abi.decode(checkData, (uint256, uint256));
        if (count > MAX_SCAN) revert ScanTooLarge(count, MAX_SCAN);
        uint256 total = vault.accountCount();
        uint256 endIndex = startIndex + count < total ? startIndex + count : total;
        uint256 n = endIndex > startIndex ? endIndex - startIndex : 0;
        address[] memory toStart = new address[](n);
        address[] memory toReset = new address[](n);
        uint256 nStart;
        uint256 nReset;
        for (uint256 i; i < n; ++i) {
            address account = vault.accountAt(startIndex + i);
            ILiquidationEngine.AuctionStatus memory st = lens.auctionStatus(account);
            if (st.canStart) toStart[nStart++] = account;
            else if (st.canReset) toReset[nReset++] = account;
        }
        assembly ("memory-safe") {
            // shrink the arrays to their filled length (nStart, nReset <= n)
            mstore(toStart, nStart)
            mstore(toReset, nReset)
        }
        upkeepNeeded = nStart + nReset != 0;
        performData = abi.encode(toStart, toReset);
    }

    /// @inheritdoc AutomationCompatibleInterface
    function performUpkeep(bytes calldata performData) external {
        (address[] memory toStart, address[] memory toReset) = abi.decode(performData, (address[], address[]));
        for (uint256 i; i < toStart.length; ++i) {
            address account = toStart[i];
            if (!lens.auctionStatus(account).canStart) {
                emit UpkeepSkip(account);
                continue;
            }
            emit UpkeepStart(account, engine.start(account));
        }
        for (uint256 i; i < toReset.length; ++i) {
            address account = toReset[i];
            if (!lens.auctionStatus(account).canReset) {
                emit UpkeepSkip(account);
                continue;
            }
            engine.reset(account);
            emit UpkeepReset(account);
        }
    }

    /// @notice Withdraw accrued start tips from this contract's vault account (restricted).
    /// @param amount [token decimals]
    function withdrawTips(uint256 amount, address to) external restricted {
        vault.withdraw(amount, to);
    }
}
