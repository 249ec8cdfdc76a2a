# Exact integer emulation of the planned Solidity BlackScholesLib.greeks.
import json, mpmath as mp
from cf import cf_int  # the tail's continued fraction, exactly as in the contract
from lncf import lncf_int  # the ln step's continued fraction, exactly as in the contract
C = json.load(open('coef.json'))
Q = 1<<96; WAD = 10**18; YEAR = 31536000
def sdiv(a,b):  # EVM sdiv: truncate toward zero
    q = abs(a)//abs(b); return q if (a>=0) == (b>0) else -q
def sar(a,s): return a >> s  # python >> floors like EVM sar
def isqrt(x):
    import math; return math.isqrt(x)
def expneg(y):  # e^{-y} for y >= 0 in Q96, y Q96; (6,6) Pade as its continued fraction (cf.py), as the contract
    k = (y + C['LN2']//2) // C['LN2']
    r = k*C['LN2'] - y
    rr = r*r
    inner = 22*Q
    for c in (18, 14, 10, 6):
        inner = c*Q + rr // inner
    D = 2*Q - r + rr // inner
    return (Q - 1 + sdiv(r << 97, D)) >> k  # 1 + 2r / D, one ulp taken off (rounded down)
ZMAX = 13593403643648453105704098098  # floor((3 - 2 sqrt2) 2^96)
def ln_ratio(S, K):  # ln(S/K) [q96] as the contract: z = (S-K)/(S+K), reduced by powers of 2 outside [1/sqrt2, sqrt2]
    z = sdiv((S - K)*Q, S + K)
    jl = 0
    if z > ZMAX or z < -ZMAX:
        hi, lo = (K, S) if z < 0 else (S, K)
        j = (hi // lo).bit_length() - 1  # floor log2(hi/lo)
        lj = lo << j
        if (hi << 96) > lj*C['SQRT2']:
            j += 1; lj <<= 1
        zz = sdiv((hi - lj)*Q, hi + lj)
        z, jl = (-zz, -j*C['LN2']) if z < 0 else (zz, j*C['LN2'])
    w = sar(z*z, 96)
    return jl + sar(z*lncf_int(w), 96)  # z F(w), F = 2 atanh(z)/z by the (5,4) rational's continued fraction
def R(a):  # Phi(-a)/exp(-a^2/2), a in [0,9) Q96: the (10,9) rational as its continued fraction (cf.py)
    return cf_int(a)
XMAX = 12*Q  # N(-a) = 0 beyond (the contract's D_TAIL)
def phineg(a, na):  # Phi(-a) given na = exp(-a^2/2)
    if a >= XMAX: return 0
    return sar(na*R(a),96)
def nexp(d):
    a = abs(d)
    if a >= 12*Q: return 0
    return expneg(sar(a*a,97))
def rdiv(a,b): return (a + b//2)//b  # round half up (a,b>=0)
def greeks(S,K,sig,T,r):
    # discount
    rt = r*T*Q//(WAD*YEAR)
    D = expneg(rt) if rt else Q
    KDw = K if rt == 0 else (K*D + (1<<95)) >> 96
    s = isqrt(T*(1<<192)//YEAR)
    v = sig*s//WAD
    if v == 0:
        KD = KDw
        if S > KD: return dict(call=S-KD, put=0, cd=WAD, pd=0, gamma=0, vega=0)
        if S < KD: return dict(call=0, put=KD-S, cd=0, pd=-WAD, gamma=0, vega=0)
        return dict(call=0, put=0, cd=WAD//2, pd=-WAD//2, gamma=0, vega=0)
    x = ln_ratio(S, K) + rt
    d1 = sdiv(x*Q, v) + v//2
    d2 = d1 - v
    a1, a2 = abs(d1), abs(d2)
    if a1 >= a2:
        n2 = nexp(d2); n1 = ((n2*K)//S * D) >> 96
    else:
        n1 = nexp(d1); n2 = ((n1*S)//K * Q) // D
    q1 = phineg(abs(d1), n1); q2 = phineg(abs(d2), n2)  # Phi(-|d|)
    N1 = Q - q1 if d1 >= 0 else q1
    N2 = Q - q2 if d2 >= 0 else q2
    call = (S*N1 - KDw*N2 + (1<<95)) >> 96
    put = call + KDw - S  # = (KDw*(Q-N2) - S*(Q-N1) + 2^95) >> 96 exactly
    call = max(0, min(call, S)); put = max(0, min(put, KDw))
    # deltas: from Phi(-|d1|)
    qw = (q1*WAD + (1<<95)) >> 96
    if d1 >= 0: cd = WAD - qw; pd = -qw
    else: cd = qw; pd = qw - WAD
    pdf1 = (n1*C['INV_SQRT_2PI']) >> 96
    gamma = rdiv(pdf1*10**36, S*v)
    vega = (S*((pdf1*s)>>96) + (1<<95)) >> 96
    return dict(call=call, put=put, cd=cd, pd=pd, gamma=gamma, vega=vega)

mp.mp.dps = 50
def exact(S,K,sig,T,r):
    S=mp.mpf(S)/WAD; K=mp.mpf(K)/WAD; sig=mp.mpf(sig)/WAD; r=mp.mpf(r)/WAD; tau=mp.mpf(T)/YEAR
    D=mp.exp(-r*tau); v=sig*mp.sqrt(tau)
    d1=(mp.log(S/K)+r*tau)/v+v/2; d2=d1-v
    N=lambda x: mp.ncdf(x); npdf=lambda x: mp.npdf(x)
    return dict(call=S*N(d1)-K*D*N(d2), put=K*D*N(-d2)-S*N(-d1), cd=N(d1), pd=N(d1)-1, gamma=npdf(d1)/(S*v), vega=S*npdf(d1)*mp.sqrt(tau))
if __name__ == '__main__':
    import itertools, sys
    S = 2000*WAD
    errs = dict(price=0, delta=0, gamma=0, vega=0)
    for ratio in ['0.5','0.667','0.8','0.9','0.95','1','1.05','1.1','1.25','1.5','2']:
        K = int(mp.nint(mp.mpf(S)/mp.mpf(ratio)))
        for sig in ['0.1','0.25','0.5','0.8','1.0','1.5','2.0']:
            sw = int(mp.mpf(sig)*WAD)
            for days in [1,7,30,90,180,365,730]:
                for rr in ['0','0.01','0.05','0.1']:
                    rw = int(mp.mpf(rr)*WAD)
                    g = greeks(S,K,sw,days*86400,rw); e = exact(S,K,sw,days*86400,rw)
                    Su = mp.mpf(S)/WAD
                    pe = max(abs(mp.mpf(g['call'])/WAD-e['call']), abs(mp.mpf(g['put'])/WAD-e['put']))/Su*1e18
                    de = max(abs(mp.mpf(g['cd'])/WAD-e['cd']), abs(mp.mpf(g['pd'])/WAD-e['pd']))*1e18
                    ge = abs(mp.mpf(g['gamma'])/WAD-e['gamma'])*Su*1e18
                    ve = abs(mp.mpf(g['vega'])/WAD-e['vega'])/Su*1e18
                    for k2,val in (('price',pe),('delta',de),('gamma',ge),('vega',ve)):
                        if val > errs[k2]: errs[k2]=val
    print({k:mp.nstr(v,4) for k,v in errs.items()})
