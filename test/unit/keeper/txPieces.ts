import { expect } from "chai";
import { createNonceManager } from "../../../keeper/src/tx/createNonceManager.js";
import { computeFees } from "../../../keeper/src/tx/computeFees.js";
import { bumpFees } from "../../../keeper/src/tx/bumpFees.js";
import { createGasBudget } from "../../../keeper/src/tx/createGasBudget.js";
import { readInBatches } from "../../../keeper/src/strategy/readInBatches.js";

describe("keeper nonce manager", () => {
  it("reads the chain once, then hands out consecutive nonces, also concurrently", async () => {
    let reads = 0;
    const m = createNonceManager({ fetchNonce: async () => (reads++, 7) });
    const got = await Promise.all([m.next(), m.next(), m.next()]);
    expect(got).to.deep.equal([7, 8, 9]);
    expect(await m.next()).to.equal(10);
    expect(reads).to.equal(1);
  });

  it("resyncs from the chain after a failure", async () => {
    let chain = 3;
    const m = createNonceManager({ fetchNonce: async () => chain });
    expect(await m.next()).to.equal(3);
    expect(await m.next()).to.equal(4); // say nonce 4 was never accepted
    chain = 4;
    m.resync();
    expect(await m.next()).to.equal(4);
    expect(m.peek()).to.equal(5);
  });

  it("a failed chain read does not poison later calls", async () => {
    let fail = true;
    const m = createNonceManager({
      fetchNonce: async () => {
        if (fail) throw new Error("rpc down");
        return 1;
      },
    });
    let threw = false;
    try {
      await m.next();
    } catch {
      threw = true;
    }
    expect(threw).to.equal(true);
    fail = false;
    expect(await m.next()).to.equal(1);
  });
});

describe("keeper fees", () => {
  it("2 × base + priority, capped", () => {
    expect(computeFees({ baseFeePerGas: 10n, priorityFeePerGas: 2n, maxFeeCap: 100n })).to.deep.equal({ maxFeePerGas: 22n, maxPriorityFeePerGas: 2n });
    expect(computeFees({ baseFeePerGas: 100n, priorityFeePerGas: 20n, maxFeeCap: 50n })).to.deep.equal({ maxFeePerGas: 50n, maxPriorityFeePerGas: 20n });
    expect(computeFees({ baseFeePerGas: 0n, priorityFeePerGas: 80n, maxFeeCap: 50n })).to.deep.equal({ maxFeePerGas: 50n, maxPriorityFeePerGas: 50n });
  });

  it("bumps both fees by at least the percentage, within the cap", () => {
    const b = bumpFees({ fees: { maxFeePerGas: 100n, maxPriorityFeePerGas: 10n }, bumpPercent: 20, maxFeeCap: 1000n, baseFeePerGas: 10n });
    expect(b).to.deep.equal({ maxFeePerGas: 120n, maxPriorityFeePerGas: 12n });
    const capped = bumpFees({ fees: { maxFeePerGas: 100n, maxPriorityFeePerGas: 10n }, bumpPercent: 20, maxFeeCap: 112n, baseFeePerGas: 10n });
    expect(capped).to.deep.equal({ maxFeePerGas: 112n, maxPriorityFeePerGas: 12n });
    // no valid replacement under the cap (needs +10%)
    expect(bumpFees({ fees: { maxFeePerGas: 100n, maxPriorityFeePerGas: 10n }, bumpPercent: 20, maxFeeCap: 105n, baseFeePerGas: 10n })).to.equal(undefined);
    // follows a rising base fee
    const risen = bumpFees({ fees: { maxFeePerGas: 100n, maxPriorityFeePerGas: 10n }, bumpPercent: 10, maxFeeCap: 10_000n, baseFeePerGas: 200n });
    expect(risen!.maxFeePerGas).to.equal(411n);
  });
});

describe("keeper gas budget", () => {
  it("caps spend over a rolling hour, counting reservations", () => {
    let now = 0;
    const g = createGasBudget({ capPerHourWei: 100n, now: () => now });
    const release = g.reserve(60n);
    expect(g.allows(50n)).to.equal(false);
    release();
    release(); // idempotent
    expect(g.allows(50n)).to.equal(true);
    g.record(90n);
    expect(g.allows(20n)).to.equal(false);
    now = 3_600_001;
    expect(g.allows(100n)).to.equal(true);
    expect(g.used()).to.equal(0n);
  });
});

describe("keeper readInBatches", () => {
  it("batches with bounded concurrency and isolates a failing item", async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    let inFlight = 0;
    let maxInFlight = 0;
    const failed: number[] = [];
    const rows = await readInBatches({
      items,
      batchSize: 3,
      concurrency: 2,
      read: async (batch) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (batch.includes(4)) throw new Error("revert");
        return batch.map((x) => x * 10);
      },
      onItemError: (item) => failed.push(item),
    });
    expect(maxInFlight).to.equal(2);
    expect(failed).to.deep.equal([4]);
    expect(rows.map((r) => r.item)).to.deep.equal([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect(rows.every((r) => r.value === r.item * 10)).to.equal(true);
  });

  it("rethrows errors not worth splitting (dead endpoint)", async () => {
    let calls = 0;
    let threw = false;
    try {
      await readInBatches({
        items: [1, 2, 3, 4],
        batchSize: 4,
        concurrency: 1,
        read: async () => {
          calls++;
          throw new Error("ECONNREFUSED");
        },
        shouldSplit: () => false,
      });
    } catch {
      threw = true;
    }
    expect(threw).to.equal(true);
    expect(calls).to.equal(1);
  });
});
