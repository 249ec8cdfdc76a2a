// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccountBook} from "../types/AccountBook.sol";
import {IOptionVault} from "./IOptionVault.sol";
import {Series} from "../types/Series.sol";

/// @title IMarginEngine
/// @notice Greeks-aware, tiered portfolio margin: its risk parameters and the two computations the
/// protocol needs on-chain (an account's margin for the vault, a liquidation quote for the liquidation
/// engine). The engine is a pure function of the book it is given (`AccountBook`), the oracle hub and its
/// parameters: it never reads the vault. Read-only account views for keepers and frontends live in
/// `IMarginLens`, which shares the portfolio code (`PortfolioLib`).
/// @dev Requirement of an account = Σ over underlyings u of
///   MM_u = min(max(T_u, F_u), S_u, L_u) × tierFactor_u(N_u)   (rounded up)
///   IM_u = MM_u × imFactor_u                         (rounded up)
/// where, with the account's net Greeks on u (Δ = Σ size·delta, Γ = Σ size·gamma, V = Σ size·vega),
/// dS = h·S and the scenario grid {−dS, 0, +dS} × {−v, 0, +v}:
///   T_u = max over the grid of −(Δ·dS + ½·Γ·dS² + V·dσ), at least 0 (the grid is separable, so the
///         worst corner is the worst spot leg plus the worst vol leg);
///   F_u = Σ over short options of floorShare × |size| × (S for calls, min(K, S) for puts);
///   N_u = Σ |size| × S over the account's positions on u (gross notional; picks the size tier);
///   S_u = Σ over positions of min(max(T, F) of the position alone, what it can lose: a long its value, a
///         short put its value + |size| × K, a short call unbounded) — keeps MM subadditive with the caps;
///   L_u = the book's maximum loss from today's marks when every expiry's payoff at expiry is bounded
///         below (no net short calls): value_u − Σ_expiries min(0, lowest payoff); unbounded otherwise.
/// So no book needs more than it can lose, times the tier factor (the only add-on).
/// `max(T, F)` rather than `T + F`: the floor only guards the tails the Taylor expansion misses (deep
/// out-of-the-money shorts with tiny Greeks); where the stressed loss already exceeds it, adding the
/// floor would double count. All terms are subadditive over positions, so the base requirement of a
/// book never exceeds the sum of its legs' (a hedged book needs less than its naked legs); only the
/// size tier (a deliberate size penalty) can raise a combined book's requirement, when the combined
/// notional reaches a higher tier than the legs.
/// Expired series (expiry <= now) are skipped: they settle in the vault.
interface IMarginEngine {
    // ---------------------------------------------------------------- types

    /// @notice Risk parameters of one underlying (one storage slot).
    struct RiskParams {
        uint64 spotShockWad; // [1e18 = 100%] relative spot shock h of the scenario grid
        uint64 volShockWad; // [wad, 1e18 = 100 vol points] absolute volatility shock v of the grid
        uint64 floorShareWad; // [1e18 = 100%] floor per short option, as a share of S (calls) or min(K, S) (puts)
        uint64 imFactorWad; // [wad] initial / maintenance, > 1e18; zero means "not configured"
    }

    /// @notice One size tier: from `notionalWad` of gross notional on, maintenance is multiplied by `factorWad`.
    struct Tier {
        uint128 notionalWad; // [wad] lowest gross notional (Σ |size| × S) of the tier
        uint128 factorWad; // [wad] maintenance multiplier, 1e18 = ×1
    }

    /// @notice Margin figures of one account.
    struct MarginSummary {
        int256 equityWad; // [wad] collateral + mark-to-market
        uint256 maintenanceWad; // [wad] maintenance requirement
        uint256 initialWad; // [wad] initial requirement
        uint256 ratioWad; // [wad] equity / maintenance, rounded down; 0 when equity <= 0; type(uint256).max when maintenance = 0
    }

    /// @notice One live position in a health report.
    struct PositionHealth {
        uint256 seriesId; // the series
        uint256 index; // index of the position in the vault's `positionsOf` arrays
        int256 sizeWad; // [wad] signed size, + long, − short
        uint256 priceWad; // [wad] Black-Scholes price of one option
        int256 deltaWad; // [wad] delta of one option
        uint256 gammaWad; // [wad per unit of spot] gamma of one option
        uint256 vegaWad; // [wad per 1.0 of vol] vega of one option
        int256 valueWad; // [wad] size × price (longs rounded down, shorts rounded up in magnitude)
        int256 contributionWad; // [wad] maintenance of the account minus maintenance without this position (negative for a hedge)
    }

    /// @notice Full health report of one account.
    struct Health {
        int256 equityWad; // [wad] collateral + mark-to-market
        uint256 maintenanceWad; // [wad] maintenance requirement
        uint256 initialWad; // [wad] initial requirement
        uint256 ratioWad; // [wad] equity / maintenance (see MarginSummary.ratioWad)
        uint256 tierIndex; // highest size-tier index over the account's underlyings (0 = first tier)
        uint256 maintenanceBeforeTierWad; // [wad] Σ_u min(max(T_u, F_u), S_u, L_u), before the size-tier factor
        PositionHealth[] positions; // live (unexpired, non-zero) positions, in vault order
    }

    /// @notice Liquidation policy passed to `liquidationQuote` by the liquidation engine.
    struct QuoteParams {
        uint256 targetRatioWad; // [wad] ratio a just-enough sale restores (e.g. 1.10e18)
        uint256 discountWad; // [1e18 = 100%] current auction discount d: the account pays mark × d per option sold
        uint256 bidCapWad; // [wad] most the bidder wants (type(uint256).max for a status query; 0: the lot only, no size, as a start or reset asks)
        uint256 minSizeWad; // [wad] dust: a remainder below it is sold whole, and a bid may not leave one
        uint256[] tierRatiosWad; // [wad] ratio thresholds, strictly decreasing (e.g. 1.05, 1.02, 1.00)
        uint256[] tierSharesWad; // [1e18 = 100%] largest share of the lot per bid below each threshold
        address bidder; // when set, the quote also prices this account's book with the slice added (bidder*)
    }

    /// @notice An account's liquidation state and the bid a liquidator may make now, all from one pass
    /// over the account's book with fresh prices (spot without the sequencer check).
    struct Quote {
        int256 equityWad; // [wad] equity now
        uint256 maintenanceWad; // [wad] maintenance now
        uint256 ratioWad; // [wad] margin ratio now (MarginSummary.ratioWad rules)
        uint256 tier; // 0 none; i + 1 when below tierRatiosWad[i] (deepest such i); type(uint256).max when equity <= 0
        uint256 seriesId; // the lot: riskiest position (0 when the account has none)
        int256 positionWad; // [wad] the account's signed position in the lot
        uint256 markPriceWad; // [wad] Black-Scholes price of one option of the lot
        uint256 notionalWad; // [wad] |position| × spot of the lot
        uint256 maxSizeWad; // [wad] most a bid may take now: min(share × |position|, just enough), dust rounded up to the lot
        uint256 sizeWad; // [wad] what a bid of bidCapWad takes: min(bidCap, max), lowered to leave no dust (0: none possible)
        uint256 accountCash; // [token decimals] cash the account pays (accountPays, rounded up) or receives (rounded down) for sizeWad at unitMarkWad
        int256 equityAfterWad; // [wad] equity after selling sizeWad at the discount
        uint256 maintenanceAfterWad; // [wad] maintenance after
        uint256 ratioAfterWad; // [wad] ratio after
        uint256 collateralWad; // [wad] the account's collateral (token amount × 10^(18 − decimals), exact)
        bool raisesCash; // the lot is a long sold to pay for the riskiest short, which the account's collateral cannot buy back
        int256 bidderEquityWad; // [wad] qp.bidder's equity with sizeWad of the lot added, before the sale's cash (0 without a bidder or a sale, and for a combined lot, whose bidder is checked after the transfer)
        uint256 bidderInitialWad; // [wad] qp.bidder's initial requirement with the slice added
        // a combined lot (a solvent account's hedged short sold with its hedge in proportion, as one unit):
        uint256 pairSeriesId; // the hedge sold with the lot (0: the lot is one position)
        uint256 pairSizeWad; // [wad] of the hedge sold with sizeWad of the lot (sizeWad × |hedge| / |lot|, rounded down)
        uint256 unitMarkWad; // [wad] |value| of what one option of the lot sells (a combined lot: mark − hedge mark × |hedge| / |lot|)
        bool accountPays; // the account pays for what it sells (a short lot, or a combined lot worth less than nothing)
    }

    // ---------------------------------------------------------------- errors

    /// @notice A zero address was given where a contract or underlying is required.
    error ZeroAddress();
    /// @notice The collateral token has more than 18 decimals.
    error UnsupportedDecimals(uint8 decimals);
    /// @notice An account holds a series whose underlying has no risk parameters.
    error RiskParamsNotSet(address underlying);
    /// @notice Spot shock outside [min, max].
    error SpotShockOutOfBounds(uint256 spotShockWad, uint256 minWad, uint256 maxWad);
    /// @notice Vol shock above max.
    error VolShockOutOfBounds(uint256 volShockWad, uint256 maxWad);
    /// @notice Floor share outside [min, max].
    error FloorShareOutOfBounds(uint256 floorShareWad, uint256 minWad, uint256 maxWad);
    /// @notice IM factor not in (min, max].
    error ImFactorOutOfBounds(uint256 imFactorWad, uint256 minExclusiveWad, uint256 maxWad);
    /// @notice A tier table with no tier, or with more than `max` tiers.
    error TierCountOutOfBounds(uint256 count, uint256 max);
    /// @notice The first tier must start at notional 0.
    error FirstTierNotZero(uint256 notionalWad);
    /// @notice Tier thresholds must strictly increase.
    error TierNotIncreasing(uint256 index, uint256 notionalWad, uint256 previousNotionalWad);
    /// @notice A tier factor outside [min, max].
    error TierFactorOutOfBounds(uint256 index, uint256 factorWad, uint256 minWad, uint256 maxWad);
    /// @notice Tier factors must not decrease.
    error TierFactorDecreasing(uint256 index, uint256 factorWad, uint256 previousFactorWad);
    /// @notice The account has no live position.
    error NoOpenPositions(address account);
    /// @notice The account's equity does not cover the requirement it must meet.
    /// @param account The account checked.
    /// @param requiredWad [wad] The requirement that was not met (initial on withdrawals and fills).
    /// @param equityWad [wad] The account's equity at the time of the check.
    error MarginInsufficient(address account, uint256 requiredWad, int256 equityWad);
    /// @notice The book's arrays differ in length.
    error MalformedBook(uint256 ids, uint256 sizes, uint256 series);

    // ---------------------------------------------------------------- events

    /// @notice The risk parameters of an underlying were set.
    /// @param underlying The underlying.
    /// @param spotShockWad [1e18 = 100%] New relative spot shock.
    /// @param volShockWad [wad] New absolute vol shock.
    /// @param floorShareWad [1e18 = 100%] New floor share per short option.
    /// @param imFactorWad [wad] New initial / maintenance factor.
    event SetRiskParams(
        address indexed underlying, uint256 spotShockWad, uint256 volShockWad, uint256 floorShareWad, uint256 imFactorWad
    );

    /// @notice The size-tier table of an underlying was set.
    /// @param underlying The underlying.
    /// @param tiers The new table, thresholds [wad] ascending, factors [wad] non-decreasing.
    event SetTiers(address indexed underlying, Tier[] tiers);

    // ---------------------------------------------------------------- admin (restricted)

    /// @notice Set the risk parameters of `underlying`; restricted to the access manager's risk role.
    /// Bounds are MarginParamsLib's constants.
    /// @param spotShockWad [1e18 = 100%] in [MIN_SPOT_SHOCK, MAX_SPOT_SHOCK].
    /// @param volShockWad [wad] in [0, MAX_VOL_SHOCK].
    /// @param floorShareWad [1e18 = 100%] in [MIN_FLOOR_SHARE, MAX_FLOOR_SHARE].
    /// @param imFactorWad [wad] in (1e18, MAX_IM_FACTOR].
    function setRiskParams(
        address underlying,
        uint256 spotShockWad,
        uint256 volShockWad,
        uint256 floorShareWad,
        uint256 imFactorWad
    ) external;

    /// @notice Set the size-tier table of `underlying`; restricted. 1..MAX_TIERS tiers, first at
    /// notional 0, thresholds strictly increasing, factors in [1e18, MAX_TIER_FACTOR] non-decreasing.
    /// An underlying without a table uses factor 1e18 (tier 0).
    function setTiers(address underlying, Tier[] calldata tiers) external;

    // ---------------------------------------------------------------- parameter views

    /// @notice The oracle hub the engine prices with.
    function oracleHub() external view returns (address);

    /// @notice 10^(18 − collateral decimals): collateral [token decimals] × scale = [wad], exactly.
    function collateralScale() external view returns (uint256);

    /// @notice The risk parameters of `underlying` (all zero when not configured).
    function riskParams(address underlying) external view returns (RiskParams memory);

    /// @notice The size-tier table of `underlying` (empty: factor 1e18 for any notional).
    function tiers(address underlying) external view returns (Tier[] memory);

    // ---------------------------------------------------------------- computations

    /// @notice Equity and margin requirements of a book.
    /// @dev equity [wad] = collateral (converted to wad) + Σ size × Black-Scholes price; maintenance and
    /// initial requirement [wad], both rounded up; initial >= maintenance. Expired series are skipped.
    /// @param book The account's book (the vault's `bookOf`).
    /// @param strict Spot with the L2 sequencer check (trading and withdrawals) or without (liquidation:
    /// sequencer downtime must not block it).
    /// @return equityWad [wad] Collateral plus the mark-to-market value of every open, unexpired position.
    /// @return maintenanceWad [wad] Maintenance requirement (below it the account can be liquidated).
    /// @return initialWad [wad] Initial requirement (withdrawals and risk-adding trades must keep equity at or above it).
    function margin(AccountBook calldata book, bool strict)
        external
        view
        returns (int256 equityWad, uint256 maintenanceWad, uint256 initialWad);

    /// @notice Mark (Black-Scholes) price of one option of series `s` [wad], spot without the sequencer
    /// check; 0 when expired.
    function markPrice(Series calldata s) external view returns (uint256 priceWad);

    /// @notice The account's liquidation quote (see `Quote`), computed from ONE pricing pass over the
    /// account's book: the riskiest position is the lot; the tier picks the share of the lot a bid may
    /// take (equity <= 0: the whole lot); the just-enough size is the smallest x with
    ///   equity − x·mark·d (cash rounded in the protocol's favour) >= target × maintenance(x)
    /// found by bisection on the cached per-position numbers (no re-pricing) until the bracket is at most
    /// ⌈|position| / 1e6⌉ wide, returning its upper end: after a maximum bid the ratio is >= target, and
    /// selling the tolerance less would leave it below (unless the lot is exhausted). The just-enough size
    /// is never below min(minimum size, share × |position|): past the target by at most that much.
    /// Combined lots: when a solvent account's riskiest position is a short hedged by a long of the same
    /// underlying and kind (nearest strike, then nearest expiry), the lot is the short with |hedge| /
    /// |short| of the hedge per option (`pairSeriesId`, `pairSizeWad`), priced at the unit's mark
    /// (`unitMarkWad`, `accountPays`) — unless the first tier's share of the short alone raises equity −
    /// maintenance more (and the account can pay for it). Sizes are in options of the short.
    /// Cash-constrained: when a solvent account's riskiest position is an unhedged short whose buy-back
    /// (at the discount) its collateral cannot pay even for min(|short|, minimum size), and it holds a
    /// long, the lot is its riskiest long instead (`raisesCash`), capped at the size whose proceeds buy
    /// back the whole short; that sale may lower the ratio (the next bid closes the short with its cash).
    /// A start or reset (bidCap 0) gets the lot, its mark and notional, and no size.
    /// The books are read from `vault` (`bookOf`), the vault the caller names: the engine holds no vault
    /// address, and the vault, which calls `margin` with its own books, is never called back.
    /// @param vault The vault holding the books (the liquidation engine's).
    /// @param account The account.
    /// @param params The liquidation policy and the bid's cap; `params.bidder`'s book is priced with the
    /// slice added when set.
    function liquidationQuote(IOptionVault vault, address account, QuoteParams calldata params)
        external
        view
        returns (Quote memory);
}
