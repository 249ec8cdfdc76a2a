/**
 * Writes BlackScholesHarness outputs on every golden vector (grid and edge) to harness.json in the OS temporary directory,
 * for `python3 emucheck.py` (the integer emulator must reproduce them bit for bit).
 * Run: npx tsx scripts/reference/fit/dumpHarness.ts   (from the repository root)
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import { loadBlackScholesVectors } from "../../vectors/blackScholesVectors.js";
import { evaluateBlackScholes, toHarnessInput, type BlackScholesHarnessLike } from "../../vectors/evaluateBlackScholes.js";

const { ethers } = await hre.network.connect();
const harness = await ethers.deployContract("BlackScholesHarness");
const points = loadBlackScholesVectors().points;
const results = await evaluateBlackScholes(harness as unknown as BlackScholesHarnessLike, points.map(toHarnessInput));
const out = points.map((v, i) => {
  const r = results[i];
  return { id: v.id, inputs: v.inputs, ok: r.ok, greeks: r.ok ? Object.fromEntries(Object.entries(r.greeks).map(([k, x]) => [k, x.toString()])) : null };
});
const file = join(tmpdir(), "harness.json");
writeFileSync(file, JSON.stringify(out));
console.log(`wrote ${out.length} points to ${file}`);
