import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackends, type TestBackends } from './test-support';

const ADMIN_TOKEN = 'walk-admin-token';
const SEARCH_TOKEN = 'walk-search-token';

/**
 * Routes anyone may call: probes and Prometheus, the API's documentation
 * (the document and its rendering), and the web app's page and files (they
 * hold no data: the page asks the read routes, with the analyst's token).
 * Keep it this short; every other route needs a token.
 */
const PUBLIC = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json', '/', '/assets/:name']);
const isPublic = (url: string) => PUBLIC.has(url) || url === '/docs' || url.startsWith('/docs/');
/** Routes that read articles: the read token opens them (and the admin token); every other route takes the admin token only. */
const READ = new Set([
  '/v1/search',
  '/v1/articles/:id',
  '/v1/stories/:id',
  '/v1/saved-searches',
  '/v1/saved-searches/:id',
  // Also opened by the saved search's own ?key= (saved-searches.test.ts checks which key).
  '/v1/saved-searches/:id/feed.atom',
  '/v1/stream',
]);

interface Route {
  method: string;
  url: string;
}

/**
 * A request for a route with every parameter, query and body wrong: without
 * the token the answer must still be 401, never a 400 that teaches the schema.
 */
function badRequestFor(route: Route, headers: Record<string, string> = {}) {
  return {
    method: route.method as HTTPMethods,
    url: `${route.url.replace(/:\w+/g, 'not-an-id').replace('*', 'x')}?limit=100000&sort=random&x=1`,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) ? { payload: '{"url":42,"ids":"x"}' } : {}),
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (password: string) => ({
  authorization: `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`,
});

describe("every route's access, from the route table", () => {
  let backends: TestBackends;
  let app: ReturnType<TestBackends['app']>;
  const routes: Route[] = [];

  beforeAll(async () => {
    backends = await startTestBackends();
    app = backends.app({ adminToken: ADMIN_TOKEN, searchToken: SEARCH_TOKEN });
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await backends?.close();
  });

  it('finds the routes, public, read and admin alike', () => {
    const urls = new Set(routes.map((r) => r.url));
    for (const url of [...PUBLIC, ...READ, '/v1/feeds', '/status', '/admin/queues', '/docs'])
      expect(urls).toContain(url);
    expect(routes.length).toBeGreaterThan(50);
  });

  it('refuses every route without the token it needs, with both tokens set, before validating anything', async () => {
    const wrong: string[] = [];
    const expect401 = async (route: Route, label: string, headers: Record<string, string>) => {
      const res = await app.inject(badRequestFor(route, headers));
      if (res.statusCode !== 401) wrong.push(`${route.method} ${route.url} ${label}: ${res.statusCode}`);
    };
    for (const route of routes) {
      if (isPublic(route.url)) continue;
      await expect401(route, 'without credentials', {});
      await expect401(route, 'with a wrong Bearer token', bearer('wrong'));
      await expect401(route, 'with a wrong Basic password', basic('wrong'));
      if (!READ.has(route.url)) {
        await expect401(route, 'with the read token', bearer(SEARCH_TOKEN));
        await expect401(route, 'with the read token as Basic password', basic(SEARCH_TOKEN));
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets the right token through on every route, and anyone through to the public ones', async () => {
    const refused: string[] = [];
    for (const route of routes) {
      const token = isPublic(route.url) ? undefined : READ.has(route.url) ? SEARCH_TOKEN : ADMIN_TOKEN;
      const res = await app.inject(badRequestFor(route, token ? bearer(token) : {}));
      if (res.statusCode === 401) refused.push(`${route.method} ${route.url}`);
    }
    expect(refused).toEqual([]);
  });

  it('answers an unauthenticated request with invalid input 401, not 400', async () => {
    const invalidFeed = { method: 'POST' as const, url: '/v1/feeds', payload: { url: 'not a url' } };
    expect((await app.inject(invalidFeed)).statusCode).toBe(401);
    expect((await app.inject({ ...invalidFeed, headers: bearer(ADMIN_TOKEN) })).statusCode).toBe(400);
    const invalidSearch = { method: 'GET' as const, url: '/v1/search?limit=1000' };
    expect((await app.inject(invalidSearch)).json()).toMatchObject({ error: 'Unauthorized' });
    expect((await app.inject({ ...invalidSearch, headers: bearer(SEARCH_TOKEN) })).json()).toMatchObject({
      error: 'Bad Request',
      field: 'limit',
    });
  });

  it('gives every HTML page a policy against framing, nosniff and no referrer, and nosniff everywhere', async () => {
    const pages: string[] = [];
    const missing: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await app.inject(badRequestFor(route, bearer(ADMIN_TOKEN)));
      const where = `${route.url} (${res.statusCode})`;
      if (res.headers['x-content-type-options'] !== 'nosniff') missing.push(`${where}: nosniff`);
      if (!String(res.headers['content-type']).startsWith('text/html')) continue;
      pages.push(route.url);
      if (!/(^|;)\s*frame-ancestors 'none'/.test(String(res.headers['content-security-policy'])))
        missing.push(`${where}: frame-ancestors`);
      if (res.headers['x-frame-options'] !== 'DENY') missing.push(`${where}: x-frame-options`);
      if (res.headers['referrer-policy'] !== 'no-referrer') missing.push(`${where}: referrer-policy`);
    }
    expect(missing).toEqual([]);
    // The status page and the queue board's pages, at least: the check above was not empty.
    expect(pages).toContain('/status');
    expect(pages).toContain('/admin/queues');
    const notFound = await app.inject({ method: 'GET', url: '/nope' });
    expect(notFound.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('a route without a declared auth', () => {
  let backends: TestBackends;
  beforeAll(async () => {
    backends = await startTestBackends();
  }, 120_000);
  afterAll(async () => {
    await backends?.close();
  });

  it('stops the API from starting, named', async () => {
    for (const add of [
      (app: ReturnType<TestBackends['app']>) => app.get('/v1/forgotten', async () => 'open'),
      (app: ReturnType<TestBackends['app']>) =>
        app.register(async (scope) => {
          scope.post('/v1/forgotten', { config: {} }, async () => 'open');
        }),
    ]) {
      const app = backends.app({ adminToken: ADMIN_TOKEN });
      add(app);
      await expect(app.ready()).rejects.toThrow(/routes without config\.auth.*\/v1\/forgotten/);
      await app.close();
    }
  });
});

describe('the rate limit behind a reverse proxy (TRUST_PROXY)', () => {
  let backends: TestBackends;
  beforeAll(async () => {
    backends = await startTestBackends();
  }, 120_000);
  afterAll(async () => {
    await backends?.close();
  });

  /** Statuses of three requests from client A, then one from client B, both through a proxy on 127.0.0.1. */
  async function twoClients(trustProxy: boolean | string[]) {
    const app = backends.app({ rateLimitPerMinute: 2, trustProxy });
    try {
      const from = (client: string) =>
        app
          .inject({ method: 'GET', url: '/v1/search?q=cranes', headers: { 'x-forwarded-for': client } })
          .then((r) => r.statusCode);
      const a = [await from('203.0.113.1'), await from('203.0.113.1'), await from('203.0.113.1')];
      return { a, b: await from('203.0.113.2') };
    } finally {
      await app.close();
    }
  }

  it('counts each client apart when the proxy is trusted', async () => {
    expect(await twoClients(['127.0.0.1'])).toEqual({ a: [200, 200, 429], b: 200 });
  });

  it('counts the proxy as one client when it is not (the default)', async () => {
    expect(await twoClients(false)).toEqual({ a: [200, 200, 429], b: 429 });
  });

  it('counts refused requests too, so that tokens cannot be guessed at full speed', async () => {
    const app = backends.app({ rateLimitPerMinute: 2, adminToken: ADMIN_TOKEN });
    try {
      const guess = (token: string) =>
        app.inject({ method: 'GET', url: '/v1/feeds', headers: bearer(token) }).then((r) => r.statusCode);
      expect([await guess('a'), await guess('b'), await guess(ADMIN_TOKEN)]).toEqual([401, 401, 429]);
    } finally {
      await app.close();
    }
  });
});
