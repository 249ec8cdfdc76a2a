/**
 * `npm run deploy:rehearse -- <network>|refusal|all`: rehearses the production deployment of a testnet
 * on a local anvil (scripts/rehearse/rehearse.ts) and prints every step; `refusal` rehearses the
 * Arbitrum Sepolia file against the Base Sepolia chain (must be refused); `all` runs sepolia,
 * arbitrumSepolia, baseSepolia and the refusal. Exit 0 when every rehearsal passed.
 */
import { rehearse, rehearseRefusal } from "./rehearse.js";

const arg = process.argv[2];
const NETWORKS = ["sepolia", "arbitrumSepolia", "baseSepolia"];
const targets = arg === "all" ? [...NETWORKS, "refusal"] : arg ? [arg] : [];
if (targets.length === 0 || targets.some((t) => t !== "refusal" && !NETWORKS.includes(t))) {
  process.stderr.write(`usage: npm run deploy:rehearse -- <${NETWORKS.join("|")}|refusal|all>\n`);
  process.exit(2);
}
const verbose = process.env.REHEARSE_VERBOSE === "1";
let failed = 0;
for (const t of targets) {
  const started = Date.now();
  process.stdout.write(`\n=== rehearsal: ${t}\n`);
  try {
    if (t === "refusal") {
      const r = await rehearseRefusal({ log: (l) => (verbose || /FAIL|refused/.test(l)) && process.stdout.write(`${l}\n`) });
      if (r.code !== 1 || r.refusedFeeds.length === 0) throw new Error(`expected a refusal (exit 1 naming a feed), got exit ${r.code}\n${r.output.slice(-1500)}`);
      process.stdout.write(`refused as expected (exit ${r.code}, nothing sent) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } else {
      const r = await rehearse({ network: t, log: (l) => (verbose || !l.startsWith("  |") || /FAIL|ok  |== |configured:/.test(l)) && process.stdout.write(`${l}\n`) });
      process.stdout.write(`rehearsal ${t} passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")})\n`);
    }
  } catch (e) {
    failed++;
    process.stdout.write(`rehearsal ${t} FAILED: ${(e as Error).message}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
