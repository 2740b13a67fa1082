import { describe, expect, it } from 'vitest';
import { SavedSearchInput, SavedSearchPatch } from './saved-search';

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('saved search input', () => {
  it('takes a name alone, with an empty query, no filters and no channels', () => {
    expect(SavedSearchInput.parse({ name: ' Harbour ' })).toEqual({
      name: 'Harbour',
      q: '',
      filters: {},
      channels: [],
    });
  });

  it('takes /v1/search’s filters by their names, lists as arrays (a value may hold a comma)', () => {
    const parsed = SavedSearchInput.parse({
      name: 'Ports',
      q: 'harbour strike',
      filters: {
        source: ['news.test'],
        language: ['en', 'ko'],
        person: ['Kim Min-jun'],
        place: ['Busan'],
        org: ['Harbour Board, Ltd.'],
        from: '2026-11-01',
        to: '2026-11-30T12:00:00Z',
      },
      channels: [{ type: 'webhook', url: 'https://hooks.example/tidings' }],
    });
    expect(parsed.filters.org).toEqual(['Harbour Board, Ltd.']);
    expect(parsed.channels).toEqual([{ type: 'webhook', url: 'https://hooks.example/tidings' }]);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'x', q: 'q'.repeat(513) }, 'q'],
    [{ name: 'x', filters: { topic: ['ports'] } }, 'filters'],
    [{ name: 'x', filters: { language: 'en' } }, 'filters.language'],
    [{ name: 'x', filters: { language: [] } }, 'filters.language'],
    [{ name: 'x', filters: { from: 'last week' } }, 'filters.from'],
    [{ name: 'x', filters: { from: '2026-12-01', to: '2026-11-01' } }, 'filters.from'],
    [{ name: 'x', channels: [{ type: 'webhook', url: 'ftp://hooks.example/x' }] }, 'channels.0.url'],
    [{ name: 'x', channels: [{ type: 'email', url: 'https://hooks.example/x' }] }, 'channels.0.type'],
    [
      { name: 'x', channels: [{ type: 'webhook', url: 'https://h.example/x', secret: 'short' }] },
      'channels.0.secret',
    ],
    [
      {
        name: 'x',
        channels: [
          { type: 'webhook', url: 'https://h.example/x' },
          { type: 'webhook', url: 'https://h.example/x' },
        ],
      },
      'channels',
    ],
    [
      {
        name: 'x',
        channels: Array.from({ length: 11 }, (_, i) => ({ type: 'webhook', url: `https://h.example/${i}` })),
      },
      'channels',
    ],
    [{ name: 'x', owner: 'me' }, ''],
  ])('refuses %j, naming %s', (body, field) => {
    const result = SavedSearchInput.safeParse(body);
    expect(result.success).toBe(false);
    expect(
      issues(result).some((i) => i.startsWith(`${field}:`) || (field === '' && i.startsWith(':'))),
      issues(result).join('; '),
    ).toBe(true);
  });

  it('takes a date alone as the whole day in to, as /v1/search does', () => {
    expect(
      SavedSearchInput.safeParse({ name: 'x', filters: { from: '2026-11-30T18:00:00Z', to: '2026-11-30' } })
        .success,
    ).toBe(true);
  });

  it('needs something to change in a patch', () => {
    expect(SavedSearchPatch.safeParse({}).success).toBe(false);
    expect(SavedSearchPatch.parse({ q: 'harbor' })).toEqual({ q: 'harbor' });
  });
});
