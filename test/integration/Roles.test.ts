import { expect } from "chai";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { network } from "hardhat";
import { deployLocalProtocol } from "../../deploy/local/deployLocalProtocol.js";
import { FUNCTION_ROLES, ROLES, selector } from "../../deploy/roles.js";

type AstNode = {
  nodeType: string;
  id: number;
  name?: string;
  contractKind?: string;
  functionSelector?: string;
  modifiers?: { modifierName: { name: string } }[];
  linearizedBaseContracts?: number[];
  nodes?: AstNode[];
  parameters?: { parameters: { typeDescriptions: { typeString: string } }[] };
};

const ARTIFACTS = join(process.cwd(), "artifacts");

function artifactFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return artifactFiles(p);
    return f.endsWith(".json") && !f.endsWith(".dbg.json") ? [p] : [];
  });
}

/**
 * Every function that carries the `restricted` modifier (AccessManaged), per deployable protocol
 * contract (mocks excluded), with its 4-byte selector: read from the compiler's AST in the build info of
 * each contract's artifact, inherited functions included.
 */
function restrictedFunctions(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const file of artifactFiles(join(ARTIFACTS, "contracts"))) {
    if (file.includes(`${join("contracts", "mocks")}`)) continue;
    const artifact = JSON.parse(readFileSync(file, "utf8")) as {
      contractName: string;
      sourceName: string;
      buildInfoId?: string;
      bytecode: string;
    };
    if (!artifact.buildInfoId || artifact.bytecode === "0x") continue; // interfaces, libraries without code
    if (!existsSync(join(process.cwd(), artifact.sourceName))) continue; // a stale artifact of a deleted source
    const build = JSON.parse(readFileSync(join(ARTIFACTS, "build-info", `${artifact.buildInfoId}.output.json`), "utf8")) as {
      output: { sources: Record<string, { ast: AstNode }> };
    };
    const byId = new Map<number, AstNode>();
    for (const s of Object.values(build.output.sources)) for (const n of s.ast.nodes ?? []) byId.set(n.id, n);
    const contract = [...byId.values()].find((n) => n.nodeType === "ContractDefinition" && n.name === artifact.contractName);
    if (!contract || contract.contractKind !== "contract") continue;
    const fns = new Map<string, string>();
    for (const baseId of contract.linearizedBaseContracts ?? []) {
      for (const n of byId.get(baseId)?.nodes ?? []) {
        if (n.nodeType !== "FunctionDefinition" || !n.functionSelector) continue;
        if (!(n.modifiers ?? []).some((m) => m.modifierName.name === "restricted")) continue;
        fns.set(`0x${n.functionSelector}`, n.name ?? "");
      }
    }
    if (fns.size) out.set(artifact.contractName, fns);
  }
  return out;
}

/**
 * Every `restricted` function has exactly the role deploy/roles.ts gives it, on the deployed AccessManager:
 * a new restricted function without an entry, an entry that names no restricted function (a typo in a
 * signature) and a wiring that disagrees all fail here.
 */
describe("Roles (integration, Ignition deployment)", function () {
  it("assigns every restricted function of every contract its intended role", async function () {
    const restricted = restrictedFunctions();
    expect([...restricted.keys()].sort()).to.deep.equal(Object.keys(FUNCTION_ROLES).sort(), "contracts with restricted functions");
    for (const [name, fns] of restricted) {
      const listed = new Map(Object.keys(FUNCTION_ROLES[name]).map((sig) => [selector(sig), sig]));
      for (const [sel, fn] of fns) expect(listed.has(sel), `${name}.${fn} (${sel}) has no role in deploy/roles.ts`).to.equal(true);
      for (const [sel, sig] of listed) expect(fns.has(sel), `deploy/roles.ts: ${name}.${sig} is not a restricted function`).to.equal(true);
    }

    const connection = await network.connect();
    const p = await deployLocalProtocol({ connection });
    const addressOf: Record<string, string> = {
      OracleHub: await p.oracleHub.getAddress(),
      OptionVault: await p.vault.getAddress(),
      MarginEngine: await p.marginEngine.getAddress(),
      LiquidationEngine: await p.liquidationEngine.getAddress(),
      LiquidationReceiver: await p.receiver.getAddress(),
    };
    let checked = 0;
    for (const [name, roles] of Object.entries(FUNCTION_ROLES)) {
      expect(addressOf[name], `${name} is deployed`).to.not.equal(undefined);
      for (const [sig, role] of Object.entries(roles)) {
        const assigned = await p.manager.getTargetFunctionRole(addressOf[name], selector(sig));
        expect(assigned, `${name}.${sig}`).to.equal(ROLES[role]);
        checked++;
      }
    }
    expect(checked).to.equal([...restricted.values()].reduce((n, fns) => n + fns.size, 0));
    // every non-admin role is held by someone (the deployer by default)
    const [deployer] = await connection.ethers.getSigners();
    for (const role of new Set(Object.values(FUNCTION_ROLES).flatMap((r) => Object.values(r)))) {
      if (role === "ADMIN") continue;
      const [isMember] = await p.manager.hasRole(ROLES[role], deployer.address);
      expect(isMember, `${role} granted`).to.equal(true);
    }
  });
});
