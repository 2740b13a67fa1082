import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/** Answers one request of a {@link HostileServer}. */
export type HostileHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A local HTTP server on 127.0.0.1 that misbehaves on purpose, for bad-input tests:
 * it records every path asked for, so a test can prove a URL was never fetched.
 */
export interface HostileServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request path (with query) in arrival order. */
  requests: string[];
  /** Serves `path` with `handler`; returns the full URL. */
  route(path: string, handler: HostileHandler): string;
  /** Requests made for `path` so far. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** Start a {@link HostileServer}; unknown paths answer 404. */
export async function startHostileServer(): Promise<HostileServer> {
  const routes = new Map<string, HostileHandler>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    const handler = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (handler) handler(req, res);
    else res.writeHead(404).end('not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    route(path, handler) {
      routes.set(path, handler);
      return `${url}${path}`;
    },
    hits: (path) => requests.filter((r) => new URL(r, 'http://x').pathname === path).length,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** What {@link streamEndlessly} saw: bytes written and whether the client hung up first. */
export interface StreamReport {
  bytesSent: number;
  clientClosed: boolean;
}

/**
 * Streams `totalBytes` of filler lazily, one reused chunk at a time and only as fast as
 * the client reads (so 1 GB never sits in memory); resolves when the stream ends or the
 * client disconnects.
 */
export function streamEndlessly(
  res: ServerResponse,
  totalBytes: number,
  headers: Record<string, string> = {},
): Promise<StreamReport> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const report: StreamReport = { bytesSent: 0, clientClosed: false };
  res.writeHead(200, { 'content-type': 'text/html', ...headers });
  return new Promise((resolve) => {
    res.on('close', () => {
      report.clientClosed = !res.writableFinished;
      resolve(report);
    });
    const pump = () => {
      while (report.bytesSent < totalBytes && !res.destroyed) {
        report.bytesSent += chunk.byteLength;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
}

/** A gzip body of `decodedBytes` zeros, built chunk by chunk: small on the wire, huge once decoded. */
export async function gzipBomb(decodedBytes: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < decodedBytes; written += zeros.byteLength) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(parts);
}

/** Sends headers, then one byte every `intervalMs` for as long as the client listens. */
export function trickle(res: ServerResponse, intervalMs: number, contentType = 'application/rss+xml'): void {
  res.writeHead(200, { 'content-type': contentType });
  res.write('<');
  const timer = setInterval(() => res.write(' '), intervalMs);
  res.on('close', () => clearInterval(timer));
}
