import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Plumbing shared by the local provider peers: an HTTP server on 127.0.0.1, the raw request
 * bytes (signatures cover bytes, not re-serialised JSON), and a script of faults a test
 * queues up for the next requests.
 */
export type PeerRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; raw: Buffer };
export type PeerReply = { status: number; body: string; headers?: Record<string, string> };

export type Scripted =
  /** The provider's own refusal (business code), in its wire format. */
  | { kind: 'reject'; code: string; message: string; status?: number; scope?: 'request' | 'recipient' }
  /** Bytes as they are: a proxy's 502 page, an empty 503. */
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }
  /** Accept, but answer only after `ms` (a slow provider; the client times out first). */
  | { kind: 'hang'; ms: number };

export type PeerHandle = {
  url: string;
  /** Faults for the next verified requests, first in first out. */
  script: Scripted[];
  /** Every request that reached the server, verified or not. */
  requests: number;
  /** A delay that close() cancels, so a hanging reply never outlives the test. */
  sleep(ms: number): Promise<void>;
  close(): Promise<void>;
};

export async function startPeerServer(handle: (request: PeerRequest, peer: PeerHandle) => Promise<PeerReply>): Promise<PeerHandle> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      peer.requests += 1;
      const url = new URL(req.url ?? '/', 'http://peer.local');
      const request = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, raw: Buffer.concat(chunks) };
      handle(request, peer)
        .then((reply) => {
          if (res.destroyed) return;
          res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
          res.end(reply.body);
        })
        .catch((error: unknown) => {
          if (!res.destroyed) res.writeHead(500).end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const timers = new Set<NodeJS.Timeout>();
  const peer: PeerHandle = {
    url: `http://127.0.0.1:${port}`,
    script: [],
    requests: 0,
    sleep: (ms) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return peer;
}

/** Takes the next scripted fault; 'hang' waits here and lets the request succeed afterwards. */
export async function nextScripted(peer: PeerHandle): Promise<Exclude<Scripted, { kind: 'hang' }> | undefined> {
  const next = peer.script.shift();
  if (next?.kind !== 'hang') return next;
  await peer.sleep(next.ms);
  return undefined;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): PeerReply {
  return { status, body: JSON.stringify(body), headers };
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
