import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { beforeAll, expect, it } from 'vitest';
import {
  estimateJaccard,
  fingerprint,
  lshBandKeys,
  SAME_STORY_THRESHOLD,
  StoryIndex,
  type StoryRedis,
  sameStory,
} from './index';
import { loadStoryPairs } from './story-pairs';

// The story index's cases, run by story-index.test.ts on a single Redis and by
// story-index.cluster.test.ts on a Redis Cluster: one code path, one set of cases.

const STORY = [
  'A magnitude 6.4 earthquake struck the northern highlands shortly after 3 a.m. on Tuesday, killing at least 12 people and injuring 85 others, officials said.',
  'The quake was centred near the town of Kessmark at a depth of 18 kilometres, according to the national seismology institute.',
  '"Our teams are working through the night to reach people trapped under collapsed buildings," Interior Minister Rhea Tolland told reporters.',
  'Several aftershocks followed, sending frightened residents into the streets, and power was cut across much of the region.',
  'Schools across the province will remain closed for the rest of the week, the education ministry said.',
].join('\n\n');
const SYNDICATED = `KESSMARK (AP) — ${STORY}\n\nAssociated Press writer Kim Alvarez contributed to this report.\n\nCopyright 2026 The Associated Press. All rights reserved.`;
const OTHER_QUAKE = [
  'At least three people died when a strong earthquake of magnitude 5.9 shook the southern coast late on Sunday evening.',
  'Seismologists said the epicentre lay close to Port Alvine, at a shallow depth of about 10 km.',
  'Hospitals in Port Alvine said they were treating dozens of patients in tents set up in car parks.',
  'Governor Amos Kelling urged residents to stay out of damaged homes until engineers had inspected them.',
  'The area sits on a fault line that produced a deadly quake in 1987.',
].join('\n\n');

const id = () => randomUUID().replaceAll('-', '');

/** Every key matching `pattern`: on a cluster, gathered from each master. */
export async function allKeys(redis: StoryRedis, pattern: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  return (await Promise.all(nodes.map((node) => node.keys(pattern)))).flat();
}

/**
 * Register the cases. `redis()` is the connection the tests share; `connect()`
 * opens another, as another parser process would (the case closes it).
 */
export function storyIndexCases(redis: () => StoryRedis, connect: () => StoryRedis): void {
  let stories: StoryIndex;
  let prefix: string;

  beforeAll(() => {
    prefix = `t-${randomUUID()}`;
    stories = new StoryIndex({ redis: redis(), prefix });
  });

  it('joins a syndicated copy to the original story, keeps a different story apart, and is idempotent', async () => {
    const [original, copy, other] = [id(), id(), id()];
    const first = await stories.assign({
      articleId: original,
      signature: fingerprint(STORY),
      publishedAt: '2026-11-25T09:00:00Z',
      source: 'wire.test',
    });
    expect(first).toEqual({ storyId: original });

    const joined = await stories.assign({
      articleId: copy,
      signature: fingerprint(SYNDICATED),
      publishedAt: '2026-11-25T08:30:00Z',
      source: 'courier.test',
    });
    expect(joined.storyId).toBe(original);
    expect(joined.similarity).toBeGreaterThanOrEqual(SAME_STORY_THRESHOLD);

    const apart = await stories.assign({
      articleId: other,
      signature: fingerprint(OTHER_QUAKE),
      publishedAt: '2026-11-25T10:00:00Z',
      source: 'wire.test',
    });
    expect(apart).toEqual({ storyId: other });

    // Re-assigning (a retried job), even with a different text, keeps the first answer.
    expect(
      await stories.assign({
        articleId: copy,
        signature: fingerprint(OTHER_QUAKE),
        publishedAt: '2026-11-25T08:30:00Z',
        source: 'courier.test',
      }),
    ).toEqual(joined);

    // First reporter first: the copy was published earlier than the original was assigned.
    expect(await stories.members(original)).toEqual([copy, original]);
    const described = await stories.describe([original, other, 'nope', original]);
    expect([...described.keys()].sort()).toEqual([original, other].sort());
    expect(described.get(original)).toEqual({ size: 2, sources: ['courier.test', 'wire.test'] });
    expect(described.get(other)).toEqual({ size: 1, sources: ['wire.test'] });
    expect(await stories.describe([])).toEqual(new Map());
  });

  it('puts concurrent copies of one story into one story', async () => {
    const ids = [id(), id(), id(), id()];
    const copies = [
      STORY,
      SYNDICATED,
      `${STORY}\n\nThis story has been updated.`,
      `Photo: Supplied\n\n${STORY}`,
    ];
    const results = await Promise.all(
      ids.map((articleId, i) =>
        stories.assign({
          articleId,
          signature: fingerprint(`${copies[i]} ${prefix}`),
          publishedAt: '2026-11-26T09:00:00Z',
          source: `s${i}.test`,
        }),
      ),
    );
    expect(new Set(results.map((r) => r.storyId)).size).toBe(1);
  });

  it('sets a TTL on every key it writes', async () => {
    const articleId = id();
    await stories.assign({
      articleId,
      signature: fingerprint(`${OTHER_QUAKE} unique ${articleId}`),
      publishedAt: '2026-11-27T09:00:00Z',
      source: 'x.test',
    });
    const keys = await allKeys(redis(), `${prefix}:*`);
    expect(keys.some((k) => k.includes(':lsh:'))).toBe(true);
    expect(keys).toContain(`${prefix}:sig:{${articleId}}`);
    for (const key of keys) {
      const ttl = await redis().ttl(key);
      expect(ttl, key).toBeGreaterThan(13 * 24 * 3600);
      expect(ttl, key).toBeLessThanOrEqual(14 * 24 * 3600);
    }
  });

  it('never clusters empty articles', async () => {
    const empty = fingerprint('');
    const [a, b] = [id(), id()];
    expect(
      (
        await stories.assign({
          articleId: a,
          signature: empty,
          publishedAt: '2026-11-27T09:00:00Z',
          source: 'x.test',
        })
      ).storyId,
    ).toBe(a);
    expect(
      (
        await stories.assign({
          articleId: b,
          signature: empty,
          publishedAt: '2026-11-27T09:00:00Z',
          source: 'x.test',
        })
      ).storyId,
    ).toBe(b);
  });

  it('decides as the TypeScript reference does: sameStory, and estimateJaccard as the similarity', async () => {
    // The labelled pairs span copies, rewrites and strangers, so both sides of the threshold.
    const pairs = loadStoryPairs();
    let joined = 0;
    for (const pair of pairs) {
      const index = new StoryIndex({ redis: redis(), prefix: `t-${randomUUID()}` });
      const [a, b] = [fingerprint(pair.a.text), fingerprint(pair.b.text)];
      const first = await index.assign({
        articleId: 'a',
        signature: a,
        publishedAt: '2026-11-28T09:00:00Z',
        source: 'a.test',
      });
      const second = await index.assign({
        articleId: 'b',
        signature: b,
        publishedAt: '2026-11-28T09:00:00Z',
        source: 'b.test',
      });
      expect(second.storyId === first.storyId, pair.id).toBe(sameStory(a, b));
      if (second.storyId === first.storyId) {
        joined++;
        expect(second.similarity, pair.id).toBeCloseTo(estimateJaccard(a, b), 4);
      }
    }
    expect(joined).toBeGreaterThan(pairs.length / 4);
    expect(joined).toBeLessThan(pairs.length);
  });

  it('keeps the newest members of a story, its sources with them', async () => {
    const small = new StoryIndex({ redis: redis(), prefix: `t-${randomUUID()}`, maxMembers: 3 });
    const ids = [id(), id(), id(), id(), id()];
    const assigned = [];
    for (const [i, articleId] of ids.entries()) {
      assigned.push(
        await small.assign({
          articleId,
          signature: fingerprint(SYNDICATED),
          publishedAt: `2026-11-2${i}T09:00:00Z`,
          source: `s${i}.test`,
        }),
      );
    }
    const storyId = assigned[0]!.storyId;
    expect(new Set(assigned.map((a) => a.storyId))).toEqual(new Set([storyId]));
    expect(await small.members(storyId)).toEqual(ids.slice(2));
    expect((await small.describe([storyId])).get(storyId)).toEqual({
      size: 3,
      sources: ['s2.test', 's3.test', 's4.test'],
    });
  });

  it('describes a story larger than one script can unpack (one written before the cap)', async () => {
    const storyId = id();
    const members = Array.from({ length: 9000 }, (_, i) => `m${i}`);
    await redis().zadd(`${prefix}:story:{${storyId}}`, ...members.flatMap((m, i) => [i, m]));
    await redis().hset(
      `${prefix}:story-sources:{${storyId}}`,
      Object.fromEntries(members.map((m, i) => [m, `s${i % 3}.test`])),
    );
    expect((await stories.describe([storyId])).get(storyId)).toEqual({
      size: 9000,
      sources: ['s0.test', 's1.test', 's2.test'],
    });
  });

  it('puts near-duplicates assigned at once from several processes into one story, each listed in it', async () => {
    // Three connections stand for three parsers; every copy of every text is in flight at once.
    const connections = [connect(), connect(), connect()];
    try {
      const shared = `t-${randomUUID()}`;
      const parsers = connections.map((c) => new StoryIndex({ redis: c, prefix: shared }));
      const texts = unrelatedTexts(24);
      const rounds = texts.map((text) =>
        Array.from({ length: 4 }, (_, c) => ({
          articleId: id(),
          text: `${text}\n\nDistributed by outlet ${c}.`,
        })),
      );
      const results = await Promise.all(
        rounds.flat().map((a, i) =>
          parsers[i % parsers.length]!.assign({
            articleId: a.articleId,
            signature: fingerprint(a.text),
            publishedAt: '2026-11-26T09:00:00Z',
            source: `s${i % 4}.test`,
          }),
        ),
      );
      const storyOf = new Map(rounds.flat().map((a, i) => [a.articleId, results[i]!.storyId]));
      for (const round of rounds) {
        const ids = round.map((a) => a.articleId);
        const storyIds = new Set(ids.map((a) => storyOf.get(a)));
        expect(storyIds.size, ids.join(' ')).toBe(1);
        expect(await parsers[0]!.members([...storyIds][0]!)).toEqual(expect.arrayContaining(ids));
      }
    } finally {
      for (const c of connections) c.disconnect();
    }
  });

  it('decides for an article whose assign stopped after entering its buckets; its retry keeps that story', async () => {
    const index = new StoryIndex({ redis: redis(), prefix: `t-${randomUUID()}` });
    const [stopped, copy] = [id(), id()];
    const signature = fingerprint(STORY);
    await enterBuckets(redis(), index, stopped, signature);
    // Its lock is still there, as a crashed process leaves it: the next assign waits it out.
    await redis().set(`${indexPrefix(index)}:assigning:{${stopped}}`, 'crashed', 'PX', 200);

    const joined = await index.assign({
      articleId: copy,
      signature: fingerprint(SYNDICATED),
      publishedAt: '2026-11-25T09:00:00Z',
      source: 'courier.test',
    });
    expect(joined).toEqual({ storyId: copy });
    // Retried with no text: only a story decided for it already can put it with the copy.
    const retried = await index.assign({
      articleId: stopped,
      signature: fingerprint(''),
      publishedAt: '2026-11-25T08:00:00Z',
      source: 'wire.test',
    });
    expect(retried.storyId).toBe(copy);
    expect(retried.similarity).toBeCloseTo(estimateJaccard(signature, fingerprint(SYNDICATED)), 4);
    expect(await index.members(copy)).toEqual([stopped, copy]);
  });
}

function indexPrefix(index: StoryIndex): string {
  return (index as unknown as { prefix: string }).prefix;
}

/** What an assign leaves when its process dies after entering the buckets: the signature and the bucket entries, no story. */
async function enterBuckets(redis: StoryRedis, index: StoryIndex, articleId: string, signature: Uint32Array) {
  const prefix = indexPrefix(index);
  const now = Math.floor(Date.now() / 1000);
  const bytes = Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength);
  await redis.set(`${prefix}:sig:{${articleId}}`, bytes, 'EX', 3600);
  await Promise.all(
    lshBandKeys(signature).map((key, band) => redis.zadd(`${prefix}:lsh:${band}:${key}`, now, articleId)),
  );
}

/**
 * Texts no two of which come near the threshold: copies of one may then only
 * end in its own story (texts that are near-duplicates of one another can split
 * their copies between two stories, as they can one at a time).
 */
function unrelatedTexts(count: number): string[] {
  const picked: Array<{ text: string; signature: Uint32Array }> = [];
  for (const pair of loadStoryPairs())
    for (const text of [pair.a.text, pair.b.text]) {
      const signature = fingerprint(text);
      if (picked.length < count && picked.every((p) => estimateJaccard(p.signature, signature) < 0.1))
        picked.push({ text, signature });
    }
  expect(picked).toHaveLength(count);
  return picked.map((p) => p.text);
}
