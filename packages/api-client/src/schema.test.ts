import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaTypes } from './schema-types';

describe('the committed client types', () => {
  it('are those of the committed document (else run `pnpm openapi`)', async () => {
    const document = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
    const committed = readFileSync(new URL('./schema.d.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await schemaTypes(document));
  });
});
