// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BlackScholesLib
/// @notice European call and put prices with delta, gamma and vega, in one pass.
/// @dev All inputs and outputs are 18-decimal fixed point ([wad]) except time, in seconds.
/// Internally every quantity is binary fixed point with 96 fractional bits ([q96], 2^96 = 1.0),
/// which keeps ~29 significant digits through the pipeline so that the only visible error is the
/// final rounding to wad. Every intermediate is bounded by the domain checks (see `greeks`), which is
/// why the arithmetic can run `unchecked`: the bound of each product is noted where it is formed.
///
/// Pipeline (each quantity computed once):
///   tau = T / 365 days; sqrtTau = sqrt(tau); v = sigma * sqrtTau; rt = r * tau; disc = e^(-rt)
///   x = ln(S / K) + rt;  d1 = x / v + v / 2;  d2 = d1 - v
///   n(d) = e^(-d^2/2) / sqrt(2 pi);  N(-|d|) = e^(-d^2/2) * R(|d|)  (R: Mills ratio / sqrt(2 pi))
///   call = S N(d1) - K disc N(d2);  put = K disc N(-d2) - S N(-d1)
///   callDelta = N(d1);  putDelta = N(d1) - 1;  gamma = n(d1) / (S v);  vega = S n(d1) sqrtTau
///
/// Approximations (coefficients fitted offline at 80 digits, see scripts/reference/fit):
///   ln:  m in [1/sqrt2, sqrt2), z = (m-1)/(m+1), ln m = 2 z P9(z^2)            rel. error < 6e-23
///   exp: e^r = P7(r) / P7(-r), the (7,7) Pade approximant on |r| <= ln2/2       rel. error < 3e-23
///   N:   R(a) = P10(a) / Q9(a) on a in [0, 9); N(-a) = 0 beyond 9 (N(-9) = 1.1e-19) rel. error < 8e-19
/// Measured against a 50-digit reference over the 2,156-point grid of issue 2: max error
/// 7.4e-19 * S for prices and 8.1e-19 for deltas (both limited by the wad rounding of the outputs).
library BlackScholesLib {
    /// @notice Prices and Greeks of a European call and put on the same (S, K, sigma, T, r).
    struct Greeks {
        uint256 callPrice; // [wad, per 1 unit of underlying]
        uint256 putPrice; // [wad]
        int256 callDelta; // [wad, 1e18 = 1.0]
        int256 putDelta; // [wad]
        uint256 gamma; // [wad per unit of spot]: d2V/dS2, same for call and put
        uint256 vega; // [wad per 1.0 of volatility]: dV/dsigma, same for call and put
    }

    /// @notice Spot outside [MIN_PRICE_WAD, MAX_PRICE_WAD].
    error SpotOutOfRange(uint256 spotWad);
    /// @notice Strike outside [MIN_PRICE_WAD, MAX_PRICE_WAD].
    error StrikeOutOfRange(uint256 strikeWad);
    /// @notice Volatility above MAX_VOL_WAD.
    error VolOutOfRange(uint256 volWad);
    /// @notice Time to expiry above MAX_TIME.
    error TimeOutOfRange(uint256 timeSec);
    /// @notice Rate above MAX_RATE_WAD.
    error RateOutOfRange(uint256 rateWad);

    /// @notice Smallest accepted spot or strike [wad] (1e-9 units).
    uint256 internal constant MIN_PRICE_WAD = 1e9;
    /// @notice Largest accepted spot or strike [wad] (1e15 units).
    uint256 internal constant MAX_PRICE_WAD = 1e33;
    /// @notice Largest accepted volatility [wad] (1000%).
    uint256 internal constant MAX_VOL_WAD = 10e18;
    /// @notice Largest accepted time to expiry [seconds] (10 years of 365 days).
    uint256 internal constant MAX_TIME = 3650 days;
    /// @notice Largest accepted rate [wad] (100%).
    uint256 internal constant MAX_RATE_WAD = 1e18;
    /// @notice Length of the year the annualized inputs refer to [seconds].
    uint256 internal constant YEAR = 365 days;

    uint256 private constant WAD = 1e18;
    int256 private constant Q = 2 ** 96; // [q96] 1.0
    int256 private constant HALF_Q = 2 ** 95; // [q96] 0.5, also the rounding bias of a >> 96
    /// [q96] |d| beyond which N(-|d|) < 1.2e-19 is taken as 0 (the rational fit covers [0, 9)).
    int256 private constant D_TAIL = 9 * 2 ** 96;
    /// [q96] |d1| beyond which e^(-d^2/2) < 2^-103 rounds to 0 in q96 (so gamma and vega are 0).
    int256 private constant D_PDF_ZERO = 12 * 2 ** 96;

    // ln(2), sqrt(2) and 1/sqrt(2 pi) [q96], each rounded to nearest.
    int256 private constant LN2 = 54916777467707473351141471128;
    int256 private constant SQRT2 = 112045541949572279837463876455;
    int256 private constant INV_SQRT_2PI = 31607463825455920808620519744;

    // ln m = 2 z * sum LN_Pi z^(2i) for z = (m-1)/(m+1), |z| <= 3 - 2 sqrt2 [q96; factor 2 folded in].
    int256 private constant LN_P0 = 158456325028528675187079781687;
    int256 private constant LN_P1 = 52818775009509558450773342669;
    int256 private constant LN_P2 = 31691265005705673407403860055;
    int256 private constant LN_P3 = 22636617861245119620046035569;
    int256 private constant LN_P4 = 17606258330616323362731023766;
    int256 private constant LN_P5 = 14405121200896034049472362362;
    int256 private constant LN_P6 = 12188890958924886398256080686;
    int256 private constant LN_P7 = 10566463024664688057914449364;
    int256 private constant LN_P8 = 9243775698355053262993327881;
    int256 private constant LN_P9 = 9542111110576784812413055319;

    // (7,7) Pade approximant of e^r: P(r) = sum EXP_Ci r^i, e^r = P(r) / P(-r) [q96, exact rationals].
    int256 private constant EXP_C2 = 9141711059338192799255071193;
    int256 private constant EXP_C3 = 1269682091574748999896537666;
    int256 private constant EXP_C4 = 115425644688613545445139788;
    int256 private constant EXP_C5 = 6925538681316812726708387;
    int256 private constant EXP_C6 = 256501432641363434322533;
    int256 private constant EXP_C7 = 4580382725738632755760;

    // N(-a) / e^(-a^2/2) = sum R_Pi a^i / sum R_Qi a^i on a in [0, 9) [q96].
    int256 private constant R_P0 = 39614081257132168826526758981;
    int256 private constant R_P1 = 50129924655015612106933761504;
    int256 private constant R_P2 = 31897882629329593756420372809;
    int256 private constant R_P3 = 12745153193202531221516054430;
    int256 private constant R_P4 = 3446354636436309315288591470;
    int256 private constant R_P5 = 641167868965645875929153262;
    int256 private constant R_P6 = 80000766516148342618621746;
    int256 private constant R_P7 = 6133057604780099546865787;
    int256 private constant R_P8 = 222551109412031904103489;
    int256 private constant R_P9 = -5375513245783285;
    int256 private constant R_P10 = 54477245335173;
    int256 private constant R_Q1 = 163474776960943079461766426822;
    int256 private constant R_Q2 = 154615684619354949854717052688;
    int256 private constant R_Q3 = 88190028071993340461339921294;
    int256 private constant R_Q4 = 33524808670211381334755784900;
    int256 private constant R_Q5 = 8838052872571101586956242600;
    int256 private constant R_Q6 = 1622549814799042720760378922;
    int256 private constant R_Q7 = 201089616727038216224047239;
    int256 private constant R_Q8 = 15373314861347884963421109;
    int256 private constant R_Q9 = 557852266290295400915498;

    /// @notice Call and put prices, deltas, gamma and vega in one pass.
    /// @dev Domain: spot and strike in [1e9, 1e33] wad (any ratio), vol in [0, 10e18] wad,
    /// time in [0, 3650 days], rate in [0, 1e18] wad. Inside it the function never reverts and
    /// never returns a wrong sign; outside it reverts with the error naming the offending input.
    /// When sigma * sqrt(tau) is 0 (T = 0 or sigma = 0) it returns the limit: the intrinsic value
    /// against the discounted strike K e^(-rT) (= K at T = 0), the step delta (1/0 above, 0/-1 below,
    /// 1/2 at the money) and gamma = vega = 0. Prices are clamped to 0 <= call <= S and
    /// 0 <= put <= K e^(-rT). Outputs are rounded to the nearest wad (the library is neutral;
    /// callers round requirements in the protocol's favour).
    /// @param spotWad [wad] spot S
    /// @param strikeWad [wad] strike K
    /// @param volWad [wad] annualized volatility sigma (1e18 = 100%)
    /// @param timeSec [seconds] time to expiry (year = 365 days)
    /// @param rateWad [wad] annualized continuously-compounded rate r
    function greeks(uint256 spotWad, uint256 strikeWad, uint256 volWad, uint256 timeSec, uint256 rateWad)
        internal
        pure
        returns (Greeks memory g)
    {
        if (spotWad < MIN_PRICE_WAD || spotWad > MAX_PRICE_WAD) revert SpotOutOfRange(spotWad);
        if (strikeWad < MIN_PRICE_WAD || strikeWad > MAX_PRICE_WAD) revert StrikeOutOfRange(strikeWad);
        if (volWad > MAX_VOL_WAD) revert VolOutOfRange(volWad);
        if (timeSec > MAX_TIME) revert TimeOutOfRange(timeSec);
        if (rateWad > MAX_RATE_WAD) revert RateOutOfRange(rateWad);

        unchecked {
            // rt = r T / YEAR [q96] <= 10 q96; r T 2^96 <= 2^60 * 2^29 * 2^96 = 2^185.
            int256 rt = int256((rateWad * timeSec << 96) / (WAD * YEAR));
            // sqrtTau = sqrt(T / YEAR) [q96] <= sqrt(10) q96; T 2^192 <= 2^29 * 2^192 = 2^221.
            uint256 sqrtTau = _sqrt((timeSec << 192) / YEAR);
            // v = sigma sqrtTau [q96] <= 31.7 q96; sigma sqrtTau <= 2^64 * 2^98.
            int256 v = int256(volWad * sqrtTau / WAD);
            // K e^(-rt) [wad] rounded to nearest; K e^(-rt) <= 2^110 * 2^96.
            uint256 kDisc = rt == 0 ? strikeWad : (strikeWad * uint256(_expNeg(rt)) + uint256(HALF_Q)) >> 96;

            if (v == 0) return _limit(g, spotWad, kDisc);

            int256 d1 = _d1(spotWad, strikeWad, rt, v);
            // pdf = n(d1) = e^(-d1^2/2) / sqrt(2 pi) [q96] <= 0.4 q96
            uint256 pdf = uint256(_pricesAndDeltas(g, spotWad, kDisc, d1, v) * INV_SQRT_2PI >> 96);
            // gamma = n(d1) / (S v) [wad / unit]; pdf 1e36 <= 2^95 * 2^120, S v <= 2^110 * 2^101.
            uint256 sv = spotWad * uint256(v);
            g.gamma = (pdf * 1e36 + sv / 2) / sv;
            // vega = S n(d1) sqrtTau [wad per 1.0 vol]; pdf sqrtTau <= 2^95 * 2^98, S * that <= 2^110 * 2^97.
            g.vega = (spotWad * ((pdf * sqrtTau) >> 96) + uint256(HALF_Q)) >> 96;
        }
    }

    /// @dev d1 = (ln(S / K) + rt) / v + v / 2 [q96], v > 0 [q96].
    function _d1(uint256 spotWad, uint256 strikeWad, int256 rt, int256 v) private pure returns (int256) {
        unchecked {
            // x = ln(S / K) + rt [q96], |x| <= 56 + 10; the ratio is taken >= 1 so it keeps 96+ bits.
            int256 x = spotWad >= strikeWad
                ? _lnQ((spotWad << 96) / strikeWad)
                : -_lnQ((strikeWad << 96) / spotWad);
            // |x| 2^96 <= 2^103 * 2^96, so the quotient fits for any v >= 1.
            return (((x + rt) << 96) / v) + (v >> 1);
        }
    }

    /// @dev Writes prices and deltas into g; returns e^(-d1^2/2) [q96] for gamma and vega.
    function _pricesAndDeltas(Greeks memory g, uint256 spotWad, uint256 kDisc, int256 d1, int256 v)
        private
        pure
        returns (int256 e1)
    {
        unchecked {
            int256 d2 = d1 - v;
            e1 = _gaussExp(d1);
            // q1 = N(-|d1|), q2 = N(-|d2|) [q96]
            int256 q1 = _tail(d1, e1);
            int256 q2 = _tail(d2, _gaussExp(d2));
            // n1 = N(d1), n2 = N(d2) [q96]
            int256 n1 = d1 >= 0 ? Q - q1 : q1;
            int256 n2 = d2 >= 0 ? Q - q2 : q2;

            // call = S N(d1) - K disc N(d2); put = K disc N(-d2) - S N(-d1)  [wad], each product <= 2^206.
            int256 s = int256(spotWad);
            int256 kd = int256(kDisc);
            int256 price = (s * n1 - kd * n2 + HALF_Q) >> 96;
            // no-arbitrage bounds: 0 <= call <= S, 0 <= put <= K disc
            g.callPrice = price <= 0 ? 0 : (price > s ? spotWad : uint256(price));
            price = (kd * (Q - n2) - s * (Q - n1) + HALF_Q) >> 96;
            g.putPrice = price <= 0 ? 0 : (price > kd ? kDisc : uint256(price));

            // deltas from the same tail value so that callDelta - putDelta = 1 exactly.
            int256 tailWad = (q1 * int256(WAD) + HALF_Q) >> 96;
            if (d1 >= 0) {
                g.callDelta = int256(WAD) - tailWad;
                g.putDelta = -tailWad;
            } else {
                g.callDelta = tailWad;
                g.putDelta = tailWad - int256(WAD);
            }
        }
    }

    /// @dev The sigma sqrt(T) = 0 limit: intrinsic value against the discounted strike, step delta.
    function _limit(Greeks memory g, uint256 spotWad, uint256 kDisc) private pure returns (Greeks memory) {
        unchecked {
            if (spotWad > kDisc) {
                g.callPrice = spotWad - kDisc;
                g.callDelta = int256(WAD);
            } else if (spotWad < kDisc) {
                g.putPrice = kDisc - spotWad;
                g.putDelta = -int256(WAD);
            } else {
                g.callDelta = int256(WAD / 2);
                g.putDelta = -int256(WAD / 2);
            }
        }
        return g;
    }

    /// @dev e^(-d^2/2) [q96] for d [q96]; 0 once |d| >= 12 (the value is below 2^-103).
    function _gaussExp(int256 d) private pure returns (int256) {
        unchecked {
            if (d < 0) d = -d;
            if (d >= D_PDF_ZERO) return 0;
            // d^2 / 2 [q96]; d^2 < 144 * 2^192.
            return _expNeg((d * d) >> 97);
        }
    }

    /// @dev N(-|d|) [q96] given ed = e^(-d^2/2) [q96]: ed * R(|d|), and 0 in the tail |d| >= 9.
    function _tail(int256 d, int256 ed) private pure returns (int256) {
        unchecked {
            if (d < 0) d = -d;
            if (d >= D_TAIL) return 0;
            // Horner on a in [0, 9): every partial sum is below 2^107 and a < 2^100, so products < 2^207.
            int256 p = ((R_P10 * d) >> 96) + R_P9;
            p = ((p * d) >> 96) + R_P8;
            p = ((p * d) >> 96) + R_P7;
            p = ((p * d) >> 96) + R_P6;
            p = ((p * d) >> 96) + R_P5;
            p = ((p * d) >> 96) + R_P4;
            p = ((p * d) >> 96) + R_P3;
            p = ((p * d) >> 96) + R_P2;
            p = ((p * d) >> 96) + R_P1;
            p = ((p * d) >> 96) + R_P0;
            int256 q = ((R_Q9 * d) >> 96) + R_Q8;
            q = ((q * d) >> 96) + R_Q7;
            q = ((q * d) >> 96) + R_Q6;
            q = ((q * d) >> 96) + R_Q5;
            q = ((q * d) >> 96) + R_Q4;
            q = ((q * d) >> 96) + R_Q3;
            q = ((q * d) >> 96) + R_Q2;
            q = ((q * d) >> 96) + R_Q1;
            q = ((q * d) >> 96) + Q;
            // N(-a) = e^(-a^2/2) p / q; p 2^96 < 2^203, ed * ratio <= 2^96 * 2^96.
            return (ed * ((p << 96) / q)) >> 96;
        }
    }

    /// @dev e^(-y) [q96] for 0 <= y <= 80 q96.
    /// y = k ln2 - r with k = round(y / ln2) and |r| <= ln2 / 2, so e^(-y) = e^r / 2^k, and
    /// e^r = P(r) / P(-r) = (E + O) / (E - O), E and O the even and odd parts of the (7,7) Pade numerator.
    function _expNeg(int256 y) private pure returns (int256) {
        unchecked {
            int256 k = (y + (LN2 >> 1)) / LN2;
            int256 r = k * LN2 - y;
            // w = r^2 [q96] <= 0.121 q96
            int256 w = (r * r) >> 96;
            int256 e = ((((((EXP_C6 * w) >> 96) + EXP_C4) * w >> 96) + EXP_C2) * w >> 96) + Q;
            int256 o = (((((((EXP_C7 * w) >> 96) + EXP_C5) * w >> 96) + EXP_C3) * w >> 96) + HALF_Q) * r >> 96;
            // (E + O) / (E - O) in [0.70, 1.42] q96; (E + O) 2^96 < 2^194. k <= 116 keeps the shift defined.
            return (((e + o) << 96) / (e - o)) >> uint256(k);
        }
    }

    /// @dev ln(m / 2^96) [q96] for m >= 2^96 (a ratio >= 1 in q96, at most 2^180).
    function _lnQ(uint256 m) private pure returns (int256) {
        unchecked {
            // k = floor(log2(m / 2^96)) by binary search over the 7 bits above bit 96.
            uint256 k;
            uint256 t = m >> 96;
            if (t >= 1 << 64) {
                t >>= 64;
                k = 64;
            }
            if (t >= 1 << 32) {
                t >>= 32;
                k |= 32;
            }
            if (t >= 1 << 16) {
                t >>= 16;
                k |= 16;
            }
            if (t >= 1 << 8) {
                t >>= 8;
                k |= 8;
            }
            if (t >= 1 << 4) {
                t >>= 4;
                k |= 4;
            }
            if (t >= 1 << 2) {
                t >>= 2;
                k |= 2;
            }
            if (t >= 2) k |= 1;
            // mm = m / 2^k in [1, 2), then moved to [1/sqrt2, sqrt2).
            int256 mm = int256(m >> k);
            if (mm > SQRT2) {
                ++k;
                mm = int256(m >> k);
            }
            // z = (mm - 1) / (mm + 1) [q96], |z| <= 0.1716; (mm - 1) 2^96 < 2^192.
            int256 z = ((mm - Q) << 96) / (mm + Q);
            int256 w = (z * z) >> 96;
            int256 p = ((LN_P9 * w) >> 96) + LN_P8;
            p = ((p * w) >> 96) + LN_P7;
            p = ((p * w) >> 96) + LN_P6;
            p = ((p * w) >> 96) + LN_P5;
            p = ((p * w) >> 96) + LN_P4;
            p = ((p * w) >> 96) + LN_P3;
            p = ((p * w) >> 96) + LN_P2;
            p = ((p * w) >> 96) + LN_P1;
            p = ((p * w) >> 96) + LN_P0;
            // ln m = k ln2 + 2 z P(z^2)
            return ((z * p) >> 96) + int256(k) * LN2;
        }
    }

    /// @dev floor(sqrt(a)) for a < 2^222, by Newton from a power-of-two start above the root.
    function _sqrt(uint256 a) private pure returns (uint256 x) {
        unchecked {
            if (a == 0) return 0;
            // x0 = 2^ceil(bits/2) >= sqrt(a); bit length by binary search.
            uint256 t = a;
            uint256 b;
            if (t >= 1 << 128) {
                t >>= 128;
                b = 128;
            }
            if (t >= 1 << 64) {
                t >>= 64;
                b |= 64;
            }
            if (t >= 1 << 32) {
                t >>= 32;
                b |= 32;
            }
            if (t >= 1 << 16) {
                t >>= 16;
                b |= 16;
            }
            if (t >= 1 << 8) {
                t >>= 8;
                b |= 8;
            }
            if (t >= 1 << 4) {
                t >>= 4;
                b |= 4;
            }
            if (t >= 1 << 2) {
                t >>= 2;
                b |= 2;
            }
            if (t >= 2) b |= 1;
            // a < 2^(b+1), so sqrt(a) < 2^((b+1)/2) <= x0; relative error of x0 < 1.
            x = 1 << ((b >> 1) + 1);
            // Each step squares the relative error (halved): 7 steps reach below 2^-128.
            x = (x + a / x) >> 1;
            x = (x + a / x) >> 1;
            x = (x + a / x) >> 1;
            x = (x + a / x) >> 1;
            x = (x + a / x) >> 1;
            x = (x + a / x) >> 1;
            x = (x + a / x) >> 1;
            // Newton from above stays >= floor(sqrt(a)) and may exceed it by one.
            if (x > a / x) --x;
        }
    }
}
