import { createRng } from "./createRng.js";

/**
 * The price model of the study (all parameters below, seeded, so a seed gives the same paths):
 * - diffusion: geometric Brownian motion at the posted implied vol σ_t (risk-neutral drift);
 * - jumps: Merton's compound Poisson process: N_t ~ Poisson(λ·dt) jumps per step, each a log-jump
 *   J ~ Normal(μ_J, σ_J²); the drift is compensated by λ·κ with κ = E[e^J] − 1 = e^{μ_J + σ_J²/2} − 1;
 * - vol that moves against spot: σ_t = clamp(σ_0 · (S_t / S_0)^(−β), σ_min, σ_max), so a fall raises
 *   the implied vol (both the diffusion's and the one the oracle posts to the margin engine).
 * One step: ln S_{t+dt} = ln S_t + (r − λκ − σ_t²/2)·dt + σ_t·√dt·Z + Σ_{i ≤ N} J_i.
 * The path is stored as per-step log-returns (diffusion + jumps), so a price-impact model can move the
 * spot between steps and the path's own returns continue from the moved level.
 */
export type PathModel = {
  /** [1 = 100%/year] implied vol at the open */
  vol0: number;
  /** vol-spot elasticity β (σ ∝ S^−β) */
  volBeta: number;
  volMin: number;
  volMax: number;
  /** [1/year] jump intensity λ */
  jumpsPerYear: number;
  /** mean and standard deviation of one log-jump */
  jumpMean: number;
  jumpStd: number;
  /** [1/year] risk-free rate */
  rate: number;
  /** [days] path length */
  days: number;
  /** [hours] step length */
  stepHours: number;
};

export const DEFAULT_PATH_MODEL: PathModel = {
  vol0: 0.8,
  volBeta: 1.5,
  volMin: 0.3,
  volMax: 3,
  jumpsPerYear: 20,
  jumpMean: -0.05,
  jumpStd: 0.07,
  rate: 0.05,
  days: 7,
  stepHours: 4,
};

export type PricePath = {
  index: number;
  seed: number;
  /** per-step log-return of the diffusion and the jumps together */
  logReturns: number[];
  /** number of jumps per step */
  jumps: number[];
};

export type GeneratePathsParameters = { count: number; seed: number; model?: PathModel };

/** The vol posted at spot `spot` (opening spot `spot0`). */
export function volAt(model: PathModel, spot: number, spot0: number): number {
  const v = model.vol0 * Math.pow(spot / spot0, -model.volBeta);
  return Math.min(model.volMax, Math.max(model.volMin, v));
}

/**
 * `count` paths; path i uses its own stream seeded from (seed, i), so adding paths never changes the
 * first ones. The diffusion's vol at each step follows the spot of the path without impact.
 */
export function generatePaths({ count, seed, model = DEFAULT_PATH_MODEL }: GeneratePathsParameters): PricePath[] {
  const steps = Math.round((model.days * 24) / model.stepHours);
  const dt = model.stepHours / (24 * 365);
  const kappa = Math.exp(model.jumpMean + (model.jumpStd * model.jumpStd) / 2) - 1;
  const paths: PricePath[] = [];
  for (let i = 0; i < count; i++) {
    const pathSeed = (Math.imul(seed ^ 0x5bd1e995, 2654435761) + Math.imul(i + 1, 40503)) >>> 0;
    const rng = createRng(pathSeed);
    const logReturns: number[] = [];
    const jumps: number[] = [];
    let x = 0; // ln(S_t / S_0)
    for (let k = 0; k < steps; k++) {
      const sigma = volAt(model, Math.exp(x), 1);
      const n = rng.poisson(model.jumpsPerYear * dt);
      let jump = 0;
      for (let j = 0; j < n; j++) jump += model.jumpMean + model.jumpStd * rng.normal();
      const r = (model.rate - model.jumpsPerYear * kappa - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * rng.normal() + jump;
      logReturns.push(r);
      jumps.push(n);
      x += r;
    }
    paths.push({ index: i, seed: pathSeed, logReturns, jumps });
  }
  return paths;
}

/** Largest |S_t / S_0 − 1| along the path without impact (the "worst move" of the path). */
export function worstMove(path: PricePath): number {
  let x = 0;
  let worst = 0;
  for (const r of path.logReturns) {
    x += r;
    worst = Math.max(worst, Math.abs(Math.exp(x) - 1));
  }
  return worst;
}
