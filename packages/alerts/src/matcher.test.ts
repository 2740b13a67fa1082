import { randomUUID } from 'node:crypto';
import type { ArticleDocument } from '@tidings/contracts';
import { Queues } from '@tidings/queue';
import {
  Archive,
  applyIndexSettings,
  createMeiliClient,
  indexArticles,
  type Meilisearch,
  SearchPool,
} from '@tidings/search';
import { createLogger, createMetrics } from '@tidings/telemetry';
import {
  articleDocument,
  startTestMeilisearch,
  TEST_MEILI_KEY,
  type TestServer,
  useTestRedis,
  waitFor,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertMatcher, MatchSearchError } from './matcher';
import { matcherMetrics } from './metrics';
import { articleFacts } from './prefilter';
import { SavedSearchInput } from './saved-search';
import { SavedSearchStore } from './store';
import { AlertSubscriber } from './subscriber';

const { redis } = useTestRedis();
let meili: TestServer;
let client: Meilisearch;
let pool: SearchPool;
let n = 0;
const opened: Queues[] = [];

beforeAll(async () => {
  meili = await startTestMeilisearch();
  client = createMeiliClient(meili.url, TEST_MEILI_KEY);
  pool = new SearchPool(meili.url, TEST_MEILI_KEY);
}, 120_000);
afterAll(async () => {
  await Promise.all(opened.map((q) => q.close()));
  await pool?.close();
  await meili?.stop();
});

/** One index per test (a fresh archive), a fresh key prefix, a matcher as the indexer makes it. */
async function setup(
  options: { scheme?: 'none' | 'tiered'; chunkSize?: number; facts?: boolean; pool?: SearchPool } = {},
) {
  const base = `t${++n}`;
  const archive = new Archive(client, base, options.scheme ?? 'none');
  if ((options.scheme ?? 'none') === 'none') await applyIndexSettings(client, base);
  const prefix = `t-${randomUUID()}`;
  const store = new SavedSearchStore(redis(), prefix);
  const queues = new Queues(redis(), prefix);
  opened.push(queues);
  const metrics = createMetrics('indexer');
  const matcher = new AlertMatcher({
    store,
    archive,
    pool: () => options.pool ?? pool,
    queues,
    metrics: matcherMetrics(metrics.registry),
    logger: createLogger('test', 'silent'),
    chunkSize: options.chunkSize,
    minIntervalMs: 0,
  });
  const save = async (body: Record<string, unknown>) =>
    (await store.create(SavedSearchInput.parse({ name: 'test', ...body }))).search;
  /** Index a batch as the indexer does, then match it as the indexer's hook does (with the articles' facts). */
  const batch = async (docs: ArticleDocument[]) => {
    const { homes } = await indexArticles(client, archive, docs);
    const at = Date.now();
    const byId = new Map(docs.map((d) => [d.id, d]));
    return matcher.match(
      [...homes].map(([id, index]) => ({
        id,
        index,
        searchableAt: at,
        ...(options.facts === false ? {} : { facts: articleFacts(byId.get(id)!) }),
      })),
    );
  };
  return { archive, store, queues, matcher, metrics, prefix, save, batch };
}

let u = 0;
function doc(overrides: Partial<ArticleDocument> = {}): ArticleDocument {
  return articleDocument({
    url: `https://news.test/${++u}`,
    title: 'Harbour cranes stop',
    text: 'The harbour cranes stopped on Tuesday at the pier.',
    // Whole seconds: the index keeps publishedAt in seconds.
    publishedAt: new Date(Math.floor(Date.now() / 1000 - 3600) * 1000).toISOString(),
    ...overrides,
  });
}

describe('matching saved searches against a searchable batch', () => {
  it('lets Meilisearch’s typo tolerance decide, as it does for a search', async () => {
    const { save, batch } = await setup();
    const typo = await save({ q: 'harbor' }); // one letter short of "harbour": one typo, tolerated from 5 letters
    const short = await save({ q: 'peer' }); // "pier" with a typo, but words under 5 letters allow none
    const exact = await save({ q: 'cranes' });
    const article = doc();
    const alerts = await batch([article]);
    expect(alerts.map((a) => a.savedSearchId).sort()).toEqual([typo.id, exact.id].sort());
    expect(alerts.map((a) => a.savedSearchId)).not.toContain(short.id);
    expect(alerts[0]).toMatchObject({
      article: {
        id: article.id,
        title: 'Harbour cranes stop',
        url: article.url,
        source: 'news.test',
        publishedAt: article.publishedAt,
        language: 'en',
        storyId: article.storyId,
      },
    });
    expect(alerts.find((a) => a.savedSearchId === exact.id)!.article.snippet).toContain(
      '<mark>cranes</mark>',
    );
  });

  it('matches several words as a search does: the last ones may be dropped, a quoted phrase’s may not', async () => {
    const { save, batch } = await setup();
    const dropped = await save({ q: 'harbour zebra' });
    const phrase = await save({ q: '"cranes stopped"' });
    const missing = await save({ q: '"harbour zebra"' });
    // proximityPrecision byAttribute (settings.ts): a phrase's words need to share a field, not be side by side.
    const apart = await save({ q: '"harbour pier"' });
    const alerted = new Set((await batch([doc()])).map((a) => a.savedSearchId));
    expect({
      dropped: alerted.has(dropped.id),
      phrase: alerted.has(phrase.id),
      missing: alerted.has(missing.id),
      apart: alerted.has(apart.id),
    }).toEqual({ dropped: true, phrase: true, missing: false, apart: true });
  });

  it('leaves out only searches that cannot match: the same alerts with the prefilter as without', async () => {
    const day = (d: string) => `2026-11-${d}T12:00:00.000Z`;
    const articles = [
      doc({
        title: 'Café in Zürich closes',
        text: 'The Straße café of Zürich closed for good.',
        publishedAt: day('10'),
      }),
      doc({
        title: 'iPhone sales',
        text: 'McDonald said G20 ministers met over COVID-19 and NATO.',
        publishedAt: day('11'),
      }),
      doc({
        title: '반도체 수출이 늘었다',
        text: '반도체수출 증가세가 이어졌다. 서울에서 회의가 열렸다.',
        language: 'ko',
        publishedAt: day('12'),
      }),
      doc({
        // A syllable whose jamo begin another's (서 in 설), and Hangul sent as jamo.
        title: '설날 연휴',
        text: `${'부산 항만'.normalize('NFD')} 연휴가 시작됐다.`,
        language: 'ko',
        publishedAt: day('12'),
      }),
      doc({
        title: 'Dock strike',
        text: 'Ada Park led the dock workers at Harbour City.',
        people: ['Ada Park'],
        places: ['Harbour City'],
        source: 'Wire.Example',
        publishedAt: day('13'),
      }),
    ];
    const searches = [
      { q: '"cafe zurich"' },
      { q: '"strasse"' },
      { q: '"iphone"' },
      { q: '"i phone"' },
      { q: '"mcdonald"' },
      { q: '"mc donald"' },
      { q: '"반도체수출"' },
      { q: '"수출"' },
      { q: '"서"' },
      { q: '"설"' },
      { q: '"부산 항만"' },
      { q: `"${'부산'.normalize('NFD')}"` },
      { q: '"g20"' },
      { q: '"covid 19"' },
      { q: '"NATO" treaty' },
      { q: 'harbour "ada park"' },
      { q: '"zebra crossing"' },
      { q: '"zebra" dock' },
      { q: '', filters: { person: ['ada park'] } },
      { q: '', filters: { place: ['Harbour City'], person: ['Ada Park'] } },
      { q: '', filters: { person: ['Lars Berg'] } },
      { q: '"dock"', filters: { source: ['wire.example'] } },
      { q: '', filters: { language: ['KO'] } },
      { q: '', filters: { from: '2026-11-11', to: '2026-11-12' } },
      { q: '', filters: { to: '2026-11-10' } },
      { q: '', filters: { from: day('13') } },
    ];
    const alertsOf = async (facts: boolean) => {
      const { save, batch, metrics } = await setup({ facts });
      const names = new Map<string, number>();
      for (const [i, search] of searches.entries()) names.set((await save(search)).id, i);
      const urls = new Map(articles.map((a) => [a.id, a.url]));
      const alerts = await batch(articles);
      const skipped = (
        await metrics.registry.getSingleMetric('tidings_alert_match_queries_total')!.get()
      ).values.find((v) => v.labels.outcome === 'skipped')!.value;
      return {
        matched: alerts.map((a) => `${names.get(a.savedSearchId)} ${urls.get(a.article.id)}`).sort(),
        skipped,
      };
    };
    const without = await alertsOf(false);
    const withFacts = await alertsOf(true);
    expect(without.skipped).toBe(0);
    expect(withFacts.matched).toEqual(without.matched);
    // Not asked: "zebra crossing", "zebra" dock, Lars Berg (each could match none of the five).
    expect(withFacts.skipped).toBe(3);
    expect(without.matched.length).toBeGreaterThanOrEqual(12);
  });

  it('alerts once per story: not for a syndicated copy in the same batch, a later batch, or the batch matched again', async () => {
    const { save, batch, matcher, archive } = await setup();
    const search = await save({ q: 'harbour' });
    const original = doc();
    const sameBatchCopy = doc({ url: 'https://copy.test/a', storyId: original.storyId });
    const first = await batch([original, sameBatchCopy]);
    expect(first).toHaveLength(1);
    expect(first[0]!.savedSearchId).toBe(search.id);

    const laterCopy = doc({ url: 'https://wire.test/b', storyId: original.storyId });
    expect(await batch([laterCopy])).toEqual([]);
    // A new story still alerts.
    expect(await batch([doc({ title: 'Harbour reopens' })])).toHaveLength(1);
    // The same batch matched twice (a re-run): nothing new.
    const index = archive.indexFor(Math.floor(Date.parse(original.publishedAt) / 1000));
    expect(await matcher.match([{ id: original.id, index, searchableAt: Date.now() }])).toEqual([]);
  });

  it('respects the saved filters: source, language, people, places, organisations and dates', async () => {
    const { save, batch } = await setup();
    const en = doc({ source: 'a.test', language: 'en', people: ['Kim Min-jun'], places: ['Busan'] });
    const ko = doc({
      source: 'b.test',
      language: 'ko',
      title: '부산 항만 크레인 멈춰',
      text: '부산 항만의 크레인이 화요일에 멈췄다.',
      organizations: ['Harbour Board'],
    });
    const searches = {
      bySource: await save({ filters: { source: ['b.test'] } }),
      byLanguage: await save({ filters: { language: ['en'] } }),
      byPerson: await save({ filters: { person: ['Kim Min-jun'] } }),
      byBothPeople: await save({ filters: { person: ['Kim Min-jun', 'Lee Ji-eun'] } }),
      byPlaceAndQuery: await save({ q: 'cranes', filters: { place: ['Busan'] } }),
      byOrg: await save({ filters: { org: ['Harbour Board'] } }),
      future: await save({ filters: { from: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) } }),
      past: await save({ filters: { to: '2020-01-01' } }),
    };
    const alerts = await batch([en, ko]);
    const who = (id: string) => Object.entries(searches).find(([, s]) => s.id === id)![0];
    expect(
      alerts.map((a) => `${who(a.savedSearchId)}:${a.article.id === en.id ? 'en' : 'ko'}`).sort(),
    ).toEqual(['byLanguage:en', 'byOrg:ko', 'byPerson:en', 'byPlaceAndQuery:en', 'bySource:ko'].sort());
  });

  it('matches the batch only: older articles that match the search do not alert', async () => {
    const { save, batch } = await setup();
    const older = doc({ title: 'Harbour strike begins' });
    await batch([older]); // indexed before the search existed
    const search = await save({ q: 'harbour' });
    const newer = doc({ title: 'Harbour strike ends', text: 'The strike at the harbour ended.' });
    const alerts = await batch([newer]);
    expect(alerts.map((a) => [a.savedSearchId, a.article.id])).toEqual([[search.id, newer.id]]);
  });

  it('logs, publishes and queues each new alert for every webhook, with a deterministic job id', async () => {
    const { save, batch, store, queues, prefix, metrics } = await setup();
    const search = await save({
      q: 'harbour',
      channels: [
        { type: 'webhook', url: 'https://a.example/hook' },
        { type: 'webhook', url: 'https://b.example/hook' },
      ],
    });
    const subscriber = new AlertSubscriber(redis(), prefix);
    const heard: string[] = [];
    const unsubscribe = await subscriber.subscribe(search.id, (alert) => heard.push(alert.id));
    try {
      const [alert] = await batch([doc()]);
      expect(alert).toBeDefined();
      expect((await store.alerts(search.id)).map((a) => a.id)).toEqual([alert!.id]);
      await waitFor(() => heard.includes(alert!.id), { timeoutMs: 5000, what: 'the alert published' });
      const jobs = await queues.queue('webhooks').getJobs(['waiting']);
      expect(jobs.map((j) => j.id).sort()).toEqual(search.channels.map((c) => `${alert!.id}-${c.id}`).sort());
      // The feed goes along for the delivery's log line (feed_id, as every job outcome line has).
      expect(jobs[0]!.data).toMatchObject({
        alert: { id: alert!.id, savedSearchId: search.id },
        feedId: 'f',
      });
      // No URL, no secret in the job data (dead letters and the queue board show it).
      const data = JSON.stringify(jobs.map((j) => j.data));
      for (const channel of search.channels) {
        expect(data).not.toContain(channel.url);
        expect(data).not.toContain(channel.secret);
      }
      expect(await metrics.registry.getSingleMetricAsString('tidings_alerts_matched_total')).toMatch(/ 1$/m);
    } finally {
      await unsubscribe();
      await subscriber.close();
    }
  });

  it('searches each partition the batch was written to (tiered: this week and an older year)', async () => {
    const { save, batch, archive } = await setup({ scheme: 'tiered' });
    await save({ q: 'harbour' });
    const recent = doc();
    const old = doc({ publishedAt: '2024-05-01T08:00:00.000Z' });
    const alerts = await batch([recent, old]);
    expect(alerts.map((a) => a.article.id).sort()).toEqual([recent.id, old.id].sort());
    expect(archive.indexFor(Date.parse(old.publishedAt) / 1000)).toMatch(/-2024$/);
    expect(archive.indexFor(Date.parse(recent.publishedAt) / 1000)).toMatch(/-\d{4}-W\d{2}$/);
  });

  it('matches an ad-hoc stream’s search while it lives, and not after', async () => {
    const { store, batch, archive, matcher } = await setup();
    const stream = await store.createTransient({ q: 'harbour', filters: {} }, 60_000);
    const [alert] = await batch([doc()]);
    expect(alert?.savedSearchId).toBe(stream.id);
    await store.refreshTransient(stream.id, 1); // as good as expired
    await new Promise((r) => setTimeout(r, 20));
    const late = doc({ title: 'Harbour again' });
    const { homes } = await indexArticles(client, archive, [late]);
    expect(
      await matcher.match([{ id: late.id, index: homes.get(late.id)!, searchableAt: Date.now() }]),
    ).toEqual([]);
  });

  it('matches batches handed over while a run is busy together, in the next run', async () => {
    const { save, matcher, metrics, archive } = await setup();
    await save({ q: 'harbour' });
    const docs = [doc(), doc(), doc()];
    const { homes } = await indexArticles(client, archive, docs);
    for (const d of docs) matcher.searchable([{ id: d.id, index: homes.get(d.id)! }]);
    await matcher.drain();
    // The first batch started a run at once; the two handed over during it went together.
    const text = await metrics.registry.getSingleMetricAsString('tidings_alert_match_duration_seconds');
    expect(text).toMatch(/_count\{[^}]*\} 2$/m);
    expect(await metrics.registry.getSingleMetricAsString('tidings_alerts_matched_total')).toMatch(/ 3$/m);
  });

  it('reads the facts back for batches handed over, and asks only the searches that could match', async () => {
    const { save, matcher, metrics, archive, store } = await setup();
    const watched = await save({ q: 'harbour', filters: { source: ['wire.example'] } });
    await save({ q: '"zebra crossing"' });
    await save({ q: 'harbour', filters: { language: ['ko'] } });
    const article = doc({ source: 'wire.example', language: 'en' });
    const { homes } = await indexArticles(client, archive, [article]);
    await matcher.searchable([{ id: article.id, index: homes.get(article.id)! }]);
    const queries = await metrics.registry.getSingleMetricAsString('tidings_alert_match_queries_total');
    expect(queries).toMatch(/outcome="sent"[^\n]* 1$/m);
    expect(queries).toMatch(/outcome="skipped"[^\n]* 2$/m);
    expect((await store.alerts(watched.id)).map((a) => a.article.id)).toEqual([article.id]);
  });

  it('goes on past a partition Meilisearch no longer has, without asking again', async () => {
    const { save, matcher, metrics, archive } = await setup({ chunkSize: 1 });
    await save({ q: 'harbour' });
    const article = doc();
    const { homes } = await indexArticles(client, archive, [article]);
    const good = { id: article.id, index: homes.get(article.id)! };
    // The article's own partition, and one retention dropped meanwhile.
    await matcher.searchable([good, { id: doc().id, index: 'no-such-index' }]);
    expect(await metrics.registry.getSingleMetricAsString('tidings_alerts_matched_total')).toMatch(/ 1$/m);
    const errors = await metrics.registry.getSingleMetricAsString('tidings_alert_match_errors_total');
    expect(errors).toMatch(/reason="search"[^\n]* 1$/m);
    expect(errors).toMatch(/reason="read"[^\n]* 1$/m);
  });

  it('rejects a batch whose queries failed, to be matched again; a story still alerts once', async () => {
    const down = new SearchPool('http://127.0.0.1:9', TEST_MEILI_KEY);
    const { save, matcher, metrics, archive, store, prefix } = await setup({ pool: down });
    const search = await save({ q: 'harbour' });
    const article = doc();
    const { homes } = await indexArticles(client, archive, [article]);
    const handed = { id: article.id, index: homes.get(article.id)! };
    await expect(matcher.searchable([handed])).rejects.toThrow(MatchSearchError);
    const errors = await metrics.registry.getSingleMetricAsString('tidings_alert_match_errors_total');
    expect(errors).toMatch(/reason="search"[^\n]* 1$/m);
    expect(errors).toMatch(/reason="read"[^\n]* 1$/m);
    expect(errors).toMatch(/reason="record"[^\n]* 0$/m);
    expect(await store.alerts(search.id)).toEqual([]);
    await down.close();

    // Matched again once Meilisearch answers (the queue's retry), twice: one alert.
    const queues = new Queues(redis(), prefix);
    opened.push(queues);
    const again = new AlertMatcher({
      store,
      archive,
      pool: () => pool,
      queues,
      metrics: matcherMetrics(createMetrics('matcher').registry),
      logger: createLogger('test', 'silent'),
      minIntervalMs: 0,
    });
    await again.searchable([handed]);
    await again.searchable([handed]);
    expect((await store.alerts(search.id)).map((a) => a.article.id)).toEqual([article.id]);
  });
});
