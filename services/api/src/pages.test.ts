import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackends, type TestBackends } from './test-support';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'pages-admin-token';

// CI installs Chromium from Debian (see .ci/run); a machine without it skips, CI never does.
const browserThere = existsSync(CHROMIUM);
if (!browserThere && process.env.CI) throw new Error(`CI needs ${CHROMIUM} (apt-get install chromium)`);

/**
 * The admin pages under their security headers, in a real browser: the
 * policies must not break them (a refused inline style or script shows up as
 * a console error), and must stop them being framed.
 */
describe.runIf(browserThere)('admin pages in headless Chromium', () => {
  let backends: TestBackends;
  let app: ReturnType<TestBackends['app']>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    backends = await startTestBackends();
    app = backends.app({ adminToken: TOKEN });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await backends?.close();
  });

  /** A page logged in as the operator, recording every console complaint, failed request and error answer. */
  async function operatorPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ httpCredentials: { username: 'ops', password: TOKEN } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    return { page, problems };
  }

  it('draws the status page under its policy, without a console error', async () => {
    const { page, problems } = await operatorPage();
    expect((await page.goto(`${base}/status`))?.status()).toBe(200);
    await page.locator('body[data-updated]').waitFor({ timeout: 20_000 });
    expect(await page.locator('#queues tbody tr').count()).toBe(5);
    await page.context().close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('draws the queue board under its policy, without a console error', async () => {
    const { page, problems } = await operatorPage();
    expect((await page.goto(`${base}/admin/queues`))?.status()).toBe(200);
    for (const queue of ['feeds', 'articles', 'index', 'matches', 'webhooks'])
      await page.getByRole('link', { name: queue, exact: false }).first().waitFor({ timeout: 20_000 });
    await page.context().close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('draws the API documentation (Swagger UI, every file local) under its policy, without a console error', async () => {
    const { page, problems } = await operatorPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:'))
        elsewhere.push(request.url());
    });
    expect((await page.goto(`${base}/docs`))?.status()).toBe(200);
    await page.getByText('Tidings API').first().waitFor({ timeout: 20_000 });
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    // Every operation of the document is drawn.
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(16);
    await page.context().close();
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  }, 60_000);

  it('refuses to be framed by another site, even while the browser holds the credentials', async () => {
    const { page, problems } = await operatorPage();
    // The operator has the board open: the browser now sends the Basic credentials by itself...
    await page.goto(`${base}/admin/queues`);
    // ...also when another site frames the admin pages (clickjacking): here a server on another port,
    // on this machine too, or Chromium would refuse its frames for reaching a local address anyway.
    const attacker = createServer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<iframe src="${base}/admin/queues"></iframe><iframe src="${base}/status"></iframe>`),
    );
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const [board, status] = await Promise.all([
        page.waitForResponse(`${base}/admin/queues`),
        page.waitForResponse(`${base}/status`),
        page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`),
      ]);
      // Both pages were served, the credentials sent along, and the browser would not show them.
      expect([board.status(), status.status()]).toEqual([200, 200]);
    } finally {
      attacker.close();
    }
    await expect
      .poll(() => problems.filter((p) => p.includes("frame-ancestors 'none'")).length, { timeout: 10_000 })
      .toBe(2);
    await page.context().close();
  }, 60_000);
});
