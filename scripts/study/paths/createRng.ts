/** A seeded pseudo-random source (mulberry32 for uniforms, Box–Muller for normals): a seed gives one stream. */
export type CreateRngReturnType = {
  /** uniform in [0, 1) */
  uniform: () => number;
  /** standard normal */
  normal: () => number;
  /** Poisson count with mean `mean` (Knuth, for the small means of a jump process) */
  poisson: (mean: number) => number;
};

export function createRng(seed: number): CreateRngReturnType {
  let a = seed >>> 0 || 0x9e3779b9;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const poisson = (mean: number): number => {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k++;
      p *= uniform();
    }
    return k;
  };
  return { uniform, normal, poisson };
}
