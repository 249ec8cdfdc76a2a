import { expect } from "chai";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../keeper/src/config/loadConfig.js";
import { ConfigError } from "../../../keeper/src/errors/KeeperError.js";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const A1 = "0x1111111111111111111111111111111111111111";
const A2 = "0x2222222222222222222222222222222222222222";
const A3 = "0x3333333333333333333333333333333333333333";

function writeJson(obj: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "keeper-config-"));
  const file = join(dir, "keeper.json");
  writeFileSync(file, JSON.stringify(obj));
  return file;
}

const base = { rpcUrls: ["http://127.0.0.1:8545"], contracts: { vault: A1, marginLens: A2, liquidationEngine: A3, liquidationLens: A1 } };

async function expectConfigError(p: Promise<unknown>, field: string, reason: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    expect((e as ConfigError).field).to.equal(field);
    expect((e as ConfigError).message).to.match(reason);
    return;
  }
  expect.fail(`expected ConfigError on ${field}`);
}

describe("keeper loadConfig", () => {
  it("loads a file, applies defaults, takes the key from the environment", async () => {
    const cfg = await loadConfig({ argv: ["--config", writeJson(base)], env: { KEEPER_PRIVATE_KEY: KEY } });
    expect(cfg.privateKey).to.equal(KEY);
    expect(cfg.contracts.vault).to.equal(A1);
    expect(cfg.screening.watchRatio).to.equal(11n * 10n ** 17n);
    expect(cfg.strategy.nativePrice).to.equal(3000n * 10n ** 18n);
    expect(cfg.discovery.chunkSize).to.equal(5000);
    expect(cfg.metrics.host).to.equal("127.0.0.1");
    expect(cfg.dryRun).to.equal(false);
  });

  it("parses decimal strategy values to wad", async () => {
    const file = writeJson({ ...base, strategy: { minProfit: "2.5", riskHaircut: "0.02", nativePrice: 2500 } });
    const cfg = await loadConfig({ argv: ["--config", file], env: { KEEPER_PRIVATE_KEY: KEY } });
    expect(cfg.strategy.minProfit).to.equal(25n * 10n ** 17n);
    expect(cfg.strategy.riskHaircut).to.equal(2n * 10n ** 16n);
    expect(cfg.strategy.nativePrice).to.equal(2500n * 10n ** 18n);
  });

  it("environment overrides the file (RPC URLs, dry run, port)", async () => {
    const cfg = await loadConfig({
      argv: ["--config", writeJson(base)],
      env: { KEEPER_RPC_URLS: "http://127.0.0.1:1, http://127.0.0.1:2", KEEPER_DRY_RUN: "1", KEEPER_METRICS_PORT: "0", KEEPER_ADDRESS: A1 },
    });
    expect(cfg.rpcUrls).to.deep.equal(["http://127.0.0.1:1", "http://127.0.0.1:2"]);
    expect(cfg.dryRun).to.equal(true);
    expect(cfg.metrics.port).to.equal(0);
    expect(cfg.privateKey).to.equal(undefined);
  });

  it("names the field of a bad RPC URL", async () => {
    await expectConfigError(
      loadConfig({ argv: ["--config", writeJson({ ...base, rpcUrls: ["ftp://x"] })], env: { KEEPER_PRIVATE_KEY: KEY } }),
      "rpcUrls.0",
      /http\(s\):\/\/ or ws\(s\):\/\//,
    );
  });

  it("names the field of an out-of-range haircut", async () => {
    await expectConfigError(
      loadConfig({ argv: ["--config", writeJson({ ...base, strategy: { riskHaircut: "1.5" } })], env: { KEEPER_PRIVATE_KEY: KEY } }),
      "strategy.riskHaircut",
      /between 0 and 1/,
    );
  });

  it("names the field of a bad address", async () => {
    await expectConfigError(
      loadConfig({ argv: ["--config", writeJson({ ...base, contracts: { ...base.contracts, vault: "0x12" } })], env: { KEEPER_PRIVATE_KEY: KEY } }),
      "contracts.vault",
      /20-byte hex address/,
    );
  });

  it("rejects unknown keys", async () => {
    await expectConfigError(
      loadConfig({ argv: ["--config", writeJson({ ...base, screening: { batchsize: 5 } })], env: { KEEPER_PRIVATE_KEY: KEY } }),
      "screening",
      /unknown key\(s\) "batchsize"/,
    );
  });

  it("refuses a secret in the config file", async () => {
    await expectConfigError(loadConfig({ argv: ["--config", writeJson({ ...base, privateKey: KEY })], env: {} }), "privateKey", /environment/);
  });

  it("requires a key unless dry-run, and validates it", async () => {
    await expectConfigError(loadConfig({ argv: ["--config", writeJson(base)], env: {} }), "KEEPER_PRIVATE_KEY", /no signing key/);
    await expectConfigError(loadConfig({ argv: ["--config", writeJson(base)], env: { KEEPER_PRIVATE_KEY: "0x1234" } }), "KEEPER_PRIVATE_KEY", /32 bytes/);
    const cfg = await loadConfig({ argv: ["--config", writeJson(base), "--dry-run"], env: { KEEPER_ADDRESS: A2 } });
    expect(cfg.dryRun).to.equal(true);
    expect(cfg.address).to.equal(A2);
  });

  it("a dry run without a key needs KEEPER_ADDRESS (never the zero address)", async () => {
    await expectConfigError(loadConfig({ argv: ["--config", writeJson(base), "--dry-run"], env: {} }), "KEEPER_ADDRESS", /simulates from KEEPER_ADDRESS/);
    await expectConfigError(
      loadConfig({ argv: ["--config", writeJson(base), "--dry-run"], env: { KEEPER_ADDRESS: "0x0000000000000000000000000000000000000000" } }),
      "KEEPER_ADDRESS",
      /not the zero address/,
    );
  });

  it("decrypts a Web3 Secret Storage keystore with the password from the environment", async () => {
    const { Wallet, encryptKeystoreJsonSync } = await import("ethers");
    const w = new Wallet(KEY);
    // Web3 Secret Storage v3 (scrypt; a low cost parameter keeps the test fast)
    const json = encryptKeystoreJsonSync({ address: w.address, privateKey: KEY }, "pw", { scrypt: { N: 1024 } });
    const dir = mkdtempSync(join(tmpdir(), "keeper-ks-"));
    writeFileSync(join(dir, "ks.json"), json);
    const cfg = await loadConfig({ argv: ["--config", writeJson({ ...base, keystoreFile: join(dir, "ks.json") })], env: { KEEPER_KEYSTORE_PASSWORD: "pw" } });
    expect(cfg.privateKey).to.equal(KEY);
    expect(cfg.address).to.equal(w.address);
    await expectConfigError(
      loadConfig({ argv: ["--config", writeJson({ ...base, keystoreFile: join(dir, "ks.json") })], env: { KEEPER_KEYSTORE_PASSWORD: "wrong" } }),
      "keystoreFile",
      /cannot decrypt/,
    );
  });

  it("reads contract addresses from an Ignition deployment folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keeper-deploy-"));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "deployed_addresses.json"),
      JSON.stringify({
        "LocalProtocol#OptionVault": A1,
        "LocalProtocol#MarginEngine": A3,
        "LocalProtocol#MarginLens": A2,
        "LocalProtocol#LiquidationEngine": A3,
        "LocalProtocol#LiquidationLens": A1,
        "LocalProtocol#EthUsdFeed": A2,
        "LocalProtocol#SequencerFeed": A3,
      }),
    );
    const cfg = await loadConfig({
      argv: ["--config", writeJson({ rpcUrls: ["http://127.0.0.1:8545"], deploymentDir: dir })],
      env: { KEEPER_PRIVATE_KEY: KEY },
    });
    expect(cfg.contracts).to.deep.equal({ vault: A1, marginLens: A2, liquidationEngine: A3, liquidationLens: A1, priceFeeds: [A2] });
  });

  it("names the missing contract when the deployment lacks it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keeper-deploy-"));
    writeFileSync(join(dir, "deployed_addresses.json"), JSON.stringify({ "LocalProtocol#OptionVault": A1, "LocalProtocol#MarginLens": A2 }));
    await expectConfigError(
      loadConfig({ argv: ["--config", writeJson({ rpcUrls: ["http://127.0.0.1:8545"], deploymentDir: dir })], env: { KEEPER_PRIVATE_KEY: KEY } }),
      "contracts.liquidationEngine",
      /not found in .*deployed_addresses.json/,
    );
  });

  it("reports a missing or malformed config file", async () => {
    await expectConfigError(loadConfig({ argv: ["--config", "/nonexistent/keeper.json"], env: {} }), "config", /file not found/);
    const dir = mkdtempSync(join(tmpdir(), "keeper-config-"));
    writeFileSync(join(dir, "bad.json"), "{ not json");
    await expectConfigError(loadConfig({ argv: ["--config", join(dir, "bad.json")], env: {} }), "config", /not valid JSON/);
  });
});
