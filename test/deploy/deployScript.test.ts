/** The deployment command's own checks, without a node: parameter validation (exit 2 naming the field), expiries, workflow name. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWorkflowName } from "../../scripts/deploy/encodeWorkflowName.js";
import { nextExpiries } from "../../scripts/deploy/nextExpiries.js";
import { loadParameters, ParameterError } from "../../scripts/deploy/parameterSchema.js";

const ROOT = join(import.meta.dirname, "..", "..");

describe("deploy script: parameters, expiries, CRE workflow name", function () {
  this.timeout(60_000);
  let dir = "";
  before(() => (dir = mkdtempSync(join(tmpdir(), "deploy-params-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("the three testnet parameter files are valid and name the documented addresses", function () {
    const s = loadParameters(join(ROOT, "deploy", "parameters", "sepolia.json"));
    expect(s.Deployment.chainId).to.equal(11155111);
    expect(s.Deployment.markets.map((m) => [m.feed.address, m.feed.description])).to.deep.equal([
      ["0x694AA1769357215DE4FAC081bf1f309aDC325306", "ETH / USD"],
      ["0x1b44F3514812d835EB1BDB0acB33d3fA3351Ee43", "BTC / USD"],
    ]);
    const a = loadParameters(join(ROOT, "deploy", "parameters", "arbitrumSepolia.json"));
    expect(a.Deployment.chainId).to.equal(421614);
    expect(a.Protocol.creForwarder).to.equal("0x76c9cf548b4179F8901cda1f8623568b58215E62");
    const b = loadParameters(join(ROOT, "deploy", "parameters", "baseSepolia.json"));
    expect(b.Deployment.chainId).to.equal(84532);
    expect(b.Deployment.collateral.address).to.equal("0x036CbD53842c5426634e7929541eC2318f3dCF7e");
    // the mainnet files (documentation) carry their sequencer-uptime feeds
    expect(loadParameters(join(ROOT, "deploy", "parameters", "arbitrumOne.json")).Deployment.sequencerFeed?.address).to.equal("0xFdB631F5EE196F0ed6FAa767959853A9F217697D");
    expect(loadParameters(join(ROOT, "deploy", "parameters", "base.json")).Protocol.sequencerFeed).to.equal("0xBCF85224fc0756B9Fa45aA7892530B47e10b6433");
  });

  it("a bad parameter file exits 2 naming the field, before connecting anywhere", function () {
    const bad = JSON.parse(readFileSync(join(ROOT, "deploy", "parameters", "sepolia.json"), "utf8"));
    bad.Deployment.markets[1].feed.decimals = "8";
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadParameters(file)).to.throw(ParameterError, "Deployment.markets.1.feed.decimals");
    const r = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "deploy", "deploy.ts"), "sepolia", "--parameters", file], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, SEPOLIA_RPC_URL: "http://127.0.0.1:9", DEPLOYER_PRIVATE_KEY: `0x${"11".repeat(32)}` },
    });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include("Deployment.markets.1.feed.decimals");
    bad.Deployment.markets[1].feed.decimals = 8;
    bad.Protocol.collateralToken = "0x0000000000000000000000000000000000000001";
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadParameters(file)).to.throw(ParameterError, "Protocol.collateralToken");
  });

  it("expiries: the next weekdays at the hour, at least minDays ahead", function () {
    const now = BigInt(Date.UTC(2026, 11, 2, 1, 0) / 1000); // Wednesday
    const e = nextExpiries({ now, weekday: 5, hourUtc: 8, count: 2, minDays: 1 });
    expect(e.map((x) => new Date(Number(x) * 1000).toISOString())).to.deep.equal(["2026-12-04T08:00:00.000Z", "2026-12-11T08:00:00.000Z"]);
    const late = nextExpiries({ now: BigInt(Date.UTC(2026, 11, 3, 9, 0) / 1000), weekday: 5, hourUtc: 8, count: 1, minDays: 1 });
    expect(new Date(Number(late[0]) * 1000).toISOString()).to.equal("2026-12-11T08:00:00.000Z");
  });

  it("the CRE workflow name is the first 10 hex characters of its sha256, as ASCII bytes", function () {
    // sha256("liquidation-starter") starts with the 10 characters below
    const n = encodeWorkflowName("liquidation-starter");
    expect(n).to.have.length(22);
    expect(Buffer.from(n.slice(2), "hex").toString("ascii")).to.match(/^[0-9a-f]{10}$/);
    expect(Buffer.from(n.slice(2), "hex").toString("ascii")).to.equal(createHash("sha256").update("liquidation-starter").digest("hex").slice(0, 10));
  });
});
