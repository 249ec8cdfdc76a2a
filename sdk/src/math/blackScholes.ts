export type BlackScholesReturnType = {
  /** call or put price [currency per unit of underlying] */
  price: number;
  /** ∂price/∂S */
  delta: number;
  /** ∂²price/∂S² */
  gamma: number;
  /** ∂price/∂σ per 1.0 (100 vol points) of volatility */
  vega: number;
};

/**
 * Black-Scholes price and Greeks in floating point — APPROXIMATE, for display only (the protocol's
 * figures come from its q96 fixed-point library; read them with getHealth / getMarkPrice).
 * Normal CDF by the Abramowitz–Stegun 7.1.26 erf (|error| < 1.5e-7).
 * @param S spot, @param K strike (same currency), @param sigma annual volatility (0.8 = 80%),
 * @param T time to expiry [years], @param r continuously compounded annual rate (0.05 = 5%).
 */
export function blackScholes(S: number, K: number, sigma: number, T: number, r: number, isCall = true): BlackScholesReturnType {
  if (T <= 0 || sigma <= 0) {
    const intrinsic = isCall ? Math.max(S - K, 0) : Math.max(K - S, 0);
    const delta = isCall ? (S > K ? 1 : 0) : S < K ? -1 : 0;
    return { price: intrinsic, delta, gamma: 0, vega: 0 };
  }
  const sqrtT = Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r + (sigma * sigma) / 2) * T) / (sigma * sqrtT);
  const d2 = d1 - sigma * sqrtT;
  const df = Math.exp(-r * T);
  const pdf = Math.exp((-d1 * d1) / 2) / Math.sqrt(2 * Math.PI);
  const gamma = pdf / (S * sigma * sqrtT);
  const vega = S * pdf * sqrtT;
  if (isCall) return { price: S * normCdf(d1) - K * df * normCdf(d2), delta: normCdf(d1), gamma, vega };
  return { price: K * df * normCdf(-d2) - S * normCdf(-d1), delta: normCdf(d1) - 1, gamma, vega };
}

function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
