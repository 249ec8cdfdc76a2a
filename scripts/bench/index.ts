/**
 * Benchmark runner: `npm run bench` (= `tsx scripts/bench/index.ts`).
 *
 * Builds the contracts (Hardhat build task, cached), connects to Hardhat's in-process network, runs every
 * `scripts/bench/*.bench.ts` module in name order, prints one table, and MERGES the figures into
 * bench/gas.json (flat object name -> integer gas) and bench/accuracy.json (name -> number): keys a module
 * reports are overwritten, every other key is kept, keys are written sorted.
 * Optional argument: substrings of module names to run, comma-separated (e.g. `npm run bench -- blackScholes`
 * or `-- size,protocol`). BENCH_OUT_DIR=<dir> writes the JSON files there instead of bench/ (the CI gas
 * check compares such a fresh run with the committed snapshot: scripts/ci/checkGasSnapshot.ts).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import hre from "hardhat";
import type { BenchModule, BenchResult } from "./benchTypes.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const OUT_DIR = process.env.BENCH_OUT_DIR ?? join(ROOT, "bench");
const GAS_FILE = join(OUT_DIR, "gas.json");
const ACCURACY_FILE = join(OUT_DIR, "accuracy.json");

/** "solc 0.8.30, optimizer on (200 runs), viaIR false, evm cancun" from the resolved default profile. */
function compilerProfile(): string {
  const c = hre.config.solidity.profiles.default.compilers[0];
  const s = c.settings as { optimizer?: { enabled?: boolean; runs?: number }; viaIR?: boolean; evmVersion?: string };
  const opt = s.optimizer?.enabled ? `optimizer on (${s.optimizer.runs} runs)` : "optimizer off";
  return `solc ${c.version}, ${opt}, viaIR ${s.viaIR ?? false}, evm ${s.evmVersion ?? "default"}`;
}

/** Reads a flat JSON object, overwrites `figures`' keys, writes it back with sorted keys. */
function mergeJson(file: string, figures: Record<string, number>): void {
  const current: Record<string, number> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  Object.assign(current, figures);
  const sorted = Object.fromEntries(Object.keys(current).sort().map((k) => [k, current[k]]));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(sorted, null, 2) + "\n");
}

function printTable(title: string, rows: [string, string, string, string][]): void {
  const header: [string, string, string, string] = ["figure", "value", "target / bar", "note"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => "| " + r.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  console.log(`\n${title}`);
  console.log(line(header));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const filter = process.argv[2] ?? "";
  await hre.tasks.getTask("build").run({ noTests: true, quiet: true });
  const connection = await hre.network.connect();

  const files = readdirSync(HERE)
    .filter((f) => f.endsWith(".bench.ts") && filter.split(",").some((part) => f.includes(part)))
    .sort();
  if (files.length === 0) throw new Error(`no bench module matches "${filter}"`);

  const profile = compilerProfile();
  const gas: Record<string, number> = {};
  const accuracy: Record<string, number> = {};
  const results: { name: string; result: BenchResult }[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(HERE, f)).href)) as { default: BenchModule };
    const started = Date.now();
    const result = await mod.default.run({ connection });
    console.log(`bench ${mod.default.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    results.push({ name: mod.default.name, result });
    Object.assign(gas, result.gas);
    Object.assign(accuracy, result.accuracy);
  }
  for (const g of Object.values(gas)) if (!Number.isInteger(g)) throw new Error("gas figures must be integers");

  console.log(`\nCompiler profile: ${profile}`);
  console.log("How each figure is measured is in its module's header and in the table notes.");
  for (const { name, result } of results) printTable(name, result.rows);

  mergeJson(GAS_FILE, gas);
  mergeJson(ACCURACY_FILE, accuracy);
  console.log(`\nwrote ${Object.keys(gas).length} figures to bench/gas.json, ${Object.keys(accuracy).length} to bench/accuracy.json`);
  await connection.close();
}

await main();
