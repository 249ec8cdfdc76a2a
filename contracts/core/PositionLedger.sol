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
    /// @notice Largest absolute position or fill size [wad]: 1e10 contracts. It keeps a position in the
    /// 96 bits of its book entry (2^95 ≈ 3.96e28 > 2 × 1e28, so old + delta never wraps before the
    /// check); with strikes and spots up to 1e33 wad, size × price stays below 1e61, far inside int256.
    uint256 public constant MAX_SIZE_WAD = 1e28;

    /// @dev One slot per series. Each account adds at most 1e28; reaching 2^128 ≈ 3.4e38 would take
    /// 3.4e10 accounts at the size bound, and checked arithmetic reverts rather than wraps if it ever did.
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
    /// A slot shared with the liquidation engine's address, which every liquidation hook reads with the
    /// index (one cold read per bid instead of two); the index only falls from RAY = 1e27 < 2^96.
    uint96 internal _collateralIndexRay = uint96(RAY);
    /// @dev The liquidation engine: the only caller of the liquidation hooks (0: none).
    address internal _liquidator;
    /// @dev Each account's open positions, two 128-bit entries per slot, entries 0..openCount − 1 in use:
    /// entry = seriesId (bits 0..31) | size as int96 two's complement (bits 32..127). One cold read per
    /// two positions, and an account's first position costs one new slot; a lookup by series scans the
    /// entries (at most 16 slots, which the margin check of the same transaction reads anyway).
    mapping(address account => uint256[16] words) private _book;
    /// @dev Open interest per series.
    mapping(uint256 seriesId => OpenInterest) internal _openInterest;

    /// @dev Per-account state, one slot.
    struct AccountMeta {
        bool listed; // appended to `_accounts` (first deposit, fill or received position)
        bool underAuction; // a liquidation auction is live (set by the liquidator role)
        uint64 lastTradeBlock; // [block number] of the account's last fill that met initial margin (cool-off)
        uint8 openCount; // entries in use in `_book[account]` (<= MAX_POSITIONS)
    }

    uint256 private constant ENTRY_MASK = type(uint128).max;
    uint256 private constant ID_MASK = type(uint32).max;

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

    /// @dev Register the account; record a fill in this block (liquidation cool-off) when `coolOff`.
    /// Returns whether the account is under auction.
    function _markTrade(address account, bool coolOff) internal returns (bool underAuction) {
        AccountMeta storage m = _meta[account];
        if (!m.listed) {
            m.listed = true;
            _accounts.push(account);
        }
        // block numbers fit in 64 bits for ~5e11 years of one-second blocks
        if (coolOff) m.lastTradeBlock = uint64(block.number);
        return m.underAuction;
    }

    /// @dev Add `deltaWad` to the account's position, maintaining its book entries and the open interest.
    function _addPosition(address account, uint256 seriesId, int256 deltaWad) internal {
        (int256 oldSize, int256 newSize) = _movePosition(account, seriesId, deltaWad);
        // longs' = longs − max(old, 0) + max(new, 0); shorts' = shorts − max(−old, 0) + max(−new, 0).
        // |old|, |new| <= 1e28 < 2^128 and longs >= max(old, 0) (old is part of the sum): no underflow.
        OpenInterest storage oi = _openInterest[seriesId];
        if (oldSize > 0) oi.longsWad -= uint128(uint256(oldSize));
        else if (oldSize < 0) oi.shortsWad -= uint128(uint256(-oldSize));
        if (newSize > 0) oi.longsWad += uint128(uint256(newSize));
        else if (newSize < 0) oi.shortsWad += uint128(uint256(-newSize));
    }

    /// @dev The pair of position changes of a trade or a transfer: `deltaWad` to `a`, −deltaWad to `b`,
    /// with one open-interest update for both (none when they net out, e.g. a slice that keeps both
    /// accounts on the same side).
    function _addPositionPair(address a, address b, uint256 seriesId, int256 deltaWad) internal {
        (int256 oldA, int256 newA) = _movePosition(a, seriesId, deltaWad);
        (int256 oldB, int256 newB) = _movePosition(b, seriesId, -deltaWad);
        (int256 dLongs, int256 dShorts) = _openInterestDelta(oldA, newA, oldB, newB);
        _addOpenInterest(seriesId, dLongs, dShorts);
    }

    /// @dev Add `deltaWad` to the account's position in its book entries (not the open interest).
    function _movePosition(address account, uint256 seriesId, int256 deltaWad)
        private
        returns (int256 oldSize, int256 newSize)
    {
        AccountMeta storage m = _meta[account];
        uint256 n = m.openCount;
        uint256[16] storage words = _book[account];
        uint256 index;
        (index, oldSize) = _find(words, n, seriesId);
        // |oldSize| <= 1e28 and |deltaWad| <= 1e28 at every call site: the sum cannot overflow
        newSize = oldSize + deltaWad;
        uint256 absNew = SignedMath.abs(newSize);
        if (absNew > MAX_SIZE_WAD) revert SizeTooLarge(absNew, MAX_SIZE_WAD);

        if (oldSize == 0) {
            if (newSize != 0) {
                if (n >= MAX_POSITIONS) revert TooManyPositions(account, MAX_POSITIONS);
                _writeEntry(words, n, _encode(seriesId, newSize));
                // n < MAX_POSITIONS = 32: fits uint8
                m.openCount = uint8(n + 1);
            }
        } else if (newSize == 0) {
            // swap-and-pop: the last entry takes the removed one's place
            uint256 last = n - 1;
            if (index != last) _writeEntry(words, index, _entryAt(words, last));
            _writeEntry(words, last, 0);
            // last < MAX_POSITIONS: fits uint8
            m.openCount = uint8(last);
        } else {
            _writeEntry(words, index, _encode(seriesId, newSize));
        }
    }

    /// @dev Change of (longs, shorts) [wad] when one account's position goes from `oldA` to `newA` and
    /// another's from `oldB` to `newB`: longs' − longs = Σ max(new, 0) − max(old, 0), shorts likewise with
    /// −size. Every size is within ±1e28, so each sum is within ±4e28 (exact).
    function _openInterestDelta(int256 oldA, int256 newA, int256 oldB, int256 newB)
        private
        pure
        returns (int256 dLongs, int256 dShorts)
    {
        dLongs = _pos(newA) - _pos(oldA) + _pos(newB) - _pos(oldB);
        dShorts = _pos(-newA) - _pos(-oldA) + _pos(-newB) - _pos(-oldB);
    }

    function _pos(int256 x) private pure returns (int256) {
        return x > 0 ? x : int256(0);
    }

    /// @dev Apply an open-interest change (dLongs, dShorts) [wad] to `seriesId` (no write when both are
    /// 0). The totals include the old positions, so a fall cannot underflow (checked regardless).
    function _addOpenInterest(uint256 seriesId, int256 dLongs, int256 dShorts) private {
        if (dLongs == 0 && dShorts == 0) return;
        OpenInterest storage oi = _openInterest[seriesId];
        // |d| <= 4e28 < 2^128: the casts are exact
        (uint128 longs, uint128 shorts) = (oi.longsWad, oi.shortsWad);
        longs = dLongs >= 0 ? longs + uint128(uint256(dLongs)) : longs - uint128(uint256(-dLongs));
        shorts = dShorts >= 0 ? shorts + uint128(uint256(dShorts)) : shorts - uint128(uint256(-dShorts));
        (oi.longsWad, oi.shortsWad) = (longs, shorts);
    }

    /// @dev Index and size of `seriesId` among the first `n` entries; (n, 0) when it is not open.
    function _find(uint256[16] storage words, uint256 n, uint256 seriesId)
        private
        view
        returns (uint256 index, int256 sizeWad)
    {
        for (uint256 k; k < n; k += 2) {
            uint256 word = words[k >> 1];
            if (word & ID_MASK == seriesId) return (k, _sizeOfEntry(word));
            if (k + 1 < n && (word >> 128) & ID_MASK == seriesId) return (k + 1, _sizeOfEntry(word >> 128));
        }
        return (n, 0);
    }

    /// @dev Raw 128-bit entry `i`.
    function _entryAt(uint256[16] storage words, uint256 i) private view returns (uint256) {
        return (words[i >> 1] >> ((i & 1) << 7)) & ENTRY_MASK;
    }

    /// @dev Overwrite entry `i` with the raw 128-bit `entry` (the other entry of its slot is kept).
    function _writeEntry(uint256[16] storage words, uint256 i, uint256 entry) private {
        uint256 shift = (i & 1) << 7;
        uint256 k = i >> 1;
        words[k] = (words[k] & ~(ENTRY_MASK << shift)) | (entry << shift);
    }

    /// @dev Entry of (seriesId, sizeWad): seriesId <= MAX_SERIES_ID (listing bound) and
    /// |sizeWad| <= MAX_SIZE_WAD < 2^95 (checked by the caller), so both fit their fields exactly.
    function _encode(uint256 seriesId, int256 sizeWad) private pure returns (uint256) {
        return seriesId | (uint256(uint96(int96(sizeWad))) << 32);
    }

    /// @dev Signed size [wad] of the entry in the low 128 bits of `entry`.
    function _sizeOfEntry(uint256 entry) private pure returns (int256) {
        return int256(int96(uint96(entry >> 32)));
    }

    /// @dev The account's open entries as (series ids, signed sizes [wad]).
    function _entriesOf(address account) internal view returns (uint256[] memory ids, int256[] memory sizes) {
        uint256 n = _meta[account].openCount;
        uint256[16] storage words = _book[account];
        ids = new uint256[](n);
        sizes = new int256[](n);
        uint256 word;
        for (uint256 i; i < n; ++i) {
            word = i & 1 == 0 ? words[i >> 1] : word >> 128;
            ids[i] = word & ID_MASK;
            sizes[i] = _sizeOfEntry(word);
        }
    }

    /// @dev The account's open entries, two words per position (see `IOptionVault.packedBookOf`): the
    /// 128-bit book entry in the low half of the even word; `_packSeries` completes both words.
    function _packedEntriesOf(address account) internal view returns (uint256[] memory out) {
        uint256 n = _meta[account].openCount;
        uint256[16] storage words = _book[account];
        out = new uint256[](2 * n);
        uint256 word;
        for (uint256 i; i < n; ++i) {
            word = i & 1 == 0 ? words[i >> 1] : word >> 128;
            out[2 * i] = word & ENTRY_MASK;
        }
    }

    /// @dev Number of open positions of the account.
    function _openCount(address account) internal view returns (uint256) {
        return _meta[account].openCount;
    }

    /// @dev The account's signed position in `seriesId` [wad].
    function _sizeOf(address account, uint256 seriesId) internal view returns (int256 sizeWad) {
        (, sizeWad) = _find(_book[account], _meta[account].openCount, seriesId);
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

    /// @dev `_moveCollateral(payer, receiver, amount)` then `_moveCollateral(payer, address(this), fee)`
    /// (either may be 0: no move) with one write of the payer's shares: each move's shares are rounded
    /// up on their own and checked in that order, with the errors the two moves would raise. `capped`
    /// (the payer is the account under liquidation): its collateral is read rounded down (`_valueOf`), so
    /// paying what it was read to hold can need one share-rounding unit more than it has; when the
    /// roundings together need more shares than it holds although it holds the amounts (at most one token
    /// unit short, index below 1e27: at 1e27 shares are token units and nothing rounds), it pays every
    /// share it has instead — a valid bid never fails by rounding dust.
    function _pay(address payer, address receiver, uint256 amount, uint256 fee, bool capped) internal {
        if (amount == 0 && fee == 0) return;
        uint256 index = _collateralIndexRay;
        uint256 available = _sharesOf[payer];
        if (capped && index != RAY) {
            uint256 need = _sharesUp(amount, index) + _sharesUp(fee, index);
            if (need > available && _valueOf(available) + 1 >= amount + fee) {
                // rounding only: the cash gets its shares first, the fund's share what is left
                uint256 cashPart = _sharesUp(amount, index);
                if (cashPart > available) cashPart = available;
                _sharesOf[payer] = 0;
                if (cashPart != 0) _sharesOf[receiver] += cashPart;
                if (available > cashPart) _sharesOf[address(this)] += available - cashPart;
                return;
            }
        }
        uint256 cashShares;
        uint256 feeShares;
        if (amount != 0) {
            cashShares = _sharesUp(amount, index);
            if (available < cashShares) revert InsufficientCollateral(payer, _valueOf(available), amount);
            // available >= cashShares: cannot underflow
            unchecked {
                available -= cashShares;
            }
        }
        if (fee != 0) {
            feeShares = _sharesUp(fee, index);
            if (available < feeShares) revert InsufficientCollateral(payer, _valueOf(available), fee);
            // available >= feeShares: cannot underflow
            unchecked {
                available -= feeShares;
            }
        }
        _sharesOf[payer] = available;
        if (amount != 0) _sharesOf[receiver] += cashShares;
        if (fee != 0) _sharesOf[address(this)] += feeShares;
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
        // indexAfterRay <= indexBeforeRay <= RAY < 2^96: the cast is exact
        _collateralIndexRay = uint96(indexAfterRay);
    }

    /// @dev Revert UnsettledPosition if the account holds a position in an expired series: the margin
    /// engine no longer counts it, so the account's equity would be overstated by a losing short.
    function _requireNoExpiredPosition(address account) internal view {
        uint256 n = _meta[account].openCount;
        uint256[16] storage words = _book[account];
        uint256 word;
        for (uint256 i; i < n; ++i) {
            word = i & 1 == 0 ? words[i >> 1] : word >> 128;
            uint256 seriesId = word & ID_MASK;
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
        return _sizeOf(account, seriesId);
    }

    /// @inheritdoc IOptionVault
    function positionsOf(address account)
        external
        view
        returns (uint256[] memory seriesIds, int256[] memory sizesWad)
    {
        return _entriesOf(account);
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
