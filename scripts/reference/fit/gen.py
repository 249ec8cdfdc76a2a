# Fit coefficients and emit them as Q96 integers (JSON) for the Solidity library + emulator.
import mpmath as mp, json
from rat import ratfit
mp.mp.dps = 80
Q = 2**96
def M(x):
    x = mp.mpf(x)
    return mp.erfc(x/mp.sqrt(2))/2 / (mp.exp(-x*x/2)/mp.sqrt(2*mp.pi))
def Rfun(x):  # Phi(-x) / exp(-x^2/2) = M(x)/sqrt(2pi)
    return M(x)/mp.sqrt(2*mp.pi)
XMAX = mp.mpf(9)
n,m = 10,9
p,q,e = ratfit(Rfun, mp.mpf(0), XMAX, n, m, iters=12)
print('rational', n, m, mp.nstr(e,3))
# normalise so q0 = 1 already. emit
out = {}
out['R_P'] = [int(mp.nint(c*Q)) for c in p]
out['R_Q'] = [int(mp.nint(c*Q)) for c in q]
# atanh poly: ln(m) = 2 z P(z^2)
def g(w):
    w = mp.mpf(w)
    if w == 0: return mp.mpf(1)
    z = mp.sqrt(w); return mp.atanh(z)/z
zmax = (mp.sqrt(2)-1)/(mp.sqrt(2)+1)
deg=9; N=60; a,b = mp.mpf(0), zmax**2*mp.mpf('1.0001')
xs=[(a+b)/2+(b-a)/2*mp.cos(mp.pi*(k+mp.mpf(1)/2)/N) for k in range(N)]
A=mp.matrix([[x**j for j in range(deg+1)] for x in xs]); B=mp.matrix([g(x) for x in xs])
c=mp.qr_solve(A,B)[0]
out['LN_P'] = [int(mp.nint(2*c[j]*Q)) for j in range(deg+1)]  # includes the factor 2
# exp Pade (7,7): P(r) = sum c_j r^j
from math import factorial as f
pade = [mp.mpf(f(14-j)*f(7))/(f(14)*f(j)*f(7-j)) for j in range(8)]
out['EXP_C'] = [int(mp.nint(cj*Q)) for cj in pade]
out['LN2'] = int(mp.nint(mp.log(2)*Q))
out['SQRT2'] = int(mp.nint(mp.sqrt(2)*Q))
out['INV_SQRT_2PI'] = int(mp.nint(Q/mp.sqrt(2*mp.pi)))
json.dump(out, open('coef.json','w'), indent=1)
print(json.dumps(out, indent=1))
