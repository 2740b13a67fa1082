import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from './client';
import { FetchError } from './errors';

const USER_AGENT = 'TidingsTest/1.0 (+https://example.invalid)';

let server: Server;
let base: string;
let answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
const received: Array<{ method?: string; headers: IncomingMessage['headers']; body: string }> = [];
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  received.length = 0;
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.closeAllConnections();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const made = new HttpClient({
    userAgent: USER_AGENT,
    allowPrivateNetworks: true,
    allowedPorts: 'any',
    ...overrides,
  });
  clients.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

describe('HttpClient.post (webhooks)', () => {
  it('sends the body and headers once and resolves with a 2xx status', async () => {
    answer = (_req, res) => res.writeHead(202).end('a body nobody reads');
    const result = await client().post(`${base}/hook`, '{"a":1}', {
      headers: { 'content-type': 'application/json', 'x-signature': 'sig' },
    });
    expect(result).toEqual({ status: 202 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json', 'x-signature': 'sig', 'user-agent': USER_AGENT },
    });
  });

  it('fails transiently on 5xx, 408 and 429, with the Retry-After asked for', async () => {
    for (const status of [500, 503, 408, 429]) {
      answer = (_req, res) => res.writeHead(status, { 'retry-after': '7' }).end();
      const err = await failure(client().post(`${base}/hook`, '{}'));
      expect(err).toMatchObject({ code: 'HTTP_STATUS', status, permanent: false, retryAfterSeconds: 7 });
    }
  });

  it('fails for good on other 4xx, and on a redirect, which it does not follow', async () => {
    answer = (_req, res) => res.writeHead(410).end();
    expect(await failure(client().post(`${base}/hook`, '{}'))).toMatchObject({
      status: 410,
      permanent: true,
    });
    received.length = 0;
    answer = (_req, res) => res.writeHead(307, { location: `${base}/elsewhere` }).end();
    expect(await failure(client().post(`${base}/hook`, '{}'))).toMatchObject({
      status: 307,
      permanent: true,
    });
    expect(received.map((r) => r.method)).toEqual(['POST']);
  });

  it('keeps the SSRF guard and the port policy: loopback and unlisted ports are refused before connecting', async () => {
    const guarded = client({ allowPrivateNetworks: false });
    expect(await failure(guarded.post(`${base}/hook`, '{}'))).toMatchObject({
      code: 'BLOCKED_ADDRESS',
      permanent: true,
    });
    const ports = client({ allowedPorts: [] });
    expect(await failure(ports.post(`${base}/hook`, '{}'))).toMatchObject({
      code: 'BLOCKED_PORT',
      permanent: true,
    });
    expect(await failure(client().post('ftp://example.com/hook', '{}'))).toMatchObject({
      code: 'INVALID_URL',
    });
    expect(received).toHaveLength(0);
  });

  it('gives up at its deadline, transiently', async () => {
    answer = () => undefined; // never answers
    const err = await failure(client({ totalTimeoutMs: 200 }).post(`${base}/hook`, '{}'));
    expect(err).toMatchObject({ code: 'TIMEOUT', permanent: false });
  });
});
