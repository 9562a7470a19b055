/**
 * Real HTTP servers on 127.0.0.1 for tests of what the client does with answers no tracker should give
 * (redirects, echoed keys, broken bodies): each records every request it receives, `x-api-key` included.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** The `x-api-key` header, when there was one. */
  apiKey?: string;
}

/** A running loopback server. */
export interface Loopback {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Answers one request; the request's body has been read. */
export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Starts a server on an ephemeral loopback port that answers every request with `handler`. */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const apiKey = request.headers["x-api-key"];
    received.push({
      method: request.method ?? "",
      url: request.url ?? "",
      ...(typeof apiKey === "string" ? { apiKey } : {}),
    });
    request.resume();
    request.on("end", () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A handler answering `status` with a JSON body. */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_, response) => {
    response.writeHead(status, { "Content-Type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  };
}
