import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = { path: string; headers: IncomingHttpHeaders; body: unknown; at: number; status: number };

export type ScriptedResponse = { status: number; headers?: Record<string, string>; body?: string };

export type StartReceiverReturnType = {
  url: string;
  /** every request, in arrival order, with the status it was answered */
  requests: ReceivedRequest[];
  /** requests to `path` answered 2xx */
  delivered: (path: string) => ReceivedRequest[];
  /** answer the next requests to `path` with these responses, in order (then 200) */
  script: (path: string, responses: ScriptedResponse[]) => void;
  /** resolves once `pred` holds for the requests, or rejects after timeoutMs */
  waitFor: (what: string, pred: (r: ReceivedRequest[]) => boolean, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
};

/** A local HTTP receiver on 127.0.0.1 (a free port) standing in for webhooks and the Telegram API. */
export async function startReceiver(): Promise<StartReceiverReturnType> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, ScriptedResponse[]>();
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0];
      const next = scripts.get(path)?.shift() ?? { status: 200, body: path.includes("/sendMessage") ? '{"ok":true,"result":{}}' : "ok" };
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* keep the text */
      }
      requests.push({ path, headers: req.headers, body, at: Date.now(), status: next.status });
      res.writeHead(next.status, next.headers ?? {});
      res.end(next.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered: (path) => requests.filter((r) => r.path === path && r.status >= 200 && r.status < 300),
    script: (path, responses) => scripts.set(path, [...(scripts.get(path) ?? []), ...responses]),
    waitFor: async (what, pred, timeoutMs = 30_000) => {
      const end = Date.now() + timeoutMs;
      while (!pred(requests)) {
        if (Date.now() > end) throw new Error(`receiver: timed out waiting for ${what}; ${requests.length} request(s), the last: ${requests.slice(-12).map((r) => `${r.path} ${r.status}`).join(", ")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
