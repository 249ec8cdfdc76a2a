/**
 * Evaluates golden vectors through BlackScholesHarness.greeksBatch in batched eth_calls.
 * Used by the mocha test, the benchmark and the demo.
 */
import type { BlackScholesVector } from "./blackScholesVectors.js";
import type { GreeksWad } from "./blackScholesErrors.js";

/** Inputs of one point, as the harness takes them. */
export type HarnessInput = {
  spotWad: bigint;
  strikeWad: bigint;
  volWad: bigint;
  timeSec: bigint;
  rateWad: bigint;
};

/** The part of the ethers contract object of BlackScholesHarness that we call. */
export type BlackScholesHarnessLike = {
  greeksBatch(inputs: HarnessInput[]): Promise<
    readonly {
      ok: boolean;
      greeks: { callPrice: bigint; putPrice: bigint; callDelta: bigint; putDelta: bigint; gamma: bigint; vega: bigint };
      gasUsed: bigint;
      revertData: string;
    }[]
  >;
};

/** Result of one point: the six outputs in wad and the library's gas, or the revert data. */
export type EvaluatedPoint =
  | { ok: true; greeks: GreeksWad; gasUsed: number }
  | { ok: false; revertData: string };

/** Points per eth_call: about 30k gas each with the call overhead, far below the eth_call gas cap. */
export const BATCH_SIZE = 128;

export function toHarnessInput(v: BlackScholesVector): HarnessInput {
  return {
    spotWad: BigInt(v.inputs.spotWad),
    strikeWad: BigInt(v.inputs.strikeWad),
    volWad: BigInt(v.inputs.volWad),
    timeSec: BigInt(v.inputs.timeSec),
    rateWad: BigInt(v.inputs.rateWad),
  };
}

/**
 * Evaluates every input through the harness, BATCH_SIZE points per eth_call, in order. A batch that fails as
 * a whole (e.g. runs out of the eth_call gas cap with an expensive library) is split in halves and retried.
 */
export async function evaluateBlackScholes(
  harness: BlackScholesHarnessLike,
  inputs: HarnessInput[],
): Promise<EvaluatedPoint[]> {
  const out: EvaluatedPoint[] = [];
  for (let i = 0; i < inputs.length; i += BATCH_SIZE) out.push(...(await evaluateBatch(harness, inputs.slice(i, i + BATCH_SIZE))));
  return out;
}

async function evaluateBatch(harness: BlackScholesHarnessLike, inputs: HarnessInput[]): Promise<EvaluatedPoint[]> {
  let results: Awaited<ReturnType<BlackScholesHarnessLike["greeksBatch"]>>;
  try {
    results = await harness.greeksBatch(inputs);
  } catch (error) {
    if (inputs.length === 1) throw error;
    const half = inputs.length >> 1;
    return [...(await evaluateBatch(harness, inputs.slice(0, half))), ...(await evaluateBatch(harness, inputs.slice(half)))];
  }
  return results.map((r): EvaluatedPoint => {
    if (!r.ok) return { ok: false, revertData: r.revertData };
    const g = r.greeks;
    return {
      ok: true,
      greeks: {
        callPrice: g.callPrice,
        putPrice: g.putPrice,
        callDelta: g.callDelta,
        putDelta: g.putDelta,
        gamma: g.gamma,
        vega: g.vega,
      },
      gasUsed: Number(r.gasUsed),
    };
  });
}
