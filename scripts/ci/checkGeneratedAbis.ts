/**
 * Generated-files check (CI): `npm run check:abis`. Regenerates the ABI modules from a fresh build (the
 * exporter fails on a missing artifact) and fails (exit 1) when any generated file differs from the
 * committed one, naming the files: generated files are never edited by hand nor left stale.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const GENERATED = (process.env.GENERATED_ABI_DIRS ?? "sdk/src/abis").split(",");
const EXPORTERS = (process.env.ABI_EXPORTERS ?? "sdk/scripts/generateAbis.ts").split(",");

for (const exporter of EXPORTERS) {
  execFileSync(process.execPath, ["--import", "tsx", join(ROOT, exporter)], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}
const status = execFileSync("git", ["status", "--porcelain", "--", ...GENERATED], { cwd: ROOT, encoding: "utf8" }).trim();
if (status) {
  console.error(`generated ABI files differ from a fresh build:\n${status}\nrun the exporter and commit the result`);
  process.exit(1);
}
console.log(`generated ABI files match a fresh build (${GENERATED.join(", ")})`);
