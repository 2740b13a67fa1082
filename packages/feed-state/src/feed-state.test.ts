import { randomUUID } from 'node:crypto';
import { Queues } from '@tidings/queue';
import { useTestRedis } from '@tidings/testing';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedRegistry, registerFeedMetrics, SeenItems } from './index';

describe('feed state against a real Redis', () => {
  const { redis } = useTestRedis();
  let prefix: string;
  let queues: Queues;

  afterAll(async () => {
    await queues?.close();
  });

  it('registers a feed once, schedules it, records health, pauses, resumes and removes it', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis(), prefix);
    const registry = new FeedRegistry(redis(), queues, prefix);
    const first = await registry.register({
      id: 'feed1',
      url: 'https://x.test/feed.xml',
      defaultIntervalSeconds: 300,
      tags: ['world'],
    });
    const again = await registry.register({
      id: 'feed1',
      url: 'https://x.test/feed.xml',
      defaultIntervalSeconds: 300,
      title: 'ignored',
    });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(first.feed).toMatchObject({
      adaptive: true,
      intervalSeconds: 300,
      tags: ['world'],
      paused: false,
      title: undefined,
    });
    expect(Date.parse(first.feed.nextPollAt!)).toBeLessThanOrEqual(Date.now());
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(1);
    const fixed = await registry.register({
      id: 'feed2',
      url: 'https://x.test/fixed.xml',
      defaultIntervalSeconds: 300,
      intervalSeconds: 60,
    });
    expect(fixed.feed).toMatchObject({ adaptive: false, intervalSeconds: 60 });

    const inAMinute = new Date(Date.now() + 60_000);
    await registry.recordPoll(
      'feed1',
      { status: 'error', error: 'HTTP 503' },
      { kind: 'next', at: inAMinute, intervalSeconds: 300 },
    );
    await registry.recordPoll(
      'feed1',
      { status: 'error', error: 'HTTP 503' },
      { kind: 'next', at: inAMinute, intervalSeconds: 300 },
    );
    const failing = await registry.get('feed1');
    expect(failing).toMatchObject({
      lastStatus: 'error',
      lastError: 'HTTP 503',
      consecutiveFailures: 2,
      nextPollAt: inAMinute.toISOString(),
    });
    expect(failing?.failingSince).toBeDefined();

    await registry.recordPoll(
      'feed1',
      { status: 'error', error: 'HTTP 410' },
      { kind: 'pause', reason: 'failing since then: HTTP 410' },
    );
    expect(await registry.get('feed1')).toMatchObject({
      paused: true,
      pausedReason: 'failing since then: HTTP 410',
      nextPollAt: undefined,
    });
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(1); // only feed2's

    const resumed = await registry.resume('feed1');
    expect(resumed).toMatchObject({ paused: false, consecutiveFailures: 0 });
    expect(resumed?.nextPollAt).toBeDefined();

    await registry.recordPoll(
      'feed1',
      { status: 'ok', newItems: 3, etag: '"v2"', url: 'https://x.test/moved.xml', title: 'X News' },
      { kind: 'next', at: inAMinute, intervalSeconds: 1800 },
    );
    const healthy = await registry.get('feed1');
    expect(healthy).toMatchObject({
      lastStatus: 'ok',
      consecutiveFailures: 0,
      itemsSeen: 3,
      etag: '"v2"',
      url: 'https://x.test/moved.xml',
      title: 'X News',
      intervalSeconds: 1800,
    });
    expect(healthy?.lastError).toBeUndefined();
    expect(healthy?.failingSince).toBeUndefined();

    const listed = await registry.list();
    expect(listed).toHaveLength(2);
    expect(listed.find((f) => f.id === 'feed1')).toEqual(await registry.get('feed1'));
    expect(await registry.remove('feed1')).toBe(true);
    expect(await registry.get('feed1')).toBeUndefined();
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(1);
  });

  it('remembers seen items by id and GUID, and notices changed ones', async () => {
    const seen = new SeenItems(redis(), `t-${randomUUID()}`);
    expect(
      await seen.classify([
        { articleId: 'a', fingerprint: '1' },
        { articleId: 'b', fingerprint: '1' },
      ]),
    ).toEqual({ fresh: ['a', 'b'], changed: [] });
    await seen.remember('feed', [{ articleId: 'a', fingerprint: '1', guid: 'urn:item:a' }]);
    expect(
      await seen.classify([
        { articleId: 'a', fingerprint: '1' },
        { articleId: 'b', fingerprint: '1' },
      ]),
    ).toEqual({ fresh: ['b'], changed: [] });
    expect(await seen.classify([{ articleId: 'a', fingerprint: '2' }])).toEqual({
      fresh: [],
      changed: ['a'],
    });
    expect(await seen.articlesForGuids('feed', ['urn:item:a', 'urn:item:z'])).toEqual(['a', undefined]);
    expect(await seen.articlesForGuids('other-feed', ['urn:item:a'])).toEqual([undefined]);
  });
  it('counts feeds by health for the feeds gauge', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const feeds = new FeedRegistry(redis(), queues, prefix);
    const registry = new Registry();
    registerFeedMetrics(registry, feeds);
    await feeds.register({ id: 'a', url: 'https://x.test/a.xml', defaultIntervalSeconds: 60 });
    await feeds.register({ id: 'b', url: 'https://x.test/b.xml', defaultIntervalSeconds: 60 });
    await feeds.recordPoll(
      'b',
      { status: 'error', error: 'HTTP 500' },
      { kind: 'next', at: new Date(Date.now() + 60_000), intervalSeconds: 60 },
    );
    const text = await registry.metrics();
    expect(text).toContain('tidings_feeds{state="healthy"} 1');
    expect(text).toContain('tidings_feeds{state="failing"} 1');
    await queues.close();
  });
});
