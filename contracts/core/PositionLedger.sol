// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";

import {IOptionVault} from "../interfaces/IOptionVault.sol";
import {SeriesRegistry} from "./SeriesRegistry.sol";

/// @title PositionLedger
/// @notice The books of the vault: collateral per account, signed positions per (account, series), the
/// bounded list of each account's open series, and the open interest of every series.
/// @dev Every position change goes through `_addPosition`, and the vault only ever calls it in pairs
/// that add `+delta` to one account and `-delta` to another, so longs == shorts for every series.
abstract contract PositionLedger is SeriesRegistry {
    /// @notice Most open series an account may hold.
    /// @dev Margin and liquidation are O(n) in an account's open positions; 32 keeps a full health
    /// check of the largest account well under 1M gas so its liquidation always fits in a block.
    uint256 public constant MAX_POSITIONS = 32;
    /// @notice Largest absolute position or fill size [wad]: 1e12 contracts. With strikes and spots up
    /// to 1e33 wad, size × price stays below 1e63 < 2^255, so no int256 product of the margin engine or
    /// the settlement can overflow.
    uint256 public constant MAX_SIZE_WAD = 1e30;

    /// @dev One slot per (account, series): the size and the position's place in the open list.
    struct Position {
        int128 sizeWad; // [wad] signed size; |size| <= MAX_SIZE_WAD = 1e30 < 2^127
        uint64 indexPlusOne; // index + 1 in `_openSeries[account]` (0: not open); <= MAX_POSITIONS
    }

    /// @dev One slot per series. Each account adds at most 1e30; reaching 2^128 ≈ 3.4e38 would take
    /// 3.4e8 accounts at the size bound, and checked arithmetic reverts rather than wraps if it ever did.
    struct OpenInterest {
        uint128 longsWad; // [wad] Σ of positive positions
        uint128 shortsWad; // [wad] Σ of |negative positions|
    }

    /// @notice The collateral index's unit: 1e27 = no loss socialized yet.
    uint256 public constant RAY = 1e27;

    /// @dev [shares] claim of each account on the collateral; worth shares × index / RAY [token decimals]
    /// (rounded down). Transfers between accounts move shares, so they conserve Σ shares exactly.
    mapping(address account => uint256 shares) internal _sharesOf;
    /// @dev [shares] Σ _sharesOf (changed by deposits, withdrawals, settlement and socialized losses).
    uint256 internal _totalShares;
    /// @dev [RAY] token units per share. Starts at RAY (a share is one token unit) and only ever falls:
    /// a socialized loss lowers it, which cuts every account's collateral by the same fraction at once.
    uint256 internal _collateralIndexRay = RAY;
    /// @dev Position per account and series.
    mapping(address account => mapping(uint256 seriesId => Position)) private _positionOf;
    /// @dev Series in which the account holds a non-zero position (at most MAX_POSITIONS).
    mapping(address account => uint256[] seriesIds) internal _openSeries;
    /// @dev Open interest per series.
    mapping(uint256 seriesId => OpenInterest) internal _openInterest;

    /// @dev Liquidation-facing state of an account, one slot.
    struct AccountMeta {
        bool listed; // appended to `_accounts` (first deposit, fill or received position)
        bool underAuction; // a liquidation auction is live (set by the liquidator role)
        uint64 lastTradeBlock; // [block number] of the account's last fill
    }

    /// @dev Per-account liquidation state.
    mapping(address account => AccountMeta) internal _meta;
    /// @dev Every account that ever deposited, filled or received a position, in first-seen order.
    address[] internal _accounts;

    /// @dev Append the account to the enumerable list on first sight.
    function _register(address account) internal {
        AccountMeta storage m = _meta[account];
        if (!m.listed) {
            m.listed = true;
            _accounts.push(account);
        }
    }

    /// @dev Register the account and record a fill in this block (liquidation cool-off).
    function _markTrade(address account) internal returns (bool underAuction) {
        AccountMeta storage m = _meta[account];
        if (!m.listed) {
            m.listed = true;
            _accounts.push(account);
        }
        // block numbers fit in 64 bits for ~5e11 years of one-second blocks
        m.lastTradeBlock = uint64(block.number);
        return m.underAuction;
    }

    /// @dev Add `deltaWad` to the account's position, maintaining the open list and the open interest.
    function _addPosition(address account, uint256 seriesId, int256 deltaWad) internal {
        Position storage position = _positionOf[account][seriesId];
        int256 oldSize = position.sizeWad;
        // |oldSize| <= 1e30 and |deltaWad| <= 1e30 at every call site: the sum cannot overflow
        int256 newSize = oldSize + deltaWad;
        uint256 absNew = SignedMath.abs(newSize);
        if (absNew > MAX_SIZE_WAD) revert SizeTooLarge(absNew, MAX_SIZE_WAD);

        if (oldSize == 0 && newSize != 0) {
            uint256[] storage open = _openSeries[account];
            if (open.length >= MAX_POSITIONS) revert TooManyPositions(account, MAX_POSITIONS);
            open.push(seriesId);
            // open.length <= MAX_POSITIONS = 32: fits uint64
            position.indexPlusOne = uint64(open.length);
        } else if (oldSize != 0 && newSize == 0) {
            _removeOpen(account, position.indexPlusOne - 1);
            position.indexPlusOne = 0;
        }
        // |newSize| <= 1e30 < 2^127: the cast is exact
        position.sizeWad = int128(newSize);

        // longs' = longs − max(old, 0) + max(new, 0); shorts' = shorts − max(−old, 0) + max(−new, 0).
        // |old|, |new| <= 1e30 < 2^128 and longs >= max(old, 0) (old is part of the sum): no underflow.
        OpenInterest storage oi = _openInterest[seriesId];
        if (oldSize > 0) oi.longsWad -= uint128(uint256(oldSize));
        else if (oldSize < 0) oi.shortsWad -= uint128(uint256(-oldSize));
        if (newSize > 0) oi.longsWad += uint128(uint256(newSize));
        else if (newSize < 0) oi.shortsWad += uint128(uint256(-newSize));
    }

    /// @dev Swap-and-pop the entry at `index` out of the account's open list.
    function _removeOpen(address account, uint256 index) private {
        uint256[] storage open = _openSeries[account];
        uint256 lastIndex = open.length - 1;
        if (index != lastIndex) {
            uint256 last = open[lastIndex];
            open[index] = last;
            // index < MAX_POSITIONS: fits uint64
            _positionOf[account][last].indexPlusOne = uint64(index + 1);
        }
        open.pop();
    }

    /// @dev The account's signed position in `seriesId` [wad].
    function _sizeOf(address account, uint256 seriesId) internal view returns (int256) {
        return _positionOf[account][seriesId].sizeWad;
    }

    /// @dev [token decimals] What `shares` are worth at the current index, rounded down.
    function _valueOf(uint256 shares) internal view returns (uint256) {
        uint256 index = _collateralIndexRay;
        return index == RAY ? shares : Math.mulDiv(shares, index, RAY);
    }

    /// @dev Shares worth at least `amount` [token decimals] (rounded up: what a debit burns).
    function _sharesUp(uint256 amount, uint256 index) private pure returns (uint256) {
        return index == RAY ? amount : Math.mulDiv(amount, RAY, index, Math.Rounding.Ceil);
    }

    /// @dev Take shares worth at least `amount` [token decimals] from the account; reverts
    /// InsufficientCollateral. Returns the shares taken.
    function _takeShares(address account, uint256 amount) private returns (uint256 shares) {
        shares = _sharesUp(amount, _collateralIndexRay);
        uint256 available = _sharesOf[account];
        if (available < shares) revert InsufficientCollateral(account, _valueOf(available), amount);
        // available >= shares: cannot underflow
        unchecked {
            _sharesOf[account] = available - shares;
        }
    }

    /// @dev Debit `amount` [token decimals] from the account's collateral: the tokens leave the books
    /// (withdrawal, settlement payment). Burns the shares, rounded up.
    function _debit(address account, uint256 amount) internal {
        uint256 shares = _takeShares(account, amount);
        // shares <= the account's shares <= the total
        unchecked {
            _totalShares -= shares;
        }
    }

    /// @dev Credit `amount` [token decimals] of new collateral (deposit, settlement payout): mints
    /// shares, rounded down.
    function _credit(address account, uint256 amount) internal {
        uint256 index = _collateralIndexRay;
        uint256 shares = index == RAY ? amount : Math.mulDiv(amount, RAY, index);
        _sharesOf[account] += shares;
        _totalShares += shares;
    }

    /// @dev Move `amount` [token decimals] of collateral from one account to another: the shares worth
    /// it (rounded up) change hands, so Σ shares is conserved and the receiver gets at least `amount`.
    function _moveCollateral(address from, address to, uint256 amount) internal {
        uint256 shares = _takeShares(from, amount);
        _sharesOf[to] += shares;
    }

    /// @dev Spread a loss of `amount` [token decimals] over every account's collateral pro rata, by
    /// lowering the index: total' = total − amount (the index rounded down, in the protocol's favour).
    /// A loss at or above the total collateral wipes it out (index 1) and absorbs only the total.
    /// @return absorbed [token decimals] The part of the loss the collateral absorbed.
    /// @return indexBeforeRay The index before. @return indexAfterRay The index after.
    function _socialize(uint256 amount)
        internal
        returns (uint256 absorbed, uint256 indexBeforeRay, uint256 indexAfterRay)
    {
        indexBeforeRay = _collateralIndexRay;
        uint256 total = _valueOf(_totalShares);
        if (amount == 0 || total == 0) return (0, indexBeforeRay, indexBeforeRay);
        absorbed = amount < total ? amount : total;
        indexAfterRay = Math.mulDiv(indexBeforeRay, total - absorbed, total);
        if (indexAfterRay == 0) indexAfterRay = 1;
        _collateralIndexRay = indexAfterRay;
    }

    /// @dev Revert UnsettledPosition if the account holds a position in an expired series: the margin
    /// engine no longer counts it, so the account's equity would be overstated by a losing short.
    function _requireNoExpiredPosition(address account) internal view {
        uint256[] storage open = _openSeries[account];
        uint256 n = open.length;
        for (uint256 i; i < n; ++i) {
            uint256 seriesId = open[i];
            if (_expiryOf(seriesId) <= block.timestamp) revert UnsettledPosition(account, seriesId);
        }
    }

    /// @inheritdoc IOptionVault
    function collateralOf(address account) external view returns (uint256 amount) {
        return _valueOf(_sharesOf[account]);
    }

    /// @inheritdoc IOptionVault
    function collateralIndex() external view returns (uint256 indexRay) {
        return _collateralIndexRay;
    }

    /// @inheritdoc IOptionVault
    function totalCollateral() external view returns (uint256 amount) {
        return _valueOf(_totalShares);
    }

    /// @inheritdoc IOptionVault
    function positionOf(address account, uint256 seriesId) external view returns (int256 sizeWad) {
        return _positionOf[account][seriesId].sizeWad;
    }

    /// @inheritdoc IOptionVault
    function positionsOf(address account)
        external
        view
        returns (uint256[] memory seriesIds, int256[] memory sizesWad)
    {
        seriesIds = _openSeries[account];
        sizesWad = new int256[](seriesIds.length);
        for (uint256 i; i < seriesIds.length; ++i) {
            sizesWad[i] = _positionOf[account][seriesIds[i]].sizeWad;
        }
    }

    /// @inheritdoc IOptionVault
    function accountCount() external view returns (uint256) {
        return _accounts.length;
    }

    /// @inheritdoc IOptionVault
    function accountAt(uint256 index) external view returns (address) {
        return _accounts[index];
    }

    /// @inheritdoc IOptionVault
    function lastTradeBlock(address account) external view returns (uint256) {
        return _meta[account].lastTradeBlock;
    }

    /// @inheritdoc IOptionVault
    function isUnderAuction(address account) external view returns (bool) {
        return _meta[account].underAuction;
    }

    /// @inheritdoc IOptionVault
    function openInterest(uint256 seriesId) external view returns (uint256 longsWad, uint256 shortsWad) {
        OpenInterest storage oi = _openInterest[seriesId];
        return (oi.longsWad, oi.shortsWad);
    }
}
