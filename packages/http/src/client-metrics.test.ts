import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './index';

describe('HttpClient onFetched', () => {
  const server = createServer((req, res) => {
    if (req.url === '/ok') return void res.end('ok');
    if (req.url === '/same') return void res.writeHead(304).end();
    res.writeHead(req.url === '/down' ? 503 : 404).end();
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reports each fetch by status class or error code', async () => {
    const outcomes: string[] = [];
    const client = new HttpClient({
      userAgent: 't',
      allowPrivateNetworks: true,
      allowedPorts: 'any',
      onFetched: (o) => outcomes.push(o),
    });
    await client.fetch(`${base}/ok`);
    await client.fetch(`${base}/same`, { etag: '"x"' });
    await client.fetch(`${base}/missing`).catch(() => {});
    await client.fetch(`${base}/down`).catch(() => {});
    await client.fetch('ftp://x.test/').catch(() => {});
    await client.close();
    expect(outcomes).toEqual(['2xx', '3xx', '4xx', '5xx', 'INVALID_URL']);
  });
});
