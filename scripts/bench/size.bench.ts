/**
 * Deployed bytecode size of every protocol contract: `size.<Contract>` [bytes] in bench/gas.json, from the
 * build artifacts (compiler profile in the table header). Bar: both engines at least 3,000 bytes under
 * the EIP-170 limit of 24,576 bytes.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchModule, BenchResult } from "./benchTypes.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const EIP170_LIMIT = 24_576;
const ENGINES = new Set(["LiquidationEngine", "MarginEngine"]);
const CONTRACTS: [string, string][] = [
  ["core/OptionVault.sol", "OptionVault"],
  ["risk/MarginEngine.sol", "MarginEngine"],
  ["liquidation/LiquidationEngine.sol", "LiquidationEngine"],
  ["liquidation/LiquidationParamsLib.sol", "LiquidationParamsLib"],
  ["risk/MarginParamsLib.sol", "MarginParamsLib"],
  ["risk/LiquidationQuoteLib.sol", "LiquidationQuoteLib"],
  ["libraries/MaxLossLib.sol", "MaxLossLib"],
  ["lens/MarginLens.sol", "MarginLens"],
  ["lens/LiquidationLens.sol", "LiquidationLens"],
  ["oracles/OracleHub.sol", "OracleHub"],
  ["automation/LiquidationReceiver.sol", "LiquidationReceiver"],
  ["liquidation/curves/LinearDiscount.sol", "LinearDiscount"],
  ["liquidation/curves/StairstepExpDiscount.sol", "StairstepExpDiscount"],
  ["liquidation/curves/FixedDiscount.sol", "FixedDiscount"],
];

/** Deployed bytecode size [bytes] of `name` from its artifact. */
export function deployedSize(file: string, name: string): number {
  const artifact = JSON.parse(readFileSync(join(ROOT, "artifacts", "contracts", file, `${name}.json`), "utf8"));
  return (artifact.deployedBytecode.length - 2) / 2;
}

const bench: BenchModule = {
  name: "size",
  async run(): Promise<BenchResult> {
    const gas: Record<string, number> = {};
    const rows: BenchResult["rows"] = [];
    for (const [file, name] of CONTRACTS) {
      const size = deployedSize(file, name);
      gas[`size.${name}`] = size;
      const room = EIP170_LIMIT - size;
      if (ENGINES.has(name) && room < 3000) throw new Error(`${name} is ${size} bytes: less than 3,000 under the limit`);
      rows.push([`size.${name}`, String(size), ENGINES.has(name) ? "<= 21576" : "<= 24576", `${room} bytes under EIP-170`]);
    }
    return { gas, accuracy: {}, rows };
  },
};
export default bench;
