import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueueName } from '@tidings/contracts';
import { freePort, metricsPortOf, SERVICES } from '@tidings/servers';
import { type Newsroom, startNewsroom, waitFor } from '@tidings/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freeRun, stackEnv } from './test-stack';

const TOKEN = 'observability-admin-token';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = new URL('../dist/tidings.js', import.meta.url).pathname;
const PROMETHEUS = '/usr/bin/prometheus';
const CHROMIUM = '/usr/bin/chromium';
/** Where the status page's screenshot is kept (gitignored); CI leaves it for people to look at. */
const SCREENSHOT = join(root, 'test-results', 'status-page.png');

// CI installs Prometheus and Chromium from Debian (see .ci/run); a laptop without them skips, CI never does.
const tools = existsSync(PROMETHEUS) && existsSync(CHROMIUM);
if (!tools && process.env.CI)
  throw new Error(`CI needs ${PROMETHEUS} and ${CHROMIUM} (apt-get install prometheus chromium)`);

/**
 * The stack as `pnpm start` runs it, watched the way operators watch it: a
 * real Prometheus scrapes every service with the shipped scrape config and
 * must answer every panel of the shipped Grafana dashboard with data; the
 * status page, in headless Chromium, must show live data without a single
 * console error; and one article must be traceable by its id through the
 * logs of all three workers.
 */
describe.runIf(tools)('observability of the running stack', () => {
  let newsroom: Newsroom;
  let dataDir: string;
  let api: string;
  let metricsBase: number;
  let stack: ChildProcess | undefined;
  let prometheus: ChildProcess | undefined;
  let query: Query;
  let receiver: Server;
  let webhooksReceived = 0;
  const logs: string[] = [];
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    newsroom = await startNewsroom({ articlesPerSite: 4 });
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-observability-'));
    metricsBase = await freeRun(4);
    const launch = await stackEnv({
      dataDir,
      adminToken: TOKEN,
      overrides: { METRICS_PORT: String(metricsBase), LOG_LEVEL: 'info' },
    });
    api = launch.api;
    stack = spawn(process.execPath, [launcher, 'start'], {
      env: launch.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout?.on('data', (d) => logs.push(String(d)));
    stack.stderr?.on('data', (d) => logs.push(String(d)));
    await waitFor(async () => (await fetch(`${api}/readyz`)).ok, {
      timeoutMs: 90_000,
      what: 'the API to be ready',
    }).catch((err: Error) => {
      throw new Error(`${err.message}; the launcher said:\n${logs.join('').slice(-4000)}`);
    });

    // Prometheus watches from the start, so rates and quantiles cover the whole run.
    ({ process: prometheus, query } = await startPrometheus(join(dataDir, 'prometheus'), (hostPort) => {
      const service = SERVICES.find((s) => s.name === hostPort.split(':')[0]);
      if (!service) throw new Error(`prometheus.yml scrapes ${hostPort}, which is no Tidings service`);
      return metricsPortOf(service, metricsBase) ?? Number(new URL(api).port);
    }));
    await waitFor(
      async () => {
        const up = await query('up');
        return up.length === SERVICES.length && up.every((s) => s.value[1] === '1') ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'every service to be scraped (up == 1)' },
    );

    // A saved search matching everything, with a webhook: the alert panels get deliveries to show.
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        webhooksReceived++;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const saved = await fetch(`${api}/v1/saved-searches`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'everything',
        channels: [
          { type: 'webhook', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` },
        ],
      }),
    });
    expect(saved.status).toBe(201);

    // Traffic worth watching: every newsroom feed, and one that does not exist (a failing feed).
    for (const feed of newsroom.feeds) {
      const res = await fetch(`${api}/v1/feeds`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: feed.url, title: feed.site, intervalSeconds: 2 }),
      });
      expect(res.status).toBe(201);
    }
    const missing = await fetch(`${api}/v1/feeds`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        url: `${newsroom.url}/gone/feed.xml`,
        title: 'Gone Gazette',
        intervalSeconds: 2,
      }),
    });
    expect(missing.status).toBe(201);
    await waitFor(
      async () => {
        const found = await Promise.all(
          newsroom.articles.map(
            async (a) =>
              ((await (await fetch(`${api}/v1/search?q=${a.keyword}`)).json()) as { total: number }).total,
          ),
        );
        return found.every((n) => n === 1);
      },
      { timeoutMs: 60_000, what: 'every newsroom article to be searchable' },
    );
  }, 180_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (stack) {
      const exited = new Promise((resolve) => stack!.once('exit', resolve));
      stack.kill('SIGTERM');
      await exited;
    }
    await newsroom?.close();
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('has every worker report ready on /readyz, its worker running', async () => {
    for (const service of SERVICES.filter((s) => s.metricsPort)) {
      const res = await fetch(`http://127.0.0.1:${metricsPortOf(service, metricsBase)}/readyz`);
      expect(res.status, service.name).toBe(200);
      expect((await res.json()) as unknown, service.name).toMatchObject({
        status: 'ready',
        checks: { redis: 'ok', worker: 'ok' },
      });
    }
  });

  it('gives data for every panel of the Grafana dashboard, scraped by a real Prometheus with the shipped config', async () => {
    const dashboards = readdirSync(join(root, 'infra/grafana/dashboards')).filter((f) => f.endsWith('.json'));
    const exprs = dashboards.flatMap((file) =>
      panelQueries(JSON.parse(readFileSync(join(root, 'infra/grafana/dashboards', file), 'utf8'))).map(
        (q) => ({ ...q, file }),
      ),
    );
    expect(exprs.length).toBeGreaterThan(10);
    // The saved search's webhook was called: the alert panels have deliveries to show.
    await waitFor(() => webhooksReceived > 0, { timeoutMs: 30_000, what: 'a webhook delivery' });
    // Rates need two scrapes, quantiles an observation inside the window: poll until each
    // expression has at least one finite sample, and name the ones that never do.
    const empty = new Map(exprs.map((e) => [e.expr, e]));
    await waitFor(
      async () => {
        // Keep news flowing, so every rate and quantile has fresh observations in its window.
        newsroom.publish(newsroom.feeds[0]!.site);
        for (const [expr] of empty) {
          const result = await query(expr);
          if (result.some((s) => Number.isFinite(Number(s.value[1])))) empty.delete(expr);
        }
        return empty.size === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 2000, what: 'data for every panel' },
    ).catch(() => {
      throw new Error(
        `panels without data: ${[...empty.values()].map((e) => `${e.file} "${e.title}": ${e.expr}`).join('\n')}`,
      );
    });
    console.log(
      `Prometheus answered all ${exprs.length} panel expressions of ${dashboards.join(', ')} with data`,
    );
  }, 150_000);

  it('shows live data on /status in headless Chromium, without console errors', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const problems: string[] = [];
    try {
      const context = await browser.newContext({
        httpCredentials: { username: 'operator', password: TOKEN },
        viewport: { width: 1280, height: 1400 },
      });
      const page = await context.newPage();
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

      const response = await page.goto(`${api}/status`);
      expect(response?.status()).toBe(200);
      // Live: a first report, then a later one, both drawn.
      await page.locator('body[data-updated]').waitFor({ timeout: 20_000 });
      const first = await page.locator('body').getAttribute('data-updated');
      await expect
        .poll(() => page.locator('body').getAttribute('data-updated'), { timeout: 20_000 })
        .not.toBe(first);
      const indexed = Number((await page.locator('[data-total="index"]').textContent())?.replace(/,/g, ''));
      expect(indexed).toBeGreaterThanOrEqual(newsroom.articles.length);
      expect(await page.locator('#queues tbody tr').count()).toBe(Object.keys(QueueName).length);
      await expect
        .poll(async () => page.locator('#failing').textContent(), { timeout: 15_000 })
        .toContain('/gone/feed.xml');
      expect(Number(await page.locator('[data-count="failing"]').textContent())).toBeGreaterThanOrEqual(1);
      // Freshness has a number, not the empty dash.
      expect(await page.locator('[data-freshness="discovered"] figcaption b').first().textContent()).toMatch(
        /\d/,
      );
      expect(await page.locator('#problem').isHidden()).toBe(true);
      mkdirSync(join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      console.log(`status page screenshot: ${SCREENSHOT}`);

      // The queue board behind the same token: its UI loads and lists every queue.
      await page.goto(`${api}/admin/queues`);
      for (const queue of Object.values(QueueName))
        await page.getByRole('link', { name: queue, exact: false }).first().waitFor({ timeout: 20_000 });
      await context.close();
    } finally {
      await browser.close();
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it('lets one article be traced by its id through the poller, parser and indexer logs, to its webhook', () => {
    const lines = logs
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const indexed = lines.find(
      (l) => l.service === 'indexer' && l.stage === 'index' && l.outcome === 'completed',
    );
    expect(indexed, 'an index outcome line').toBeDefined();
    const articleId = indexed!.article_id as string;
    const trail = lines.filter(
      (l) =>
        l.article_id === articleId || (Array.isArray(l.article_ids) && l.article_ids.includes(articleId)),
    );
    // And on to the API, which sent the webhook of the saved search that matches everything.
    expect(new Set(trail.map((l) => l.service))).toEqual(new Set(['poller', 'parser', 'indexer', 'api']));
    for (const line of trail) {
      expect(line, JSON.stringify(line)).toMatchObject({
        job_id: expect.any(String),
        stage: expect.any(String),
        duration_ms: expect.any(Number),
        feed_id: expect.any(String),
      });
    }
  });
});

type Query = (expr: string) => Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;

/**
 * Debian's Prometheus with the shipped scrape config, compose's host names
 * pointed at this machine's ports (`portOf`), scraping every second.
 */
async function startPrometheus(
  dir: string,
  portOf: (composeTarget: string) => number,
): Promise<{ process: ChildProcess; query: Query }> {
  mkdirSync(dir);
  const config = parse(readFileSync(join(root, 'infra/prometheus/prometheus.yml'), 'utf8'));
  config.global = { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' };
  for (const job of config.scrape_configs) {
    for (const group of job.static_configs)
      group.targets = group.targets.map((t: string) => `127.0.0.1:${portOf(t)}`);
  }
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const log: string[] = [];
  child.stderr?.on('data', (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const query: Query = async (expr) => {
    const res = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { result: Awaited<ReturnType<Query>> };
    };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data!.result;
  };
  await waitFor(async () => (await fetch(`${base}/-/ready`).catch(() => undefined))?.ok, {
    timeoutMs: 30_000,
    what: `Prometheus to start: ${log.join('')}`,
  });
  return { process: child, query };
}

/** Every PromQL expression of every panel (rows hold panels of their own when collapsed). */
function panelQueries(dashboard: { panels?: Panel[] }): Array<{ title: string; expr: string }> {
  const out: Array<{ title: string; expr: string }> = [];
  const visit = (panels: Panel[] = []) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? [])
        if (target.expr) out.push({ title: panel.title ?? '', expr: target.expr });
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  return out;
}
interface Panel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}
