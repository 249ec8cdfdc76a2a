/**
 * Pricing demo (`npm run demo`): deploys BlackScholesHarness on Hardhat's in-process chain and prints call/put
 * prices and Greeks from the on-chain BlackScholesLib for a few ETH options, next to the exact reference value
 * (scripts/reference, BigInt 1e-64 fixed point) and the error in 1e-18·S units.
 */
import hre from "hardhat";
import { pointErrors } from "./vectors/blackScholesErrors.js";
import {
  evaluateBlackScholes,
  toHarnessInput,
  type BlackScholesHarnessLike,
} from "./vectors/evaluateBlackScholes.js";
import { makeBlackScholesVector } from "./vectors/makeBlackScholesVector.js";

const WAD = 10n ** 18n;
const DAY = 86_400n;
const SPOT = 2000n * WAD; // [wad] ETH at 2000
const VOL = (80n * WAD) / 100n; // [wad] 80%
const RATE = (5n * WAD) / 100n; // [wad] 5%
const STRIKES = [1600n, 1800n, 2000n, 2200n, 2400n];
const DAYS = [7n, 30n, 90n];

/** A wad value as a decimal with `decimals` digits (truncated toward zero). */
function fromWad(x: bigint, decimals: number): string {
  const neg = x < 0n;
  const a = neg ? -x : x;
  const whole = a / WAD;
  const frac = (a % WAD).toString().padStart(18, "0").slice(0, decimals);
  return `${neg ? "-" : ""}${whole}${decimals > 0 ? "." + frac : ""}`;
}
/** An exact 40-decimal string cut to `decimals` digits. */
function cut(s: string, decimals: number): string {
  const [i, f] = s.split(".");
  return `${i}.${f.slice(0, decimals)}`;
}
const sci = (x: number): string => (x === 0 ? "0" : x < 0.01 ? x.toExponential(1) : x.toPrecision(3));

async function main(): Promise<void> {
  await hre.tasks.getTask("build").run({ noTests: true, quiet: true });
  const connection = await hre.network.connect();
  const harness = await connection.ethers.deployContract("BlackScholesHarness");

  const vectors = DAYS.flatMap((d) =>
    STRIKES.map((k) =>
      makeBlackScholesVector("edge", `demo-${d}-${k}`, `${d}d K=${k}`, {
        spotWad: SPOT,
        strikeWad: k * WAD,
        volWad: VOL,
        timeSec: d * DAY,
        rateWad: RATE,
      }),
    ),
  );
  const results = await evaluateBlackScholes(harness as unknown as BlackScholesHarnessLike, vectors.map(toHarnessInput));

  console.log("European options on ETH: spot 2000, volatility 80%, rate 5%, year = 365 days");
  console.log("On-chain BlackScholesLib.greeks (one call, all six outputs) vs the exact BigInt reference.");
  console.log("err = max error over the outputs in 1e-18·S (price, vega), 1e-18 (delta), 1e-18 of gamma·S.\n");
  const header = ["expiry", "strike", "call", "call exact", "put", "put exact", "callΔ", "putΔ", "gamma", "vega", "gas", "err price", "err Δ", "err Γ·S"];
  const rows: string[][] = [];
  vectors.forEach((v, i) => {
    const r = results[i];
    const [d, k] = [v.label.split(" ")[0], v.inputs.strikeWad];
    if (!r.ok) {
      rows.push([d, fromWad(BigInt(k), 0), "reverted: " + r.revertData]);
      return;
    }
    const g = r.greeks;
    const e = pointErrors(v, g);
    rows.push([
      d,
      fromWad(BigInt(k), 0),
      fromWad(g.callPrice, 6),
      cut(v.exact.callPrice, 6),
      fromWad(g.putPrice, 6),
      cut(v.exact.putPrice, 6),
      fromWad(g.callDelta, 6),
      fromWad(g.putDelta, 6),
      fromWad(g.gamma, 8),
      fromWad(g.vega, 4),
      String(r.gasUsed),
      sci(e.price),
      sci(e.delta),
      sci(e.gamma),
    ]);
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((x, c) => (c < 2 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  console.log("\nGas: gasleft() difference around the library call; bench figures: `npm run bench`.");
  await connection.close();
}

await main();
