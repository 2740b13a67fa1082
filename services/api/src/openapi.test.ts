import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { SearchPool, SearchQuery, searchArticles } from '@tidings/search';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentationProblems, type OpenApiDocument } from './documentation-problems';
import { COMMITTED_DOCUMENT, documentText, SECURITY } from './openapi';
import { DOCS_CSP } from './routes/docs';
import { testArticle as doc, startTestBackends, type TestBackends } from './test-support';

const ADMIN_TOKEN = 'openapi-admin-token';
const SEARCH_TOKEN = 'openapi-search-token';

interface Operation {
  summary?: string;
  security?: unknown;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}
type Document = OpenApiDocument & {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

/** Every `$ref` in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

describe('the OpenAPI document', () => {
  let backends: TestBackends;
  let app: ReturnType<TestBackends['app']>;
  let document: Document;
  let documentJson: string;

  beforeAll(async () => {
    backends = await startTestBackends();
    app = backends.app({ adminToken: ADMIN_TOKEN, searchToken: SEARCH_TOKEN });
    await app.ready();
    // Public, like the docs page: no token.
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    documentJson = res.body;
    document = JSON.parse(documentJson);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await backends?.close();
  });

  it('is a valid OpenAPI 3.1 document, every $ref resolving', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(documentJson));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    const unresolved = refsIn(document).filter(
      (ref) => !(ref.replace('#/components/schemas/', '') in document.components.schemas),
    );
    expect(unresolved).toEqual([]);
  });

  it('documents every route of the API: summary, parameters, answers, errors and auth', () => {
    expect(documentationProblems(document, app.declaredRoutes)).toEqual([]);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/',
      '/assets/{name}',
      '/healthz',
      '/metrics',
      '/readyz',
      '/v1/articles/{id}',
      '/v1/dead-letters',
      '/v1/dead-letters/replay',
      '/v1/feeds',
      '/v1/feeds/export',
      '/v1/feeds/import',
      '/v1/feeds/{id}',
      '/v1/feeds/{id}/poll',
      '/v1/feeds/{id}/resume',
      '/v1/saved-searches',
      '/v1/saved-searches/{id}',
      '/v1/saved-searches/{id}/feed.atom',
      '/v1/search',
      '/v1/stories/{id}',
      '/v1/stream',
    ]);
  });

  it('names the shared schemas as components, with no unused one', () => {
    expect(Object.keys(document.components.schemas).sort()).toEqual([
      'Article',
      'DeadLetter',
      'DeadLetterPage',
      'Error',
      'Feed',
      'FeedImport',
      'FeedList',
      'NewSavedSearchInput',
      'Readiness',
      'Replayed',
      'SavedSearch',
      'SavedSearchList',
      'SavedSearchPatchInput',
      'SavedSearchWithSecrets',
      'SearchHit',
      'SearchResult',
      'Story',
      'StoryArticle',
    ]);
    const search = document.paths['/v1/search']!.get!;
    expect(search.responses['200']!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/SearchResult',
    });
    expect(search.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'source', 'from', 'to', 'sort', 'limit', 'offset', 'facets', 'collapse']),
    );
    expect(refsIn(document.paths['/v1/feeds/{id}']!.get!.responses['404'])).toEqual([
      '#/components/schemas/Error',
    ]);
  });

  it("gives each operation the security of its route's config.auth, and the errors the app answers", () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'adminBasic',
      'adminToken',
      'feedKey',
      'readToken',
    ]);
    const search = document.paths['/v1/search']!.get!;
    expect(search.security).toEqual(SECURITY.read);
    expect(Object.keys(search.responses).sort()).toEqual(['200', '400', '401', '429']);
    const addFeed = document.paths['/v1/feeds']!.post!;
    expect(addFeed.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(addFeed.responses).sort()).toEqual(['200', '201', '400', '401', '413', '415', '429']);
    const health = document.paths['/healthz']!.get!;
    expect(health.security).toEqual([]);
    expect(Object.keys(health.responses)).toEqual(['200']);
  });

  it('documents the text routes under their own media types', () => {
    expect(Object.keys(document.paths['/v1/feeds/import']!.post!.requestBody!.content).sort()).toEqual([
      'application/x-opml+xml',
      'application/xml',
      'text/x-opml',
      'text/xml',
    ]);
    expect(Object.keys(document.paths['/v1/feeds/export']!.get!.responses['200']!.content!)).toEqual([
      'text/x-opml',
    ]);
    expect(Object.keys(document.paths['/metrics']!.get!.responses['200']!.content!)).toEqual(['text/plain']);
    expect(document.paths['/v1/feeds/{id}']!.delete!.responses['204']!.content).toBeUndefined();
    const feed = document.paths['/v1/saved-searches/{id}/feed.atom']!.get!;
    expect(Object.keys(feed.responses['200']!.content!)).toEqual(['application/atom+xml']);
    expect(feed.security).toEqual(SECURITY['read-or-key']);
    const stream = document.paths['/v1/stream']!.get!;
    expect(Object.keys(stream.responses['200']!.content!)).toEqual(['text/event-stream']);
    expect(stream.security).toEqual([{ readToken: [] }, { adminToken: [] }, { feedKey: [] }]);
  });

  it('finds what a route leaves undocumented, and a route hidden from the document that is not a page', async () => {
    const careless = backends.app({ adminToken: ADMIN_TOKEN });
    careless.register(async (scope) => {
      scope.get('/v1/undocumented/:id', { config: { auth: 'read' } }, async () => ({}));
      scope.get('/v1/hidden', { config: { auth: 'admin' }, schema: { hide: true } }, async () => ({}));
    });
    await careless.ready();
    try {
      const served = (await careless.inject({ method: 'GET', url: '/openapi.json' })).json() as Document;
      expect(documentationProblems(served, careless.declaredRoutes)).toEqual([
        'GET /v1/undocumented/:id: no summary',
        'GET /v1/undocumented/:id: answer 200 not described',
        'GET /v1/undocumented/:id: answer 200 has no schema',
        'GET /v1/undocumented/:id: needs a token but documents no 401',
        'GET /v1/hidden: hidden, but it is neither a page nor the documentation',
      ]);
    } finally {
      await careless.close();
    }

    const tampered = structuredClone(document);
    delete tampered.paths['/v1/search']!.get!.summary;
    delete tampered.paths['/v1/articles/{id}']!.get!.responses['200']!.content;
    tampered.paths['/v1/stories/{id}']!.get!.parameters = [];
    tampered.paths['/v1/feeds']!.get!.security = SECURITY.read;
    delete tampered.paths['/v1/dead-letters']!.get!.responses['400'];
    delete tampered.paths['/healthz'];
    expect(documentationProblems(tampered, app.declaredRoutes)).toEqual([
      'GET /healthz: not in the document',
      'GET /v1/search: no summary',
      'GET /v1/articles/:id: answer 200 has no schema',
      'GET /v1/stories/:id: path parameter id not documented',
      'GET /v1/dead-letters: validates its input but documents no 400',
      `GET /v1/feeds: documented security ${JSON.stringify(SECURITY.read)}, but config.auth is admin`,
    ]);
  });

  it('is the document committed for the typed client (else run `pnpm openapi`)', () => {
    expect(readFileSync(COMMITTED_DOCUMENT, 'utf8')).toBe(documentText(document));
  });

  it('answers through the response schemas without dropping a field', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/search?q=cranes&facets=source,language,person,place,org,day',
      headers: { authorization: `Bearer ${SEARCH_TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    const pool = new SearchPool(backends.meiliServer.url, backends.searchKey);
    const direct = await searchArticles(
      pool,
      'articles',
      SearchQuery.parse({ q: 'cranes', facets: 'source,language,person,place,org,day' }),
    ).finally(() => pool.close());
    const { processingTimeMs: _served, ...served } = res.json();
    const { processingTimeMs: _direct, ...expected } = JSON.parse(JSON.stringify(direct));
    expect(served).toEqual(expected);
    expect(served.hits).toHaveLength(1);

    const article = await app.inject({
      method: 'GET',
      url: `/v1/articles/${doc.id}`,
      headers: { authorization: `Bearer ${SEARCH_TOKEN}` },
    });
    expect(article.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('renders the document for people at /docs, under its own policy', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Tidings API</title>');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(page.body).not.toMatch(/https?:\/\//);
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).json()).toEqual(document);
  });
});
