"""One-off cross-check of the TypeScript reference against mpmath (not a test dependency).

Usage:
  npx tsx scripts/reference/selfCheck.ts --emit /tmp/bs.json
  python3 scripts/reference/crossCheckMpmath.py /tmp/bs.json

Recomputes every value at 80 significant digits with mpmath and reports the largest absolute
difference. It must be below 1e-35 (absolute; prices are a few thousand at most).
"""
import json
import sys

from mpmath import mp, mpf, log, sqrt, exp, ncdf, npdf

mp.dps = 80
WAD = mpf(10) ** 18
YEAR = mpf(31536000)

points = json.load(open(sys.argv[1]))
worst = mpf(0)
for p in points:
    S = mpf(p["spot"]) / WAD
    K = mpf(p["strike"]) / WAD
    v = mpf(p["vol"]) / WAD
    T = mpf(p["time"]) / YEAR
    r = mpf(p["rate"]) / WAD
    st = v * sqrt(T)
    d1 = (log(S / K) + (r + v * v / 2) * T) / st
    d2 = d1 - st
    df = exp(-r * T)
    exact = {
        "call": S * ncdf(d1) - K * df * ncdf(d2),
        "put": K * df * ncdf(-d2) - S * ncdf(-d1),
        "callDelta": ncdf(d1),
        "putDelta": -ncdf(-d1),
        "gamma": npdf(d1) / (S * st),
        "vega": S * npdf(d1) * sqrt(T),
        "d1": d1,
    }
    for k, want in exact.items():
        diff = abs(mpf(p[k]) - want)
        if diff > worst:
            worst = diff
        if diff > mpf("1e-35"):
            print("MISMATCH", k, p[k], mp.nstr(want, 50), mp.nstr(diff, 5))
print("points", len(points), "max abs diff", mp.nstr(worst, 5))
sys.exit(0 if worst <= mpf("1e-35") else 1)
