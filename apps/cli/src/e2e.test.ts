import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meilisearchAnswers, redisAnswers } from '@tidings/servers';
import { BOILERPLATE, type Newsroom, type NewsroomArticle, startNewsroom, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedJson, json, stackEnv } from './test-stack';

const TOKEN = 'e2e-admin-token';

interface ArticleJson {
  text: string;
  captions: string[];
  publishedAt: string;
  url: string;
}
const launcher = new URL('../dist/tidings.js', import.meta.url).pathname;

/**
 * The whole pipeline, as `pnpm start` runs it: the launcher starts a real
 * Redis and Meilisearch under a fresh DATA_DIR and the four services; a local
 * newsroom serves feeds and pages; feeds are added through the API and every
 * article must become searchable, with clean text.
 */
describe('end to end: pnpm start, a local newsroom, the API', () => {
  let newsroom: Newsroom;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let api: string;
  let stack: { child: ChildProcess; output: string[] } | undefined;
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    newsroom = await startNewsroom({ articlesPerSite: 3 });
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-e2e-'));
    ({ env, api } = await stackEnv({ dataDir, adminToken: TOKEN }));
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    if (stack) await stopStack(stack);
    await newsroom?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function startStack() {
    const child = spawn(process.execPath, [launcher, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (d) => output.push(String(d)));
    child.stderr?.on('data', (d) => output.push(String(d)));
    await waitFor(async () => (await fetch(`${api}/readyz`)).ok, {
      timeoutMs: 90_000,
      what: `the API to be ready; launcher said:\n${output.join('')}`,
    });
    return { child, output };
  }

  async function stopStack(s: { child: ChildProcess; output: string[] }) {
    const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
    s.child.kill('SIGTERM');
    return exited;
  }

  const search = async (params: Record<string, string>) => {
    const res = await fetch(`${api}/v1/search?${new URLSearchParams(params)}`);
    expect(res.status).toBe(200);
    return res.json() as Promise<{
      hits: Array<{ id: string; title: string; url: string; snippet: string; language: string }>;
      total: number;
      facets: Record<string, Record<string, number>>;
    }>;
  };
  const findOne = async (article: NewsroomArticle) => {
    const res = await search({ q: article.keyword });
    return res.hits.length === 1 ? res.hits[0] : undefined;
  };

  it('makes every article of every added feed searchable within seconds, with clean text', async () => {
    const timings: Record<string, number> = {};
    await Promise.all(
      newsroom.feeds.map(async (feed) => {
        const started = performance.now();
        const res = await fetch(`${api}/v1/feeds`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ url: feed.url, title: feed.site, intervalSeconds: 2 }),
        });
        expect(res.status).toBe(201);
        const articles = newsroom.articles.filter((a) => a.site === feed.site);
        await waitFor(async () => (await Promise.all(articles.map(findOne))).every(Boolean), {
          timeoutMs: 30_000,
          what: `${feed.site} articles`,
        });
        timings[feed.site] = Math.round(performance.now() - started);
      }),
    );
    // The closing note quotes these: feed added → all its articles searchable.
    console.log(`feed added → all articles searchable (ms): ${JSON.stringify(timings)}`);

    for (const article of newsroom.articles) {
      const hit = (await findOne(article))!;
      expect(hit.title).toBe(article.title);
      expect(hit.language).toBe(article.language);
      const full = await json<ArticleJson>(fetch(`${api}/v1/articles/${hit.id}`));
      expect(full.text, article.url).toContain(article.paragraphs[0]);
      expect(full.text, article.url).toContain(article.paragraphs.at(-1));
      for (const phrase of BOILERPLATE[article.language])
        expect(full.text, `${article.url} leaks "${phrase}"`).not.toContain(phrase);
      expect(full.captions.length, article.url).toBeGreaterThan(0);
      expect(full.publishedAt).toBe(new Date(article.publishedAt).toISOString());
      expect(full.url).not.toContain('utm_');
    }
  });

  it('reports feed health and facet counts', async () => {
    const { feeds } = await json<{ feeds: FeedJson[] }>(fetch(`${api}/v1/feeds`, { headers: auth }));
    expect(feeds).toHaveLength(newsroom.feeds.length);
    for (const feed of feeds) {
      expect(feed.lastStatus, feed.url).toMatch(/^(ok|not-modified)$/);
      expect(feed.consecutiveFailures).toBe(0);
      expect(feed.itemsSeen).toBe(
        newsroom.articles.filter((a) => newsroom.feeds.find((f) => f.url === feed.url)?.site === a.site)
          .length,
      );
    }
    const all = await search({ q: '', collapse: 'none' });
    expect(all.total).toBe(newsroom.articles.length);
    expect(all.facets.language).toEqual({
      en: newsroom.articles.filter((a) => a.language === 'en').length,
      ko: newsroom.articles.filter((a) => a.language === 'ko').length,
    });
  });

  it('lists, exports and imports feeds from the CLI', async () => {
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, [launcher, ...args], { env, encoding: 'utf8' });
    const opml = cli('feeds', 'export');
    for (const feed of newsroom.feeds) expect(opml).toContain(feed.url);
    expect(cli('feeds', 'list')).toContain(newsroom.feeds[0]!.url);
    const file = join(dataDir, 'import.opml');
    writeFileSync(file, opml.replace('</body>', '<outline text="bad" xmlUrl="notaurl"/></body>'));
    expect(JSON.parse(cli('feeds', 'import', file))).toMatchObject({
      added: 0,
      skipped: newsroom.feeds.length,
      invalid: [{ url: 'notaurl' }],
    });
    expect(() =>
      execFileSync(process.execPath, [launcher, 'feeds', 'list'], {
        env: { ...env, ADMIN_TOKEN: 'wrong' },
        stdio: 'pipe',
      }),
    ).toThrow(/401/);
    expect(JSON.parse(cli('dead-letters', 'list'))).toEqual({ deadLetters: [], total: 0 });
    expect(JSON.parse(cli('dead-letters', 'replay'))).toEqual({ replayed: 0 });
  });

  it('reindexes from the CLI, keeping every article', async () => {
    const report = JSON.parse(
      execFileSync(process.execPath, [launcher, 'reindex'], { env, encoding: 'utf8' }),
    );
    expect(report.documents).toBe(newsroom.articles.length);
    expect((await search({ q: '', collapse: 'none' })).total).toBe(newsroom.articles.length);
  });

  it('picks up an article published later, on the feed’s schedule', async () => {
    const site = newsroom.feeds.find((f) => f.charset === 'euc-kr')!.site;
    const article = newsroom.publish(site);
    const hit = await waitFor(() => findOne(article), {
      timeoutMs: 30_000,
      what: 'the newly published article',
    });
    const full = await json<ArticleJson>(fetch(`${api}/v1/articles/${hit.id}`));
    expect(full.text).toContain(article.paragraphs[0]);
  });

  it('alerts a saved search’s webhook, live stream and Atom feed about an article published later', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const controller = new AbortController();
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const saved = await fetch(`${api}/v1/saved-searches`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          name: 'English news',
          filters: { language: ['en'] },
          channels: [{ type: 'webhook', url: hook }],
        }),
      });
      expect(saved.status).toBe(201);
      const search = (await saved.json()) as {
        id: string;
        feedKey: string;
        channels: Array<{ secret: string }>;
      };
      // The stream as EventSource opens it: no header, the feed key in the URL.
      const stream = await fetch(`${api}/v1/stream?savedSearch=${search.id}&key=${search.feedKey}`, {
        signal: controller.signal,
      });
      expect(stream.status).toBe(200);
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      const until = async (pattern: RegExp) => {
        while (!pattern.test(text)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended before ${pattern}: ${text}`);
          text += value;
        }
      };
      await until(/event: ready\n/);

      const article = newsroom.publish('metro-wire');
      await Promise.race([
        until(/event: article\ndata: .*\n\n/),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no article event: ${text}`)), 30_000)),
      ]);
      const event = JSON.parse(/event: article\ndata: (.*)\n/.exec(text)![1]!);
      expect(event).toMatchObject({
        savedSearchId: search.id,
        article: { title: article.title, language: 'en' },
      });

      await waitFor(() => received.length > 0, { timeoutMs: 30_000, what: 'the webhook' });
      const [{ headers, body }] = received as [(typeof received)[0]];
      expect(JSON.parse(body)).toMatchObject({
        type: 'alert',
        id: event.id,
        article: { title: article.title },
      });
      // The signature as docs/alerts.md tells receivers to check it.
      const [t, v1] = String(headers['tidings-signature'])
        .split(',')
        .map((p) => p.split('=')[1]);
      expect(createHmac('sha256', search.channels[0]!.secret).update(`${t}.${body}`).digest('hex')).toBe(v1);

      const feed = await fetch(`${api}/v1/saved-searches/${search.id}/feed.atom?key=${search.feedKey}`);
      expect(feed.status).toBe(200);
      expect(await feed.text()).toContain(`urn:tidings:alert:${event.id}`);
    } finally {
      controller.abort();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('stops cleanly, and a second start finds the feeds and articles of the first', async () => {
    const code = await stopStack(stack!);
    stack = undefined;
    expect(code).toBe(0);
    expect(await redisAnswers(env.REDIS_URL!)).toBe(false);
    expect(await meilisearchAnswers(env.MEILI_URL!)).toBe(false);

    stack = await startStack();
    const { feeds } = await json<{ feeds: FeedJson[] }>(fetch(`${api}/v1/feeds`, { headers: auth }));
    expect(feeds).toHaveLength(newsroom.feeds.length);
    const all = await search({ q: '', collapse: 'none' });
    expect(all.total).toBe(newsroom.articles.length);
  }, 120_000);
});
