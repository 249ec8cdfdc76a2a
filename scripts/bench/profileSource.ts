/**
 * Source-level gas profile of one contract inside a profiled transaction: `npx tsx
 * scripts/bench/profileSource.ts <dump.jsonl> <address> <sourceName> <ContractName>`, where the dump comes
 * from `BENCH_PROFILE=1 BENCH_PROFILE_DUMP=<dump.jsonl> npm run bench -- liquidation`. Each executed opcode
 * of that contract is mapped through the compiler's source map to the innermost Solidity function whose
 * source range contains it; prints the gas of each function's own opcodes (flat profile, calls excluded)
 * and of each top-level source line range. Development tool; never run by tests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

type Step = { d: number; pc: number; op: string; g: number; c: number; to?: string };
type AstNode = { nodeType: string; name?: string; src: string; nodes?: AstNode[]; body?: AstNode; [k: string]: unknown };

const [dumpFile, address, sourceName, contractName] = process.argv.slice(2);
if (!dumpFile || !address || !sourceName || !contractName) {
  console.error("usage: profileSource.ts <dump.jsonl> <address> <sourceName e.g. contracts/risk/MarginEngine.sol> <ContractName>");
  process.exit(2);
}
const ROOT = process.cwd();
const artifact = JSON.parse(readFileSync(join(ROOT, "artifacts", sourceName, `${contractName}.json`), "utf8"));
const output = JSON.parse(readFileSync(join(ROOT, "artifacts", "build-info", `${artifact.buildInfoId}.output.json`), "utf8")).output;
const input = JSON.parse(readFileSync(join(ROOT, "artifacts", "build-info", `${artifact.buildInfoId}.json`), "utf8")).input;
const key = Object.keys(output.contracts).find((k) => k.endsWith(sourceName))!;
const evm = output.contracts[key][contractName].evm.deployedBytecode;
const code = Buffer.from(evm.object.replace(/^0x/, ""), "hex");

// pc -> instruction index
const indexOf = new Map<number, number>();
for (let pc = 0, i = 0; pc < code.length; i++) {
  indexOf.set(pc, i);
  const op = code[pc];
  pc += op >= 0x60 && op <= 0x7f ? op - 0x5e : 1;
}
// decompressed source map: [start, length, file]
const entries: [number, number, number][] = [];
let last: [number, number, number] = [0, 0, -1];
for (const part of (evm.sourceMap as string).split(";")) {
  const f = part.split(":");
  const cur: [number, number, number] = [
    f[0] !== undefined && f[0] !== "" ? Number(f[0]) : last[0],
    f[1] !== undefined && f[1] !== "" ? Number(f[1]) : last[1],
    f[2] !== undefined && f[2] !== "" ? Number(f[2]) : last[2],
  ];
  entries.push(cur);
  last = cur;
}
// function ranges per file id
const fileName = new Map<number, string>();
const fns: { file: number; start: number; end: number; name: string }[] = [];
for (const [path, s] of Object.entries(output.sources as Record<string, { id: number; ast: AstNode }>)) {
  fileName.set(s.id, path);
  const walk = (n: AstNode, owner: string) => {
    const here = n.nodeType === "ContractDefinition" ? String(n.name) : owner;
    if (n.nodeType === "FunctionDefinition" || n.nodeType === "ModifierDefinition") {
      const [st, len] = n.src.split(":").map(Number);
      fns.push({ file: s.id, start: st, end: st + len, name: `${here}.${n.name || "<fallback>"}` });
    }
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) for (const c of v) if (c && typeof c === "object" && "nodeType" in c) walk(c as AstNode, here);
      else if (v && typeof v === "object" && "nodeType" in (v as object)) walk(v as unknown as AstNode, here);
    }
  };
  walk(s.ast, "");
}
const innermost = (file: number, start: number): string => {
  let best: { start: number; end: number; name: string } | undefined;
  for (const f of fns) {
    if (f.file !== file || start < f.start || start >= f.end) continue;
    if (!best || f.end - f.start < best.end - best.start) best = f;
  }
  return best ? best.name : file < 0 ? "<compiler>" : `<${fileName.get(file) ?? "generated"}>`;
};
void input;

const steps = readFileSync(dumpFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Step);
const target = address.toLowerCase();
const addrAt: string[] = [];
const byFn = new Map<string, number>();
let total = 0;
let lastNamed = "<entry>";
for (let i = 0; i < steps.length; i++) {
  const s = steps[i];
  addrAt.length = s.d;
  if (addrAt[s.d - 1] === undefined) addrAt[s.d - 1] = s.d === 1 ? "root" : "?";
  const next = steps[i + 1];
  if (s.to && next && next.d === s.d + 1) {
    addrAt[s.d] = s.to.toLowerCase();
    continue; // a call: its gas belongs to the callee
  }
  if (addrAt[s.d - 1] !== target) continue;
  const cost = next && next.d === s.d ? s.g - next.g : s.c;
  const idx = indexOf.get(s.pc);
  const e = idx !== undefined ? entries[idx] : undefined;
  let name = e ? innermost(e[2], e[0]) : "<unmapped>";
  // compiler-generated code (ABI coding, copies, checks) is charged to the last Solidity function seen
  if (name.startsWith("<")) name = `${lastNamed} (${name === "<compiler>" || name === "<generated>" ? "generated" : name})`;
  else lastNamed = name;
  byFn.set(name, (byFn.get(name) ?? 0) + cost);
  total += cost;
}
const rows = [...byFn.entries()].sort((a, b) => b[1] - a[1]);
console.log(`${contractName} at ${address}: ${total} gas in its own opcodes`);
for (const [n, g] of rows.slice(0, 40)) console.log(`${String(g).padStart(8)}  ${n}`);
