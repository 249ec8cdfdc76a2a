// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OptionVault} from "../../contracts/core/OptionVault.sol";
import {IMarginEngine} from "../../contracts/interfaces/IMarginEngine.sol";
import {IOptionVault} from "../../contracts/interfaces/IOptionVault.sol";
import {MarginLens} from "../../contracts/lens/MarginLens.sol";
import {OrderLib} from "../../contracts/libraries/OrderLib.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {Series} from "../../contracts/types/Series.sol";
import {Assertions} from "../utils/Assertions.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";

/// @notice Drives the vault, on the real protocol (the shared fixture, test/utils/ProtocolFixture.sol:
/// OracleHub over a MockPriceFeed, MarginEngine h 15%, v 0.30, floor 3%, IM ×1.3), through deposits,
/// withdrawals, signed-order fills, spot and vol moves, time, series listing and settlement (by a feed
/// round proven first at or after the expiry), with inputs bounded so calls rarely revert by accident.
/// Time moves keep the feed and the live expiries' vols fresh (the hub's heartbeat and maximum age).
/// Each action catches only the reverts it expects (by selector: margin failures, a premium the payer
/// lacks, an unsettled expired position) and re-throws any other; successful calls are counted per action.
contract VaultHandler is ProtocolFixture {
    address internal constant UNDERLYING = ETH;
    uint256 internal constant ACTORS = 4;
    uint256 internal constant MAX_SERIES = 10;

    uint256 private _salt;
    /// @dev [wad] The spot the feed answers (refreshed at that value when time moves).
    uint256 private _spotWad = 2000e18;

    // ghost state
    /// @notice A successful withdrawal left its account below initial margin (must stay false).
    bool public withdrawBelowInitial;
    /// @notice Successful withdrawals by accounts holding positions (shows (c) is not vacuous).
    uint256 public withdrawalsWithPositions;
    uint256 public fills;
    uint256 public settlements;
    // calls made, and successful calls per action (no vacuous runs)
    uint256 public calls;
    uint256 public okDeposits;
    uint256 public okWithdrawals;
    uint256 public okMarketMoves;
    uint256 public okWarps;
    uint256 public okListings;
    uint256 public okSeriesSettled;
    /// @notice Calls of settleSeries that found an expired unsettled series, and of settle that found a
    /// settled series still held (each must then have gone through).
    uint256 public settleSeriesDue;
    uint256 public settleDue;
    /// @notice [token decimals] Σ actually taken from shorts' collateral per series.
    mapping(uint256 seriesId => uint256) public collectedFromShorts;
    /// @notice [token decimals] Σ actually added to longs' collateral per series.
    mapping(uint256 seriesId => uint256) public paidToLongs;
    /// @notice [token decimals] Σ shortfalls (bad debt) per series.
    mapping(uint256 seriesId => uint256) public shortfallOf;
    /// @notice [token decimals] Σ of shortfalls socialized over all collateral per series (no fund here).
    mapping(uint256 seriesId => uint256) public socializedOf;
    /// @notice A loss exceeded all collateral (the index hit its floor): conservation is then inexact.
    bool public wipedOut;
    /// @notice Operations that may each leave a token unit of rounding dust once the index left RAY.
    uint256 public dustOps;
    /// @notice [wad] Long and short size closed by settlement per series.
    mapping(uint256 seriesId => uint256) public settledLongsWad;
    mapping(uint256 seriesId => uint256) public settledShortsWad;
    /// @notice Number of settled positions per series.
    mapping(uint256 seriesId => uint256) public settledPositions;
    /// @notice [token decimals] Remainder swept into protocol fees per series.
    mapping(uint256 seriesId => uint256) public sweptOf;

    constructor() {
        vm.warp(1_700_000_000);
        _deployProtocol(2000e8, uint64(block.timestamp + 10 days));
        hub.setVol(UNDERLYING, uint64(block.timestamp + 20 days), 0.6e18);
        vault.listSeries(UNDERLYING, 2000e18, uint64(block.timestamp + 10 days), true);
        vault.listSeries(UNDERLYING, 2000e18, uint64(block.timestamp + 10 days), false);
        vault.listSeries(UNDERLYING, 2200e18, uint64(block.timestamp + 20 days), true);
        // every run starts from funded actors and one open position pair in a 90-day series (actor 0
        // short 5 calls 2000 to actor 1), so each run exercises margin-checked fills and withdrawals
        // by accounts holding positions
        uint256 seed90 = vault.listSeries(UNDERLYING, 2000e18, uint64(block.timestamp + 90 days), true);
        hub.setVol(UNDERLYING, uint64(block.timestamp + 90 days), 0.6e18);
        for (uint256 i; i < ACTORS; ++i) {
            _fund(actor(i), 20_000e6);
        }
        OrderLib.Order memory o = OrderLib.Order({
            maker: actor(1),
            seriesId: seed90,
            isBuy: true,
            sizeWad: 5e18,
            price: 100e6,
            deadline: block.timestamp,
            nonce: 0,
            salt: ++_salt
        });
        (uint8 v, bytes32 r, bytes32 sg) = vm.sign(2, vault.hashOrder(o));
        vm.prank(actor(0));
        vault.fill(o, abi.encodePacked(r, sg, v), 5e18);
    }

    /// @notice The deployed vault, its collateral token and the account views (the fixture's own state
    /// is internal).
    function optionVault() external view returns (OptionVault) {
        return vault;
    }

    function collateralToken() external view returns (MockERC20) {
        return token;
    }

    function marginLens() external view returns (MarginLens) {
        return lens;
    }

    /// @dev Re-throw `reason` unless its selector is `a`, `b` or `c`.
    function _expect(bytes memory reason, bytes4 a, bytes4 b, bytes4 c) internal pure {
        bytes4 sel = _selectorOf(reason);
        if (sel != a && sel != b && sel != c) _rethrow(reason);
    }

    function actor(uint256 i) public pure returns (address) {
        return vm.addr(i + 1);
    }

    // ------------------------------------------------------------ actions

    function deposit(uint256 actorSeed, uint256 amount) external {
        ++calls;
        address a = actor(actorSeed % ACTORS);
        amount = 1 + amount % 100_000e6;
        if (vault.collateralIndex() != vault.RAY()) ++dustOps;
        _fund(a, amount);
        ++okDeposits;
    }

    function withdraw(uint256 actorSeed, uint256 amount) external {
        ++calls;
        address a = actor(actorSeed % ACTORS);
        uint256 available = vault.collateralOf(a);
        if (available == 0) return;
        amount = 1 + amount % available;
        if (vault.collateralIndex() != vault.RAY()) ++dustOps;
        vm.prank(a);
        try vault.withdraw(amount, a) {
            ++okWithdrawals;
            (uint256[] memory ids,) = vault.positionsOf(a);
            if (ids.length != 0) ++withdrawalsWithPositions;
            // the real engine's view through the lens (not the vault's own check)
            (int256 equity,, uint256 initial) = lens.accountMargin(a);
            if (equity < int256(initial)) withdrawBelowInitial = true;
        } catch (bytes memory reason) {
            _expect(
                reason,
                IMarginEngine.MarginInsufficient.selector,
                IOptionVault.UnsettledPosition.selector,
                IOptionVault.InsufficientCollateral.selector
            );
        }
    }

    function fill(uint256 makerSeed, uint256 takerOffset, uint256 seriesSeed, bool isBuy, uint256 size, uint256 price)
        external
    {
        ++calls;
        uint256 makerIndex = makerSeed % ACTORS;
        address maker = actor(makerIndex);
        address taker = actor((makerIndex + 1 + takerOffset % (ACTORS - 1)) % ACTORS);
        // the seed's series, or the next live one after it (none live: nothing to fill)
        uint256 n = vault.seriesCount();
        uint256 seriesId;
        for (uint256 k; k < n; ++k) {
            uint256 id = 1 + (seriesSeed % n + k) % n;
            if (vault.series(id).expiry > block.timestamp) {
                seriesId = id;
                break;
            }
        }
        if (seriesId == 0) return;
        size = 1e15 + size % 20e18;
        price = price % 150e6;
        OrderLib.Order memory o = OrderLib.Order({
            maker: maker,
            seriesId: seriesId,
            isBuy: isBuy,
            sizeWad: size,
            price: price,
            deadline: block.timestamp,
            nonce: vault.nonceOf(maker),
            salt: ++_salt
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(makerIndex + 1, vault.hashOrder(o));
        if (vault.collateralIndex() != vault.RAY()) ++dustOps;
        vm.prank(taker);
        try vault.fill(o, abi.encodePacked(r, s, v), size) {
            ++fills;
        } catch (bytes memory reason) {
            _expect(
                reason,
                IMarginEngine.MarginInsufficient.selector,
                IOptionVault.InsufficientCollateral.selector,
                IOptionVault.UnsettledPosition.selector
            );
        }
    }

    /// @notice Move the spot within [1,000, 3,000] and the vol of one live expiry within [0.2, 1.6].
    function moveMarket(uint256 spotSeed, uint256 seriesSeed, uint256 volSeed) external {
        ++calls;
        // whole cents, so that the 8-decimal feed answers the spot exactly
        _spotWad = 1000e18 + (spotSeed % 200_000) * 1e16;
        feed.updateAnswer(int256(_spotWad / 1e10));
        Series memory s = vault.series(1 + seriesSeed % vault.seriesCount());
        if (s.expiry > block.timestamp) hub.setVol(UNDERLYING, s.expiry, 0.2e18 + volSeed % 1.4e18);
        ++okMarketMoves;
    }

    function warp(uint256 dt) external {
        ++calls;
        vm.warp(block.timestamp + dt % 3 days);
        _refreshMarket();
        ++okWarps;
    }

    function listSeries(uint256 strikeSeed, uint256 dtSeed, bool isCall) external {
        ++calls;
        if (vault.seriesCount() >= MAX_SERIES) return;
        uint256 strike = 1500e18 + (strikeSeed % 20) * 50e18;
        uint64 expiry = uint64(block.timestamp + 1 days + dtSeed % 20 days);
        if (vault.seriesIdOf(UNDERLYING, strike, expiry, isCall) != 0) return;
        hub.setVol(UNDERLYING, expiry, 0.6e18);
        vault.listSeries(UNDERLYING, strike, expiry, isCall);
        ++okListings;
    }

    /// @notice Settle the seed's series, or the next expired unsettled one after it (none: nothing to do).
    function settleSeries(uint256 seriesSeed, uint256 price) external {
        ++calls;
        uint256 n = vault.seriesCount();
        for (uint256 k; k < n; ++k) {
            uint256 seriesId = 1 + (seriesSeed % n + k) % n;
            Series memory s = vault.series(seriesId);
            (bool settled,,,) = vault.settlementOf(seriesId);
            if (settled || s.expiry > block.timestamp) continue;
            ++settleSeriesDue;
            uint80 round = _settlementRound(s.expiry, int256(1000e8 + price % 2000e8));
            vault.settleSeries(seriesId, round);
            ++okSeriesSettled;
            return;
        }
    }

    /// @dev Feed rounds that prove a settlement price of `answerE8` at `expiry`: the last answer before
    /// it (at expiry − 1), the settlement round (at the expiry), then the current spot again (now), so the
    /// feed stays fresh. Returns the settlement round's id.
    function _settlementRound(uint64 expiry, int256 answerE8) internal returns (uint80 round) {
        int256 spotE8 = int256(_spotWad / 1e10);
        round = uint80(feed.latestRound()) + 2;
        feed.updateRoundData(round - 1, spotE8, expiry - 1, expiry - 1);
        feed.updateRoundData(round, answerE8, expiry, expiry);
        feed.updateRoundData(round + 1, spotE8, block.timestamp, block.timestamp);
    }

    /// @dev After time moved: the feed answers the same spot now, and every live expiry's vol is posted
    /// again at its value (within the hub's heartbeat and maximum age: a warp is at most 3 days).
    function _refreshMarket() internal {
        feed.updateAnswer(int256(_spotWad / 1e10));
        uint256 n = vault.seriesCount();
        for (uint256 id = 1; id <= n; ++id) {
            uint64 expiry = vault.series(id).expiry;
            if (expiry <= block.timestamp) continue;
            (uint256 volWad,) = hub.volData(UNDERLYING, expiry);
            hub.setVol(UNDERLYING, expiry, volWad);
        }
    }

    function settle(uint256 actorSeed, uint256 seriesSeed) external {
        ++calls;
        (uint256 seriesId, address a) = _settleable(seriesSeed, actorSeed);
        if (seriesId == 0) return;
        ++settleDue;
        {
            int256 size = vault.positionOf(a, seriesId);
            uint256 collateralBefore = vault.collateralOf(a);
            uint256 feesBefore = vault.protocolFees();
            uint256 badDebtBefore = vault.badDebtOf(a);
            (,, uint256 payoffWad,) = vault.settlementOf(seriesId);
            if (vault.collateralIndex() != vault.RAY()) ++dustOps;
            vault.settle(a, seriesId);
            if (size > 0) {
                // the amount the rule says (the collateral delta may round one unit lower after a loss)
                paidToLongs[seriesId] += uint256(size) * payoffWad / 1e30;
                settledLongsWad[seriesId] += uint256(size);
            } else {
                uint256 owed = (uint256(-size) * payoffWad + 1e30 - 1) / 1e30;
                collectedFromShorts[seriesId] += owed < collateralBefore ? owed : collateralBefore;
                settledShortsWad[seriesId] += uint256(-size);
            }
            uint256 loss = vault.badDebtOf(a) - badDebtBefore;
            shortfallOf[seriesId] += loss;
            socializedOf[seriesId] += loss;
            if (loss != 0 && vault.collateralIndex() == 1) wipedOut = true;
            sweptOf[seriesId] += vault.protocolFees() - feesBefore;
            ++settledPositions[seriesId];
            ++settlements;
        }
    }

    /// @dev The seed's series, or the next settled one after it, that an actor still holds, and the first
    /// such actor from the seed; (0, 0) when no settled series has a holder.
    function _settleable(uint256 seriesSeed, uint256 actorSeed) internal view returns (uint256, address) {
        uint256 n = vault.seriesCount();
        for (uint256 j; j < n; ++j) {
            uint256 seriesId = 1 + (seriesSeed % n + j) % n;
            (bool settled,,,) = vault.settlementOf(seriesId);
            if (!settled) continue;
            for (uint256 k; k < ACTORS; ++k) {
                address a = actor((actorSeed % ACTORS + k) % ACTORS);
                if (vault.positionOf(a, seriesId) != 0) return (seriesId, a);
            }
        }
        return (0, address(0));
    }
}

contract VaultInvariantTest is Assertions {
    error InvariantBroken(string what, int256 a, int256 b);

    VaultHandler internal handler;

    function setUp() public {
        handler = new VaultHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice No vacuous run: once a run has made 64 calls, every action that cannot legitimately be idle
    /// went through at least once: deposits, market moves, time moves, listings, fills (on the seed's or the
    /// next live series) and withdrawals. Settlement waits for an expiry (10 days at the earliest), which a
    /// run need not reach: every settleSeries call that found an expired unsettled series, and every settle
    /// call that found a settled series still held, went through; that the handler reaches both is shown by
    /// test_handler_reachesSettlement (and fills and withdrawals with positions by test_handler_reachesFills
    /// and test_handler_reachesWithdrawalsWithPositions).
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 128
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_runIsNotVacuous() public view {
        assertEq(handler.okSeriesSettled(), handler.settleSeriesDue(), "every due series settled");
        assertEq(handler.settlements(), handler.settleDue(), "every due position settled");
        if (handler.calls() < 64) return;
        // what every long run reaches; fills and withdrawals need the right series and margin at the right
        // time (a run can legitimately have none, seen on CI): the deterministic reach tests below show them
        assertGt(handler.okDeposits(), 0, "deposits");
        assertGt(handler.okMarketMoves() + handler.okWarps(), 0, "market or time moved");
        assertGt(handler.okListings() + handler.fills() + handler.okWithdrawals(), 0, "listed, filled or withdrew");
    }

    /// @notice The handler settles through the real hub: past the first expiry, a series with positions is
    /// settled by a feed round proven at its expiry, and its holders' positions are settled.
    function test_handler_reachesSettlement() public {
        OptionVault vault = handler.optionVault();
        // actor 0 buys 1.001 calls of series 1 (10 days) from actor 1 (the handler's size is 1e15 + seed)
        handler.fill(0, 0, 0, true, 1e18, 10e6);
        assertEq(handler.fills(), 1, "a fill in series 1");
        for (uint256 i; i < 4; ++i) {
            handler.warp(3 days - 1); // 12 days less 4 s: past the 10-day expiry, before the 20-day one
        }
        handler.settleSeries(0, 2100e8 - 1000e8); // series 1 at 2,100
        assertEq(handler.okSeriesSettled(), 1, "series settled");
        (bool settled, uint256 priceWad,,) = vault.settlementOf(1);
        assertTrue(settled, "series 1 settled");
        assertEq(priceWad, 2100e18, "at the proven round's price");
        handler.settle(0, 0);
        handler.settle(0, 0);
        assertEq(handler.settlements(), 2, "both positions settled");
        assertEq(vault.positionOf(handler.actor(0), 1), 0, "long settled");
        assertEq(vault.positionOf(handler.actor(1), 1), 0, "short settled");
        assertEq(handler.paidToLongs(1), 100.1e6, "the long got (2,100 - 2,000) x 1.001");
    }

    /// @notice (c) is not vacuous: a position holder withdraws within its margin on the real engine, and a
    /// withdrawal beyond it is refused (caught as MarginInsufficient, not counted).
    /// @notice The handler's fills go through on the real engine (a small trade between funded actors).
    function test_handler_reachesFills() public {
        uint256 before = handler.fills();
        handler.fill(0, 0, 0, true, 1e18, 10e6);
        assertEq(handler.fills(), before + 1, "a fill went through");
    }

    function test_handler_reachesWithdrawalsWithPositions() public {
        OptionVault vault = handler.optionVault();
        uint256 c0 = vault.collateralOf(handler.actor(0));
        handler.withdraw(0, 1000e6 - 1); // actor 0 (short 5 calls) withdraws 1,000 of 20,000
        assertEq(handler.withdrawalsWithPositions(), 1, "withdrew holding a position");
        assertEq(vault.collateralOf(handler.actor(0)), c0 - 1000e6, "withdrawn");
        handler.withdraw(0, vault.collateralOf(handler.actor(0)) - 1); // everything: below initial
        assertEq(handler.okWithdrawals(), 1, "refused beyond the margin");
        assertTrue(!handler.withdrawBelowInitial(), "never below initial");
        (int256 equity,, uint256 initial) = handler.marginLens().accountMargin(handler.actor(0));
        assertTrue(equity >= int256(initial) && initial > 0, "actor 0 within its initial requirement");
    }

    function _eq(int256 a, int256 b, string memory what) internal pure {
        if (a != b) revert InvariantBroken(what, a, b);
    }

    /// @notice (a) token balance == Σ collateral + protocol fees + Σ series settlement balances
    /// (the last term is zero outside a partially settled series or uncovered bad debt).
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 128
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_balanceEqualsCollateralPlusFees() public view {
        OptionVault vault = handler.optionVault();
        int256 books = int256(vault.protocolFees());
        for (uint256 i; i < 4; ++i) {
            books += int256(vault.collateralOf(handler.actor(i)));
        }
        uint256 n = vault.seriesCount();
        for (uint256 id = 1; id <= n; ++id) {
            (,,, int256 net) = vault.settlementOf(id);
            books += net;
        }
        int256 balance = int256(handler.collateralToken().balanceOf(address(vault)));
        if (handler.wipedOut()) return;
        // exact until a loss is socialized; after it, share rounding leaves dust in the vault (never a
        // shortfall): at most one unit per account and per operation since
        if (balance < books) revert InvariantBroken("claims exceed the balance", balance, books);
        if (balance - books > int256(handler.dustOps() + 4)) revert InvariantBroken("dust above rounding", balance, books);
    }

    /// @notice (b) every series' longs equal its shorts (until settlement closes them account by account:
    /// then the open longs plus the longs settled equal the open shorts plus the shorts settled), and the
    /// open interest is exactly the actors' positive and negative positions.
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 128
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_longsEqualShorts() public view {
        OptionVault vault = handler.optionVault();
        uint256 n = vault.seriesCount();
        for (uint256 id = 1; id <= n; ++id) {
            (uint256 longs, uint256 shorts) = vault.openInterest(id);
            _eq(
                int256(longs + handler.settledLongsWad(id)), int256(shorts + handler.settledShortsWad(id)), "longs == shorts"
            );
            (bool settled,,,) = vault.settlementOf(id);
            if (!settled) _eq(int256(longs), int256(shorts), "open interest before settlement");
            uint256 gross;
            uint256 grossShort;
            for (uint256 i; i < 4; ++i) {
                int256 p = vault.positionOf(handler.actor(i), id);
                if (p > 0) gross += uint256(p);
                else grossShort += uint256(-p);
            }
            _eq(int256(gross), int256(longs), "longs are the positive positions");
            _eq(int256(grossShort), int256(shorts), "shorts are the negative positions");
        }
    }

    /// @notice (c) no successful withdrawal left its account below initial margin.
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 128
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_noWithdrawalBelowInitial() public view {
        if (handler.withdrawBelowInitial()) revert InvariantBroken("withdrawal below initial", 0, 0);
    }

    /// @notice (d) settlement pays out exactly what it collects: per series, collected from shorts ==
    /// paid to longs + remainder swept to fees + the series' settlement balance; once fully settled
    /// without bad debt the balance is zero and the remainder is below one unit per settled position.
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 128
    /// forge-config: default.invariant.fail-on-revert = true
    function invariant_settlementPaysWhatItCollects() public view {
        OptionVault vault = handler.optionVault();
        uint256 n = vault.seriesCount();
        for (uint256 id = 1; id <= n; ++id) {
            (,,, int256 net) = vault.settlementOf(id);
            int256 collected = int256(handler.collectedFromShorts(id));
            int256 paid = int256(handler.paidToLongs(id));
            if (handler.wipedOut()) continue;
            int256 socialized = int256(handler.socializedOf(id));
            _eq(collected + socialized, paid + int256(handler.sweptOf(id)) + net, "collected + socialized == paid + swept + net");
            (uint256 longs, uint256 shorts) = vault.openInterest(id);
            (bool settled,,,) = vault.settlementOf(id);
            if (settled && longs == 0 && shorts == 0 && !handler.wipedOut()) {
                _eq(net, 0, "fully settled series is square");
                if (handler.sweptOf(id) > handler.settledPositions(id)) {
                    revert InvariantBroken("remainder above rounding", int256(handler.sweptOf(id)), 0);
                }
            }
        }
    }
}
