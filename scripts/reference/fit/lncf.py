# ln m = 2 z atanh(z)/z, z = (m - 1) / (m + 1), |z| <= 3 - 2 sqrt2: atanh(z)/z = f(w), w = z^2, approximated by a
# (5,4) minimax rational in w fitted at 80 digits (rat.ratfit, relative error ~2e-27 on [0, zmax^2]), its
# coefficients rounded to q96 integers (coef.json LN_RP, LN_RQ), then written EXACTLY as its continued fraction by
# Euclid's algorithm, as the N tail in cf.py:
#   u5 = w + b5, u_i = w + b_i + k_i / u_(i+1) (i = 4 .. 2), 2 f(w) ~ c0 + c1 w + k1 / u2   (factor 2 folded in).
# Checks: identity with the rounded rational (exact, 30 points), Sturm (no remainder root on [0, 1/16], so no u_i
# vanishes or changes sign on the domain w <= zmax^2 = 0.0294; the roots sit beyond w = 1), minima of u_i, and the integer emulation against mpmath's atanh.
# Run: python3 lncf.py  (refits, updates coef.json's LN_RP / LN_RQ, writes lncf.json, prints the Solidity constants)
import json
from fractions import Fraction as F

import mpmath as mp

from cf import deriv, divmod_lin, peval, pmod, rnd, sign_changes
from rat import ratfit

mp.mp.dps = 80
Q = 1 << 96


def f(w):
    w = mp.mpf(w)
    if w == 0:
        return mp.mpf(1)
    z = mp.sqrt(w)
    return mp.atanh(z) / z


ZMAX = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)
WMAX = ZMAX ** 2 * mp.mpf("1.0001")

C = json.load(open("coef.json"))
if "LN_RP" not in C:
    p, q, e = ratfit(f, mp.mpf(0), WMAX, 5, 4, iters=12)
    print("(5,4) rational fit, max relative error", mp.nstr(e, 3))
    C["LN_RP"] = [int(mp.nint(c * Q)) for c in p]
    C["LN_RQ"] = [int(mp.nint(c * Q)) for c in q]
    json.dump(C, open("coef.json", "w"), indent=1)
P = [F(2 * c, Q) for c in C["LN_RP"]]  # 2 f = 2 P / Q
D = [F(c, Q) for c in C["LN_RQ"]]
rem = [P, D]
quot = []
while len(rem[-1]) > 1:
    (q0, q1), r = divmod_lin(rem[-2], rem[-1])
    quot.append((q0, q1))
    rem.append(r)
quot.append((rem[-2][0] / rem[-1][0], rem[-2][1] / rem[-1][0]))
assert len(quot) == 5
q1s = [x[1] for x in quot]
b = [x[0] / x[1] for x in quot]
k = [None] + [1 / (q1s[i] * q1s[i + 1]) for i in range(1, 4)]
c0, c1, k1 = quot[0][0], quot[0][1], 1 / q1s[1]


def sturm_roots_in(p, lo, hi):
    """Number of distinct real roots of p in (lo, hi] (Sturm's theorem, exact)."""
    if len(p) == 1:
        return 0
    seq = [p, deriv(p)]
    while len(seq[-1]) > 1:
        r = pmod(seq[-2], seq[-1])
        if not r:
            break
        seq.append([-c for c in r])
    return sign_changes([peval(s, lo) for s in seq]) - sign_changes([peval(s, hi) for s in seq])


def us_exact(w):
    u = w + b[4]
    out = [u]
    for i in range(3, 0, -1):
        u = w + b[i] + k[i] / u
        out.append(u)
    return out


def cf_exact(w):
    return c0 + c1 * w + k1 / us_exact(w)[-1]


for j in range(30):
    x = F(j, 997) + F(1, 13)
    assert cf_exact(x) == peval(P, x) / peval(D, x)

INT = {"LNC_C0": rnd(c0 * Q), "LNC_C1": rnd(c1 * Q), "LNC_K1": rnd(k1 * Q * Q)}
for i in range(1, 5):
    INT["LNC_B%d" % (i + 1)] = rnd(b[i] * Q)
for i in range(1, 4):
    INT["LNC_K%d" % (i + 1)] = rnd(k[i] * Q * Q)


def sdiv(x, y):
    qq = abs(x) // abs(y)
    return qq if (x >= 0) == (y > 0) else -qq


def lncf_int(w):
    """2 f(w) [q96] as the contract evaluates it, w = z^2 [q96]."""
    u = w + INT["LNC_B5"]
    for i in range(4, 1, -1):
        u = w + INT["LNC_B%d" % i] + sdiv(INT["LNC_K%d" % i], u)
    return INT["LNC_C0"] + ((INT["LNC_C1"] * w) >> 96) + sdiv(INT["LNC_K1"], u)


if __name__ == "__main__":
    for i, (q0, q1) in enumerate(quot):
        print("  L%d q1 = %s b = %s" % (i + 1, mp.nstr(mp.mpf(q1.numerator) / q1.denominator, 6),
              mp.nstr(mp.mpf(b[i].numerator) / b[i].denominator, 6)))
    # the domain of w is [0, zmax^2]; the remainders' roots lie beyond w = 1 (the poles that mimic atanh's branch
    # point), Sturm on [0, 1/16] (covers zmax^2 = 0.0294 with margin); none at w = 0 either (checked below, u_i > 0)
    counts = [sturm_roots_in(r, F(0), F(1, 16)) for r in rem]
    print("real roots of the remainders on (0, 1/16] (Sturm):", counts, " all roots on (0, 64]:",
          [sturm_roots_in(r, F(0), F(64)) for r in rem])
    assert all(c == 0 for c in counts) and all(peval(r, F(0)) != 0 for r in rem)
    wmax_q = int(WMAX * Q)
    umin = None
    umax = 0
    sign0 = [u > 0 for u in us_exact(F(0))]
    for j in range(2001):
        w = F(j, 2000) * F(int(WMAX * 10**30), 10**30)
        for s0, u in zip(sign0, us_exact(w)):
            assert (u > 0) == s0
            umin = abs(u) if umin is None or abs(u) < umin else umin
            umax = max(umax, abs(u))
    print("signs of u5 .. u2:", ["+" if x else "-" for x in sign0])
    print("|u_i| on [0, wmax]: min %.6g max %.6g" % (float(umin), float(umax)))
    # ln m = 2 z f(w) through the integer chain vs mpmath, absolute error, on z in [-zmax, zmax]
    worst = 0
    for j in range(-20000, 20001):
        z = int(ZMAX * Q) * j // 20000
        w = (z * z) >> 96
        ln_int = (z * lncf_int(w)) >> 96
        exact = 2 * mp.atanh(mp.mpf(z) / Q)
        worst = max(worst, abs(mp.mpf(ln_int) / Q - exact))
    print("max |ln error| over |z| <= zmax (integer chain vs mpmath):", mp.nstr(worst, 4))
    for n, v in INT.items():
        print("    int256 private constant %s = %d;" % (n, v))
    json.dump(INT, open("lncf.json", "w"), indent=1)
