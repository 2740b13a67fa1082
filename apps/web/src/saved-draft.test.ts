import { describe, expect, it } from 'vitest';
import type { SavedSearch } from './api';
import {
  channelsOf,
  draftOfSaved,
  draftOfSearch,
  fieldOf,
  filtersOf,
  listProblem,
  readableMessage,
  splitList,
  webhookRow,
} from './saved-draft';
import { decodeState } from './url-state';

const saved: SavedSearch = {
  id: 'ss_0123456789abcdef',
  name: 'Busan port strike',
  q: 'harbour strike',
  filters: { language: ['en', 'ko'], place: ['Busan', 'Seoul, Mapo'], from: '2026-11-01T09:30:00+09:00' },
  channels: [{ id: 'ch_01234567', type: 'webhook', url: 'https://hooks.example/a' }],
  feedKey: 'k'.repeat(43),
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('saved search drafts', () => {
  it('hold the current search: its query, filters and days', () => {
    const draft = draftOfSearch(
      decodeState('?q=harbour&language=en&person=Ada+Park&person=Lars&from=2026-01-12'),
    );
    expect(draft).toMatchObject({ q: 'harbour', from: '2026-01-12', to: '', webhooks: [] });
    expect(draft.lists).toEqual({ source: '', language: 'en', person: 'Ada Park, Lars', place: '', org: '' });
    expect(filtersOf(draft)).toEqual({ language: ['en'], person: ['Ada Park', 'Lars'], from: '2026-01-12' });
  });

  it('keep a saved date-time bound while its day is left as it was, and take a new day as a day', () => {
    const draft = draftOfSaved(saved);
    expect(draft.from).toBe('2026-11-01');
    expect(filtersOf(draft, saved.filters).from).toBe('2026-11-01T09:30:00+09:00');
    expect(filtersOf({ ...draft, from: '2026-11-02' }, saved.filters).from).toBe('2026-11-02');
    expect(filtersOf({ ...draft, from: '' }, saved.filters).from).toBeUndefined();
  });

  it('split lists on commas, trimmed, each value once; a value with a comma shown and read in quotes', () => {
    expect(splitList(' Busan ,, Seoul,Busan ')).toEqual(['Busan', 'Seoul']);
    expect(splitList('  ')).toEqual([]);
    const draft = draftOfSaved(saved);
    expect(draft.lists.place).toBe('Busan, "Seoul, Mapo"');
    expect(filtersOf(draft, saved.filters).place).toEqual(['Busan', 'Seoul, Mapo']);
    expect(filtersOf({ ...draft, lists: { ...draft.lists, place: 'Busan, Seoul' } }).place).toEqual([
      'Busan',
      'Seoul',
    ]);
    expect(listProblem(draft)).toBeUndefined();
  });

  it('name the field whose quote is left open', () => {
    const draft = draftOfSaved(saved);
    expect(listProblem({ ...draft, lists: { ...draft.lists, org: 'Hyundai, "Samsung, Ltd.' } })).toEqual({
      field: 'org',
      error: 'a quote opened at character 10 is never closed',
    });
  });

  it('send each webhook by URL: kept ones without a secret unless renewed, empty rows left out', () => {
    const draft = draftOfSaved(saved);
    draft.webhooks.push(webhookRow(''), webhookRow(' https://hooks.example/b '));
    expect(channelsOf(draft)).toEqual({
      channels: [
        { type: 'webhook', url: 'https://hooks.example/a' },
        { type: 'webhook', url: 'https://hooks.example/b' },
      ],
      rows: [0, 2],
    });
    draft.webhooks[0]!.rotate = true;
    const [renewed] = channelsOf(draft).channels;
    expect(renewed?.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(channelsOf(draft).channels[0]?.secret).not.toBe(renewed?.secret);
  });

  it("read the API's field paths as the form's fields and labels", () => {
    expect(fieldOf('name')).toEqual({ field: 'name', label: 'Name' });
    expect(fieldOf('filters.person.2')).toEqual({ field: 'person', label: 'People' });
    expect(fieldOf('filters.from')).toEqual({ field: 'from', label: 'From' });
    expect(fieldOf('filters')).toEqual({ field: 'filters', label: 'Filters' });
    // The second channel sent came from the third row (an empty row was left out).
    expect(fieldOf('channels.1.url', [0, 2])).toEqual({ field: 'webhook-2', label: 'Webhook 3' });
    expect(fieldOf('channels')).toEqual({ field: 'webhooks', label: 'Webhooks' });
    expect(fieldOf('sort')).toBeUndefined();
    expect(
      readableMessage(
        'channels.1.url: an http or https URL; filters.from: from must not be after to',
        [0, 2],
      ),
    ).toBe('Webhook 3: an http or https URL; From: from must not be after to');
    expect(readableMessage('there are already 2 saved searches')).toBe('there are already 2 saved searches');
  });
});
