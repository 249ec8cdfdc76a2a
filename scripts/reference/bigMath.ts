/**
 * Exact fixed-point arithmetic on BigInt for the Black-Scholes reference.
 *
 * Every value is an integer `x` standing for the real `x / ONE`, with ONE = 10^64. Each primitive
 * below is accurate to a few units of 10^-64 in absolute terms (relative for ln, exp of moderate
 * arguments), which leaves more than 40 exact decimals after the handful of operations in a
 * Black-Scholes evaluation. Nothing here uses floating point.
 */

/** Decimal digits of the fixed-point scale. */
export const DIGITS = 64;
/** The fixed-point one: 10^64. */
export const ONE = 10n ** BigInt(DIGITS);
/** Series are summed until the next term is below this (10^-70 of ONE, i.e. below 1 unit). */
const EPS = 1n;

/** a * b / ONE, rounded to nearest (half away from zero). */
export function mul(a: bigint, b: bigint): bigint {
  return divRound(a * b, ONE);
}

/** a * ONE / b, rounded to nearest (half away from zero). */
export function div(a: bigint, b: bigint): bigint {
  return divRound(a * ONE, b);
}

/** Integer division rounded to nearest, half away from zero. */
export function divRound(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return neg ? -q : q;
}

export function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** floor(sqrt(n)) for a non-negative integer, by integer Newton iteration. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError("sqrt of negative");
  if (n < 2n) return n;
  // Start above the root: 2^ceil(bits/2) >= sqrt(n); Newton then decreases monotonically.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sqrt(x) in fixed point, rounded to nearest. */
export function sqrt(x: bigint): bigint {
  const n = x * ONE;
  const r = isqrt(n);
  // Round to nearest: compare n with (r + 1/2)^2 = r^2 + r + 1/4.
  return n - r * r > r ? r + 1n : r;
}

/** 2 * atanh(z) = 2 * sum z^(2k+1) / (2k+1), for |z| well below 1. */
function twoAtanh(z: bigint): bigint {
  const z2 = mul(z, z);
  let power = z; // z^(2k+1)
  let sum = 0n;
  for (let k = 1n; ; k += 2n) {
    const term = power / k;
    if (abs(term) < EPS) break;
    sum += term;
    power = mul(power, z2);
  }
  return 2n * sum;
}

/** ln 2 = 2 atanh(1/3), computed once. */
export const LN2: bigint = twoAtanh(div(ONE, 3n * ONE));

/**
 * Natural logarithm. Range reduction x = m * 2^k with m in [2/3, 4/3), then
 * ln m = 2 atanh((m - 1) / (m + 1)) with |(m-1)/(m+1)| <= 1/7.
 */
export function ln(x: bigint): bigint {
  if (x <= 0n) throw new RangeError("ln of non-positive");
  let k = 0n;
  let m = x;
  const hi = (4n * ONE) / 3n;
  const lo = (2n * ONE) / 3n;
  // Shift by whole powers of two cheaply first, then fine-tune (exact: shifts of an integer).
  const bits = BigInt(x.toString(2).length - ONE.toString(2).length);
  if (bits > 1n) {
    // m = x / 2^bits keeps ~ all digits because x carries 64 decimals below the point.
    m = divRound(x, 1n << bits);
    k = bits;
  } else if (bits < -1n) {
    m = x << -bits;
    k = bits;
  }
  while (m >= hi) {
    m = divRound(m, 2n);
    k += 1n;
  }
  while (m < lo) {
    m = m * 2n;
    k -= 1n;
  }
  return k * LN2 + twoAtanh(div(m - ONE, m + ONE));
}

/**
 * Natural exponential. Range reduction x = k ln2 + t, |t| <= ln2 / 2, then the Taylor series
 * of e^t and a shift by 2^k. Results below 10^-64 round to 0 (absolute accuracy).
 */
export function exp(x: bigint): bigint {
  // e^-160 < 10^-69: below the resolution.
  if (x < -160n * ONE) return 0n;
  if (x > 10_000n * ONE) throw new RangeError("exp overflow");
  const k = divRound(x, LN2);
  const t = x - k * LN2;
  // Taylor sum with 20 extra guard digits so that the 2^k shift below keeps full accuracy.
  const G = 10n ** 20n;
  const tg = t * G;
  const oneG = ONE * G;
  let term = oneG;
  let sum = oneG;
  for (let n = 1n; ; n++) {
    term = divRound(term * tg, oneG * n);
    if (term === 0n) break;
    sum += term;
  }
  const scaled = k >= 0n ? sum << k : divRound(sum, 1n << -k);
  return divRound(scaled, G);
}

/** 1 / sqrt(2 pi), computed once from pi by Machin's formula. */
export const PI: bigint = (() => {
  // pi = 16 atan(1/5) - 4 atan(1/239), atan by its alternating series.
  const atanInv = (n: bigint): bigint => {
    const x = div(ONE, n * ONE);
    const x2 = mul(x, x);
    let power = x;
    let sum = 0n;
    for (let k = 1n, sign = 1n; ; k += 2n, sign = -sign) {
      const term = power / k;
      if (term === 0n) break;
      sum += sign * term;
      power = mul(power, x2);
    }
    return sum;
  };
  return 16n * atanInv(5n) - 4n * atanInv(239n);
})();
export const INV_SQRT_2PI: bigint = div(ONE, sqrt(2n * PI));
export const SQRT2: bigint = sqrt(2n * ONE);

/** Standard normal density n(x) = e^(-x^2/2) / sqrt(2 pi). */
export function normPdf(x: bigint): bigint {
  return mul(INV_SQRT_2PI, exp(-mul(x, x) / 2n));
}

/**
 * erf(z) by its Maclaurin series 2/sqrt(pi) * sum (-1)^n z^(2n+1) / (n! (2n+1)).
 * For |z| <= 7/sqrt(2) the largest term is below 10^11, so the cancellation costs at most 11 of
 * the working digits; the series is summed with 30 extra guard digits to keep 64.
 */
function erfSeries(z: bigint): bigint {
  const G = 10n ** 30n;
  const oneG = ONE * G;
  const zg = z * G;
  const z2 = divRound(zg * zg, oneG);
  let power = zg; // (-1)^n z^(2n+1) / n!
  let sum = 0n;
  for (let n = 0n; ; n++) {
    const term = power / (2n * n + 1n);
    if (abs(term) < 1n && n > 0n) break;
    sum += term;
    power = -divRound(power * z2, oneG * (n + 1n));
  }
  // 2/sqrt(pi) = 2 * sqrt(2) * (1/sqrt(2 pi))
  const twoOverSqrtPi = 2n * mul(SQRT2, INV_SQRT_2PI);
  return divRound(sum * twoOverSqrtPi, oneG);
}

/**
 * Mills ratio R(x) = (1 - N(x)) / n(x) for x > 0, by Laplace's continued fraction
 * R(x) = 1 / (x + 1 / (x + 2 / (x + 3 / (x + ...)))), evaluated backward. The number of terms
 * doubles until two successive evaluations agree to 1 unit of 10^-64.
 */
export function millsRatio(x: bigint): bigint {
  const evaluate = (terms: number): bigint => {
    let tail = x;
    for (let k = terms; k >= 1; k--) tail = x + div(BigInt(k) * ONE, tail);
    return div(ONE, tail);
  };
  let terms = 64;
  let previous = evaluate(terms);
  for (;;) {
    terms *= 2;
    const current = evaluate(terms);
    if (abs(current - previous) <= 1n) return current;
    if (terms > 1 << 20) throw new Error("Mills ratio continued fraction did not converge");
    previous = current;
  }
}

/** Threshold between the erf series and the continued fraction: |x| <= 7. */
const SERIES_LIMIT = 7n * ONE;

/** Standard normal CDF N(x). */
export function normCdf(x: bigint): bigint {
  if (abs(x) <= SERIES_LIMIT) {
    return divRound(ONE + erfSeries(div(x, SQRT2)), 2n);
  }
  // Beyond 7 sigma: upper tail Q(|x|) = n(|x|) R(|x|), which is below 1.3e-12.
  const ax = abs(x);
  const tail = mul(normPdf(ax), millsRatio(ax));
  return x > 0n ? ONE - tail : tail;
}
