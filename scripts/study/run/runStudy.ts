import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { startAnvil } from "../../bench/startAnvil.js";
import { DEFAULT_PATH_MODEL, generatePaths, type PathModel } from "../paths/generatePaths.js";
import { generatePopulation, type StudyAccount } from "../population/generatePopulation.js";
import { POLICY_NAMES, type PolicyName } from "../policies/studyPolicies.js";
import { deployStudy } from "./deployStudy.js";
import { runPath, type ImpactModel, type PathResult } from "./runPath.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

export type StudyChain = "hardhat" | "anvil";

export type RunStudyParameters = {
  hre: HardhatRuntimeEnvironment;
  paths: number;
  seed: number;
  /** accounts per book kind (population size = 11 × perKind) */
  perKind: number;
  policies?: PolicyName[];
  chain?: StudyChain;
  /** the impact model of the cascade runs (absent: no cascade runs) */
  impact?: ImpactModel;
  model?: PathModel;
  spot0?: number;
  log?: (line: string) => void;
  /** policies run at the same time, each in its own process (default 1: all in this process) */
  parallel?: number;
};

export type PolicyRun = { policy: PolicyName; plain: PathResult[]; impact: PathResult[]; seconds: number };

export type RunStudyReturnType = {
  model: PathModel;
  population: StudyAccount[];
  impact?: ImpactModel;
  runs: PolicyRun[];
  chain: StudyChain;
  seconds: number;
  seed: number;
};

/**
 * The study: one deployment per policy (a fresh chain each), the population opened once on it and
 * snapshotted; every path (and, with impact on, every path again with the impact model) runs from that
 * snapshot (evm_snapshot / evm_revert), so every policy sees the same books on the same paths.
 */
export async function runStudy(s: RunStudyParameters): Promise<RunStudyReturnType> {
  const t0 = Date.now();
  const model = s.model ?? DEFAULT_PATH_MODEL;
  const spot0 = s.spot0 ?? 2000;
  const chain = s.chain ?? "anvil";
  const log = s.log ?? (() => undefined);
  const paths = generatePaths({ count: s.paths, seed: s.seed, model });
  const population = generatePopulation({ seed: s.seed, perKind: s.perKind, spot: spot0, vol: model.vol0, rate: model.rate });
  const runs: PolicyRun[] = [];
  const policies = s.policies ?? POLICY_NAMES;
  if ((s.parallel ?? 1) > 1 && policies.length > 1) {
    const all = await inWorkers(s, policies, log);
    return { model, population, impact: s.impact, runs: all, chain, seconds: (Date.now() - t0) / 1000, seed: s.seed };
  }
  for (const policy of policies) {
    const t1 = Date.now();
    const anvil = chain === "anvil" ? await startAnvil({ gasLimit: 1_000_000_000n }) : undefined;
    const deploymentId = anvil ? `study-${policy}-${process.pid}-${Date.now()}` : undefined;
    let connection: NetworkConnection | undefined;
    try {
      connection = (anvil
        ? await s.hre.network.create({ network: "localhost", override: { url: anvil.url } })
        : await s.hre.network.create()) as unknown as NetworkConnection;
      // anvil: every block one second after the previous one, whatever the wall clock does (a seed then
      // reproduces bit for bit); the in-process chain has no such setting and stamps blocks with the
      // wall clock plus the offset (figures then move in their last digits between runs)
      if (anvil) await connection.provider.request({ method: "anvil_setBlockTimestampInterval", params: [1] });
      const d = await deployStudy({ connection, policy, population, spot0, vol0: model.vol0, deploymentId });
      log(`${policy}: deployed and opened ${population.length} books in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      const run: PolicyRun = { policy, plain: [], impact: [], seconds: 0 };
      let snapshot = (await connection.provider.request({ method: "evm_snapshot", params: [] })) as string;
      const one = async (path: (typeof paths)[number], impact?: ImpactModel): Promise<PathResult> => {
        const r = await runPath({ connection: connection!, d, path, model, spot0, impact });
        await connection!.provider.request({ method: "evm_revert", params: [snapshot] });
        snapshot = (await connection!.provider.request({ method: "evm_snapshot", params: [] })) as string;
        return r;
      };
      for (const path of paths) {
        run.plain.push(await one(path));
        if (s.impact) run.impact.push(await one(path, s.impact));
        if ((path.index + 1) % 10 === 0) log(`${policy}: ${path.index + 1}/${paths.length} paths, ${((Date.now() - t1) / 1000).toFixed(0)} s`);
      }
      run.seconds = (Date.now() - t1) / 1000;
      log(`${policy}: ${paths.length} paths${s.impact ? " × 2 (impact off / on)" : ""} in ${run.seconds.toFixed(1)} s`);
      runs.push(run);
    } finally {
      await connection?.close();
      await anvil?.stop();
      if (deploymentId) rmSync(join(ROOT, "deploy", "deployments", deploymentId), { recursive: true, force: true });
    }
  }
  return { model, population, impact: s.impact, runs, chain, seconds: (Date.now() - t0) / 1000, seed: s.seed };
}

/** Each policy in a child process (studyWorker.ts), at most `s.parallel` at a time; results in policy order. */
async function inWorkers(s: RunStudyParameters, policies: PolicyName[], log: (line: string) => void): Promise<PolicyRun[]> {
  const dir = mkdtempSync(join(tmpdir(), "study-"));
  const worker = join(import.meta.dirname, "studyWorker.ts");
  const out: PolicyRun[] = new Array(policies.length);
  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < policies.length) {
      const i = next++;
      const input = join(dir, `${policies[i]}.in.json`);
      const output = join(dir, `${policies[i]}.out.json`);
      const { hre: _hre, log: _log, ...rest } = s;
      void _hre;
      void _log;
      writeFileSync(input, JSON.stringify({ ...rest, policies: [policies[i]] }));
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", worker, input, output], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
        child.stdout.on("data", (b: Buffer) => {
          for (const line of b.toString().split("\n")) if (line.trim() !== "") log(line);
        });
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`study worker for ${policies[i]} exited with ${code}`))));
      });
      out[i] = JSON.parse(readFileSync(output, "utf8")) as PolicyRun;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(s.parallel ?? 1, policies.length) }, runOne));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
