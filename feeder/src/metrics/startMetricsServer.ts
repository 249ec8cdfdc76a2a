import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export type StartMetricsServerParameters = {
  registry: Registry;
  host: string;
  port: number;
  /** healthy when the last cycle ended less than this ago [ms] */
  health: () => { ok: boolean; detail: Record<string, unknown> };
};

/** GET /metrics (Prometheus text) and GET /health (200 or 503 with a JSON body). */
export async function startMetricsServer({ registry, host, port, health }: StartMetricsServerParameters): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === "/metrics") {
      registry.metrics().then(
        (body) => res.writeHead(200, { "content-type": registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    } else if (req.url === "/health") {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ ok: h.ok, ...h.detail }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, () => resolve()));
  const a = server.address();
  return { server, port: typeof a === "object" && a ? a.port : port, close: () => new Promise((r) => server.close(() => r())) };
}
