import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { articleIdFor } from '@tidings/contracts';
import { ExtractPool } from '@tidings/extract';
import type { HttpClient, HttpClientOptions } from '@tidings/http';
import { createRedis, PermanentError, Queues, type Redis } from '@tidings/queue';
import { StoryIndex } from '@tidings/stories';
import { createLogger } from '@tidings/telemetry';
import {
  AdmitsFirstHop,
  gzipBomb,
  HOSTILE_LIMITS,
  type HostileServer,
  OnlyHostileServer,
  type StreamReport,
  startHostileServer,
  startTestRedis,
  streamEndlessly,
  type TestServer,
  trickle,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from './parse-article';
import { SiteRuleBook } from './site-rules';

// The parse stage against a hostile server: every bad page must end as a clear error in the
// job (a PermanentError is the dead-letter reason operators read) or as a clean document,
// and leave the parser able to parse a good page right after. Time bounds are correctness
// guards only.

const EXTRACT_DEADLINE_MS = 20_000;

const PROSE = [
  'The city council voted nine to four shortly before midnight to turn the old freight yard into a public park with playgrounds and a community garden.',
  'Residents who had campaigned for a decade filled the chamber, and several of them wept when the clerk read out the final tally of the long and heated session.',
  'The mayor said construction would begin in the spring and that the first section of the park should open to the public before the end of next summer.',
];
const page = (body: string, head = '<meta charset="utf-8">') =>
  `<!doctype html><html><head>${head}<title>Council backs freight yard park</title></head><body>${body}</body></html>`;
const article = (extra = '') =>
  `<article><h1>Council backs freight yard park</h1>${PROSE.map((p) => `<p>${p}</p>`).join('')}${extra}</article>`;

describe('parse-article against hostile pages', () => {
  let redisServer: TestServer;
  let redis: Redis;
  let hostile: HostileServer;
  let queues: Queues;
  let stories: StoryIndex;
  let extractor: ExtractPool;
  let parseShared: ReturnType<typeof parseArticle>;
  let goodUrl = '';
  const clients: HttpClient[] = [];
  const context = { id: 'j', attempt: 1, logger: createLogger('test', 'silent') };
  const http = (options: Partial<HttpClientOptions> = {}, Client: typeof HttpClient = OnlyHostileServer) => {
    const client = new Client({ ...HOSTILE_LIMITS, ...options });
    clients.push(client);
    return client;
  };
  const parser = (client: HttpClient) =>
    parseArticle({ http: client, queues, extractor, siteRules: SiteRuleBook.empty(), stories });
  const job = (url: string) => ({
    articleId: articleIdFor(url),
    url,
    feedId: 'feed',
    discoveredAt: '2026-11-27T10:00:00.000Z',
    item: {},
  });
  const indexed = async (url: string) =>
    (await queues.queue('index').getJob(articleIdFor(url)))?.data.document;

  beforeAll(async () => {
    [redisServer, hostile] = await Promise.all([startTestRedis(), startHostileServer()]);
    redis = createRedis(redisServer.url, 'test');
    const prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    stories = new StoryIndex({ redis, prefix });
    extractor = new ExtractPool({ threads: 1, timeoutMs: EXTRACT_DEADLINE_MS });
    parseShared = parser(http());
    goodUrl = hostile.route('/good.html', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(article())),
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([queues.close(), extractor.close()]);
    redis.disconnect();
    await Promise.all([redisServer.stop(), hostile.close()]);
  });

  /** The parser still works for everybody else: a good page parses into a document. */
  async function goodPageStillParses(): Promise<void> {
    await queues.queue('index').drain();
    expect((await parseShared(job(goodUrl), context)).status).toBe('done');
    expect((await indexed(goodUrl))?.text).toContain('freight yard');
  }

  /** Parses a page expected to fail; returns the thrown error. */
  async function parseFailing(url: string, client?: HttpClient): Promise<Error> {
    const parse = client ? parser(client) : parseShared;
    const error = await parse(job(url), context).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'the job should have failed').toBeInstanceOf(Error);
    return error as Error;
  }

  it('a 1 GB page is cut off at the cap, long before 1 GB is sent', async () => {
    let streamed: Promise<StreamReport> | undefined;
    const url = hostile.route('/gigabyte.html', (_req, res) => {
      streamed = streamEndlessly(res, 1024 ** 3);
    });
    const error = await parseFailing(url);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('body exceeds 1048576 bytes');
    const report = await streamed!;
    expect(report.clientClosed).toBe(true);
    expect(report.bytesSent).toBeLessThan(64 * 1024 * 1024);
    await goodPageStillParses();
  });

  it('a gzip bomb is stopped at the cap on decoded bytes', async () => {
    const bomb = await gzipBomb(128 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(HOSTILE_LIMITS.maxBytes!);
    const url = hostile.route('/bomb.html', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb),
    );
    const error = await parseFailing(url);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('body exceeds 1048576 bytes');
    await goodPageStillParses();
  });

  it('a server that trickles bytes hits the total timeout, as a transient error', async () => {
    const url = hostile.route('/trickle.html', (_req, res) => trickle(res, 100, 'text/html'));
    const started = performance.now();
    const error = await parseFailing(url);
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error.message).toBe('no complete response within 2000 ms');
    expect(performance.now() - started).toBeLessThan(10_000);
    await goodPageStillParses();
  });

  it('an endless redirect loop stops after maxRedirects', async () => {
    const url = hostile.route('/loop.html', (_req, res) =>
      res.writeHead(302, { location: '/loop.html' }).end(),
    );
    const error = await parseFailing(url);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('more than 5 redirects');
    await goodPageStillParses();
  });

  it.each([
    ['another loopback address', () => `http://127.0.0.2:${new URL(hostile.url).port}/secret.html`],
    ['a private LAN address', () => 'http://10.0.0.1/secret.html'],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a DNS name resolving to loopback', () => `http://localhost:${new URL(hostile.url).port}/secret.html`],
  ])('refuses a redirect to %s', async (_name, target) => {
    hostile.route('/redirect', (req, res) =>
      res
        .writeHead(302, { location: new URL(req.url ?? '', hostile.url).searchParams.get('to') ?? '/' })
        .end(),
    );
    hostile.route('/secret.html', (_req, res) => res.writeHead(200).end(page(article())));
    const url = `${hostile.url}/redirect?to=${encodeURIComponent(target())}`;
    const error = await parseFailing(url, http({}, AdmitsFirstHop));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/non-public address/);
    // The reason is a dead letter's, which the API shows: no resolver answers in it.
    if (_name.includes('DNS name')) expect(error.message).not.toMatch(/127\.0\.0\.1|::1/);
    expect(hostile.hits('/secret.html')).toBe(0);
    await goodPageStillParses();
  });

  it('control characters and lone surrogates never reach the indexed document', async () => {
    // Raw, as numeric references and as JSON-LD escapes; \u0001 and \u0002 are search's highlight markers.
    const head =
      '<meta charset="utf-8"><meta property="og:site_name" content="City\u0007 Desk">' +
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council\\u0001 backs park",' +
      '"author":{"@type":"Person","name":"Ana\\u0000 Ruiz"}}</script>';
    const extra =
      '<figure><img src="/park.jpg"><figcaption>The yard\u0002 at &#1;dawn</figcaption></figure>' +
      '<p>Late amendments&#x1F; were \u0001voted\u0002 down, a lone &#xD800; half and all.</p>';
    const url = hostile.route('/controls.html', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(article(extra), head)),
    );
    expect((await parseShared(job(url), context)).status).toBe('done');
    const doc = await indexed(url);
    expect(doc).toMatchObject({ title: 'Council backs park', byline: 'Ana Ruiz', siteName: 'City Desk' });
    expect(doc?.text).toContain('Late amendments were voted down, a lone \ufffd half and all.');
    const strings = Object.values(doc ?? {}).flatMap((value) =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : [],
    );
    expect(strings.length).toBeGreaterThan(10);
    for (const value of strings) {
      expect(value, JSON.stringify(value)).not.toMatch(
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u,
      );
    }
    await goodPageStillParses();
  });

  it('invalid UTF-8 in a page still yields readable text', async () => {
    const [first, ...rest] = PROSE;
    const broken = Buffer.concat([
      Buffer.from(
        page(`<article><h1>Council backs freight yard park</h1><p>${first} `).replace('</body></html>', ''),
      ),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from(` end.</p>${rest.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`),
    ]);
    const url = hostile.route('/bad-utf8.html', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(broken),
    );
    expect((await parseShared(job(url), context)).status).toBe('done');
    const doc = await indexed(url);
    for (const paragraph of PROSE) expect(doc?.text).toContain(paragraph);
    expect(doc?.title).toBe('Council backs freight yard park');
    await goodPageStillParses();
  });

  it('100,000 nested elements: extracted off the event loop, done or failed permanently within the deadline', async () => {
    const depth = 100_000;
    const html = page(`${'<div>'.repeat(depth)}${article()}${'</div>'.repeat(depth)}`);
    const url = hostile.route('/nested.html', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
    );
    // The byte cap is not what is under test here.
    const parse = parser(http({ maxBytes: 4 * 1024 * 1024 }));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const outcome = await parse(job(url), context).then(
      (result) => result,
      (error: unknown) => error,
    );
    const ms = performance.now() - started;
    delay.disable();
    expect(delay.max / 1e6).toBeLessThan(200);
    expect(ms).toBeLessThan(EXTRACT_DEADLINE_MS + 5_000);
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(PermanentError);
    else expect((await indexed(url))?.text).toContain('freight yard');
    await goodPageStillParses();
  }, 60_000);

  it('script, event-handler and javascript: payloads never reach the indexed document', async () => {
    const payloads = [
      '<script>alert("script")</script>',
      '<img src="/x.png" onerror="alert(\'onerror\')" alt="a photo">',
      '<a href="javascript:alert(\'href\')">a link</a>',
      '<a href="JaVaScRiPt&#58;alert(\'encoded\')">another link</a>',
      '<a href=" &#x6A;avascript:alert(\'entity\')">third link</a>',
      '<p onclick="alert(\'onclick\')" style="background:url(javascript:alert(\'css\'))">Clickable paragraph with enough words to be kept by the extractor as body text.</p>',
      '<svg onload="alert(\'svg\')"><circle r="1"/></svg>',
      '<iframe src="javascript:alert(\'iframe\')"></iframe>',
      '<form action="javascript:alert(\'form\')"><button formaction="javascript:alert(\'button\')">Go</button></form>',
      '<object data="javascript:alert(\'object\')"></object>',
      '<math><mi xlink:href="javascript:alert(\'math\')">x</mi></math>',
      '<noscript><p title="</noscript><img src=x onerror=alert(\'mxss\')>">text</p></noscript>',
    ];
    const url = hostile.route('/xss.html', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page(article(payloads.join('')), '<meta charset="utf-8"><script>alert("head")</script>')),
    );
    expect((await parseShared(job(url), context)).status).toBe('done');
    const doc = await indexed(url);
    expect(doc?.text).toContain('freight yard');
    for (const field of [doc?.html, doc?.text, doc?.title, JSON.stringify(doc?.captions)]) {
      expect(field).not.toMatch(/<script|<iframe|<object|<svg|<form|\bon[a-z]+\s*=|javascript|alert\(/i);
    }
    await goodPageStillParses();
  });
});
