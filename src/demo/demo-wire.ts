/**
 * A counting pass-through in front of the demo's sandbox: the CLI talks to it as it would to the tracker, and the
 * demo reads how many requests of each kind went over the wire (a no-op re-plan sends no write). It forwards
 * every request unchanged and never logs headers, so the API key passes through without being seen or kept.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Requests seen, by kind. */
export interface WireCounts {
  reads: number;
  writes: number;
}

/** A running pass-through. */
export interface Wire {
  /** The URL to give the CLI instead of the tracker's. */
  url: string;
  /** Counts since the last `reset()`. */
  counts(): WireCounts;
  /** Starts counting from zero. */
  reset(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "host",
  "content-length",
  "content-encoding",
]);

/** Starts a pass-through to `target` on a free loopback port. */
export async function startWire(target: string): Promise<Wire> {
  let counts: WireCounts = { reads: 0, writes: 0 };
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    if (method === "GET" || method === "HEAD") counts.reads += 1;
    else counts.writes += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name))
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    try {
      const answer = await fetch(`${target}${req.url ?? "/"}`, { method, headers, body });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) out[name] = value;
      });
      res.writeHead(answer.status, out);
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end("demo wire: the sandbox did not answer");
    }
  };
  const server = createServer((req, res) => void forward(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = { reads: 0, writes: 0 };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
