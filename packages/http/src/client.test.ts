import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from './client';
import { FetchError, transientFailureHost } from './errors';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title></channel></rss>';
const USER_AGENT = 'TidingsTest/1.0 (+https://example.invalid)';

let server: Server;
let base: string;
let port: number;
const routes = new Map<string, Handler>();
const seen: IncomingMessage[] = [];
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const handler = routes.get(new URL(req.url ?? '/', base).pathname);
    if (handler) handler(req, res);
    else res.writeHead(500).end('no route');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  routes.clear();
  seen.length = 0;
  await Promise.all(clients.splice(0).map((client) => client.close()));
  server.closeAllConnections();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const created = new HttpClient({
    userAgent: USER_AGENT,
    allowPrivateNetworks: true,
    allowedPorts: 'any',
    ...overrides,
  });
  clients.push(created);
  return created;
}

function route(path: string, handler: Handler): string {
  routes.set(path, handler);
  return `${base}${path}`;
}

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  }
  throw new Error('expected the fetch to fail');
}

function text(body: Uint8Array): string {
  return Buffer.from(body).toString('utf8');
}

describe('HttpClient.fetch', () => {
  it('returns body, headers and sends identifying, conditional-capable request headers', async () => {
    const url = route('/feed', (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Wed, 01 May 2024 10:00:00 GMT',
      });
      res.end(FEED);
    });
    const result = await client().fetch(url, { accept: 'application/rss+xml' });
    expect(result).toMatchObject({
      kind: 'ok',
      url,
      status: 200,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Wed, 01 May 2024 10:00:00 GMT',
    });
    expect(result.kind === 'ok' && text(result.body)).toBe(FEED);
    expect(result).not.toHaveProperty('permanentRedirect');
    const request = seen[0]!;
    expect(request.headers['user-agent']).toBe(USER_AGENT);
    expect(request.headers.accept).toBe('application/rss+xml');
    expect(request.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(request.headers['if-none-match']).toBeUndefined();
  });

  it.each([
    ['etag', { etag: '"v1"' }],
    ['last-modified', { lastModified: 'Wed, 01 May 2024 10:00:00 GMT' }],
  ])('answers not-modified on 304 via %s', async (_name, validators) => {
    const url = route('/conditional', (req, res) => {
      const fresh =
        req.headers['if-none-match'] === '"v1"' ||
        req.headers['if-modified-since'] === 'Wed, 01 May 2024 10:00:00 GMT';
      if (fresh) res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"' }).end(FEED);
    });
    const result = await client().fetch(url, validators);
    expect(result).toEqual({ kind: 'not-modified', url, status: 304, etag: '"v1"', ...validators });
  });

  it.each([
    ['gzip', zlib.gzipSync(FEED)],
    ['x-gzip', zlib.gzipSync(FEED)],
    ['deflate', zlib.deflateSync(FEED)],
    ['deflate', zlib.deflateRawSync(FEED)],
    ['br', zlib.brotliCompressSync(FEED)],
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(FEED))],
  ])('decodes Content-Encoding %s', async (encoding, payload) => {
    const url = route('/compressed', (_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding }).end(payload);
    });
    const result = await client().fetch(url);
    expect(result.kind === 'ok' && text(result.body)).toBe(FEED);
  });

  it.each([
    ['all permanent', [301, 308], 'final'],
    ['permanent then temporary', [301, 302], 'hop1'],
    ['temporary first', [302, 301], undefined],
    ['temporary only', [307, 303], undefined],
  ])('follows a redirect chain (%s)', async (_name, statuses, permanentAt) => {
    const [first, second] = statuses as [number, number];
    const start = route('/start', (_req, res) => res.writeHead(first, { location: '/hop1' }).end());
    route('/hop1', (_req, res) => res.writeHead(second, { location: `${base}/final?x=1` }).end());
    const final = route('/final', (_req, res) => res.writeHead(200).end(FEED));
    const result = await client().fetch(start);
    expect(result.kind).toBe('ok');
    expect(result.url).toBe(`${final}?x=1`);
    const expected =
      permanentAt === 'final' ? `${final}?x=1` : permanentAt === 'hop1' ? `${base}/hop1` : undefined;
    expect(result.permanentRedirect).toBe(expected);
  });

  it('reports a permanent redirect on a 304 too', async () => {
    const start = route('/moved', (_req, res) => res.writeHead(301, { location: '/here' }).end());
    route('/here', (_req, res) => res.writeHead(304).end());
    const result = await client().fetch(start, { etag: '"a"' });
    expect(result).toEqual({
      kind: 'not-modified',
      url: `${base}/here`,
      status: 304,
      etag: '"a"',
      permanentRedirect: `${base}/here`,
    });
  });

  it('stops a redirect loop with TOO_MANY_REDIRECTS', async () => {
    const url = route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const error = await fetchError(client({ maxRedirects: 3 }).fetch(url));
    expect(error.code).toBe('TOO_MANY_REDIRECTS');
    expect(seen).toHaveLength(4);
  });

  it('follows exactly maxRedirects hops', async () => {
    for (let i = 0; i < 3; i++)
      route(`/r${i}`, (_req, res) => res.writeHead(302, { location: `/r${i + 1}` }).end());
    route('/r3', (_req, res) => res.writeHead(200).end('done'));
    const result = await client({ maxRedirects: 3 }).fetch(`${base}/r0`);
    expect(result.kind === 'ok' && text(result.body)).toBe('done');
  });

  it.each([
    [404, true],
    [410, true],
    [401, true],
    [403, true],
    [400, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
  ])('turns HTTP %i into an error, permanent=%s', async (status, permanent) => {
    const url = route('/status', (_req, res) => res.writeHead(status).end('nope'));
    const error = await fetchError(client().fetch(url));
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status, permanent, url });
  });

  it('carries Retry-After on a transient failure', async () => {
    const url = route('/busy', (_req, res) => res.writeHead(503, { 'retry-after': '120' }).end());
    const error = await fetchError(client().fetch(url));
    expect(error).toMatchObject({
      code: 'HTTP_STATUS',
      status: 503,
      permanent: false,
      retryAfterSeconds: 120,
    });
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const url = route('/slowdown', (_req, res) => res.writeHead(429, { 'retry-after': at }).end());
    const error = await fetchError(client().fetch(url));
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(61);
  });

  it.each([
    ['declared length', true],
    ['chunked', false],
  ])('refuses a body over the cap (%s)', async (_name, declareLength) => {
    const payload = Buffer.alloc(64 * 1024, 'a');
    const url = route('/big', (_req, res) => {
      if (declareLength) res.writeHead(200, { 'content-length': payload.length });
      res.end(payload);
    });
    const error = await fetchError(client({ maxBytes: 16 * 1024 }).fetch(url));
    expect(error).toMatchObject({ code: 'TOO_LARGE', permanent: true });
  });

  it('stops a gzip bomb at the decoded-size cap', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const url = route('/bomb', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    const error = await fetchError(client({ maxBytes: 1024 * 1024 }).fetch(url));
    expect(error.code).toBe('TOO_LARGE');
  });

  it('gives up on a server that trickles its body past the total timeout', async () => {
    const url = route('/trickle', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const timer = setInterval(() => res.write('<'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await fetchError(client({ totalTimeoutMs: 300 }).fetch(url));
    expect(error).toMatchObject({ code: 'TIMEOUT', permanent: false });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out a server that never answers', async () => {
    const url = route('/silent', () => undefined);
    const error = await fetchError(client({ totalTimeoutMs: 200 }).fetch(url));
    expect(error.code).toBe('TIMEOUT');
  });

  it('rejects with the caller abort reason', async () => {
    const url = route('/hang', () => undefined);
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    await expect(client().fetch(url, { signal: controller.signal })).rejects.toBe(reason);
  });

  it.each([['ftp://example.com/feed'], ['file:///etc/passwd'], ['not a url']])(
    'refuses %s as INVALID_URL',
    async (url) => {
      const error = await fetchError(client().fetch(url));
      expect(error).toMatchObject({ code: 'INVALID_URL', permanent: true });
    },
  );

  it('refuses a redirect to an unsupported scheme', async () => {
    const url = route('/to-file', (_req, res) =>
      res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    );
    const error = await fetchError(client().fetch(url));
    expect(error.code).toBe('INVALID_URL');
  });

  it('reports a refused connection as a transient NETWORK error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetchError(client().fetch(`http://127.0.0.1:${closedPort}/`));
    expect(error).toMatchObject({ code: 'NETWORK', permanent: false });
    expect(transientFailureHost(error)).toBe(`127.0.0.1:${closedPort}`);
  });

  it('names the host a transient failure waits on, and none for a permanent one', async () => {
    const busy = route('/busy-host', (_req, res) => res.writeHead(503).end());
    const gone = route('/gone-host', (_req, res) => res.writeHead(410).end());
    expect(transientFailureHost(await fetchError(client().fetch(busy)))).toBe(`127.0.0.1:${port}`);
    expect(transientFailureHost(await fetchError(client().fetch(gone)))).toBeUndefined();
    expect(transientFailureHost(new Error('ECONNRESET'))).toBeUndefined();
  });
});

describe('SSRF guard', () => {
  it.each([
    ['an IP literal', () => `${base}/feed`],
    ['a name resolving to loopback', () => `http://localhost:${port}/feed`],
    ['an IPv6 literal', () => `http://[::1]:${port}/feed`],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a decimal IPv4 host', () => `http://2130706433:${port}/feed`],
  ])('refuses %s when private networks are not allowed', async (_name, target) => {
    route('/feed', (_req, res) => res.writeHead(200).end(FEED));
    const error = await fetchError(client({ allowPrivateNetworks: false }).fetch(target()));
    expect(error).toMatchObject({ code: 'BLOCKED_ADDRESS', permanent: true });
    expect(error.message).toMatch(/non-public/);
    expect(seen).toHaveLength(0);
  });

  // Stands in for a public server: admits only the test server's own address.
  class OnlyTestServer extends HttpClient {
    protected override isAllowedAddress(address: string): boolean {
      return address === '127.0.0.1';
    }
  }

  function guarded(): HttpClient {
    const created = new OnlyTestServer({
      userAgent: USER_AGENT,
      allowPrivateNetworks: false,
      allowedPorts: 'any',
    });
    clients.push(created);
    return created;
  }

  it('fetches an allowed address', async () => {
    const url = route('/feed', (_req, res) => res.writeHead(200).end(FEED));
    const result = await guarded().fetch(url);
    expect(result.kind).toBe('ok');
  });

  it.each([
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['an IPv6 loopback literal', 'http://[::1]/'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.2]/'],
    ['a private LAN address', 'http://192.168.0.1/admin'],
    ['NAT64 of the metadata service', 'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/'],
    ['6to4 of a private address', 'http://[2002:a00:1::]/'],
    ['Teredo with a loopback client', 'http://[2001:0:808:808::80ff:fffe]/'],
    ['an IPv4-compatible loopback', 'http://[::127.0.0.1]/'],
  ])('re-checks every redirect hop: refuses a redirect to %s', async (_name, location) => {
    const url = route('/evil', (_req, res) => res.writeHead(302, { location }).end());
    const error = await fetchError(guarded().fetch(url));
    expect(error).toMatchObject({ code: 'BLOCKED_ADDRESS', url: new URL(location).href });
    expect(seen).toHaveLength(1);
  });

  /** Answers DNS from a table, and admits `admit` besides the production policy. */
  class FakeDns extends HttpClient {
    constructor(
      private readonly answers: Record<string, string[]>,
      private readonly admit?: string,
    ) {
      super({ userAgent: USER_AGENT, allowPrivateNetworks: false, allowedPorts: 'any' });
      clients.push(this);
    }
    protected override resolve(hostname: string): Promise<LookupAddress[]> {
      const found = this.answers[hostname] ?? [];
      return Promise.resolve(found.map((address) => ({ address, family: isIP(address) })));
    }
    protected override isAllowedAddress(address: string): boolean {
      return address === this.admit || super.isAllowedAddress(address);
    }
  }

  it('names the kinds of address a refused host resolves to, never the addresses', async () => {
    const answers = ['10.20.30.40', 'fd12:3456::7', '64:ff9b::a9fe:a9fe', '2002:7f00:1::1'];
    const error = await fetchError(
      new FakeDns({ 'intranet.test': answers }).fetch('http://intranet.test/feed'),
    );
    expect(error).toMatchObject({ code: 'BLOCKED_ADDRESS', permanent: true });
    expect(error.message).toBe(
      'intranet.test resolves only to non-public addresses (private, unique-local, link-local, loopback)',
    );
    for (const address of [...answers, '10.20', 'fd12', 'a9fe', '169.254', '2002', '127.0.0.1']) {
      expect(error.message).not.toContain(address);
    }
  });

  it('keeps the real resolver answers for localhost out of the message', async () => {
    route('/feed', (_req, res) => res.writeHead(200).end(FEED));
    const error = await fetchError(
      client({ allowPrivateNetworks: false }).fetch(`http://localhost:${port}/feed`),
    );
    expect(error.message).toMatch(/^localhost resolves only to non-public addresses \((loopback(, )?)+\)$/);
    expect(error.message).not.toMatch(/127\.0\.0\.1|::1/);
    expect(seen).toHaveLength(0);
  });

  it('connects to the allowed answer of a name that also resolves to a private address', async () => {
    route('/feed', (_req, res) => res.writeHead(200).end(FEED));
    const dns = new FakeDns({ 'news.test': ['10.0.0.1', '127.0.0.1'] }, '127.0.0.1');
    const result = await dns.fetch(`http://news.test:${port}/feed`);
    expect(result.kind).toBe('ok');
    expect(seen).toHaveLength(1);
  });
});

describe('port policy', () => {
  it('fetches ports 80 and 443 only by default, even with private networks allowed', async () => {
    route('/feed', (_req, res) => res.writeHead(200).end(FEED));
    const error = await fetchError(client({ allowedPorts: undefined }).fetch(`${base}/feed`));
    expect(error).toMatchObject({ code: 'BLOCKED_PORT', permanent: true, url: `${base}/feed` });
    expect(error.message).toBe(
      `refusing to connect to port ${port}: only 80, 443 and ALLOWED_PORTS are fetched`,
    );
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['SMTP', 'http://127.0.0.1:25/'],
    ['Redis', 'http://127.0.0.1:6379/'],
    ['Redis over https', 'https://127.0.0.1:6379/'],
    ['a named host', 'http://cache.internal.test:6379/'],
  ])('refuses %s before connecting', async (_name, url) => {
    const error = await fetchError(client({ allowedPorts: undefined }).fetch(url));
    expect(error).toMatchObject({ code: 'BLOCKED_PORT', permanent: true });
  });

  it.each([
    ['http on 80', 'http://127.0.0.1/'],
    ['http naming 443', 'http://127.0.0.1:443/'],
    ['https on 443', 'https://127.0.0.1/'],
    ['https naming 80', 'https://127.0.0.1:80/'],
  ])('lets %s through to the address policy', async (_name, url) => {
    const error = await fetchError(
      client({ allowPrivateNetworks: false, allowedPorts: undefined }).fetch(url),
    );
    expect(error.code).toBe('BLOCKED_ADDRESS');
  });

  it('fetches a port ALLOWED_PORTS lists', async () => {
    const url = route('/feed', (_req, res) => res.writeHead(200).end(FEED));
    expect((await client({ allowedPorts: [port] }).fetch(url)).kind).toBe('ok');
  });

  it('checks every redirect hop: refuses a redirect to a port not allowed', async () => {
    const location = 'http://127.0.0.1:6379/';
    const url = route('/evil', (_req, res) => res.writeHead(301, { location }).end());
    const error = await fetchError(client({ allowedPorts: [port] }).fetch(url));
    expect(error).toMatchObject({ code: 'BLOCKED_PORT', permanent: true, url: location });
    expect(seen).toHaveLength(1);
  });

  it('follows a redirect to an allowed port', async () => {
    const url = route('/moved', (_req, res) => res.writeHead(302, { location: `${base}/feed` }).end());
    route('/feed', (_req, res) => res.writeHead(200).end(FEED));
    const result = await client({ allowedPorts: [port] }).fetch(url);
    expect(result).toMatchObject({ kind: 'ok', url: `${base}/feed` });
  });
});
