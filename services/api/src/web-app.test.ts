import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_APP_CSP } from './routes/web-app';
import { startTestBackends, type TestBackends } from './test-support';

/**
 * How the API serves the analysts' web app, on a stand-in build (the real
 * one is driven in a browser by apps/web's own test): the page and its files
 * are public while the data stays behind the read token, the page carries
 * its policy, the files are cached for good, and a missing build says so.
 */
describe('the web app at /', () => {
  let backends: TestBackends;
  let built: string;
  let empty: string;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

  beforeAll(async () => {
    backends = await startTestBackends();
    built = mkdtempSync(join(tmpdir(), 'tidings-web-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(
      join(built, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>',
    );
    writeFileSync(join(built, 'assets', 'app-1a2b.js'), script);
    empty = mkdtempSync(join(tmpdir(), 'tidings-web-empty-'));
  }, 120_000);
  afterAll(async () => {
    await backends?.close();
    rmSync(built, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  const dir = (path: string) => pathToFileURL(`${path}/`);

  it('serves the page and its files without a token, the data only with one', async () => {
    const app = backends.app({
      webAppDirs: [dir(empty), dir(built)],
      adminToken: 'web-admin',
      searchToken: 'web-reader',
    });
    try {
      const page = await app.inject({ url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).toContain('/assets/app-1a2b.js');
      // The same page with its query string: the app's state is in it.
      expect((await app.inject({ url: '/?q=harbour&source=a.example' })).statusCode).toBe(200);
      const file = await app.inject({ url: '/assets/app-1a2b.js' });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(file.body).toBe(script);
      expect((await app.inject({ url: '/v1/search?q=harbour' })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it("puts the page under the app's policy: own files only, no inline code, never framed", async () => {
    const app = backends.app({ webAppDirs: [dir(built)] });
    try {
      const page = await app.inject({ url: '/' });
      expect(page.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(WEB_APP_CSP).toContain("script-src 'self'");
      expect(WEB_APP_CSP).not.toContain('unsafe-inline');
      expect(WEB_APP_CSP).toContain("frame-ancestors 'none'");
      expect(page.headers).toMatchObject({ 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    } finally {
      await app.close();
    }
  });

  it('gzips text for clients that take it', async () => {
    const app = backends.app({ webAppDirs: [dir(built)] });
    try {
      const res = await app.inject({
        url: '/assets/app-1a2b.js',
        headers: { 'accept-encoding': 'gzip, br' },
      });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers.vary).toBe('accept-encoding');
      expect(gunzipSync(res.rawPayload).toString()).toBe(script);
    } finally {
      await app.close();
    }
  });

  it('answers 404 for a file the build does not have, whatever the name tries', async () => {
    const app = backends.app({ webAppDirs: [dir(built)] });
    try {
      for (const url of [
        '/assets/nope.js',
        '/assets/..%2Findex.html',
        '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      ])
        expect((await app.inject({ url })).statusCode, url).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('says the app is not built, and keeps every other route, when there is no build', async () => {
    const app = backends.app({ webAppDirs: [dir(empty)] });
    try {
      const res = await app.inject({ url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('pnpm build');
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/v1/search?q=harbour' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
