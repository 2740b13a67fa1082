import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from './client';
import { FetchError } from './errors';
import { HostBusyError, type HostGate, type ReleaseSlot } from './host-gate';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** In-memory gate that records every acquire and release, to prove the client pairs them. */
class RecordingGate implements HostGate {
  readonly events: string[] = [];
  doubleReleases = 0;
  private held = 0;

  constructor(private readonly behaviour: { busy?: boolean; delayMs?: number } = {}) {}

  get outstanding(): number {
    return this.held;
  }

  async acquire(host: string, options: { signal?: AbortSignal } = {}): Promise<ReleaseSlot> {
    if (this.behaviour.busy) throw new HostBusyError(host, 1234);
    if (this.behaviour.delayMs) await sleep(this.behaviour.delayMs, undefined, { signal: options.signal });
    this.events.push(`acquire ${host}`);
    this.held++;
    let released = false;
    return async () => {
      if (released) {
        this.doubleReleases++;
        return;
      }
      released = true;
      this.held--;
      this.events.push(`release ${host}`);
    };
  }
}

interface TestServer {
  server: Server;
  base: string;
  host: string;
  routes: Map<string, Handler>;
  requests: number;
}

async function startServer(): Promise<TestServer> {
  const state = { routes: new Map<string, Handler>(), requests: 0 } as TestServer;
  state.server = createServer((req, res) => {
    state.requests++;
    const handler = state.routes.get(new URL(req.url ?? '/', state.base).pathname);
    if (handler) handler(req, res);
    else res.writeHead(500).end('no route');
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  const { port } = state.server.address() as AddressInfo;
  state.host = `127.0.0.1:${port}`;
  state.base = `http://${state.host}`;
  return state;
}

let a: TestServer;
let b: TestServer;
const clients: HttpClient[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const s of [a, b]) {
    s.routes.clear();
    s.requests = 0;
    s.server.closeAllConnections();
  }
});

afterAll(async () => {
  await Promise.all([a, b].map((s) => new Promise((resolve) => s.server.close(resolve))));
});

function client(gate: HostGate, overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const created = new HttpClient({
    userAgent: 'GateTest/1.0',
    allowPrivateNetworks: true,
    allowedPorts: 'any',
    gate,
    ...overrides,
  });
  clients.push(created);
  return created;
}

function route(server: TestServer, path: string, handler: Handler): string {
  server.routes.set(path, handler);
  return `${server.base}${path}`;
}

function expectBalanced(gate: RecordingGate): void {
  expect(gate.outstanding).toBe(0);
  expect(gate.doubleReleases).toBe(0);
  expect(gate.events.filter((e) => e.startsWith('acquire'))).toHaveLength(
    gate.events.filter((e) => e.startsWith('release')).length,
  );
}

describe('HttpClient with a host gate', () => {
  it('holds the slot until the body is fully read, then releases it once', async () => {
    let finishBody: () => void = () => undefined;
    let bodyStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      bodyStarted = resolve;
    });
    const url = route(a, '/slow-body', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first half, ');
      bodyStarted();
      finishBody = () => res.end('second half');
    });
    const gate = new RecordingGate();
    const pending = client(gate).fetch(url);
    await started;
    await sleep(50);
    expect(gate.outstanding).toBe(1);
    finishBody();
    const result = await pending;
    expect(result.kind === 'ok' && Buffer.from(result.body).toString()).toBe('first half, second half');
    expect(gate.events).toEqual([`acquire ${a.host}`, `release ${a.host}`]);
    expectBalanced(gate);
  });

  it('acquires and releases per redirect hop, keyed by each hop host', async () => {
    const final = route(b, '/final', (_req, res) => res.writeHead(200).end('moved here'));
    route(a, '/hop', (_req, res) => res.writeHead(302, { location: final }).end('see other host'));
    const start = route(a, '/start', (_req, res) => res.writeHead(301, { location: '/hop' }).end());
    const gate = new RecordingGate();
    const result = await client(gate).fetch(start);
    expect(result.url).toBe(final);
    // Each slot goes back before the next hop asks, so a chain never holds two slots.
    expect(gate.events).toEqual([
      `acquire ${a.host}`,
      `release ${a.host}`,
      `acquire ${a.host}`,
      `release ${a.host}`,
      `acquire ${b.host}`,
      `release ${b.host}`,
    ]);
    expectBalanced(gate);
  });

  it.each<[string, (gate: RecordingGate) => Promise<unknown>, string]>([
    [
      'an HTTP error status',
      (gate) => client(gate).fetch(route(a, '/gone', (_q, r) => r.writeHead(404).end('no'))),
      'HTTP_STATUS',
    ],
    [
      'a transient status',
      (gate) => client(gate).fetch(route(a, '/busy', (_q, r) => r.writeHead(503).end())),
      'HTTP_STATUS',
    ],
    [
      'a body over the cap',
      (gate) =>
        client(gate, { maxBytes: 1024 }).fetch(route(a, '/big', (_q, r) => r.end(Buffer.alloc(64 * 1024)))),
      'TOO_LARGE',
    ],
    [
      'a redirect loop',
      (gate) =>
        client(gate, { maxRedirects: 2 }).fetch(
          route(a, '/loop', (_q, r) => r.writeHead(302, { location: '/loop' }).end()),
        ),
      'TOO_MANY_REDIRECTS',
    ],
    [
      'a redirect to an unsupported scheme',
      (gate) =>
        client(gate).fetch(
          route(a, '/file', (_q, r) => r.writeHead(302, { location: 'file:///etc/passwd' }).end()),
        ),
      'INVALID_URL',
    ],
    [
      'a server that never answers',
      (gate) => client(gate, { totalTimeoutMs: 200 }).fetch(route(a, '/silent', () => undefined)),
      'TIMEOUT',
    ],
    [
      'a body trickling past the deadline',
      (gate) =>
        client(gate, { totalTimeoutMs: 300 }).fetch(
          route(a, '/trickle', (_q, r) => {
            r.writeHead(200);
            const timer = setInterval(() => r.write('<'), 20);
            r.on('close', () => clearInterval(timer));
          }),
        ),
      'TIMEOUT',
    ],
  ])('releases every slot on %s', async (_name, run, code) => {
    const gate = new RecordingGate();
    const error = await run(gate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe(code);
    expect(gate.events.length).toBeGreaterThanOrEqual(2);
    expectBalanced(gate);
  });

  it('releases the slot on a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const gate = new RecordingGate();
    const error = await client(gate)
      .fetch(`http://127.0.0.1:${port}/`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK' });
    expect(gate.events).toEqual([`acquire 127.0.0.1:${port}`, `release 127.0.0.1:${port}`]);
  });

  it('releases the slot when the caller aborts mid-request', async () => {
    const url = route(a, '/hang', () => undefined);
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    const gate = new RecordingGate();
    await expect(client(gate).fetch(url, { signal: controller.signal })).rejects.toBe(reason);
    expect(gate.events).toEqual([`acquire ${a.host}`, `release ${a.host}`]);
  });

  it('passes HostBusyError through untouched and sends nothing', async () => {
    const url = route(a, '/feed', (_q, r) => r.end('never'));
    const error = await client(new RecordingGate({ busy: true }))
      .fetch(url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostBusyError);
    expect(error).toMatchObject({ host: a.host, retryAfterMs: 1234 });
    expect(a.requests).toBe(0);
  });

  it.each([
    ['http://Example.COM:80/feed', 'example.com'],
    ['https://example.com:443/feed', 'example.com'],
    ['https://EXAMPLE.com:8443/feed', 'example.com:8443'],
    ['http://[::1]:8080/', '[::1]:8080'],
  ])('keys %s by host %s', async (url, host) => {
    const error = await client(new RecordingGate({ busy: true }))
      .fetch(url)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ host });
  });

  it('bounds the wait for a slot by the total deadline', async () => {
    const url = route(a, '/feed', (_q, r) => r.end('late'));
    const gate = new RecordingGate({ delayMs: 10_000 });
    const error = await client(gate, { totalTimeoutMs: 150 })
      .fetch(url)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(gate.events).toEqual([]);
    expect(a.requests).toBe(0);
  });

  it('rejects with the caller abort reason while waiting for a slot', async () => {
    const url = route(a, '/feed', (_q, r) => r.end('late'));
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    const gate = new RecordingGate({ delayMs: 10_000 });
    await expect(client(gate).fetch(url, { signal: controller.signal })).rejects.toBe(reason);
    expect(gate.events).toEqual([]);
  });

  it('reports each wait to onGateWait and survives a throwing hook', async () => {
    const url = route(a, '/feed', (_q, r) => r.end('ok'));
    const waits: Array<[string, number]> = [];
    const gate = new RecordingGate({ delayMs: 60 });
    const result = await client(gate, {
      onGateWait: (host, waitedMs) => {
        waits.push([host, waitedMs]);
        throw new Error('metrics broke');
      },
    }).fetch(url);
    expect(result.kind).toBe('ok');
    expect(waits).toHaveLength(1);
    expect(waits[0]?.[0]).toBe(a.host);
    expect(waits[0]?.[1]).toBeGreaterThanOrEqual(50);
    expectBalanced(gate);
  });
});
