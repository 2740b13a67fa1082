import { randomUUID } from 'node:crypto';
import { articleIdFor, feedIdFor } from '@tidings/contracts';
import { FeedRegistry, SeenItems } from '@tidings/feed-state';
import { canonicalUrl, FeedPool } from '@tidings/feeds';
import { HttpClient, type HttpClientOptions } from '@tidings/http';
import { createRedis, PermanentError, Queues, type Redis } from '@tidings/queue';
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
import { pollFeed } from './poll-feed';

// The poll stage against a hostile server: every bad feed must end as a clear error on the
// feed's health (what operators see), permanent when a retry cannot help, and leave the
// poller able to poll a good feed right after. Time bounds are correctness guards only.

const MAX_ITEMS = 1000;

const rss = (items: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed</title><link>http://news.test/</link>${items.join('')}</channel></rss>`;
const item = (title: string, link: string) => `<item><title>${title}</title><link>${link}</link></item>`;

describe('poll-feed against hostile feeds', () => {
  let redisServer: TestServer;
  let redis: Redis;
  let hostile: HostileServer;
  let queues: Queues;
  let registry: FeedRegistry;
  let seen: SeenItems;
  const clients: HttpClient[] = [];
  const context = { id: 'j', attempt: 1, logger: createLogger('test', 'silent') };
  const bounds = { minSeconds: 60, maxSeconds: 3600, pauseAfterMs: 24 * 3600 * 1000 };
  const http = (options: Partial<HttpClientOptions> = {}, Client: typeof HttpClient = OnlyHostileServer) => {
    const client = new Client({ ...HOSTILE_LIMITS, ...options });
    clients.push(client);
    return client;
  };
  const parser = new FeedPool({ threads: 1, timeoutMs: 30_000 });
  const poller = (client: HttpClient, feedParser: FeedPool = parser) =>
    pollFeed({
      registry,
      seen,
      queues,
      http: client,
      parser: feedParser,
      bounds,
      maxItemsPerPoll: MAX_ITEMS,
    });
  const shared = () => http();
  let goodUrl = '';
  let pollShared: ReturnType<typeof pollFeed>;

  beforeAll(async () => {
    [redisServer, hostile] = await Promise.all([startTestRedis(), startHostileServer()]);
    redis = createRedis(redisServer.url, 'test');
    const prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    registry = new FeedRegistry(redis, queues, prefix);
    seen = new SeenItems(redis, prefix);
    pollShared = poller(shared());
    goodUrl = hostile.route('/good.xml', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(rss([item('Good one', `${hostile.url}/good/1`), item('Good two', `${hostile.url}/good/2`)])),
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([queues.close(), parser.close()]);
    redis.disconnect();
    await Promise.all([redisServer.stop(), hostile.close()]);
  });

  const add = async (url: string) =>
    (await registry.register({ id: feedIdFor(url), url, defaultIntervalSeconds: 600 })).feed;
  const queuedTitle = async (link: string) =>
    (await queues.queue('articles').getJob(articleIdFor(canonicalUrl(link))))?.data.item.title;

  /** The poller still works for everybody else: a good feed polls and stays healthy. */
  async function goodFeedStillPolls(): Promise<void> {
    const feed = await add(goodUrl);
    expect((await pollShared({ feedId: feed.id }, context)).status).toBe('done');
    expect(await registry.get(feed.id)).toMatchObject({ lastStatus: 'ok', consecutiveFailures: 0 });
    expect(await queuedTitle(`${hostile.url}/good/2`)).toBe('Good two');
  }

  /** Polls a feed expected to fail; returns the thrown error and the feed's recorded health. */
  async function pollFailing(url: string, client?: HttpClient) {
    const feed = await add(url);
    const poll = client ? poller(client) : pollShared;
    const started = performance.now();
    const error = await poll({ feedId: feed.id }, context).then(
      () => undefined,
      (e: unknown) => e,
    );
    const ms = performance.now() - started;
    expect(error, 'the poll should have failed').toBeInstanceOf(Error);
    return { error: error as Error, health: await registry.get(feed.id), ms };
  }

  it('XXE: an external SYSTEM entity is never fetched nor expanded', async () => {
    const secret = hostile.route('/xxe-secret', (_req, res) => res.end('SECRET-FROM-SERVER'));
    const url = hostile.route('/xxe.xml', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "${secret}">]>\n<rss version="2.0"><channel><title>&xxe;</title>${item('Leak &xxe;', `${hostile.url}/xxe/1`)}</channel></rss>`,
        ),
    );
    const feed = await add(url);
    await pollShared({ feedId: feed.id }, context);
    // Give a stray request time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hostile.hits('/xxe-secret')).toBe(0);
    expect(await queuedTitle(`${hostile.url}/xxe/1`)).not.toContain('SECRET');
    expect(await registry.get(feed.id)).toMatchObject({ lastStatus: 'ok' });
    await goodFeedStillPolls();
  });

  it('billion laughs: entities are not expanded, the poll is quick', async () => {
    const entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
    for (let level = 1; level <= 9; level++)
      entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
    const url = hostile.route('/lol.xml', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          `<?xml version="1.0"?>\n<!DOCTYPE rss [${entities.join('\n')}]>\n<rss version="2.0"><channel><title>&lol9;</title>${item('Laugh &lol9;', `${hostile.url}/lol/1`)}</channel></rss>`,
        ),
    );
    const feed = await add(url);
    const started = performance.now();
    await pollShared({ feedId: feed.id }, context);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect((await queuedTitle(`${hostile.url}/lol/1`))?.length).toBeLessThan(100);
    await goodFeedStillPolls();
  });

  it('a 1 GB response is cut off at the cap, long before 1 GB is sent', async () => {
    let streamed: Promise<StreamReport> | undefined;
    const url = hostile.route('/gigabyte.xml', (_req, res) => {
      streamed = streamEndlessly(res, 1024 ** 3, { 'content-type': 'application/rss+xml' });
    });
    const { error, health } = await pollFailing(url);
    expect(error).toBeInstanceOf(PermanentError);
    expect(health).toMatchObject({
      lastStatus: 'error',
      lastError: expect.stringMatching(/body exceeds 1048576 bytes/),
    });
    const report = await streamed!;
    expect(report.clientClosed).toBe(true);
    // The cap plus what socket buffers hold; nowhere near 1 GB.
    expect(report.bytesSent).toBeLessThan(64 * 1024 * 1024);
    await goodFeedStillPolls();
  });

  it('a gzip bomb is stopped at the cap on decoded bytes', async () => {
    const bomb = await gzipBomb(128 * 1024 * 1024);
    // Small on the wire: it is the decoded size that must trip the cap.
    expect(bomb.length).toBeLessThan(HOSTILE_LIMITS.maxBytes!);
    const url = hostile.route('/bomb.xml', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb),
    );
    const { error, health } = await pollFailing(url);
    expect(error).toBeInstanceOf(PermanentError);
    expect(health?.lastError).toMatch(/body exceeds 1048576 bytes/);
    await goodFeedStillPolls();
  });

  it('a feed too slow to parse is cut off at the deadline: a permanent error on the feed, and the poller polls on', async () => {
    // 20 MB of valid RSS takes seconds to parse; the good feed a few ms. With the
    // deadline between the two, the parse time alone decides, on one poller.
    const items = Array.from({ length: 70_000 }, (_, i) =>
      item(`Slow ${i} <![CDATA[${'news '.repeat(40)}]]>`, `${hostile.url}/slow/${i}`),
    );
    const huge = Buffer.from(rss(items));
    expect(huge.byteLength).toBeGreaterThan(20_000_000);
    const url = hostile.route('/slow-to-parse.xml', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(huge),
    );
    const deadlined = new FeedPool({ threads: 1, timeoutMs: 250 });
    try {
      // Limits that let 20 MB through: the parse, not the fetch, must be what fails.
      const poll = poller(http({ maxBytes: 32 * 1024 * 1024, totalTimeoutMs: 30_000 }), deadlined);
      const feed = await add(url);
      const started = performance.now();
      const error = await poll({ feedId: feed.id }, context).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ code: 'FEED_PARSE_TIMEOUT' });
      expect(await registry.get(feed.id)).toMatchObject({
        lastStatus: 'error',
        lastError: 'the feed took longer than 250 ms to parse',
        consecutiveFailures: 1,
      });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(await queuedTitle(`${hostile.url}/slow/0`)).toBeUndefined();
      // The same poller, same pool, same deadline: the next feed polls.
      const good = await add(goodUrl);
      expect((await poll({ feedId: good.id }, context)).status).toBe('done');
      expect(await registry.get(good.id)).toMatchObject({ lastStatus: 'ok', consecutiveFailures: 0 });
    } finally {
      await deadlined.close();
    }
    await goodFeedStillPolls();
  });

  it('a server that trickles bytes hits the total timeout; a retry may help, so it is transient', async () => {
    const url = hostile.route('/trickle.xml', (_req, res) => trickle(res, 100));
    const { error, health, ms } = await pollFailing(url);
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(health).toMatchObject({ lastStatus: 'error', lastError: 'no complete response within 2000 ms' });
    expect(ms).toBeLessThan(10_000);
    await goodFeedStillPolls();
  });

  it('an endless redirect loop stops after maxRedirects', async () => {
    const url = hostile.route('/loop.xml', (_req, res) =>
      res.writeHead(302, { location: '/loop.xml' }).end(),
    );
    const { error, health } = await pollFailing(url);
    expect(error).toBeInstanceOf(PermanentError);
    expect(health?.lastError).toBe('more than 5 redirects');
    expect(hostile.hits('/loop.xml')).toBe(6);
    await goodFeedStillPolls();
  });

  describe('SSRF: non-public targets are refused with ALLOW_PRIVATE_NETWORKS off', () => {
    const redirect = (to: () => string) => () => `${hostile.url}/redirect?to=${encodeURIComponent(to())}`;
    // The feed's own URL is judged by the production policy alone.
    const direct = (to: () => string) => Object.assign(to, { direct: true });
    const port = () => new URL(hostile.url).port;
    it.each([
      ['a redirect to another loopback address', redirect(() => `http://127.0.0.2:${port()}/secret.xml`)],
      ['a redirect to a private LAN address', redirect(() => 'http://10.0.0.1/secret.xml')],
      ['a redirect to the metadata service', redirect(() => 'http://169.254.169.254/latest/meta-data/')],
      ['a redirect to IPv6 loopback', redirect(() => `http://[::1]:${port()}/secret.xml`)],
      [
        'a redirect to a DNS name resolving to loopback',
        redirect(() => `http://localhost:${port()}/secret.xml`),
      ],
      [
        'a feed URL whose DNS name resolves to loopback',
        direct(() => `http://localhost:${port()}/secret.xml`),
      ],
      ['a feed URL on the metadata service', direct(() => 'http://169.254.169.254/latest/meta-data/')],
    ])('%s', async (_name, target: (() => string) & { direct?: boolean }) => {
      hostile.route('/redirect', (req, res) =>
        res
          .writeHead(302, { location: new URL(req.url ?? '', hostile.url).searchParams.get('to') ?? '/' })
          .end(),
      );
      hostile.route('/secret.xml', (_req, res) =>
        res.writeHead(200).end(rss([item('Secret', 'http://x.test/1')])),
      );
      const client = http({}, target.direct ? HttpClient : AdmitsFirstHop);
      const { error, health } = await pollFailing(target(), client);
      expect(error).toBeInstanceOf(PermanentError);
      expect(health?.lastError).toMatch(/non-public address/);
      // API users read lastError: what the resolver answered stays out of it.
      if (_name.includes('DNS name')) expect(health?.lastError).not.toMatch(/127\.0\.0\.1|::1/);
      expect(hostile.hits('/secret.xml')).toBe(0);
      await goodFeedStillPolls();
    });
  });

  describe('ports: only 80, 443 and ALLOWED_PORTS are fetched', () => {
    const port = () => Number(new URL(hostile.url).port);
    it('a feed URL on another port is a permanent error, never fetched', async () => {
      const url = hostile.route('/other-port.xml', (_req, res) => res.writeHead(200).end(rss([])));
      const { error, health } = await pollFailing(url, http({ allowedPorts: [] }));
      expect(error).toBeInstanceOf(PermanentError);
      expect(health?.lastError).toBe(
        `refusing to connect to port ${port()}: only 80, 443 and ALLOWED_PORTS are fetched`,
      );
      expect(hostile.hits('/other-port.xml')).toBe(0);
      await goodFeedStillPolls();
    });

    it('a redirect to a port not allowed (Redis) is a permanent error', async () => {
      const url = hostile.route('/to-redis.xml', (_req, res) =>
        res.writeHead(302, { location: 'http://127.0.0.1:6379/' }).end(),
      );
      const { error, health } = await pollFailing(url, http({ allowedPorts: [port()] }));
      expect(error).toBeInstanceOf(PermanentError);
      expect(health?.lastError).toMatch(/^refusing to connect to port 6379:/);
      expect(hostile.hits('/to-redis.xml')).toBe(1);
      await goodFeedStillPolls();
    });
  });

  it('invalid UTF-8 in a feed still yields readable items', async () => {
    const head = Buffer.from(
      `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Broken</title><item><title>Council vote `,
    );
    const tail = Buffer.from(` passes</title><link>${hostile.url}/utf8/1</link></item></channel></rss>`);
    const url = hostile.route('/bad-utf8.xml', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(Buffer.concat([head, Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), tail])),
    );
    const feed = await add(url);
    await pollShared({ feedId: feed.id }, context);
    expect(await registry.get(feed.id)).toMatchObject({ lastStatus: 'ok' });
    expect(await queuedTitle(`${hostile.url}/utf8/1`)).toMatch(/^Council vote .* passes$/);
    await goodFeedStillPolls();
  });

  it('a feed with 100,000 items parses in bounded time and queues only the newest FEED_MAX_ITEMS_PER_POLL', async () => {
    const count = 100_000;
    const start = Date.UTC(2026, 0, 1);
    // Oldest first, as some feeds list them: the newest are at the end.
    const items: string[] = [];
    for (let n = 0; n < count; n++)
      items.push(
        `<item><title>Item ${n}</title><link>${hostile.url}/many/${n}</link><pubDate>${new Date(start + n * 60_000).toUTCString()}</pubDate></item>`,
      );
    const body = Buffer.from(rss(items));
    const url = hostile.route('/many.xml', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body),
    );
    const feed = await add(url);
    const started = performance.now();
    // The byte cap is not what is under test here.
    const outcome = await poller(http({ maxBytes: 32 * 1024 * 1024, totalTimeoutMs: 30_000 }))(
      { feedId: feed.id },
      context,
    );
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(outcome.log).toMatchObject({
      items: count,
      items_skipped: count - MAX_ITEMS,
      new_items: MAX_ITEMS,
    });
    expect(await registry.get(feed.id)).toMatchObject({ lastStatus: 'ok', itemsSeen: MAX_ITEMS });
    expect(await queuedTitle(`${hostile.url}/many/${count - 1}`)).toBe(`Item ${count - 1}`);
    expect(await queuedTitle(`${hostile.url}/many/${count - MAX_ITEMS}`)).toBe(`Item ${count - MAX_ITEMS}`);
    expect(await queuedTitle(`${hostile.url}/many/${count - MAX_ITEMS - 1}`)).toBeUndefined();
    await goodFeedStillPolls();
  }, 120_000);
});
