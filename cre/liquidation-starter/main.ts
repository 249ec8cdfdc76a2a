/** CRE entry point: `cre workflow simulate` / `cre workflow deploy` compile this file to WASM. */
import { Runner } from "@chainlink/cre-sdk";
import { configSchema, initWorkflow } from "./workflow.js";

export async function main() {
  const runner = await Runner.newRunner({ configSchema });
  await runner.run(initWorkflow);
}

await main();
