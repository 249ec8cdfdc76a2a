/**
 * Gas snapshot check (CI): `npm run check:gas`. Runs the deterministic gas benchmarks (contract sizes,
 * Black-Scholes, protocol core, liquidation) into a temporary folder and compares every figure with the
 * committed `bench/gas.json`: a figure more than 1% above its committed value fails the check (exit 1),
 * so a regression lands only together with an updated snapshot (run `npm run bench` and commit
 * bench/gas.json). Figures that improve by more than 1% are listed as a reminder to update the snapshot.
 * Timing and accuracy figures are not compared.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const MODULES = process.env.GAS_CHECK_MODULES ?? "size,blackScholes,protocol,liquidation";
const TOLERANCE = 0.01;

const out = mkdtempSync(join(tmpdir(), "gas-check-"));
execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "bench", "index.ts"), MODULES], {
  cwd: ROOT,
  env: { ...process.env, BENCH_OUT_DIR: out },
  stdio: ["ignore", "ignore", "inherit"],
});
const committed = JSON.parse(readFileSync(join(ROOT, "bench", "gas.json"), "utf8")) as Record<string, number>;
const fresh = JSON.parse(readFileSync(join(out, "gas.json"), "utf8")) as Record<string, number>;

const worse: string[] = [];
const better: string[] = [];
const missing: string[] = [];
for (const [name, value] of Object.entries(fresh)) {
  const base = committed[name];
  if (base === undefined) {
    missing.push(`${name} = ${value} (not in bench/gas.json)`);
    continue;
  }
  const change = (value - base) / base;
  if (change > TOLERANCE) worse.push(`${name}: ${base} -> ${value} (+${(change * 100).toFixed(2)}%)`);
  else if (change < -TOLERANCE) better.push(`${name}: ${base} -> ${value} (${(change * 100).toFixed(2)}%)`);
}
console.log(`gas snapshot: ${Object.keys(fresh).length} figures compared with bench/gas.json (tolerance ${TOLERANCE * 100}%)`);
for (const l of better) console.log(`  improved (update the snapshot): ${l}`);
for (const l of missing) console.log(`  new figure: ${l}`);
for (const l of worse) console.error(`  REGRESSED: ${l}`);
if (worse.length || missing.length) {
  console.error(`gas snapshot check failed: ${worse.length} regressed, ${missing.length} missing; run \`npm run bench\` and commit bench/gas.json`);
  process.exit(1);
}
console.log("gas snapshot check passed");
