import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMeiliClient } from './client';

describe('createMeiliClient', () => {
  // Compressed responses cost every kept-alive search ~44 ms here; see client.ts.
  it('asks Meilisearch for uncompressed responses and sends the key', async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers['accept-encoding'], req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"available"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await createMeiliClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'k3y').health();
      expect(seen).toEqual(['identity', 'Bearer k3y']);
    } finally {
      server.close();
    }
  });
});
