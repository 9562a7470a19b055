/**
 * A counting HTTP proxy in front of a sandbox tracker: the provider host talks to the proxy's URL, the test reads
 * how many requests of each method reached the tracker. The sandbox itself stays untouched.
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

/** A running proxy. */
export interface RequestCounter {
  url: string;
  /** Requests by method (`GET`, `POST`, …) since the last reset. */
  counts(): Record<string, number>;
  /** Requests other than GET since the last reset. */
  writes(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (e.g. `http://127.0.0.1:8787`) on a free loopback port. */
export async function startRequestCounter(target: string): Promise<RequestCounter> {
  const upstream = new URL(target);
  let counts: Record<string, number> = {};
  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    counts[method] = (counts[method] ?? 0) + 1;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    writes: () => Object.entries(counts).reduce((n, [m, c]) => (m === "GET" ? n : n + c), 0),
    reset() {
      counts = {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
