import { createServer, connect, type Server, type Socket } from "node:net";

export type StartProxyReturnType = { port: number; url: string; stop: () => Promise<void> };

/**
 * A loopback TCP proxy in front of a node: the keeper's view of "the node". Stopping it refuses and
 * resets every connection exactly as a dead node does; starting it again on the same port is the
 * node coming back (a Hardhat node cannot restart with its state, see the e2e test's notes).
 */
export async function startProxy(targetPort: number, port = 0): Promise<StartProxyReturnType> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop);
    upstream.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
  });
  await new Promise<void>((r, j) => {
    server.once("error", j);
    server.listen(port, "127.0.0.1", () => r());
  });
  const actual = (server.address() as { port: number }).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
