import { randomUUID } from 'node:crypto';
import { type Alert, alertIdFor } from '@tidings/contracts';
import { useTestRedis, waitFor } from '@tidings/testing';
import { describe, expect, it } from 'vitest';
import { SavedSearchInput, toPublic } from './saved-search';
import { ALERT_LOG_SIZE, SavedSearchLimitError, SavedSearchStore } from './store';
import { AlertSubscriber } from './subscriber';

const { redis } = useTestRedis();
const newStore = (limit?: number) => {
  const prefix = `t-${randomUUID()}`;
  return { store: new SavedSearchStore(redis(), prefix, { limit }), prefix };
};
const input = (body: Record<string, unknown> = {}) =>
  SavedSearchInput.parse({ name: 'Harbour', q: 'harbour', ...body });

function alertOf(
  savedSearchId: string,
  n: number,
  storyId = `story-${n}`,
): { alert: Alert; storyId: string; transient: boolean } {
  const articleId = n.toString(16).padStart(32, '0');
  return {
    alert: {
      id: alertIdFor(savedSearchId, articleId),
      savedSearchId,
      article: {
        id: articleId,
        title: `Harbour ${n}`,
        url: `https://news.test/${n}`,
        source: 'news.test',
        publishedAt: '2026-11-20T10:00:00.000Z',
        language: 'en',
        snippet: 'The <mark>harbour</mark>',
        storyId,
      },
      searchableAt: '2026-11-20T10:00:01.000Z',
      matchedAt: '2026-11-20T10:00:01.100Z',
    },
    storyId,
    transient: false,
  };
}

describe('saved searches in Redis', () => {
  it('creates, reads, lists, changes and deletes a saved search, under one hash tag', async () => {
    const { store, prefix } = newStore();
    const { search } = await store.create(input({ filters: { language: ['en'] } }));
    expect(search).toMatchObject({
      name: 'Harbour',
      q: 'harbour',
      filters: { language: ['en'] },
      channels: [],
    });
    expect(search.id).toMatch(/^ss_[0-9a-f]{16}$/);
    expect(search.feedKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.get(search.id)).toEqual(search);

    const second = (await store.create(input({ name: 'Second' }))).search;
    expect((await store.list({ limit: 10, offset: 0 })).savedSearches.map((s) => s.name)).toEqual([
      'Harbour',
      'Second',
    ]);
    expect(await store.list({ limit: 1, offset: 1 })).toMatchObject({
      total: 2,
      savedSearches: [{ name: 'Second' }],
    });

    const version = await store.version();
    const changed = await store.update(search.id, { q: 'harbor', filters: {} });
    expect(changed?.search).toMatchObject({
      q: 'harbor',
      filters: {},
      name: 'Harbour',
      createdAt: search.createdAt,
    });
    expect(await store.version()).not.toBe(version);

    expect(await store.remove(second.id)).toBe(true);
    expect(await store.remove(second.id)).toBe(false);
    expect(await store.get(second.id)).toBeUndefined();
    expect(await store.update(second.id, { q: 'x' })).toBeUndefined();
    expect((await store.list({ limit: 10, offset: 0 })).total).toBe(1);

    const keys = await redis().keys(`*${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(
      keys.every((k) => k.startsWith(`{${prefix}:saved}:`)),
      keys.join(', '),
    ).toBe(true);
  });

  it('refuses searches past its limit, also when they are created at once', async () => {
    const { store } = newStore(3);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => store.create(input({ name: `s${i}` }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(SavedSearchLimitError);
    expect((await store.list({ limit: 10, offset: 0 })).total).toBe(3);
  });

  it('shows a webhook secret only when the channel is made; a patch keeps a channel by its URL', async () => {
    const { store } = newStore();
    const made = await store.create(
      input({
        channels: [
          { type: 'webhook', url: 'https://a.example/hook' },
          { type: 'webhook', url: 'https://b.example/hook', secret: 'given-secret-0123456789' },
        ],
      }),
    );
    const [a, b] = made.search.channels;
    const answer = toPublic(made.search, made.revealed);
    expect(answer.channels).toEqual([
      {
        id: a!.id,
        type: 'webhook',
        url: 'https://a.example/hook',
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      { id: b!.id, type: 'webhook', url: 'https://b.example/hook', secret: 'given-secret-0123456789' },
    ]);
    expect(JSON.stringify(toPublic((await store.get(made.search.id))!))).not.toContain('secret');

    // a kept as it was, b's secret rotated, c new; anything not listed would go.
    const patched = await store.update(made.search.id, {
      channels: [
        { type: 'webhook', url: 'https://a.example/hook' },
        { type: 'webhook', url: 'https://b.example/hook', secret: 'rotated-secret-0123456789' },
        { type: 'webhook', url: 'https://c.example/hook' },
      ],
    });
    const shown = toPublic(patched!.search, patched!.revealed).channels;
    expect(shown[0]).toEqual({ id: a!.id, type: 'webhook', url: 'https://a.example/hook' });
    expect(shown[1]).toEqual({
      id: b!.id,
      type: 'webhook',
      url: 'https://b.example/hook',
      secret: 'rotated-secret-0123456789',
    });
    expect(shown[2]).toMatchObject({ url: 'https://c.example/hook', secret: expect.any(String) });
    expect((await store.get(made.search.id))!.channels[0]!.secret).toBe(a!.secret);

    const dropped = await store.update(made.search.id, {
      channels: [{ type: 'webhook', url: 'https://c.example/hook' }],
    });
    expect(dropped!.search.channels.map((c) => c.url)).toEqual(['https://c.example/hook']);
    expect(dropped!.revealed.size).toBe(0);
  });

  it("opens a search's feed with its own key only", async () => {
    const { store } = newStore();
    const one = (await store.create(input())).search;
    const two = (await store.create(input())).search;
    expect(await store.feedKeyMatches(one.id, one.feedKey)).toBe(true);
    expect(await store.feedKeyMatches(one.id, two.feedKey)).toBe(false);
    expect(await store.feedKeyMatches(one.id, `${one.feedKey}x`)).toBe(false);
    expect(await store.feedKeyMatches(one.id, '')).toBe(false);
    expect(await store.feedKeyMatches('ss_0000000000000000', one.feedKey)).toBe(false);
  });

  it('keeps an ad-hoc stream’s search while it is refreshed, unlisted, and sweeps it once expired', async () => {
    const { store } = newStore();
    const saved = (await store.create(input())).search;
    const now = Date.now();
    const stream = await store.createTransient({ q: 'harbour', filters: { language: ['en'] } }, 60_000, now);
    expect(stream.transient).toBe(true);
    expect((await store.list({ limit: 10, offset: 0 })).savedSearches.map((s) => s.id)).toEqual([saved.id]);
    expect((await store.loadAll(now)).map((s) => s.id).sort()).toEqual([saved.id, stream.id].sort());
    expect(await store.feedKeyMatches(stream.id, stream.feedKey)).toBe(false);

    // Past its expiry it is no longer matched; refreshed, it is again.
    expect(await store.liveTransient(now + 61_000)).toEqual(new Set());
    expect(await store.refreshTransient(stream.id, 120_000, now)).toBe(true);
    expect(await store.liveTransient(now + 61_000)).toEqual(new Set([stream.id]));

    expect(await store.sweepTransient(now + 121_000)).toBe(1);
    expect(await store.get(stream.id)).toBeUndefined();
    expect(await store.refreshTransient(stream.id, 60_000)).toBe(false);
    expect((await store.loadAll()).map((s) => s.id)).toEqual([saved.id]);
  });

  it('records an alert once per story, keeps the latest 50 newest first, and publishes each', async () => {
    const { store, prefix } = newStore();
    const { search } = await store.create(input());
    const subscriber = new AlertSubscriber(redis(), prefix);
    const heard: string[] = [];
    const unsubscribe = await subscriber.subscribe(search.id, (alert) => heard.push(alert.id));
    try {
      const first = alertOf(search.id, 1, 'story-a');
      const copy = alertOf(search.id, 2, 'story-a'); // a syndicated copy: the same story
      expect((await store.record([first, copy])).map((a) => a.id)).toEqual([first.alert.id]);
      expect(await store.record([first])).toEqual([]);

      const more = Array.from({ length: ALERT_LOG_SIZE + 5 }, (_, i) => alertOf(search.id, 100 + i));
      expect(await store.record(more)).toHaveLength(more.length);
      const log = await store.alerts(search.id);
      expect(log).toHaveLength(ALERT_LOG_SIZE);
      expect(log[0]!.id).toBe(more.at(-1)!.alert.id);
      await waitFor(() => heard.length === 1 + more.length, {
        timeoutMs: 5000,
        what: 'every alert published',
      });
      expect(heard[0]).toBe(first.alert.id);
    } finally {
      await unsubscribe();
      await subscriber.close();
    }
  });

  it('records nothing for a search deleted meanwhile', async () => {
    const { store } = newStore();
    const { search } = await store.create(input());
    await store.remove(search.id);
    expect(await store.record([alertOf(search.id, 1)])).toEqual([]);
    expect(await store.alerts(search.id)).toEqual([]);
  });
});
