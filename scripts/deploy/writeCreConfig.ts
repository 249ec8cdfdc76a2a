/**
 * `npm run cre:config -- <network> [--deployment-id <id>]`: writes cre/liquidation-starter/config.<network>.json
 * from the deployment folder (vault, status view = the liquidation engine, receiver) and the parameter
 * file (chain selector name). Run after `npm run deploy -- <network>`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { protocolAddresses } from "./configureProtocol.js";
import { loadParameters } from "./parameterSchema.js";

const ROOT = join(import.meta.dirname, "..", "..");
const { positionals, values } = parseArgs({ allowPositionals: true, options: { "deployment-id": { type: "string" } } });
const network = positionals[0];
if (!network) {
  process.stderr.write("usage: npm run cre:config -- <network> [--deployment-id <id>]\n");
  process.exit(2);
}
const params = loadParameters(join(ROOT, "deploy", "parameters", `${network}.json`));
const id = values["deployment-id"] ?? `chain-${params.Deployment.chainId}`;
const a = protocolAddresses(JSON.parse(readFileSync(join(ROOT, "deploy", "deployments", id, "deployed_addresses.json"), "utf8")) as Record<string, string>);
const config = {
  schedule: "0 * * * * *",
  chainSelectorName: params.Deployment.cre.chainSelectorName,
  vault: a.vault,
  statusView: a.liquidationLens,
  receiver: a.receiver,
  scanPerRun: 10,
  periodSeconds: 60,
  maxAccountsPerReport: 20,
  gasLimit: "2000000",
};
const file = join(ROOT, "cre", "liquidation-starter", `config.${network}.json`);
writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
