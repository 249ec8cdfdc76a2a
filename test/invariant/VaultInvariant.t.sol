// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {OptionVault} from "../../contracts/core/OptionVault.sol";
import {IOptionVault} from "../../contracts/interfaces/IOptionVault.sol";
import {OrderLib} from "../../contracts/libraries/OrderLib.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {MockMarginEngine} from "../../contracts/mocks/MockMarginEngine.sol";
import {MockVaultOracleHub} from "../../contracts/mocks/MockVaultOracleHub.sol";
import {Series} from "../../contracts/types/Series.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice Drives the vault through deposits, withdrawals, signed-order fills, mark and requirement
/// changes, time, series listing and settlement, with inputs bounded so calls rarely revert by
/// accident (legitimate reverts such as margin failures are caught and counted).
contract VaultHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address internal constant UNDERLYING = address(0xE7E7);
    uint256 internal constant ACTORS = 4;
    uint256 internal constant MAX_SERIES = 10;

    AccessManager public manager;
    MockERC20 public token;
    MockVaultOracleHub public oracle;
    OptionVault public vault;
    MockMarginEngine public engine;

    uint256 private _salt;
    uint80 private _round = 1;

    // ghost state
    /// @notice A successful withdrawal left its account below initial margin (must stay false).
    bool public withdrawBelowInitial;
    /// @notice Successful withdrawals by accounts holding positions (shows (c) is not vacuous).
    uint256 public withdrawalsWithPositions;
    uint256 public fills;
    uint256 public settlements;
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
        manager = new AccessManager(address(this));
        token = new MockERC20("USD Coin", "USDC", 6);
        oracle = new MockVaultOracleHub();
        vault = new OptionVault(address(manager), address(token), address(oracle));
        engine = new MockMarginEngine(IOptionVault(address(vault)));
        vault.setMarginEngine(address(engine));
        engine.setShortRequirement(100e18);
        engine.setLongRequirement(5e18);
        vault.listSeries(UNDERLYING, 2000e18, uint64(block.timestamp + 10 days), true);
        vault.listSeries(UNDERLYING, 2000e18, uint64(block.timestamp + 10 days), false);
        vault.listSeries(UNDERLYING, 2200e18, uint64(block.timestamp + 20 days), true);
    }

    function actor(uint256 i) public pure returns (address) {
        return vm.addr(i + 1);
    }

    // ------------------------------------------------------------ actions

    function deposit(uint256 actorSeed, uint256 amount) external {
        address a = actor(actorSeed % ACTORS);
        amount = 1 + amount % 100_000e6;
        if (vault.collateralIndex() != vault.RAY()) ++dustOps;
        token.mint(a, amount);
        vm.prank(a);
        token.approve(address(vault), amount);
        vm.prank(a);
        vault.deposit(amount);
    }

    function withdraw(uint256 actorSeed, uint256 amount) external {
        address a = actor(actorSeed % ACTORS);
        uint256 available = vault.collateralOf(a);
        if (available == 0) return;
        amount = 1 + amount % available;
        if (vault.collateralIndex() != vault.RAY()) ++dustOps;
        vm.prank(a);
        try vault.withdraw(amount, a) {
            (uint256[] memory ids,) = vault.positionsOf(a);
            if (ids.length != 0) ++withdrawalsWithPositions;
            (int256 equity,, uint256 initial) = engine.accountMargin(a);
            if (equity < int256(initial)) withdrawBelowInitial = true;
        } catch {}
    }

    function fill(uint256 makerSeed, uint256 takerOffset, uint256 seriesSeed, bool isBuy, uint256 size, uint256 price)
        external
    {
        uint256 makerIndex = makerSeed % ACTORS;
        address maker = actor(makerIndex);
        address taker = actor((makerIndex + 1 + takerOffset % (ACTORS - 1)) % ACTORS);
        uint256 seriesId = 1 + seriesSeed % vault.seriesCount();
        if (vault.series(seriesId).expiry <= block.timestamp) return;
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
        } catch {}
    }

    function setMark(uint256 seriesSeed, uint256 mark) external {
        engine.setMark(1 + seriesSeed % vault.seriesCount(), int256(mark % 400e18));
    }

    function setShortRequirement(uint256 requirement) external {
        engine.setShortRequirement(requirement % 300e18);
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + dt % 3 days);
    }

    function listSeries(uint256 strikeSeed, uint256 dtSeed, bool isCall) external {
        if (vault.seriesCount() >= MAX_SERIES) return;
        uint256 strike = 1500e18 + (strikeSeed % 20) * 50e18;
        uint64 expiry = uint64(block.timestamp + 1 days + dtSeed % 20 days);
        if (vault.seriesIdOf(UNDERLYING, strike, expiry, isCall) != 0) return;
        vault.listSeries(UNDERLYING, strike, expiry, isCall);
    }

    function settleSeries(uint256 seriesSeed, uint256 price) external {
        uint256 seriesId = 1 + seriesSeed % vault.seriesCount();
        Series memory s = vault.series(seriesId);
        (bool settled,,,) = vault.settlementOf(seriesId);
        if (settled || s.expiry > block.timestamp) return;
        uint80 round = ++_round;
        oracle.setSettlement(UNDERLYING, s.expiry, round, 1000e18 + price % 2000e18);
        vault.settleSeries(seriesId, round);
    }

    function settle(uint256 actorSeed, uint256 seriesSeed) external {
        uint256 seriesId = 1 + seriesSeed % vault.seriesCount();
        (bool settled,,,) = vault.settlementOf(seriesId);
        if (!settled) return;
        // settle the first actor (from the seed) that still holds a position in the series
        for (uint256 k; k < ACTORS; ++k) {
            address a = actor((actorSeed + k) % ACTORS);
            int256 size = vault.positionOf(a, seriesId);
            if (size == 0) continue;
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
            return;
        }
    }
}

contract VaultInvariantTest {
    error InvariantBroken(string what, int256 a, int256 b);

    VaultHandler internal handler;

    function setUp() public {
        handler = new VaultHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function _eq(int256 a, int256 b, string memory what) internal pure {
        if (a != b) revert InvariantBroken(what, a, b);
    }

    /// @notice (a) token balance == Σ collateral + protocol fees + Σ series settlement balances
    /// (the last term is zero outside a partially settled series or uncovered bad debt).
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 128
    function invariant_balanceEqualsCollateralPlusFees() public view {
        OptionVault vault = handler.vault();
        int256 books = int256(vault.protocolFees());
        for (uint256 i; i < 4; ++i) {
            books += int256(vault.collateralOf(handler.actor(i)));
        }
        uint256 n = vault.seriesCount();
        for (uint256 id = 1; id <= n; ++id) {
            (,,, int256 net) = vault.settlementOf(id);
            books += net;
        }
        int256 balance = int256(handler.token().balanceOf(address(vault)));
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
    function invariant_longsEqualShorts() public view {
        OptionVault vault = handler.vault();
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
    function invariant_noWithdrawalBelowInitial() public view {
        if (handler.withdrawBelowInitial()) revert InvariantBroken("withdrawal below initial", 0, 0);
    }

    /// @notice (d) settlement pays out exactly what it collects: per series, collected from shorts ==
    /// paid to longs + remainder swept to fees + the series' settlement balance; once fully settled
    /// without bad debt the balance is zero and the remainder is below one unit per settled position.
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 128
    function invariant_settlementPaysWhatItCollects() public view {
        OptionVault vault = handler.vault();
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
