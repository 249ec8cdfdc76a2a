import mpmath as mp, sys
mp.mp.dps = 80
def M(x):
    x = mp.mpf(x)
    return mp.erfc(x/mp.sqrt(2))/2 / (mp.exp(-x*x/2)/mp.sqrt(2*mp.pi))
def ratfit(f, a, b, n, m, N=None, iters=8, var=lambda x:x):
    N = N or 4*(n+m)+40
    xs = [ (a+b)/2 + (b-a)/2*mp.cos(mp.pi*(k+mp.mpf(1)/2)/N) for k in range(N)]
    fs = [f(x) for x in xs]
    ts = [var(x) for x in xs]
    w = [1/abs(fv) for fv in fs]
    qprev = [mp.mpf(1)]*N
    for it in range(iters):
        # unknowns p0..pn, q1..qm ; residual (P(t) - f Q(t)) * w / qprev
        rows=[]; rhs=[]
        for t,fv,wi,qp in zip(ts,fs,w,qprev):
            s = wi/qp
            rows.append([s*t**j for j in range(n+1)] + [-s*fv*t**j for j in range(1,m+1)])
            rhs.append(s*fv)
        A = mp.matrix(rows); B = mp.matrix(rhs)
        sol = mp.qr_solve(A,B)[0]
        p = [sol[j] for j in range(n+1)]; q=[mp.mpf(1)]+[sol[n+j] for j in range(1,m+1)]
        qprev = [mp.polyval(q[::-1], t) for t in ts]
    err=0
    for i in range(401):
        x = a+(b-a)*mp.mpf(i)/400
        t = var(x)
        v = mp.polyval(p[::-1],t)/mp.polyval(q[::-1],t)
        err=max(err,abs(v/f(x)-1))
    return p,q,err
if __name__=="__main__":
    for (a,b) in [(0,9),(0,3),(3,9)]:
        for n in [6,8,10]:
            p,q,e=ratfit(M,mp.mpf(a),mp.mpf(b),n,n)
            print(a,b,n,mp.nstr(e,3)); sys.stdout.flush()
