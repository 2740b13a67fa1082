import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvSchema, loadConfig } from './index';

// .env.example is the operator's reference: it must list exactly the
// variables the schema reads, with the schema's defaults.
describe('.env.example', () => {
  const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  const entries = Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('documents every variable and nothing else', () => {
    expect(Object.keys(entries).sort()).toEqual(Object.keys(EnvSchema.shape).sort());
  });

  it('shows the real defaults', () => {
    expect(loadConfig(entries)).toEqual(loadConfig({}));
  });
});
