import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the API process', () => {
  it("refuses to start with Meilisearch's master key, naming the key it wants instead", () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', main], {
      env: { PATH: process.env.PATH, MEILI_MASTER_KEY: 'a-master-key-0123456789' },
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(78);
    expect(run.stderr).toContain('MEILI_MASTER_KEY must not reach the API; give it MEILI_SEARCH_KEY');
  });
});
