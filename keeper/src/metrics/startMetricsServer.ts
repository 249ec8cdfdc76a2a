import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export type StartMetricsServerParameters = {
  registry: Registry;
  /** loopback by default */
  host: string;
  /** 0 picks a free port */
  port: number;
  /** current health: `ok` false answers 503 */
  health: () => { ok: boolean } & Record<string, unknown>;
};

export type StartMetricsServerReturnType = { server: Server; port: number; close: () => Promise<void> };

/** Serves `GET /metrics` (Prometheus text format) and `GET /health` (JSON, 200 or 503). */
export async function startMetricsServer({ registry, host, port, health }: StartMetricsServerParameters): Promise<StartMetricsServerReturnType> {
  const server = createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && url === "/metrics") {
      registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { "content-type": registry.contentType });
          res.end(body);
        })
        .catch((e: unknown) => {
          res.writeHead(500).end(String(e));
        });
      return;
    }
    if (req.method === "GET" && url === "/health") {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify(h, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
      return;
    }
    res.writeHead(404).end("not found\n");
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolveListen());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
