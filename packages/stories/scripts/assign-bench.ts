// Assign throughput of the story index on a throwaway single Redis or Redis Cluster.
//   pnpm --filter @tidings/stories assign-bench [--cluster] [--copies 4] [--concurrency 16] [--clients 2]
//   --autopipeline: ioredis' enableAutoPipelining (one write per event-loop tick).
// Articles: every text of the labelled pairs, each in `copies` near-duplicate
// variants, fingerprinted before the clock starts. Prints assigns/s, Redis
// commands and Redis CPU per assign (summed over every master), and how many
// stories came out, with a digest of every assignment: run one at a time,
// it must not change between versions, nor between one Redis and a cluster.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startTestRedis, startTestRedisCluster } from '@tidings/testing';
import { Cluster, Redis } from 'ioredis';
import { fingerprint } from '../src/fingerprint';
import { StoryIndex } from '../src/story-index';
import { loadStoryPairs } from '../src/story-pairs';

const { values } = parseArgs({
  options: {
    cluster: { type: 'boolean', default: false },
    copies: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
    clients: { type: 'string', default: '2' },
    autopipeline: { type: 'boolean', default: false },
  },
});
const copies = Number(values.copies);
const concurrency = Number(values.concurrency);
const clients = Number(values.clients);

const texts = loadStoryPairs().flatMap((p) => [p.a.text, p.b.text]);
const articles = texts.flatMap((text, t) =>
  Array.from({ length: copies }, (_, c) => ({
    articleId: `a${t}-${c}`,
    signature: fingerprint(`${text}\n\nCopy ${c} of story ${t}, distributed by outlet ${c}.`),
    publishedAt: new Date(Date.UTC(2026, 0, 1, 0, c)).toISOString(),
    source: `s${c}.test`,
  })),
);
// Copies of one text arrive together, as a wire story reaches many feeds at once.
articles.sort((x, y) => x.publishedAt.localeCompare(y.publishedAt) || x.articleId.localeCompare(y.articleId));

const server = values.cluster ? await startTestRedisCluster() : await startTestRedis();
const seeds =
  'seeds' in server
    ? server.seeds.split(',').map((s) => ({ host: s.split(':')[0], port: Number(s.split(':')[1]) }))
    : [];
const enableAutoPipelining = values.autopipeline;
const connect = () =>
  'seeds' in server
    ? new Cluster(seeds, { enableAutoPipelining })
    : new Redis((server as { url: string }).url, { enableAutoPipelining });
const connections = Array.from({ length: clients }, connect);
// Commands the index sends, by name (a script counts once, under its SHA): the claims beyond one per assign are lock round trips.
const sent = new Map<string, number>();
const scripts = new Map<string, string>();
for (const connection of connections) {
  const define = connection.defineCommand.bind(connection);
  connection.defineCommand = (name, definition) => {
    scripts.set(
      createHash('sha1').update(definition.lua).digest('hex'),
      name.replace('tidingsStory', '').toLowerCase(),
    );
    define(name, definition);
  };
  const send = connection.sendCommand.bind(connection);
  connection.sendCommand = ((command: { name: string; args: unknown[] }, ...rest: unknown[]) => {
    const name =
      command.name === 'evalsha' ? (scripts.get(String(command.args[0])) ?? 'evalsha') : command.name;
    sent.set(name, (sent.get(name) ?? 0) + 1);
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as typeof connection.sendCommand;
}
try {
  const masters = async (): Promise<Redis[]> =>
    connections[0] instanceof Cluster ? connections[0].nodes('master') : [connections[0] as Redis];
  const stats = async () => {
    let commands = 0;
    let cpu = 0;
    for (const node of await masters()) {
      const info = await node.info();
      const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
      commands += field('total_commands_processed');
      cpu += field('used_cpu_user') + field('used_cpu_sys');
    }
    return { commands, cpu };
  };
  const prefix = `bench-${Date.now()}`;
  const indexes = connections.map((redis) => new StoryIndex({ redis, prefix }));
  await indexes[0]?.assign({ ...articles[0]!, articleId: 'warm-up' });

  const before = await stats();
  sent.clear();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const storyOf = new Map<string, string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const index = indexes[worker % indexes.length]!;
      for (let i = next++; i < articles.length; i = next++)
        storyOf.set(articles[i]!.articleId, (await index.assign(articles[i]!)).storyId);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const after = await stats();
  const n = articles.length;
  console.log(
    `${values.cluster ? 'cluster (3 masters)' : 'single node'}: ${n} assigns, concurrency ${concurrency} over ${clients} connections${enableAutoPipelining ? ', auto-pipelining' : ''}`,
  );
  console.log(
    `  ${(n / seconds).toFixed(0)} assigns/s, ${((seconds * 1000) / n).toFixed(3)} ms wall per assign, client CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms per assign`,
  );
  console.log(
    `  Redis per assign: ${((after.commands - before.commands) / n).toFixed(1)} commands, ${(((after.cpu - before.cpu) * 1000) / n).toFixed(3)} CPU ms`,
  );
  const total = [...sent.values()].reduce((a, b) => a + b, 0);
  console.log(
    `  client commands per assign: ${(total / n).toFixed(1)} (${[...sent].map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ')})`,
  );
  // Run one at a time, the same digest before and after a change means the same stories.
  const digest = createHash('sha1')
    .update(JSON.stringify([...storyOf].sort()))
    .digest('hex')
    .slice(0, 12);
  console.log(
    `  ${new Set(storyOf.values()).size} stories for ${texts.length} texts × ${copies} copies (assignments digest ${digest})`,
  );
} finally {
  for (const c of connections) c.disconnect();
  await server.stop();
}
