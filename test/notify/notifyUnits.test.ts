/**
 * Units of the notifier (notify/src): message figures and texts, the token bucket, backoff and
 * Retry-After, the append-only store across restarts and torn writes, the warning's hysteresis, block
 * sampling, each sink's request shape, and the configuration's validation (the bad field named,
 * secrets only from the environment). No node, no network.
 */
import { expect } from "chai";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Address, Hex } from "viem";
import { loadConfig } from "../../notify/src/config/loadConfig.js";
import { ConfigError } from "../../notify/src/errors/NotifyError.js";
import { describeLiquidationPrice } from "../../notify/src/messages/describeLiquidationPrice.js";
import { formatAmountWad, formatPercent, formatRatio, formatSize, formatToken } from "../../notify/src/messages/formatFigures.js";
import type { Notification } from "../../notify/src/messages/Notification.js";
import { backoffDelay } from "../../notify/src/sinks/backoffDelay.js";
import { createTokenBucket } from "../../notify/src/sinks/createTokenBucket.js";
import { parseRetryAfter } from "../../notify/src/sinks/parseRetryAfter.js";
import { renderRequest } from "../../notify/src/sinks/renderRequest.js";
import { createStore } from "../../notify/src/store/createStore.js";
import { decideWarning } from "../../notify/src/watch/decideWarning.js";
import { sampleBlocks } from "../../notify/src/watch/sampleBlocks.js";

const WAD = 10n ** 18n;
const A = "0x00000000000000000000000000000000000000a1" as Address;
const H1 = `0x${"11".repeat(32)}` as Hex;
const H2 = `0x${"22".repeat(32)}` as Hex;

const note = (key: string, over: Partial<Notification> = {}): Notification => ({
  key,
  kind: "bid",
  account: A,
  chainId: 31337,
  blockNumber: "10",
  blockHash: H1,
  title: "Liquidation bid",
  text: "line 1\nline 2",
  data: { sizeWad: "1" },
  ...over,
});

describe("notifier units", function () {
  let dir = "";
  before(() => (dir = mkdtempSync(join(tmpdir(), "notify-units-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("message figures", function () {
    it("formats wad amounts, tokens, ratios, shares and sizes as the messages show them", function () {
      expect(formatAmountWad(1_234_567n * WAD + WAD / 2n)).to.equal("1,234,567.50");
      expect(formatAmountWad(-5_000n * WAD, 0)).to.equal("-5,000");
      expect(formatToken(1_385_170_000n, { decimals: 6, symbol: "USDC" })).to.equal("1,385.17 USDC");
      expect(formatToken(5n, { decimals: 6, symbol: "USDC" })).to.equal("0.00 USDC");
      expect(formatRatio((11848n * WAD) / 10_000n)).to.equal("1.1848");
      expect(formatRatio(2n ** 256n - 1n)).to.equal("∞");
      expect(formatPercent(WAD / 20n)).to.equal("5.00%");
      expect(formatPercent(-(322n * WAD) / 10_000n)).to.equal("-3.22%");
      expect(formatSize(-13_851_700_000_000_000_000n)).to.equal("-13.8517");
      expect(formatSize(20n * WAD)).to.equal("20");
    });

    it("describes the liquidation price both ways with the distance from spot, none, or reached", function () {
      const spot = 2000n * WAD;
      expect(describeLiquidationPrice({ label: "WETH", spotWad: spot, downWad: 1800n * WAD, upWad: 2500n * WAD })).to.equal(
        "WETH liquidation price ↓ 1,800.00 (−10.00%) · ↑ 2,500.00 (+25.00%) from spot 2,000.00",
      );
      expect(describeLiquidationPrice({ label: "WETH", spotWad: spot, downWad: 0n, upWad: 0n })).to.equal(
        "WETH liquidation price ↓ none down to spot/16 · ↑ none up to 16× spot from spot 2,000.00",
      );
      expect(describeLiquidationPrice({ label: "WETH", spotWad: spot, downWad: spot, upWad: spot })).to.match(/reached \(the ratio is at or under 1 at spot 2,000.00\)/);
      expect(describeLiquidationPrice(undefined)).to.match(/not readable/);
    });
  });

  describe("rate limit and retries", function () {
    it("token bucket: a burst back to back, then one per 60 000 / perMinute ms", function () {
      let t = 1_000_000;
      const b = createTokenBucket({ perMinute: 60, burst: 3, now: () => t });
      expect([b.tryTake(), b.tryTake(), b.tryTake()]).to.deep.equal([0, 0, 0]);
      expect(b.tryTake()).to.equal(1000);
      t += 400;
      expect(b.tryTake()).to.equal(600); // takes nothing while empty
      t += 600;
      expect(b.tryTake()).to.equal(0);
      expect(b.tryTake()).to.equal(1000);
      t += 3_600_000;
      expect(b.available()).to.equal(3); // never above the burst
    });

    it("backoff doubles up to the cap; a longer Retry-After wins, capped too", function () {
      const p = { baseDelayMs: 500, maxDelayMs: 10_000 };
      expect([1, 2, 3, 4, 5, 6, 50].map((attempt) => backoffDelay({ attempt, ...p }))).to.deep.equal([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
      expect(backoffDelay({ attempt: 1, ...p, retryAfterMs: 3000 })).to.equal(3000);
      expect(backoffDelay({ attempt: 4, ...p, retryAfterMs: 1000 })).to.equal(4000);
      expect(backoffDelay({ attempt: 1, ...p, retryAfterMs: 3_600_000 })).to.equal(10_000);
    });

    it("Retry-After in seconds or as an HTTP date", function () {
      const now = Date.parse("2026-01-01T00:00:00Z");
      expect(parseRetryAfter("2", now)).to.equal(2000);
      expect(parseRetryAfter("0.5", now)).to.equal(500);
      expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).to.equal(30_000);
      expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).to.equal(0);
      expect([parseRetryAfter(null), parseRetryAfter(""), parseRetryAfter("soon")]).to.deep.equal([undefined, undefined, undefined]);
    });
  });

  describe("store", function () {
    it("keeps pending messages, outcomes, accounts, warning states and the cursor across a restart; never re-enqueues a key", function () {
      const file = join(dir, "s1", "store.jsonl");
      const s = createStore({ file });
      const added = s.commitPass({
        cursor: { block: 10n, hash: H1 },
        accounts: [A],
        arms: new Map([[A.toLowerCase(), { armed: false, block: "9" }]]),
        deliveries: [
          { sink: "hook", notification: note("k1") },
          { sink: "hook", notification: note("k2") },
          { sink: "tg", notification: note("k1") },
          { sink: "hook", notification: note("k1") }, // the same pass twice: once
        ],
      });
      expect(added.map((d) => d.id)).to.deep.equal(["k1@hook", "k2@hook", "k1@tg"]);
      expect(s.nextPending("hook")?.id).to.equal("k1@hook");
      s.markDone("k1@hook", "sent");
      expect(s.nextPending("hook")?.id).to.equal("k2@hook");
      s.close();

      const r = createStore({ file });
      expect(r.cursor()).to.deep.equal({ block: 10n, hash: H1 });
      expect(r.accounts()).to.deep.equal([A]);
      expect(r.arm(A)).to.deep.equal({ armed: false, block: "9" });
      expect([r.status("k1@hook"), r.status("k2@hook"), r.status("k1@tg")]).to.deep.equal(["sent", "pending", "pending"]);
      expect(r.nextPending("hook")?.notification).to.deep.equal(note("k2"));
      // re-reading the same blocks (a restart before the cursor moved, or a reorg rewind) adds nothing
      expect(r.commitPass({ cursor: { block: 12n, hash: H2 }, deliveries: [{ sink: "hook", notification: note("k1") }, { sink: "hook", notification: note("k2") }] })).to.deep.equal([]);
      expect(r.cursor()).to.deep.equal({ block: 12n, hash: H2 });
      r.markDone("k2@hook", "dropped", "reorg");
      expect(r.nextPending("hook")).to.equal(undefined);
      r.close();
      // compaction at start: finished deliveries keep only their id
      const c = createStore({ file });
      const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { t: string });
      expect(lines.filter((l) => l.t === "m").length).to.equal(1); // k1@tg, still pending
      expect(c.has("k1@hook") && c.has("k2@hook")).to.equal(true);
      c.close();
    });

    it("a torn last line (a crash mid-write) is ignored: the pass it belonged to is read again", function () {
      const file = join(dir, "s2.jsonl");
      const s = createStore({ file });
      s.commitPass({ cursor: { block: 5n, hash: H1 }, deliveries: [{ sink: "hook", notification: note("a") }] });
      s.close();
      appendFileSync(file, JSON.stringify({ t: "m", id: "b@hook", sink: "hook", seq: 9, n: note("b") }) + "\n" + '{"t":"c","b":"9","h":"0x');
      const r = createStore({ file });
      expect(r.cursor()?.block).to.equal(5n);
      expect(r.status("b@hook")).to.equal("pending"); // its complete line survives; the cursor line did not
      r.close();
    });

    it("lines that are not JSON are skipped (a file of garbage loads as an empty store)", function () {
      const file = join(dir, "s3.jsonl");
      writeFileSync(file, "not json\n");
      const s = createStore({ file });
      expect(s.cursor()).to.equal(undefined);
      s.close();
    });
  });

  describe("watch", function () {
    it("warning hysteresis: warn once under the level, re-arm only at level + hysteresis (or no requirement)", function () {
      const p = { levelWad: (12n * WAD) / 10n, hysteresisWad: (5n * WAD) / 100n };
      expect(decideWarning({ ...p, ratioWad: (119n * WAD) / 100n, armed: true })).to.equal("warn");
      expect(decideWarning({ ...p, ratioWad: (12n * WAD) / 10n, armed: true })).to.equal("none");
      expect(decideWarning({ ...p, ratioWad: (119n * WAD) / 100n, armed: false })).to.equal("none");
      expect(decideWarning({ ...p, ratioWad: (124n * WAD) / 100n, armed: false })).to.equal("none");
      expect(decideWarning({ ...p, ratioWad: (125n * WAD) / 100n, armed: false })).to.equal("rearm");
      expect(decideWarning({ ...p, ratioWad: 2n ** 256n - 1n, armed: false })).to.equal("rearm");
    });

    it("samples every block of a short pass, evenly spaced blocks of a long one (the last always)", function () {
      expect(sampleBlocks(5n, 8n, 10)).to.deep.equal([5n, 6n, 7n, 8n]);
      expect(sampleBlocks(1n, 100n, 4)).to.deep.equal([25n, 50n, 75n, 100n]);
      expect(sampleBlocks(1n, 10n, 3)).to.deep.equal([4n, 7n, 10n]);
      expect(sampleBlocks(9n, 8n, 3)).to.deep.equal([]);
    });
  });

  describe("sinks", function () {
    const base = { accounts: undefined, kinds: undefined, rateLimit: { perMinute: 20, burst: 5 }, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, timeoutMs: 1000 } };
    it("renders the generic webhook, Slack, Discord and Telegram requests", function () {
      const n = note("0xabc:3:" + A, { title: "T", text: "x".repeat(2500) });
      const hook = renderRequest({ sink: { ...base, name: "h", type: "webhook", urlEnv: "U", secret: "http://127.0.0.1:1/h" }, notification: n });
      expect([hook.url, hook.headers["idempotency-key"], JSON.parse(hook.body)]).to.deep.equal(["http://127.0.0.1:1/h", `${n.key}@h`, n]);
      const slack = renderRequest({ sink: { ...base, name: "s", type: "slack", urlEnv: "U", secret: "http://127.0.0.1:1/s" }, notification: { ...n, text: "body" } });
      expect(JSON.parse(slack.body)).to.deep.equal({ text: "*T*\nbody" });
      const discord = JSON.parse(renderRequest({ sink: { ...base, name: "d", type: "discord", urlEnv: "U", secret: "http://127.0.0.1:1/d" }, notification: n }).body) as { content: string };
      expect(discord.content.length).to.equal(2000);
      expect(discord.content.startsWith("**T**\nxxx") && discord.content.endsWith("…")).to.equal(true);
      const tg = renderRequest({ sink: { ...base, name: "t", type: "telegram", tokenEnv: "T", chatId: "42", baseUrl: "http://127.0.0.1:1/tg/", secret: "1:abc" }, notification: { ...n, text: "body" } });
      expect(tg.url).to.equal("http://127.0.0.1:1/tg/bot1:abc/sendMessage");
      expect(JSON.parse(tg.body)).to.deep.equal({ chat_id: "42", text: "T\nbody", disable_web_page_preview: true });
    });
  });

  describe("configuration", function () {
    const good = {
      rpcUrl: "http://127.0.0.1:8545",
      chainId: 31337,
      deploymentDir: "deploy/deployments/chain-31337",
      sinks: [{ name: "ops", type: "slack", urlEnv: "SLACK_URL" }, { name: "tg", type: "telegram", tokenEnv: "TG_TOKEN", chatId: 42 }],
    };
    const env = { SLACK_URL: "https://hooks.example.invalid/x", TG_TOKEN: "1:abc" };
    const load = (cfg: unknown, e: Record<string, string> = env) => {
      const file = join(dir, `cfg-${Math.random().toString(16).slice(2)}.json`);
      writeFileSync(file, typeof cfg === "string" ? cfg : JSON.stringify(cfg));
      return loadConfig({ argv: ["--config", file], env: e });
    };
    const fieldOf = (cfg: unknown, e?: Record<string, string>) => {
      try {
        load(cfg, e);
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return [(err as ConfigError).field, (err as ConfigError).shortMessage];
      }
      throw new Error("expected a ConfigError");
    };

    it("fills the defaults and resolves each sink's secret from the environment", function () {
      const c = load(good);
      expect([c.warning.ratio, c.warning.hysteresis, c.confirmations, c.accounts]).to.deep.equal([(12n * WAD) / 10n, (5n * WAD) / 100n, 2, "all"]);
      expect(c.sinks.map((s) => s.secret)).to.deep.equal([env.SLACK_URL, env.TG_TOKEN]);
      expect(c.sinks[1].type === "telegram" && [c.sinks[1].chatId, c.sinks[1].baseUrl]).to.deep.equal(["42", "https://api.telegram.org"]);
      expect(load({ ...good, accounts: ["0x00000000000000000000000000000000000000A1"], confirmations: 0 }).accounts).to.deep.equal([A.replace("a1", "A1")]);
    });

    it("names the bad field", function () {
      expect(fieldOf({ ...good, chainId: "x" })[0]).to.equal("chainId");
      expect(fieldOf({ ...good, warning: { ratio: "abc" } })[0]).to.equal("warning.ratio");
      expect(fieldOf({ ...good, warning: { ratio: "0.9" } })).to.deep.equal(["warning.ratio", 'warning.ratio: must be >= 1 (margin ratio, 1 = maintenance), got "0.9"']);
      expect(fieldOf({ ...good, accounts: ["0x12"] })[0]).to.equal("accounts.0");
      expect(fieldOf({ ...good, sinks: [{ name: "x", type: "sms" }] })[0]).to.equal("sinks.0.type");
      expect(fieldOf({ ...good, sinks: [{ name: "x", type: "slack", urlEnv: "SLACK_URL", retry: { maxAttempts: 0 } }] })[0]).to.equal("sinks.0.retry.maxAttempts");
      expect(fieldOf({ ...good, sinks: [good.sinks[0], good.sinks[0]] })[0]).to.equal("sinks.1.name");
      expect(fieldOf({ ...good, extra: 1 })).to.deep.equal(["config", 'config: unknown key(s) "extra"']);
      expect(fieldOf({ ...good, deploymentDir: undefined })[0]).to.equal("deploymentDir");
      expect(fieldOf("{ not json")[0]).to.equal("config");
    });

    it("takes secrets only from the environment: a URL or token in the file is refused, a missing variable named", function () {
      expect(fieldOf({ ...good, sinks: [{ name: "x", type: "slack", url: "https://hooks.slack.com/services/T/B/X" }] })[0]).to.equal("sinks.0.url");
      expect(fieldOf({ ...good, sinks: [{ name: "x", type: "telegram", token: "1:abc", chatId: 1 }] })[0]).to.equal("sinks.0.token");
      expect(fieldOf({ ...good, sinks: [{ name: "x", type: "slack", urlEnv: "https://hooks.slack.com/x" }] })[0]).to.equal("sinks.0.urlEnv");
      expect(fieldOf(good, { TG_TOKEN: "1:abc" })).to.deep.equal(["sinks.0.urlEnv", "sinks.0.urlEnv: environment variable SLACK_URL is not set"]);
      expect(fieldOf(good, { ...env, SLACK_URL: "not a url" })[0]).to.equal("sinks.0.urlEnv");
    });
  });
});
