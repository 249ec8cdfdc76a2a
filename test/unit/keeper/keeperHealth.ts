/**
 * /health of the loop (createKeeper.health) against a fake node: 503 when reads fail while there is
 * work, 200 when reads fail with nothing to do (and a cycle completed lately), 503 when sends fail.
 */
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpRequestError, type Address } from "viem";
import { createKeeper } from "../../../keeper/src/createKeeper.js";
import { createMetrics } from "../../../keeper/src/metrics/createMetrics.js";
import type { CreateSenderReturnType } from "../../../keeper/src/tx/createSender.js";
import { createAccountDiscovery } from "../../../keeper/src/watch/createAccountDiscovery.js";
import { saveCheckpoint } from "../../../keeper/src/watch/saveCheckpoint.js";
import type { CreateRpcPoolReturnType, RpcEndpoint } from "../../../keeper/src/watch/createRpcPool.js";

const WAD = 10n ** 18n;
const VAULT = "0x00000000000000000000000000000000000000F1" as Address;
const ACCOUNT = "0x00000000000000000000000000000000000000A1" as Address;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, fatal: () => undefined, trace: () => undefined };

function setup(opts: { liquidatable: boolean }) {
  let head = 100n;
  const failing = { status: false, sends: false };
  const pub = {
    getBlockNumber: async () => ++head,
    getBlock: async () => ({ baseFeePerGas: 1n, timestamp: 0n }),
    getLogs: async () => [],
    getBalance: async () => WAD,
    readContract: async ({ functionName, args }: { functionName: string; args: [Address[]] }) => {
      if (functionName === "collateralOf") return 10n ** 12n;
      if (functionName === "healthBatch") return args[0].map(() => ({ equityWad: WAD, maintenanceWad: WAD, initialWad: 2n * WAD, ratioWad: opts.liquidatable ? WAD : 5n * WAD }));
      if (functionName === "auctionStatusBatch") {
        if (failing.status) throw new HttpRequestError({ url: "http://127.0.0.1:1", details: "connect ECONNREFUSED" });
        return args[0].map(() => ({ auctionId: 3n, active: true, seriesId: 1n, lotIsShort: true, maxSizeWad: WAD, markPriceWad: WAD, discountWad: 0n, bidPriceWad: WAD, ratioWad: WAD, tier: 1n, startedAt: 0n, canStart: false, canEnd: false, canReset: false, canAbsorb: false }));
      }
      throw new Error(`unexpected ${functionName}`);
    },
  };
  const endpoint = { url: "fake", public: pub, answering: true, head: 0n, failedUntil: 0, failures: 0, stale: false } as unknown as RpcEndpoint;
  const pool = { chain: { id: 31337 }, endpoints: [endpoint], refresh: async () => pub.getBlockNumber(), current: () => endpoint, reportFailure: () => undefined } as unknown as CreateRpcPoolReturnType;
  const checkpointFile = join(mkdtempSync(join(tmpdir(), "keeper-health-")), "cp.json");
  saveCheckpoint({ file: checkpointFile, checkpoint: { version: 1, chainId: 31337, vault: VAULT, lastBlock: "100", accounts: [ACCOUNT] } });
  const discovery = createAccountDiscovery({ chainId: 31337, vault: VAULT, startBlock: 0n, chunkSize: 1000, reorgDepth: 0, checkpointFile, log: silent });
  const sender = {
    execute: async () => ({ status: "skipped", reason: "unprofitable" }),
    poll: async () => undefined,
    reconcile: async () => ({ mined: 0, reverted: 0, pending: 0, dropped: 0 }),
    inFlight: () => false,
    pendingCount: () => 0,
    knownReverts: new Set<string>(),
    health: () => ({ sendFailing: failing.sends, consecutiveSendFailures: failing.sends ? 1 : 0, lastSendError: failing.sends ? "insufficient funds" : undefined }),
  } as unknown as CreateSenderReturnType;
  const keeper = createKeeper({
    pool,
    discovery,
    sender,
    metrics: createMetrics(),
    log: silent as never,
    address: ACCOUNT,
    contracts: { vault: VAULT, marginLens: VAULT, liquidationEngine: VAULT, liquidationLens: VAULT, priceFeeds: [] },
    screening: { batchSize: 10, concurrency: 1, watchRatio: 11n * WAD / 10n },
    strategy: { startAuctions: true, endAuctions: true, resetAuctions: true, bid: true },
    pollIntervalMs: 20,
    warnings: { minGasBalance: 0n, minVaultCollateral: 0n },
  });
  return { keeper, failing };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("keeper /health", () => {
  it("503 when reads fail while there is work; 503 when sends fail", async () => {
    const { keeper, failing } = setup({ liquidatable: true });
    const running = keeper.run();
    await tick(150);
    expect(keeper.health()).to.include({ ok: true, work: 1 });
    failing.status = true;
    await tick(150);
    const h = keeper.health();
    expect(h.ok).to.equal(false);
    expect(h.problems.join(" ")).to.match(/reads failing while there is work/);
    failing.status = false;
    await tick(300);
    expect(keeper.health().ok).to.equal(true);
    failing.sends = true;
    expect(keeper.health().problems.join(" ")).to.match(/sends failing: insufficient funds/);
    await keeper.stop();
    await running;
  });

  it("200 while reads fail with nothing to do (a recent cycle, no auction, nothing decided)", async () => {
    const { keeper, failing } = setup({ liquidatable: false });
    const running = keeper.run();
    await tick(150);
    failing.status = true; // not even read: every account is healthy
    await tick(100);
    expect(keeper.health()).to.include({ ok: true, work: 0 });
    await keeper.stop();
    await running;
  });
});
