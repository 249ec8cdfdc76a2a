/**
 * Gas profile of one mined transaction as a call tree, from `debug_traceTransaction` (struct logs).
 * Used by the bench modules when BENCH_PROFILE=1 (e.g. `BENCH_PROFILE=1 npm run bench -- liquidation`);
 * never by the tests. Each line: inclusive gas of a call frame, its self gas (opcodes run in that frame),
 * its cold / warm SLOADs and SSTOREs, and the callee's contract and function name when known.
 */
import { writeFileSync } from "node:fs";
import type { Interface } from "ethers";

type StructLog = { depth: number; gas: number; gasCost: number; op: string; stack?: string[]; memory?: string[] };
type Frame = {
  label: string;
  depth: number;
  entryGas: number;
  inclusive: number;
  self: number;
  sloadCold: number;
  sloadWarm: number;
  sstore: number;
  children: Frame[];
};

/** A known contract: its name and ABI (for the function selector). */
export type Known = Record<string, { name: string; iface: Interface }>;

const CALL_OPS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"]);

function selectorOf(log: StructLog): { to: string; selector: string } {
  const stack = log.stack ?? [];
  const top = (k: number) => BigInt("0x" + (stack[stack.length - 1 - k] ?? "0").replace(/^0x/, ""));
  const to = "0x" + top(1).toString(16).padStart(40, "0");
  // CALL/CALLCODE: gas, to, value, argsOffset; STATICCALL/DELEGATECALL: gas, to, argsOffset
  const argsOffset = Number(log.op === "CALL" || log.op === "CALLCODE" ? top(3) : top(2));
  const memory = (log.memory ?? []).join("").replace(/0x/g, "");
  const selector = "0x" + memory.slice(argsOffset * 2, argsOffset * 2 + 8);
  return { to, selector };
}

function label(known: Known, to: string, selector: string): string {
  const k = known[to.toLowerCase()];
  if (!k) return `${to} ${selector}`;
  const fn = k.iface.getFunction(selector);
  return `${k.name}.${fn ? fn.name : selector}`;
}

/** Writes (depth, pc, op, gas, gasCost, callee) per step as JSON lines, for source-level profiling. */
function dumpLogs(file: string, logs: StructLog[]): void {
  const out: string[] = [];
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i] as StructLog & { pc: number };
    const next = logs[i + 1];
    const callee = CALL_OPS.has(l.op) && next && next.depth === l.depth + 1 ? selectorOf(l).to : undefined;
    out.push(JSON.stringify({ d: l.depth, pc: l.pc, op: l.op, g: l.gas, c: l.gasCost, to: callee, m: l.memory?.length ?? 0 }));
  }
  writeFileSync(file, out.join("\n") + "\n");
}

/** Returns the printed tree (one string) of transaction `hash`. */
export async function profileTx(
  provider: { send(method: string, params: unknown[]): Promise<any> },
  hash: string,
  known: Known,
  rootLabel: string,
  gasUsed: number,
): Promise<string> {
  const trace = await provider.send("debug_traceTransaction", [
    hash,
    { enableMemory: true, disableStack: false, disableStorage: true },
  ]);
  const logs: StructLog[] = trace.structLogs;
  if (process.env.BENCH_PROFILE_DUMP) dumpLogs(process.env.BENCH_PROFILE_DUMP, logs);
  const root: Frame = {
    label: rootLabel,
    depth: 1,
    entryGas: logs[0]?.gas ?? 0,
    inclusive: 0,
    self: 0,
    sloadCold: 0,
    sloadWarm: 0,
    sstore: 0,
    children: [],
  };
  const stack: Frame[] = [root];
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i];
    while (stack.length > log.depth) {
      const done = stack.pop()!;
      done.inclusive = done.entryGas - log.gas; // includes the call's return to the parent
    }
    const frame = stack[stack.length - 1];
    const next = logs[i + 1];
    if (CALL_OPS.has(log.op) && next && next.depth === log.depth + 1) {
      const { to, selector } = selectorOf(log);
      const child: Frame = {
        label: label(known, to, selector),
        depth: log.depth + 1,
        entryGas: log.gas,
        inclusive: 0,
        self: 0,
        sloadCold: 0,
        sloadWarm: 0,
        sstore: 0,
        children: [],
      };
      frame.children.push(child);
      stack.push(child);
      continue;
    }
    const cost = next && next.depth === log.depth ? log.gas - next.gas : log.gasCost;
    frame.self += cost;
    if (log.op === "SLOAD") {
      if (log.gasCost >= 2100) frame.sloadCold++;
      else frame.sloadWarm++;
    } else if (log.op === "SSTORE") frame.sstore++;
  }
  while (stack.length > 1) {
    const done = stack.pop()!;
    done.inclusive = done.entryGas - (logs[logs.length - 1]?.gas ?? 0);
  }
  root.inclusive = root.entryGas - (logs[logs.length - 1]?.gas ?? 0);
  const addresses = Object.entries(known).map(([a, k]) => `${k.name}=${a}`).join(" ");
  const lines = [`addresses: ${addresses}`, `${rootLabel}: gasUsed ${gasUsed} (execution ${root.inclusive}, intrinsic + refunds the rest)`];
  const walk = (f: Frame, indent: string) => {
    lines.push(
      `${indent}${f.label}: ${f.inclusive} incl, ${f.self} self, sload ${f.sloadCold} cold / ${f.sloadWarm} warm, sstore ${f.sstore}`,
    );
    for (const c of f.children) walk(c, indent + "  ");
  };
  for (const c of root.children) walk(c, "  ");
  lines.push(`  (engine self ${root.self}, sload ${root.sloadCold} cold / ${root.sloadWarm} warm, sstore ${root.sstore})`);
  return lines.join("\n");
}
