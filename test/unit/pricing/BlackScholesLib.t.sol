// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../../utils/Vm.sol";

import {BlackScholesLib} from "../../../contracts/libraries/BlackScholesLib.sol";
import {BlackScholesHarness} from "../../../contracts/mocks/BlackScholesHarness.sol";


/// @notice Fuzz properties of BlackScholesLib.greeks over its documented domain (S/K in [1/16, 16], sigma in
/// [0.1%, 1000%], T in [0, 10 years], r in [0, 100%], S and K in [1e9, 1e33] wad). Accuracy against the exact
/// reference is tested differentially in BlackScholes.test.ts; these are the model-free properties.
/// Tolerances:
///   - parity: |C - P - (S - K e^(-rT))| <= PARITY_TOL = 1e-15 * max(S, K) + 4 wei (e^(-rT) computed here to 1e-30);
///   - monotonicity: C(x2) >= C(x1) - MONO_TOL for x2 >= x1, MONO_TOL = 6e-16 * S + 2 wei (twice the 3e-16 * S
///     price bar: two independently rounded prices);
///   - deltas: callDelta in [0, 1e18], putDelta in [-1e18, 0], callDelta - putDelta = 1e18 within 1 wei;
///   - vega = gamma * S^2 * sigma * T within 1e-9 relative plus 4 wei of gamma's rounding, times S^2 sigma T.
contract BlackScholesLibTest {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 private constant WAD = 1e18;
    uint256 private constant YEAR = 365 days;
    uint256 private constant MIN_PRICE = 1e9; // [wad]
    uint256 private constant MAX_PRICE = 1e33; // [wad]
    uint256 private constant MAX_VOL = 10e18; // [wad] 1000%
    uint256 private constant MAX_TIME = 10 * 365 days; // [seconds]
    uint256 private constant MAX_RATE = 1e18; // [wad] 100%

    BlackScholesHarness private harness;

    function setUp() public {
        harness = new BlackScholesHarness();
    }

    // ---------------------------------------------------------------- input generation

    function _bound(uint256 x, uint256 lo, uint256 hi) private pure returns (uint256) {
        return lo + (x % (hi - lo + 1));
    }

    /// @dev Log-uniform-ish spot over the whole domain: mantissa in [1, 10) times 10^e, e in [9, 32].
    function _spot(uint256 seed) private pure returns (uint256 s) {
        s = _bound(seed, 1e18, 10e18 - 1) * 10 ** _bound(seed >> 128, 9, 32) / 1e18;
        if (s < MIN_PRICE) s = MIN_PRICE;
        if (s > MAX_PRICE) s = MAX_PRICE;
    }

    /// @dev Strike at a ratio S/K in [1/16, 16], clamped to the domain.
    function _strike(uint256 spotWad, uint256 seed) private pure returns (uint256 k) {
        uint256 m = _bound(seed, 1e18, 16e18);
        k = seed >> 255 == 0 ? spotWad * m / WAD : spotWad * WAD / m;
        if (k < MIN_PRICE) k = MIN_PRICE;
        if (k > MAX_PRICE) k = MAX_PRICE;
    }

    /// @dev Half the runs in [0.1%, 100%], half in [100%, 1000%].
    function _vol(uint256 seed) private pure returns (uint256) {
        return seed & 1 == 0 ? _bound(seed >> 1, 1e15, 1e18) : _bound(seed >> 1, 1e18, MAX_VOL);
    }

    /// @dev Half the runs within a day (including 0), half up to 10 years.
    function _time(uint256 seed) private pure returns (uint256) {
        return seed & 1 == 0 ? _bound(seed >> 1, 0, 1 days) : _bound(seed >> 1, 0, MAX_TIME);
    }

    function _rate(uint256 seed) private pure returns (uint256) {
        return _bound(seed, 0, MAX_RATE);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev e^x for x = r T in [0, 10] at 1e36 scale: Taylor series of e^(x/16) (terms < 1e-36), squared 4 times.
    /// Relative error below 1e-33. Intermediate products stay below 148e36^2 < 2^256.
    function _exp36(uint256 rateWad, uint256 timeSec) private pure returns (uint256 e) {
        // x / 16 at 1e36: r [1e18] * T [s] * 1e18 / YEAR / 16
        uint256 y = rateWad * timeSec * 1e18 / YEAR / 16;
        uint256 term = 1e36;
        e = 1e36;
        for (uint256 n = 1; term > 0; ++n) {
            term = term * y / 1e36 / n;
            e += term;
        }
        for (uint256 i = 0; i < 4; ++i) {
            e = e * e / 1e36;
        }
    }

    function _absDiff(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a - b : b - a;
    }

    function _greeks(uint256 s, uint256 k, uint256 v, uint256 t, uint256 r)
        private
        view
        returns (BlackScholesLib.Greeks memory g)
    {
        (g,) = harness.greeks(s, k, v, t, r);
    }

    // ---------------------------------------------------------------- properties

    /// C - P = S - K e^(-rT)
    function testFuzz_greeks_putCallParity(uint256 a, uint256 b, uint256 c, uint256 d, uint256 e) public view {
        uint256 s = _spot(a);
        uint256 k = _strike(s, b);
        uint256 t = _time(d);
        uint256 r = _rate(e);
        BlackScholesLib.Greeks memory g = _greeks(s, k, _vol(c), t, r);
        // K e^(-rT) = K * 1e36 / e^(rT) [1e36], rounded down; exact to 1 wei.
        uint256 kDisc = k * 1e36 / _exp36(r, t);
        uint256 lhs = g.callPrice + kDisc;
        uint256 rhs = g.putPrice + s;
        uint256 tol = (s > k ? s : k) / 1e15 + 4;
        require(_absDiff(lhs, rhs) <= tol, "parity");
    }

    /// S2 >= S1 => C(S2) >= C(S1) - MONO_TOL
    function testFuzz_greeks_callMonotoneInSpot(uint256 a, uint256 b, uint256 c, uint256 d, uint256 e, uint256 f)
        public
        view
    {
        uint256 s1 = _spot(a);
        uint256 k = _strike(s1, b);
        // S2 = S1 * (1 + u), u in [0, 1] (a relative step) or S1 + [0, 1000] wei (a tiny one)
        uint256 s2 = f & 1 == 0 ? s1 + s1 * _bound(f >> 1, 0, 1e18) / WAD : s1 + _bound(f >> 1, 0, 1000);
        if (s2 > MAX_PRICE) s2 = MAX_PRICE;
        uint256 v = _vol(c);
        uint256 t = _time(d);
        uint256 r = _rate(e);
        uint256 c1 = _greeks(s1, k, v, t, r).callPrice;
        uint256 c2 = _greeks(s2, k, v, t, r).callPrice;
        require(c2 + s2 * 6 / 1e16 + 2 >= c1, "call not monotone in spot");
    }

    /// sigma2 >= sigma1 => C(sigma2) >= C(sigma1) - MONO_TOL
    function testFuzz_greeks_callMonotoneInVol(uint256 a, uint256 b, uint256 c, uint256 d, uint256 e, uint256 f)
        public
        view
    {
        uint256 s = _spot(a);
        uint256 k = _strike(s, b);
        uint256 v1 = _vol(c);
        uint256 v2 = f & 1 == 0 ? _bound(f >> 1, v1, MAX_VOL) : v1 + _bound(f >> 1, 0, 1000);
        if (v2 > MAX_VOL) v2 = MAX_VOL;
        uint256 t = _time(d);
        uint256 r = _rate(e);
        uint256 c1 = _greeks(s, k, v1, t, r).callPrice;
        uint256 c2 = _greeks(s, k, v2, t, r).callPrice;
        require(c2 + s * 6 / 1e16 + 2 >= c1, "call not monotone in vol");
    }

    /// 0 <= callDelta <= 1, -1 <= putDelta <= 0, callDelta - putDelta = 1 (1 wei)
    function testFuzz_greeks_deltaBounds(uint256 a, uint256 b, uint256 c, uint256 d, uint256 e) public view {
        uint256 s = _spot(a);
        BlackScholesLib.Greeks memory g = _greeks(s, _strike(s, b), _vol(c), _time(d), _rate(e));
        require(g.callDelta >= 0 && g.callDelta <= 1e18, "callDelta out of [0, 1]");
        require(g.putDelta >= -1e18 && g.putDelta <= 0, "putDelta out of [-1, 0]");
        int256 gap = g.callDelta - g.putDelta - 1e18;
        require(gap >= -1 && gap <= 1, "callDelta - putDelta != 1");
    }

    /// 0 <= call <= S, put <= K e^(-rT) + 1 wei
    function testFuzz_greeks_noArbitrageBounds(uint256 a, uint256 b, uint256 c, uint256 d, uint256 e) public view {
        uint256 s = _spot(a);
        uint256 k = _strike(s, b);
        uint256 t = _time(d);
        uint256 r = _rate(e);
        BlackScholesLib.Greeks memory g = _greeks(s, k, _vol(c), t, r);
        require(g.callPrice <= s, "call > S");
        require(g.putPrice <= k * 1e36 / _exp36(r, t) + 2, "put > K e^(-rT)");
    }

    /// vega = gamma S^2 sigma T (both are n(d1) S sqrt(T) in different clothes); gamma and vega are >= 0 by type.
    function testFuzz_greeks_vegaMatchesGamma(uint256 a, uint256 b, uint256 c, uint256 d, uint256 e) public view {
        uint256 s = _spot(a);
        uint256 v = _vol(c);
        uint256 t = _time(d);
        BlackScholesLib.Greeks memory g = _greeks(s, _strike(s, b), v, t, _rate(e));
        // gamma S^2 sigma T [wad] = ((gamma S) sigma) S T. Each factor stays below 2^256: gamma S sigma = n(d1) / sqrt(T)
        // <= 0.4 sqrt(YEAR) < 2.3e3 [1.0] for T >= 1 s, so (gamma S sigma)[wad] * S * T < 2.3e21 * 1e33 * 3.2e8.
        uint256 implied = g.gamma * s / WAD * v / WAD * s * t / (WAD * YEAR);
        // One wei of gamma is worth S^2 sigma T / 1e54 wei of vega, one wei of the truncated products S T / 1e18 * (sigma + 1).
        uint256 perWei = s * s / WAD * v / WAD * t / YEAR / WAD + s * t / YEAR / WAD * (v / WAD + 1) + 1;
        uint256 tol = g.vega / 1e9 + 4 * perWei + 4;
        require(_absDiff(implied, g.vega) <= tol, "vega != gamma S^2 sigma T");
    }

    /// At T = 0: call = max(S - K, 0), put = max(K - S, 0), step delta, gamma = vega = 0, exactly.
    function testFuzz_greeks_atExpiryIntrinsic(uint256 a, uint256 b, uint256 c, uint256 e) public view {
        uint256 s = _spot(a);
        uint256 k = b & 3 == 0 ? s : _strike(s, b);
        BlackScholesLib.Greeks memory g = _greeks(s, k, _vol(c), 0, _rate(e));
        _assertIntrinsic(g, s, k);
    }

    /// At sigma = 0 with r = 0: the same intrinsic values, exactly.
    function testFuzz_greeks_zeroVolIntrinsic(uint256 a, uint256 b, uint256 d) public view {
        uint256 s = _spot(a);
        uint256 k = b & 3 == 0 ? s : _strike(s, b);
        BlackScholesLib.Greeks memory g = _greeks(s, k, 0, _time(d), 0);
        _assertIntrinsic(g, s, k);
    }

    function _assertIntrinsic(BlackScholesLib.Greeks memory g, uint256 s, uint256 k) private pure {
        require(g.callPrice == (s > k ? s - k : 0), "call != intrinsic");
        require(g.putPrice == (k > s ? k - s : 0), "put != intrinsic");
        if (s > k) require(g.callDelta == 1e18 && g.putDelta == 0, "step delta S > K");
        else if (s < k) require(g.callDelta == 0 && g.putDelta == -1e18, "step delta S < K");
        else require(g.callDelta == 0.5e18 && g.putDelta == -0.5e18, "step delta S == K");
        require(g.gamma == 0 && g.vega == 0, "gamma, vega != 0");
    }

    // ---------------------------------------------------------------- domain

    function testFuzz_greeks_revertsSpotOutOfRange(uint256 x) public {
        uint256 s = x & 1 == 0 ? _bound(x >> 1, 0, MIN_PRICE - 1) : _bound(x >> 1, MAX_PRICE + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(BlackScholesLib.SpotOutOfRange.selector, s));
        harness.greeks(s, 2000e18, 0.8e18, 30 days, 0.05e18);
    }

    function testFuzz_greeks_revertsStrikeOutOfRange(uint256 x) public {
        uint256 k = x & 1 == 0 ? _bound(x >> 1, 0, MIN_PRICE - 1) : _bound(x >> 1, MAX_PRICE + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(BlackScholesLib.StrikeOutOfRange.selector, k));
        harness.greeks(2000e18, k, 0.8e18, 30 days, 0.05e18);
    }

    function testFuzz_greeks_revertsVolOutOfRange(uint256 x) public {
        uint256 v = _bound(x, MAX_VOL + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(BlackScholesLib.VolOutOfRange.selector, v));
        harness.greeks(2000e18, 2000e18, v, 30 days, 0.05e18);
    }

    function testFuzz_greeks_revertsTimeOutOfRange(uint256 x) public {
        uint256 t = _bound(x, MAX_TIME + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(BlackScholesLib.TimeOutOfRange.selector, t));
        harness.greeks(2000e18, 2000e18, 0.8e18, t, 0.05e18);
    }

    function testFuzz_greeks_revertsRateOutOfRange(uint256 x) public {
        uint256 r = _bound(x, MAX_RATE + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(BlackScholesLib.RateOutOfRange.selector, r));
        harness.greeks(2000e18, 2000e18, 0.8e18, 30 days, r);
    }
}
