import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvSchema, loadConfig } from './index';

// .env.example is the operator's reference: it must list exactly the
// variables the schema reads, with the schema's defaults. Its last section
// holds what only docker-compose.yml reads (checked by apps/cli's compose test).
describe('.env.example', () => {
  const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  const [services = '', composeOnly = ''] = text.split(/^# --- Docker Compose only.*$/m);
  const entriesOf = (part: string) =>
    Object.fromEntries(
      part
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  const entries = entriesOf(services);

  it('documents every variable and nothing else', () => {
    expect(Object.keys(entries).sort()).toEqual(Object.keys(EnvSchema.shape).sort());
  });

  it('keeps compose-only variables apart from the services’ ones', () => {
    for (const name of Object.keys(entriesOf(composeOnly)))
      expect(Object.keys(EnvSchema.shape), name).not.toContain(name);
  });

  it('shows the real defaults', () => {
    expect(loadConfig(entries)).toEqual(loadConfig({}));
  });
});
