import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ApiUnreachableError, createTidingsClient, isAbort, ok } from './index';

/**
 * The client's own behaviour against a stand-in server on loopback: the
 * token it sends, how it encodes queries and text bodies, how errors come
 * out. The real API is exercised through the CLI's end-to-end tests.
 */
describe('createTidingsClient', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ method?: string; url?: string; authorization?: string; type?: string; body: string }> =
    [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen.push({
          method: request.method,
          url: request.url,
          authorization: request.headers.authorization,
          type: request.headers['content-type'],
          body,
        });
        if (request.headers.authorization !== 'Bearer right') {
          response.writeHead(401, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'Unauthorized', message: 'missing or wrong token' }));
        } else if (request.url?.startsWith('/v1/dead-letters')) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ deadLetters: [], total: 0 }));
        } else {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ added: 1, skipped: 0, invalid: [] }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the token as a Bearer token and the query as typed', async () => {
    const api = createTidingsClient(base, 'right');
    const page = await ok(api.GET('/v1/dead-letters', { params: { query: { queue: 'index', limit: 5 } } }));
    expect(page).toEqual({ deadLetters: [], total: 0 });
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/v1/dead-letters?queue=index&limit=5',
      authorization: 'Bearer right',
    });
  });

  it('asks a token function before each request, and sends nothing when it has none', async () => {
    let token: string | null = null;
    const api = createTidingsClient(base, () => token);
    await expect(ok(api.GET('/v1/feeds'))).rejects.toMatchObject({ status: 401 });
    expect(seen.at(-1)?.authorization).toBeUndefined();
    token = 'right';
    await ok(api.GET('/v1/dead-letters'));
    expect(seen.at(-1)?.authorization).toBe('Bearer right');
  });

  it('rejects an aborted call with the AbortError itself, not as an API that did not answer', async () => {
    const api = createTidingsClient(base, 'right');
    const controller = new AbortController();
    controller.abort();
    const failed = api.GET('/v1/dead-letters', { signal: controller.signal });
    await expect(failed).rejects.toMatchObject({ name: 'AbortError' });
    await expect(failed).rejects.not.toBeInstanceOf(ApiUnreachableError);
    expect(isAbort(await failed.catch((err: unknown) => err))).toBe(true);
  });

  it('sends a text body as it is, under its own media type', async () => {
    const api = createTidingsClient(base, 'right');
    const opml = '<opml version="2.0"><body/></opml>';
    await ok(
      api.POST('/v1/feeds/import', {
        body: opml,
        bodySerializer: (body) => body,
        headers: { 'content-type': 'text/xml' },
      }),
    );
    expect(seen.at(-1)).toMatchObject({ method: 'POST', type: 'text/xml', body: opml });
  });

  it("turns an error answer into an ApiError with the API's message", async () => {
    const api = createTidingsClient(base, 'wrong');
    const failed = ok(api.GET('/v1/feeds'));
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toMatchObject({
      status: 401,
      body: { error: 'Unauthorized' },
      message: '/v1/feeds failed: 401 missing or wrong token',
    });
  });

  it('says which API did not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failed = createTidingsClient(url).GET('/healthz');
    await expect(failed).rejects.toBeInstanceOf(ApiUnreachableError);
    await expect(failed).rejects.toThrow(new RegExp(`^the API at ${url} did not answer \\(.*ECONNREFUSED`));
  });
});
