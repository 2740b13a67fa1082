// Concurrent assigns, many times over: every copy of each text in flight at once,
// in random order over 4 connections (4 parsers). Counts the texts whose copies
// ended in more than one story, or are missing from their story's members.
//   pnpm --filter @tidings/stories assign-stress [--cluster] [--rounds 15]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startTestRedis, startTestRedisCluster } from '@tidings/testing';
import { Cluster, Redis } from 'ioredis';
import { estimateJaccard, fingerprint } from '../src/fingerprint';
import { StoryIndex } from '../src/story-index';
import { loadStoryPairs } from '../src/story-pairs';

const { values } = parseArgs({
  options: { cluster: { type: 'boolean', default: false }, rounds: { type: 'string', default: '15' } },
});
const COPIES = 6;

// Texts far apart from one another, so that copies of one can only end in its own story.
const texts: Array<{ text: string; signature: Uint32Array }> = [];
for (const pair of loadStoryPairs())
  for (const text of [pair.a.text, pair.b.text]) {
    const signature = fingerprint(text);
    if (texts.every((t) => estimateJaccard(t.signature, signature) < 0.1)) texts.push({ text, signature });
  }

const server = values.cluster ? await startTestRedisCluster() : await startTestRedis();
const connect = () =>
  'seeds' in server
    ? new Cluster(
        server.seeds
          .split(',')
          .map((seed) => ({ host: seed.split(':')[0], port: Number(seed.split(':')[1]) })),
      )
    : new Redis(server.url);
const connections = [connect(), connect(), connect(), connect()];
try {
  let split = 0;
  let unlisted = 0;
  const rounds = Number(values.rounds);
  for (let round = 0; round < rounds; round++) {
    const prefix = `stress-${randomUUID()}`;
    const parsers = connections.map((redis) => new StoryIndex({ redis, prefix }));
    const groups = texts.map(({ text }) =>
      Array.from({ length: COPIES }, (_, c) => ({
        articleId: randomUUID().replaceAll('-', ''),
        signature: fingerprint(`${text}\n\nOutlet ${c}, round ${round}.`),
      })),
    );
    const shuffled = groups.flat().sort(() => Math.random() - 0.5);
    const storyOf = new Map<string, string>();
    await Promise.all(
      shuffled.map(async (a, i) => {
        const { storyId } = await parsers[i % parsers.length]!.assign({
          ...a,
          publishedAt: '2026-01-01T00:00:00Z',
          source: 's.test',
        });
        storyOf.set(a.articleId, storyId);
      }),
    );
    for (const group of groups) {
      const stories = new Set(group.map((a) => storyOf.get(a.articleId) as string));
      if (stories.size > 1) split++;
      const members = new Set(await parsers[0]!.members([...stories][0] as string));
      if (!group.every((a) => members.has(a.articleId))) unlisted++;
    }
  }
  console.log(
    `${values.cluster ? 'cluster' : 'one Redis'}: ${rounds} rounds × ${texts.length} texts × ${COPIES} copies; ` +
      `split ${split}, not listed ${unlisted} of ${rounds * texts.length} texts`,
  );
} finally {
  for (const c of connections) c.disconnect();
  await server.stop();
}
