/**
 * What the whole-pipeline benches (bench, bench:scale) share: the services
 * run as processes whose job outcome lines tell when each article was
 * discovered, parsed and made searchable, and a newsroom publishing at a
 * fixed rate.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { articleIdFor } from '@tidings/contracts';
import { type ServiceName, ServiceProcess } from '@tidings/servers';
import type { Newsroom } from '@tidings/testing';

export const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;

/** Job outcome lines the services print: when each article was queued, parsed, and made searchable. */
export class OutcomeLog {
  readonly discovered = new Map<string, number>();
  readonly parsed = new Map<string, number>();
  readonly searchable = new Map<string, number>();
  firstPollAt?: number;

  follow(child: ChildProcess): void {
    if (!child.stdout) return;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.includes('"outcome"')) return;
      const entry = JSON.parse(line) as {
        stage?: string;
        outcome?: string;
        time?: string;
        article_id?: string;
        article_ids?: string[];
      };
      const at = Date.parse(entry.time ?? '');
      if (entry.stage === 'poll' && entry.outcome === 'completed') {
        this.firstPollAt ??= at;
        for (const id of entry.article_ids ?? []) if (!this.discovered.has(id)) this.discovered.set(id, at);
      } else if (entry.stage === 'parse' && entry.outcome === 'completed' && entry.article_id) {
        if (!this.parsed.has(entry.article_id)) this.parsed.set(entry.article_id, at);
      } else if (entry.stage === 'index' && entry.outcome === 'completed' && entry.article_id) {
        if (!this.searchable.has(entry.article_id)) this.searchable.set(entry.article_id, at);
      }
    });
  }
}

/**
 * A service process whose outcome lines feed `log`. One that exits during
 * the run is reported and `onUnexpectedExit` is called: the bench would
 * otherwise wait for articles that never come.
 */
export function followedService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  log: OutcomeLog,
  options: { nodeArgs?: string[]; onUnexpectedExit: () => void },
): ServiceProcess {
  return new ServiceProcess(name, {
    env,
    nodeArgs: options.nodeArgs ?? [],
    stdio: ['ignore', 'pipe', 'inherit'],
    onSpawn: (child) => log.follow(child),
    onUnexpectedExit: ({ code, signal }) => {
      console.error(`${name} exited (${signal ?? code}) during the run; stopping the bench`);
      options.onUnexpectedExit();
    },
  });
}

/** Publish `rate` new articles a second for `seconds`; resolves to each article's id and publish time (ms). */
export async function publishAtRate(
  newsroom: Newsroom,
  rate: number,
  seconds: number,
): Promise<Map<string, number>> {
  const published = new Map<string, number>();
  const startedAt = Date.now();
  const until = startedAt + seconds * 1000;
  let sent = 0;
  while (Date.now() < until) {
    const due = Math.floor(((Date.now() - startedAt) / 1000) * rate);
    for (; sent < due; sent++) {
      const article = newsroom.publish();
      published.set(articleIdFor(article.url), article.publishedAtMs);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return published;
}

/** Seconds from `from(id)` to `to(id)` for every id that has both, sorted. */
export function lagsSeconds(
  ids: Iterable<string>,
  from: (id: string) => number | undefined,
  to: (id: string) => number | undefined,
): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const a = from(id);
    const b = to(id);
    if (a !== undefined && b !== undefined) out.push((b - a) / 1000);
  }
  return out.sort((x, y) => x - y);
}
