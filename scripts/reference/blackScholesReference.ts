import { DIGITS, ONE, div, divRound, exp, ln, mul, normCdf, normPdf, sqrt } from "./bigMath.js";

/** Seconds in the year used to annualize time: 365 days. */
export const SECONDS_PER_YEAR = 31_536_000n;
/** Fixed-point scale of the wad inputs and outputs. */
export const WAD = 10n ** 18n;

export type BlackScholesReferenceParameters = {
  /** [wad] spot S */
  spotWad: bigint;
  /** [wad] strike K */
  strikeWad: bigint;
  /** [wad] annualized volatility sigma, 1e18 = 100% */
  volWad: bigint;
  /** [seconds] time to expiry */
  timeSec: bigint;
  /** [wad] annualized continuously compounded rate r */
  rateWad: bigint;
};

/**
 * Exact values, each an integer standing for value / 10^64 (see bigMath.ONE).
 * Prices and vega are in units of the underlying's quote (not wad), deltas are plain numbers,
 * gamma is per unit of spot, vega is per 1.0 of volatility.
 */
export type BlackScholesReferenceReturnType = {
  callPrice: bigint;
  putPrice: bigint;
  callDelta: bigint;
  putDelta: bigint;
  gamma: bigint;
  vega: bigint;
  /** d1 (0 when T = 0 or sigma = 0) */
  d1: bigint;
  /** sigma * sqrt(T) in years (0 when T = 0 or sigma = 0) */
  sigmaSqrtT: bigint;
  /** e^(-rT) */
  discount: bigint;
};

const WAD_TO_ONE = 10n ** BigInt(DIGITS - 18);

/**
 * European call and put prices and Greeks under Black-Scholes, exact to about 60 decimals.
 *
 * Continuous case (T > 0 and sigma > 0):
 *   d1 = (ln(S/K) + (r + sigma^2/2) T) / (sigma sqrt T), d2 = d1 - sigma sqrt T
 *   call = S N(d1) - K e^(-rT) N(d2), put = K e^(-rT) N(-d2) - S N(-d1)
 *   callDelta = N(d1), putDelta = N(d1) - 1, gamma = n(d1) / (S sigma sqrt T), vega = S n(d1) sqrt T
 *
 * Degenerate case (T = 0 or sigma = 0), the sigma -> 0 limit: with F = K e^(-rT) (= K at T = 0)
 *   call = max(S - F, 0), put = max(F - S, 0), gamma = vega = 0 and the step delta
 *   S > F: (callDelta, putDelta) = (1, 0); S < F: (0, -1); S == F: (0.5, -0.5).
 */
export function blackScholesReference(p: BlackScholesReferenceParameters): BlackScholesReferenceReturnType {
  const S = p.spotWad * WAD_TO_ONE;
  const K = p.strikeWad * WAD_TO_ONE;
  const sigma = p.volWad * WAD_TO_ONE;
  const r = p.rateWad * WAD_TO_ONE;
  const T = div(p.timeSec * ONE, SECONDS_PER_YEAR * ONE);
  if (S <= 0n || K <= 0n) throw new RangeError("spot and strike must be positive");
  const discount = exp(-mul(r, T));
  const F = mul(K, discount);

  if (p.timeSec === 0n || p.volWad === 0n) {
    const half = ONE / 2n;
    if (S > F) return degenerate(S - F, 0n, ONE, 0n, discount);
    if (S < F) return degenerate(0n, F - S, 0n, -ONE, discount);
    return degenerate(0n, 0n, half, -half, discount);
  }

  const sqrtT = sqrt(T);
  const sigmaSqrtT = mul(sigma, sqrtT);
  // ln(S/K) as ln S - ln K: each exact to ~1e-64, no rounding of the ratio.
  const d1 = div(ln(S) - ln(K) + mul(r + mul(sigma, sigma) / 2n, T), sigmaSqrtT);
  const d2 = d1 - sigmaSqrtT;
  const nd1 = normCdf(d1);
  const nd2 = normCdf(d2);
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  const pdf = normPdf(d1);
  return {
    callPrice: mul(S, nd1) - mul(F, nd2),
    putPrice: mul(F, nmd2) - mul(S, nmd1),
    callDelta: nd1,
    // N(d1) - 1 = -N(-d1), computed directly to keep tail digits.
    putDelta: -nmd1,
    gamma: div(pdf, mul(S, sigmaSqrtT)),
    vega: mul(mul(S, pdf), sqrtT),
    d1,
    sigmaSqrtT,
    discount,
  };
}

function degenerate(
  callPrice: bigint,
  putPrice: bigint,
  callDelta: bigint,
  putDelta: bigint,
  discount: bigint,
): BlackScholesReferenceReturnType {
  return { callPrice, putPrice, callDelta, putDelta, gamma: 0n, vega: 0n, d1: 0n, sigmaSqrtT: 0n, discount };
}

/** A fixed-point value (scale 10^64) as a decimal string with `decimals` fractional digits, rounded to nearest. */
export function toDecimalString(x: bigint, decimals = 40): string {
  const scale = 10n ** BigInt(DIGITS - decimals);
  const q = divRound(x, scale);
  const neg = q < 0n;
  const a = neg ? -q : q;
  const s = a.toString().padStart(decimals + 1, "0");
  const out = `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
  return neg ? `-${out}` : out;
}

/** A fixed-point value (scale 10^64) rounded to nearest wad (1e-18), half away from zero. */
export function toWad(x: bigint): bigint {
  return divRound(x, WAD_TO_ONE);
}

/** Parses a decimal string into an integer scaled by 10^decimals (exact; rejects excess digits). */
export function parseDecimal(s: string, decimals: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[3] ?? "";
  if (frac.length > decimals) throw new Error(`too many decimals in ${s} (max ${decimals})`);
  const v = BigInt(m[2] + frac.padEnd(decimals, "0"));
  return m[1] === "-" ? -v : v;
}
