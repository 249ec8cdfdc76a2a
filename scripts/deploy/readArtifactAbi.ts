import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Abi } from "viem";

const ROOT = join(import.meta.dirname, "..", "..");

const PATHS: Record<string, string> = {
  AccessManager: "@openzeppelin/contracts/access/manager/AccessManager.sol",
  OracleHub: "contracts/oracles/OracleHub.sol",
  OptionVault: "contracts/core/OptionVault.sol",
  MarginEngine: "contracts/risk/MarginEngine.sol",
  LiquidationEngine: "contracts/liquidation/LiquidationEngine.sol",
  MarginLens: "contracts/lens/MarginLens.sol",
  LiquidationLens: "contracts/lens/LiquidationLens.sol",
  LiquidationReceiver: "contracts/automation/LiquidationReceiver.sol",
  RehearsalAggregator: "contracts/mocks/RehearsalAggregator.sol",
  MockERC20: "contracts/mocks/MockERC20.sol",
};

/** ABI (and bytecode) of a contract from Hardhat's artifacts (run `npm run build` first). */
export function readArtifact(name: keyof typeof PATHS | string): { abi: Abi; bytecode: `0x${string}` } {
  const src = PATHS[name];
  if (!src) throw new Error(`unknown artifact ${name}`);
  const a = JSON.parse(readFileSync(join(ROOT, "artifacts", src, `${name}.json`), "utf8")) as { abi: Abi; bytecode: `0x${string}` };
  return { abi: a.abi, bytecode: a.bytecode };
}
