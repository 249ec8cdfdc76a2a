# The N tail's (10,9) rational R = P10(a) / Q9(a) of coef.json, rewritten EXACTLY as a continued fraction
# (one division chain) for BlackScholesLib, with the checks that the chain is safe on the whole half-line a >= 0.
#
# Derivation (exact rational arithmetic, fractions.Fraction; P and Q are the q96 integers of coef.json / 2^96):
#   1. Euclid's algorithm on (P, Q): A_0 = P, A_1 = Q, A_{i-1} = (q1_i a + q0_i) A_i + A_{i+1}, each quotient
#      linear because the degrees drop by one (10, 9, 8, ..., 0): ten quotients L_i = q1_i a + q0_i and
#      P / Q = L_1 + 1 / (L_2 + 1 / (L_3 + ... + 1 / L_10)).          (the J-fraction of the rational)
#   2. Equivalence transformation to monic levels, u_i = t_i / q1_i with t_i = A_{i-1} / A_i:
#      u_10 = a + b_10,  u_i = a + b_i + k_i / u_{i+1} (i = 9 .. 2),  R = c_0 + c_1 a + k_1 / u_2
#      with b_i = q0_i / q1_i, k_i = 1 / (q1_i q1_{i+1}) (i >= 2), c_1 = q1_1, c_0 = q0_1, k_1 = 1 / q1_2.
#   3. The CF is checked to equal P/Q identically (both sides agree exactly at 40 rational points; two
#      rational functions of degree <= (10, 9) that agree at more than 19 points are equal).
# Safety of the denominators: u_i = A_{i-1} / (q1_i A_i), so u_i vanishes or has a pole only at a real root
# of a remainder A_j. Sturm's theorem (exact, on Fractions) counts the real roots of every A_j on
# [0, +inf): all counts are 0, so no u_i vanishes or changes sign for ANY a >= 0 (the code evaluates the
# chain on [0, 12) and takes N(-a) = 0 beyond). The minimum of |u_i| on [0, 12] and the propagation of the
# q96 rounding of each level to R (sum_j |dR/du_j| * 2^-96 / R) are printed, and the integer emulation of
# the Solidity chain is compared with the exact rational (and with the former two-Horner evaluation) on a
# dense grid of [0, 12). R itself was fitted on [0, 9) (relative error 7.5e-19); on [9, 12) it stays within
# 1e-13 of the Mills ratio (printed below), where N(-a) < 1.2e-19, so its error there is below 1e-32 absolute.
#
# The exp step uses the same idea with no fit at all: the (6,6) Pade approximant of e^r equals the 5th convergent
# of Gauss's continued fraction e^r = 1 + 2r / (2 - r + r^2 / (6 + r^2 / (10 + r^2 / (14 + r^2 / (18 + r^2 / 22))))),
# checked here exactly (Fractions, 40 points; both sides are rationals of degree <= (6, 6)). All its partial
# denominators are positive for |r| <= ln2 / 2 (each level >= 6, the last 2 - r + ... >= 1.65).
# Run: python3 cf.py   (prints the Solidity constants and the checks; writes cf.json)
import json
from fractions import Fraction as F

import mpmath as mp

C = json.load(open("coef.json"))
Q = 1 << 96
P = [F(c, Q) for c in C["R_P"]]
D = [F(c, Q) for c in C["R_Q"]]
XMAX = 12  # the code evaluates R on [0, 12) (fitted on [0, 9)) and takes N(-a) = 0 beyond (e^(-a^2/2) < 2^-103)


def peval(p, x):
    acc = F(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


def divmod_lin(a, b):
    """a (degree n) = (q1 x + q0) b (degree n - 1) + r (degree <= n - 2), exactly."""
    a = a[:]
    n = len(a) - 1
    assert len(b) == n
    q1 = a[n] / b[n - 1]
    for i in range(len(b)):
        a[i + 1] -= q1 * b[i]
    assert a[n] == 0
    a.pop()
    q0 = a[n - 1] / b[n - 1]
    for i in range(len(b)):
        a[i] -= q0 * b[i]
    assert a[n - 1] == 0
    a.pop()
    return (q0, q1), a


# 1. Euclid: remainders A_0 .. A_10 and quotients L_1 .. L_10
rem = [P, D]
quot = []
while len(rem[-1]) > 1:
    (q0, q1), r = divmod_lin(rem[-2], rem[-1])
    quot.append((q0, q1))
    rem.append(r)
# last quotient: A_9 (degree 1) / A_10 (constant)
quot.append((rem[-2][0] / rem[-1][0], rem[-2][1] / rem[-1][0]))
assert len(quot) == 10 and [len(r) - 1 for r in rem] == list(range(10, -1, -1))

# 2. monic levels
q1s = [q[1] for q in quot]
b = [q[0] / q[1] for q in quot]  # b[0] unused (the top level keeps c0 + c1 a)
k = [None] + [1 / (q1s[i] * q1s[i + 1]) for i in range(1, 9)]  # k[i] for level i+1 -> between u_{i+1}, u_{i+2}
c0, c1, k1 = quot[0][0], quot[0][1], 1 / q1s[1]


def cf_exact(a):
    u = a + b[9]
    for i in range(8, 0, -1):  # levels 9 .. 2 (0-based 8 .. 1)
        u = a + b[i] + k[i] / u
    return c0 + c1 * a + k1 / u


def us_exact(a):
    """u_10 .. u_2, the values the chain divides by."""
    u = a + b[9]
    out = [u]
    for i in range(8, 0, -1):
        u = a + b[i] + k[i] / u
        out.append(u)
    return out


# 3. identity check at 40 rational points
for j in range(40):
    x = F(j * 9, 37) + F(1, 7)
    assert cf_exact(x) == peval(P, x) / peval(D, x), x


# exp: (6,6) Pade == the continued fraction, exactly
def _pade66(r):
    from math import factorial as fa
    c = [F(fa(12 - j) * fa(6), fa(12) * fa(j) * fa(6 - j)) for j in range(7)]
    return sum(cj * r ** j for j, cj in enumerate(c)) / sum(cj * (-r) ** j for j, cj in enumerate(c))


def _exp_cf(r):
    w = r * r
    inner = F(22)
    for c in (18, 14, 10, 6):
        inner = c + w / inner
    return 1 + 2 * r / (2 - r + w / inner)


for j in range(40):
    x = F(j - 20, 57)
    assert _exp_cf(x) == _pade66(x), x


# Sturm: number of distinct real roots of p in (lo, +inf)
def pmod(a, b):
    a = a[:]
    while len(a) >= len(b):
        f = a[-1] / b[-1]
        s = len(a) - len(b)
        for i in range(len(b)):
            a[s + i] -= f * b[i]
        a.pop()
        while a and a[-1] == 0:
            a.pop()
    return a


def deriv(p):
    return [i * p[i] for i in range(1, len(p))]


def sign_changes(vals):
    s = [v for v in vals if v != 0]
    return sum(1 for x, y in zip(s, s[1:]) if (x > 0) != (y > 0))


def sturm_roots_from(p, lo):
    if len(p) == 1:
        return 0
    seq = [p, deriv(p)]
    while len(seq[-1]) > 1:
        r = pmod(seq[-2], seq[-1])
        if not r:
            break
        seq.append([-c for c in r])
    at_lo = sign_changes([peval(s, F(lo)) for s in seq])
    at_inf = sign_changes([s[-1] for s in seq])  # sign of the leading coefficient at +inf
    return at_lo - at_inf


# q96 integers for the contract: B_i = b_i 2^96, K_i = k_i 2^192 (k / u in q96 = K / U), C0 = c0 2^96,
# C1 = c1 2^96, K1 = k1 2^192; each rounded to nearest.
def rnd(x):
    return (x.numerator * 2 + x.denominator) // (2 * x.denominator)


INT = {
    "CF_C0": rnd(c0 * Q),
    "CF_C1": rnd(c1 * Q),
    "CF_K1": rnd(k1 * Q * Q),
}
for i in range(1, 10):
    INT["CF_B%d" % (i + 1)] = rnd(b[i] * Q)
for i in range(1, 9):
    INT["CF_K%d" % (i + 1)] = rnd(k[i] * Q * Q)


def sdiv(x, y):
    qq = abs(x) // abs(y)
    return qq if (x >= 0) == (y > 0) else -qq


def cf_int(a):
    """Integer emulation of the Solidity chain for a in [0, 9 q96): every u_i > 0 there, so div = sdiv."""
    u = a + INT["CF_B10"]
    for i in range(9, 1, -1):
        u = a + INT["CF_B%d" % i] + sdiv(INT["CF_K%d" % i], u)
    return INT["CF_C0"] + ((INT["CF_C1"] * a) >> 96) + sdiv(INT["CF_K1"], u)


def horner_int(a):
    """The former evaluation: two Horner polynomials and one division."""
    p = C["R_P"][-1]
    for cj in reversed(C["R_P"][:-1]):
        p = ((p * a) >> 96) + cj
    q = C["R_Q"][-1]
    for cj in reversed(C["R_Q"][:-1]):
        q = ((q * a) >> 96) + cj
    return (p << 96) // q


if __name__ == "__main__":
    mp.mp.dps = 50
    print("quotients L_i = q1 a + q0 and monic shifts b_i:")
    for i, (q0, q1) in enumerate(quot):
        print("  L%-2d q1 = %-12s q0 = %-12s b = %s" % (i + 1, mp.nstr(mp.mpf(q1.numerator) / q1.denominator, 6),
              mp.nstr(mp.mpf(q0.numerator) / q0.denominator, 6), mp.nstr(mp.mpf(b[i].numerator) / b[i].denominator, 6)))
    print("exp: the (6,6) Pade approximant equals its continued fraction (2, 6, 10, 14, 18, 22) exactly: ok")
    print("real roots of the remainders A_0 .. A_10 on [0, +inf) (Sturm):",
          [sturm_roots_from(r, 0) for r in rem])
    assert all(sturm_roots_from(r, 0) == 0 for r in rem)
    # signs and minima of the divisors on [0, 9], and rounding propagation
    N = 9000
    umin = [None] * 9
    umax = 0  # max |u_i| and max |k_i / u_(i+1)| on [0, 9], for the overflow bounds noted in the contract
    qmax = 0
    worst_prop = (0, 0)
    for j in range(N + 1):
        a = F(j * XMAX, N)
        us = us_exact(a)  # u10 .. u2
        for i, u in enumerate(us):
            assert u > 0, (i, a)
            if umin[i] is None or u < umin[i][0]:
                umin[i] = (u, a)
            umax = max(umax, abs(u))
        for lvl in range(2, 10):
            qmax = max(qmax, abs(k[lvl - 1] / us[9 - lvl]))
        qmax = max(qmax, abs(k1 / us[-1]))
        # dR/du_2 = -k1 / u2^2; du_i/du_{i+1} = -k_i / u_{i+1}^2. One q96 ulp of rounding in each u_i.
        R = cf_exact(a)
        g = k1 / (us[-1] * us[-1])  # |dR/du_2|
        prop = g
        for lvl in range(2, 10):  # u_lvl from u_{lvl+1}: k[lvl-1] / u_{lvl+1}^2
            uu = us[9 - lvl]  # u_{lvl+1}
            g = g * k[lvl - 1] / (uu * uu)
            prop += g
        rel = (prop + 1) / R / Q  # + 1 ulp for the top level's own rounding
        if rel > worst_prop[0]:
            worst_prop = (rel, a)
    for i, (u, a) in enumerate(umin):
        print("  min u_%-2d on [0, 12] = %-12s at a = %s" % (10 - i, mp.nstr(mp.mpf(u.numerator) / u.denominator, 6),
              mp.nstr(mp.mpf(a.numerator) / a.denominator, 4)))
    print("max |u_i| on [0, 12] = %.6g, max |k_i / u_(i+1)| = %.6g" % (float(umax), float(qmax)))
    print("worst rounding propagation sum_j |dR/du_j| ulp / R =", mp.nstr(mp.mpf(worst_prop[0].numerator) /
          worst_prop[0].denominator, 4), "at a =", float(worst_prop[1]))
    # integer emulation against the exact rational, and the former Horner evaluation
    e_cf = e_h = 0
    M = 40000
    for j in range(M):
        a = (j * XMAX * Q) // M + (j * 7919) % 1000
        exact = peval(P, F(a, Q)) / peval(D, F(a, Q))
        ec = abs(F(cf_int(a), Q) / exact - 1)
        eh = abs(F(horner_int(a), Q) / exact - 1)
        e_cf = max(e_cf, ec)
        e_h = max(e_h, eh)
    worst_tail = 0
    for j in range(0, 301):
        a = F(9) + F(j, 100)
        am = mp.mpf(a.numerator) / a.denominator
        mills = mp.erfc(am / mp.sqrt(2)) / 2 / mp.exp(-am * am / 2)
        r = cf_exact(a)
        worst_tail = max(worst_tail, abs((mp.mpf(r.numerator) / r.denominator) / mills - 1))
    print("R on [9, 12] against erfc: max relative error", mp.nstr(worst_tail, 4))
    print("max relative error vs the exact rational on %d points of [0, 12): CF %s, Horner %s" % (
        M, mp.nstr(mp.mpf(e_cf.numerator) / e_cf.denominator, 4), mp.nstr(mp.mpf(e_h.numerator) / e_h.denominator, 4)))
    for name, v in INT.items():
        print("    int256 private constant %s = %d;" % (name, v))
    json.dump(INT, open("cf.json", "w"), indent=1)
