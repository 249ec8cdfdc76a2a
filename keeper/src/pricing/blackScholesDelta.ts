export type BlackScholesDeltaParameters = {
  /** spot [collateral units per underlying] */
  spot: number;
  strike: number;
  /** implied volatility [1 = 100% per year] */
  vol: number;
  /** time to expiry [years] */
  years: number;
  /** risk-free rate [1 = 100% per year] */
  rate: number;
  isCall: boolean;
};

/**
 * Black-Scholes delta of one option, in floating point (an estimate for the keeper's hedge cost, not
 * a value the protocol settles on): call N(d1), put N(d1) − 1, with
 * d1 = (ln(S/K) + (r + σ²/2)·T) / (σ·√T); at T = 0 or σ = 0 the step delta (½ at the money).
 */
export function blackScholesDelta({ spot, strike, vol, years, rate, isCall }: BlackScholesDeltaParameters): number {
  if (!(spot > 0) || !(strike > 0)) return 0;
  let nd1: number;
  if (years <= 0 || vol <= 0) {
    const forward = spot - strike * Math.exp(-rate * Math.max(years, 0));
    nd1 = forward > 0 ? 1 : forward < 0 ? 0 : 0.5;
  } else {
    const d1 = (Math.log(spot / strike) + (rate + (vol * vol) / 2) * years) / (vol * Math.sqrt(years));
    nd1 = normalCdf(d1);
  }
  return isCall ? nd1 : nd1 - 1;
}

/** N(x) = ½·(1 + erf(x/√2)), erf by Abramowitz–Stegun 7.1.26 (absolute error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
