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
/// Approximations (fitted offline at 80 digits; scripts/reference/fit, whose emu.py reproduces this code bit for bit):
///   ln:  S / K = 2^j m, m in [1/sqrt2, sqrt2], z = (m-1)/(m+1) (z = (S-K)/(S+K) when j = 0), ln m = z F(z^2),
///        F ~ 2 atanh(z)/z a (5,4) minimax rational in z^2                                    rel. error < 2e-27
///   exp: e^r on |r| <= ln2/2 by the (6,6) Pade approximant                                  rel. error < 1.9e-19
///   N:   N(-a) = e^(-a^2/2) R(a), R = P10(a) / Q9(a) fitted on [0, 9) (rel. error < 7.6e-19; within 8.2e-14 of
///        the Mills ratio on [9, 12)); N(-a) = 0 for a >= 12, where e^(-a^2/2) < 2^-103 is 0 in q96
/// Each rational is evaluated as its continued fraction, one division per level and no multiplications
/// (derived EXACTLY from the rational's rounded coefficients by Euclid's algorithm on numerator and denominator,
/// then made monic: u_n = x + b_n, u_i = x + b_i + k_i / u_(i+1), R = c0 + c1 x + k1 / u_2; the exp's is Gauss's
/// e^r = 1 + 2r / (2 - r + r^2 / (6 + r^2 / (10 + ... / 22)))). Safety of the divisors: Sturm's theorem on the
/// Euclid remainders (exact rationals) shows that none has a real root on the evaluated range ([0, +inf) for N,
/// [0, 1/16] for ln's z^2 <= 0.0295), so no divisor vanishes or changes sign; their smallest magnitudes are 0.155
/// (N) and 1.15 (ln) and the worst propagated rounding is 3.9e-28 relative (cf.py, lncf.py).
/// Measured against the exact reference over the 2,156-point grid: max error 7.4e-19 * S for prices and 8.1e-19
/// for deltas.
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
    uint256 private constant PRICE_SPAN = 999999999999999999999999000000000; // MAX_PRICE_WAD - MIN_PRICE_WAD
    uint256 private constant HALF_WAD = 5e17;
    uint256 private constant WAD_YEAR = 1e18 * 365 days; // [wad seconds]
    int256 private constant Q = 2 ** 96; // [q96] 1.0
    int256 private constant HALF_Q = 2 ** 95; // [q96] 0.5, also the rounding bias of a >> 96
    /// [q96] |d| beyond which N(-|d|) < 1.8e-33 is taken as 0: e^(-d^2/2) < 2^-103 is 0 in q96 there anyway. The
    /// rational R was fitted on [0, 9) (relative error 7.5e-19) and stays within 8.2e-14 of the Mills ratio on [9, 12).
    int256 private constant D_TAIL = 12 * 2 ** 96;
    /// [q96] 12 - 2^-96; 12 is the |d| beyond which e^(-d^2/2) < 2^-103 rounds to 0 in q96 (so gamma and vega are 0).
    int256 private constant D_PDF_ZERO_M1 = 12 * 2 ** 96 - 1;
    /// [q96] 24 - 2^-96: |d| < 12 q96 is d + D_PDF_ZERO_M1 < D_PDF_SPAN in wrapping arithmetic.
    int256 private constant D_PDF_SPAN = 24 * 2 ** 96 - 1;

    // ln(2), sqrt(2) and 1/sqrt(2 pi) [q96], each rounded to nearest.
    int256 private constant HALF_LN2 = 27458388733853736675570735564; // floor(LN2 / 2)
    int256 private constant LN2 = 54916777467707473351141471128;
    int256 private constant SQRT2 = 112045541949572279837463876455;
    int256 private constant INV_SQRT_2PI = 31607463825455920808620519744;
    // 2^97 / sqrt(YEAR), rounded up: the Newton start of sqrt(T / YEAR) [q96] for T in [4^h, 4^(h+1)) is this times 2^h.
    int256 private constant SQRT_TAU_START = 28216703584227505887749480;
    // 3 - 2 sqrt2 = (sqrt2 - 1) / (sqrt2 + 1) [q96], rounded down, the largest |z| the ln polynomial takes, and twice it.
    int256 private constant Z_MAX = 13593403643648453105704098098;
    int256 private constant TWO_Z_MAX = 27186807287296906211408196196;

    // ln m = 2 atanh(z) = z F(w) for z = (m-1)/(m+1), w = z^2 <= (3 - 2 sqrt2)^2: F = 2 atanh(z)/z by a (5,4) rational
    // in w (fitted at 80 digits, relative error 1.9e-27), written exactly as its continued fraction
    // (scripts/reference/fit/lncf.py): F = c0 + c1 w + k1 / u2, u5 = w + b5, u_i = w + b_i + k_i / u_(i+1).
    // Every b_i, k_i is negative and every u_i < -1.15, so the code runs on v_i = -u_i > 0 with LNC_NBi = -b_i,
    // LNC_NKi = -k_i. [q96] LNC_C0, LNC_C1, LNC_NBi; [q192] LNC_NKi; each rounded to nearest.
    int256 private constant LNC_C0 = 42713276956969273403858653684;
    int256 private constant LNC_C1 = 662662541134123546913190805;
    int256 private constant LNC_NK1 = 30247941087436560448810939009495103615302581314006529240954;
    int256 private constant LNC_NB2 = 355804111975196999095121488473;
    int256 private constant LNC_NB3 = 234406296629147791093404658953;
    int256 private constant LNC_NB4 = 132424838877845391602291115803;
    int256 private constant LNC_NB5 = 94182413228787883795626389713;
    int256 private constant LNC_NK2 = 20644540273558091335365268166693942569847584399146676249184;
    int256 private constant LNC_NK3 = 2063231447669095085953721740893194705401017533236604917393;
    int256 private constant LNC_NK4 = 227207313425727977041182275382876878916229583272667275967;

    // The (6,6) Pade approximant of e^r as a continued fraction: its partial denominators 2, 6, 10, 14, 18, 22 [q96].
    int256 private constant TWO_Q = 2 * 2 ** 96;
    int256 private constant Q_M1 = 2 ** 96 - 1; // [q96] 1 - 2^-96
    int256 private constant EXP_CF6 = 6 * 2 ** 96;
    int256 private constant EXP_CF10 = 10 * 2 ** 96;
    int256 private constant EXP_CF14 = 14 * 2 ** 96;
    int256 private constant EXP_CF18 = 18 * 2 ** 96;
    int256 private constant EXP_CF22 = 22 * 2 ** 96;

    // N(-a) / e^(-a^2/2) = R(a) = P10(a) / Q9(a), the (10,9) rational fitted on a in [0, 9), written exactly
    // as its continued fraction (scripts/reference/fit/cf.py): u10 = a + b10, u_i = a + b_i + k_i / u_(i+1)
    // for i = 9 .. 2, R = c0 + c1 a + k1 / u2. [q96] CF_Bi = b_i, CF_C0, CF_C1; [q192] CF_Ki = k_i (k / u [q96]
    // = K / U for U = u [q96]); each rounded to nearest. CF_Nx = -x for the negative ones (the code subtracts them).
    int256 private constant CF_NC0 = 976667494145400960173;
    int256 private constant CF_C1 = 7737052097048404905;
    int256 private constant CF_K1 = 2504206052090562047974011180476067902308836526141219405708;
    int256 private constant CF_B2 = 6069344126493329845290065;
    int256 private constant CF_NB3 = 4164959377270765482208820824;
    int256 private constant CF_B4 = 425377985031668256713430083437;
    int256 private constant CF_B5 = 499021198435596616195071480461;
    int256 private constant CF_B6 = 526368274502563370432904586013;
    int256 private constant CF_NB7 = 16527738325794415258509176947213;
    int256 private constant CF_B8 = 16929047481606946206195639711684;
    int256 private constant CF_B9 = 276927034389069322350613834701;
    int256 private constant CF_B10 = 58528084133189578389303561535;
    int256 private constant CF_K2 = 6262896344952552933862994044626975893198355047909129158578;
    int256 private constant CF_K3 = 18841591243972384922773880765265223272154872288732289929914;
    int256 private constant CF_NK4 = 270507513421156076019496682571313331785208486903980538724792;
    int256 private constant CF_K5 = 227568419039947524181933039622281272331421398912097580183790;
    int256 private constant CF_NK6 = 1920473614907292918029919225471090742309200038685540187337;
    int256 private constant CF_K7 = 280009596000973706434999273743846935467529367380667713506054904;
    int256 private constant CF_K8 = 464098237906504413823536327801156654391766452164944009771;
    int256 private constant CF_K9 = 161823433498054970163694892344529553911353324261369026670671;

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
    // solhint-disable-next-line function-max-lines
    function greeks(uint256 spotWad, uint256 strikeWad, uint256 volWad, uint256 timeSec, uint256 rateWad)
        internal
        pure
        returns (Greeks memory g)
    {
        // One branch on the common path; the cold path names the offending input.
        // (x - MIN) > (MAX - MIN) in wrapping arithmetic is x < MIN || x > MAX.
        {
            bool outside;
            assembly ("memory-safe") {
                outside := or(
                    or(gt(sub(spotWad, MIN_PRICE_WAD), PRICE_SPAN), gt(sub(strikeWad, MIN_PRICE_WAD), PRICE_SPAN)),
                    or(gt(volWad, MAX_VOL_WAD), or(gt(timeSec, MAX_TIME), gt(rateWad, MAX_RATE_WAD)))
                )
            }
            if (outside) {
                _revertOutOfDomain(spotWad, strikeWad, volWad, timeSec);
                revert RateOutOfRange(rateWad);
            }
        }

        // The body is one assembly block: every step runs once, in order, on values bounded by the domain checks
        // above (each bound is noted where the product is formed), so no value is checked twice. Yul functions are
        // the two steps used twice (e^-y, the N tail) and three used once that keep every variable within the
        // stack's reach (lnReduce, gaussPair, priced); the rest is inline.
        assembly ("memory-safe") {
            // e^(-y) [q96] for 0 <= y <= 80 q96. y = k ln2 - r with k = round(y / ln2), |r| <= ln2 / 2,
            // so e^(-y) = e^r / 2^k, and e^r by the (6,6) Pade approximant (relative error < 1.9e-19 on
            // |r| <= ln2 / 2) written exactly as its continued fraction (Gauss, tanh):
            //   e^r = 1 + 2r / (2 - r + r^2 / (6 + r^2 / (10 + r^2 / (14 + r^2 / (18 + r^2 / 22)))))
            // (identical to P(r) / P(-r), P(r) = sum_j (12-j)! 6! / (12! j! (6-j)!) r^j; scripts/reference/fit/cf.py).
            // rr = r^2 [q192] <= 0.121 2^192; every level is in [6, 22.1] q96 and the last divisor in [1.65, 2.36] q96,
            // so each quotient is below 0.05 q96; e^r in [0.70, 1.42] q96; k <= 116.
            function expNeg(y) -> e {
                let k := div(add(y, HALF_LN2), LN2)
                let r := sub(mul(k, LN2), y)
                let rr := mul(r, r)
                // e^r = 1 + 2r / D with D = 2 - r + r^2 / (6 + ...) in [1.65, 2.36] q96; 2r / D rounds toward zero, so
                // one ulp is taken off: e^r is rounded down (as e^(-y) is, by the shift) and K e^(-rT) not rounded up
                // here; (2r) 2^96 < 2^193 in magnitude
                // forgefmt: disable-next-item
                e := shr(k, add(Q_M1, sdiv(shl(97, r), add(sub(TWO_Q, r), div(rr, add(EXP_CF6, div(rr, add(EXP_CF10,
                     div(rr, add(EXP_CF14, div(rr, add(EXP_CF18, div(rr, EXP_CF22)))))))))))))
            }
            // N(-a) [q96] for a >= 0 [q96] given ea = e^(-a^2/2) <= 1 q96: ea * R(a), 0 in the tail a >= 12.
            // The continued fraction of R, one division per level. Every divisor u_i is > 0 for all a >= 0 (Sturm:
            // no remainder of Euclid's algorithm on (P10, Q9) has a root on [0, +inf)) and >= 0.155 on [0, 12);
            // there each u_i is below 226 q96 < 2^104 and each k_i / u below 209 q96, each |K_i| below 2^208 and
            // c1 a below 2^167, so nothing wraps; R in [0.03, 0.5] q96 and ea * R <= 2^192.
            function tail(a, ea) -> t {
                if lt(a, D_TAIL) {
                    // u10 = a + b10; u_i = a + b_i + k_i / u_(i+1), one nested expression from u10 outward (no stack
                    // shuffling between levels)
                    // forgefmt: disable-next-item
                    let u := add(add(a, CF_B2), sdiv(CF_K2,
                             add(sub(a, CF_NB3), sdiv(CF_K3,
                             sub(add(a, CF_B4), sdiv(CF_NK4,
                             add(add(a, CF_B5), sdiv(CF_K5,
                             sub(add(a, CF_B6), sdiv(CF_NK6,
                             add(sub(a, CF_NB7), sdiv(CF_K7,
                             add(add(a, CF_B8), sdiv(CF_K8,
                             add(add(a, CF_B9), sdiv(CF_K9,
                             add(a, CF_B10)))))))))))))))))
                    // N(-a) = ea (c0 + c1 a + k1 / u2)
                    t := shr(96, mul(ea, add(sub(shr(96, mul(CF_C1, a)), CF_NC0), sdiv(CF_K1, u))))
                }
            }

            // S / K outside [1/sqrt2, sqrt2], z = (S - K) / (S + K) [q96]: S / K = 2^(+-j) m with m in [1/sqrt2, sqrt2];
            // returns zr = (m - 1) / (m + 1) [q96] and jl = +-j ln2 [q96], so ln(S / K) = jl + zr F(zr^2).
            function lnReduce(s, k, z) -> zr, jl {
                // hi / lo = max(S, K) / min(S, K) = 2^j m' with m' in [1, 2), j = floor(log2(floor(hi / lo))) < 80;
                // sg = 0 for S > K, -1 for S < K
                let sg := sar(255, z)
                let hi := s
                let lo := k
                if sg {
                    hi := k
                    lo := s
                }
                let n := div(hi, lo)
                let j := shl(6, gt(n, 0xffffffffffffffff))
                j := or(j, shl(5, gt(shr(j, n), 0xffffffff)))
                j := or(j, shl(4, gt(shr(j, n), 0xffff)))
                j := or(j, shl(3, gt(shr(j, n), 0xff)))
                j := or(j, shl(2, gt(shr(j, n), 0xf)))
                j := or(j, shl(1, gt(shr(j, n), 0x3)))
                j := or(j, gt(shr(j, n), 0x1))
                // lo 2^j <= hi; one more doubling when m' > sqrt2 (hi 2^96 <= 2^206, lo 2^j sqrt2 <= 2^207)
                let lj := shl(j, lo)
                if gt(shl(96, hi), mul(lj, SQRT2)) {
                    j := add(j, 1)
                    lj := shl(1, lj)
                }
                // ln(hi / lo) = j ln2 + z' F(z'^2), z' = (hi - lo 2^j) / (hi + lo 2^j); ln(S / K) = +-ln(hi / lo):
                // zr = +-z', jl = +-j ln2, the sign applied as (y xor sg) - sg
                z := sdiv(shl(96, sub(hi, lj)), add(hi, lj))
                zr := sub(xor(z, sg), sg)
                jl := sub(xor(mul(j, LN2), sg), sg)
            }
            // e1 = e^(-d1^2/2) and e2 = e^(-d2^2/2) [q96] with one exp, of the smaller |d|
            // (e^(-a^2/2) is 0 in q96 once a >= 12; a^2 < 2^200): d1^2/2 - d2^2/2 = ln(S / (K disc)), so the other is
            // it times K disc / S or S / (K disc), a ratio <= 1 that keeps its absolute error at q96 resolution.
            // Products: e K, e S <= 2^206; e K / S <= 2^110 (K / S <= 1 / disc).
            function gaussPair(d1, d2, s, k, disc) -> e1, e2 {
                // |d1| < |d2| exactly when d1 + d2 < 0 (d2 = d1 - v < d1); dm = that of the two with the smaller
                // magnitude (d2 on a tie), selected as d2 xor ((d1 xor d2) * lt12)
                let lt12 := slt(add(d1, d2), 0)
                let dm := xor(d2, mul(xor(d1, d2), lt12))
                let em := 0
                // |dm| < 12 q96 (wrapping: dm + 12 q96 - 1 < 24 q96 - 1 unsigned), so dm^2 < 2^200
                if lt(add(dm, D_PDF_ZERO_M1), D_PDF_SPAN) { em := expNeg(shr(97, mul(dm, dm))) }
                switch lt12
                case 0 {
                    e2 := em
                    e1 := shr(96, mul(div(mul(em, k), s), disc))
                }
                default {
                    e1 := em
                    e2 := div(shl(96, div(mul(em, s), k)), disc)
                }
            }
            // The sigma sqrt(T) > 0 case, everything written into the Greeks at gp; K e^(-rT) [wad] and sqrtTau [q96]
            // arrive in the scratch space (0x00 and 0x20), which keeps the stack within reach.
            function priced(gp, s, k, disc, rt, v) {
                // d1 = (ln(S / K) + rt) / v + v / 2 [q96]
                let d1 := rt
                {
                    // ln(S / K) = j ln2 + z F(z^2) with S / K = 2^j m, m in [1/sqrt2, sqrt2], z = (m - 1) / (m + 1),
                    // |z| <= 3 - 2 sqrt2. For j = 0 (S / K in [1/sqrt2, sqrt2]), z = (S - K) / (S + K) directly;
                    // (S - K) 2^96 < 2^207 in magnitude.
                    let z := sdiv(shl(96, sub(s, k)), add(s, k))
                    // |z| > 3 - 2 sqrt2 (wrapping: z + Z_MAX > 2 Z_MAX unsigned): S / K outside [1/sqrt2, sqrt2]
                    if gt(add(z, Z_MAX), TWO_Z_MAX) {
                        let jl := 0
                        z, jl := lnReduce(s, k, z)
                        d1 := add(d1, jl)
                    }
                    // w = z^2 [q96] <= 0.0295 q96. F(w) = c0 + c1 w + k1 / u2 with v_i = -u_i in [1.15, 3.3] q96:
                    // v5 = -b5 - w, v_i = -b_i - w - (-k_i) / v_(i+1), k1 / u2 = (-k1) / v2 (every quotient below 2^100,
                    // c1 w below 2^187); F in [2, 2.02] q96
                    let w := shr(96, mul(z, z))
                    // forgefmt: disable-next-item
                    let p := add(add(LNC_C0, shr(96, mul(LNC_C1, w))), div(LNC_NK1,
                             sub(sub(LNC_NB2, w), div(LNC_NK2,
                             sub(sub(LNC_NB3, w), div(LNC_NK3,
                             sub(sub(LNC_NB4, w), div(LNC_NK4,
                             sub(LNC_NB5, w)))))))))
                    // x = ln(S / K) + rt = jl + z F(w) + rt; |x| <= 66 q96, so x 2^96 <= 2^199 and x / v fits for
                    // any v >= 1; d1 = x / v + v / 2
                    d1 := add(sdiv(shl(96, add(d1, sar(96, mul(z, p)))), v), shr(1, v))
                }
                // d2 = d1 - v
                let d2 := sub(d1, v)
                // e1 = e^(-d1^2/2), e2 = e^(-d2^2/2) [q96]
                let e1, e2 := gaussPair(d1, d2, s, k, disc)
                {
                    // n(d1) = e1 / sqrt(2 pi) <= 0.4 q96; gamma = n(d1) / (S v) [wad per unit], vega = S n(d1) sqrtTau
                    // [wad per 1.0 vol]; pdf 1e36 <= 2^215, S v <= 2^211, pdf sqrtTau <= 2^193, S pdf sqrtTau / 2^96 <= 2^207.
                    let pdf := shr(96, mul(e1, INV_SQRT_2PI))
                    let sv := mul(s, v)
                    mstore(add(gp, 0x80), div(add(mul(pdf, 1000000000000000000000000000000000000), shr(1, sv)), sv))
                    mstore(add(gp, 0xa0), shr(96, add(mul(s, shr(96, mul(pdf, mload(0x20)))), HALF_Q)))
                }
                // N(d) = 1/2 + sign(d) (1/2 - N(-|d|)), the sign applied as (y xor m) - m with m = 0 for d >= 0, -1 below;
                // |d| = (d xor m) - m.
                // callDelta = N(d1) and putDelta = N(d1) - 1 [wad] from the one wad rounding of N(-|d1|), so
                // callDelta - putDelta = 1 exactly.
                let m := sar(255, d1)
                let q := tail(sub(xor(d1, m), m), e1)
                let h := sub(HALF_WAD, shr(96, add(mul(q, WAD), HALF_Q)))
                h := add(HALF_WAD, sub(xor(h, m), m))
                mstore(add(gp, 0x40), h)
                mstore(add(gp, 0x60), sub(h, WAD))
                // n1 = N(d1), n2 = N(d2) [q96]
                let n1 := add(HALF_Q, sub(xor(sub(HALF_Q, q), m), m))
                m := sar(255, d2)
                q := tail(sub(xor(d2, m), m), e2)
                let n2 := add(HALF_Q, sub(xor(sub(HALF_Q, q), m), m))
                // call = S N(d1) - K disc N(d2) [wad], products <= 2^206. put = K disc N(-d2) - S N(-d1) = call - S + K disc
                // exactly: (K disc - S) 2^96 is a whole number of wad, so both round alike.
                let kd := mload(0x00)
                let c := sar(96, add(sub(mul(s, n1), mul(kd, n2)), HALF_Q))
                let pt := add(c, sub(kd, s))
                // clamped to 0 <= call and 0 <= put. The upper bounds need no clamp: n1 <= 1 q96 and n2 >= 0, so
                // c <= (S 2^96 + 2^95) >> 96 = S, and put = c - S + K disc <= K disc.
                mstore(gp, mul(c, sgt(c, 0)))
                mstore(add(gp, 0x20), mul(pt, sgt(pt, 0)))
            }

            // rt = r T / YEAR [q96] <= 10 q96; r T 2^96 <= 2^60 * 2^29 * 2^96 = 2^185.
            let rt := div(shl(96, mul(rateWad, timeSec)), WAD_YEAR)
            // v = sigma sqrtTau [q96] <= 31.7 q96 with sqrtTau = floor(sqrt(T / YEAR)) [q96] <= sqrt(10) q96, the
            // floor square root of a = T 2^192 / YEAR < 2^196; sigma sqrtTau <= 2^64 * 2^98. sqrtTau is kept at 0x20.
            let v := 0
            if timeSec {
                let a := div(shl(192, timeSec), YEAR)
                // h = floor(log2(T) / 2) for 1 <= T < 2^30, branch-free (each step: is the rest at or above 4^n? then
                // shift it out), so 2^h <= sqrt(T) < 2^(h+1)
                let h := shl(3, gt(timeSec, 0xffff))
                h := or(h, shl(2, gt(shr(shl(1, h), timeSec), 0xff)))
                h := or(h, shl(1, gt(shr(shl(1, h), timeSec), 0xf)))
                h := or(h, gt(shr(shl(1, h), timeSec), 0x3))
                // Newton from x0 = 2^h SQRT_TAU_START = 2^(h+1) 2^96 / sqrt(YEAR) (rounded up) >= sqrt(a), at most twice
                // sqrt(a): the relative error e0 <= 1 goes as e' = e^2 / (2 (1 + e)), below 6e-31 after 6 steps, so
                // x < sqrt(a) + 1 (sqrt(a) < 2^98); from above it stays >= floor(sqrt(a)): x is the floor or one above.
                // x a / x <= 2^222.
                let x := shl(h, SQRT_TAU_START)
                x := shr(1, add(x, div(a, x)))
                x := shr(1, add(x, div(a, x)))
                x := shr(1, add(x, div(a, x)))
                x := shr(1, add(x, div(a, x)))
                x := shr(1, add(x, div(a, x)))
                x := shr(1, add(x, div(a, x)))
                x := sub(x, gt(x, div(a, x)))
                mstore(0x20, x)
                v := div(mul(volWad, x), WAD)
            }
            // disc = e^(-rt) [q96]; K disc [wad] rounded to nearest (K disc <= 2^110 * 2^96), kept at 0x00.
            let disc := Q
            mstore(0x00, strikeWad)
            if rt {
                disc := expNeg(rt)
                mstore(0x00, shr(96, add(mul(strikeWad, disc), HALF_Q)))
            }
            switch v
            case 0 {
                // The sigma sqrt(T) = 0 limit: intrinsic value against the discounted strike, step delta.
                let kd := mload(0x00)
                switch gt(spotWad, kd)
                case 1 {
                    mstore(g, sub(spotWad, kd))
                    mstore(add(g, 0x40), WAD)
                }
                default {
                    switch lt(spotWad, kd)
                    case 1 {
                        mstore(add(g, 0x20), sub(kd, spotWad))
                        mstore(add(g, 0x60), sub(0, WAD))
                    }
                    default {
                        mstore(add(g, 0x40), HALF_WAD)
                        mstore(add(g, 0x60), sub(0, HALF_WAD))
                    }
                }
            }
            default { priced(g, spotWad, strikeWad, disc, rt, v) }
        }
    }

    /// @dev Reverts with the error naming the first input outside the domain (the rate when no other is).
    function _revertOutOfDomain(uint256 spotWad, uint256 strikeWad, uint256 volWad, uint256 timeSec) private pure {
        if (spotWad < MIN_PRICE_WAD || spotWad > MAX_PRICE_WAD) revert SpotOutOfRange(spotWad);
        if (strikeWad < MIN_PRICE_WAD || strikeWad > MAX_PRICE_WAD) revert StrikeOutOfRange(strikeWad);
        if (volWad > MAX_VOL_WAD) revert VolOutOfRange(volWad);
        if (timeSec > MAX_TIME) revert TimeOutOfRange(timeSec);
    }
}
