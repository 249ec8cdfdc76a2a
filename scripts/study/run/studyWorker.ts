/**
 * One policy of the study in its own process (runStudy with `parallel` > 1 starts one per policy, at
 * most `parallel` at a time): argv[2] is a JSON file with the run's parameters, the result (the
 * policy's PolicyRun) is written to argv[3].
 */
import { readFileSync, writeFileSync } from "node:fs";
import hre from "hardhat";
import { runStudy, type RunStudyParameters } from "./runStudy.js";

const params = JSON.parse(readFileSync(process.argv[2], "utf8")) as Omit<RunStudyParameters, "hre" | "log">;
const study = await runStudy({ ...params, hre, parallel: 1, log: (l) => console.log(l) });
writeFileSync(process.argv[3], JSON.stringify(study.runs[0]));
