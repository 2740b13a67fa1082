/**
 * A saved search as its form holds it (a draft), and the way to and from the
 * API's shapes: what the form shows for a saved search or the current search,
 * what a POST or PATCH sends for a draft, and how the API's field paths
 * (`channels.0.url`) read to people.
 */
import { formatValueList, parseValueList } from '@tidings/contracts/value-list';
import type { SavedFilters, SavedSearch, WebhookInput } from './api';
import { FILTERS, type FilterName, type SearchState } from './url-state';

/** One webhook row of the form. */
export interface WebhookDraft {
  /** Stable within the form (rows come and go): for keys and ids. */
  key: number;
  url: string;
  /** Already a channel of the saved search: its URL stays, its secret is kept unless `rotate`. */
  existing: boolean;
  /** Send a new secret for this (existing) webhook. */
  rotate: boolean;
}

export interface Draft {
  name: string;
  q: string;
  /** Each filter's values, comma-separated (a value with a comma in double quotes), as typed. */
  lists: Record<FilterName, string>;
  /** `YYYY-MM-DD` or empty. */
  from: string;
  to: string;
  webhooks: WebhookDraft[];
}

/** Most webhooks one saved search may call (the API's MAX_CHANNELS). */
export const MAX_WEBHOOKS = 10;

let nextKey = 0;
export const webhookRow = (url = '', existing = false): WebhookDraft => ({
  key: nextKey++,
  url,
  existing,
  rotate: false,
});

const DAY = /^\d{4}-\d{2}-\d{2}/;

/** A saved bound as a date field shows it: its day (a date-time bound keeps its own value until changed). */
const dayOf = (bound: string | undefined) => (bound && DAY.test(bound) ? bound.slice(0, 10) : '');

/** The draft that saves the current search. */
export function draftOfSearch(state: SearchState, name = ''): Draft {
  const lists = {} as Record<FilterName, string>;
  for (const f of FILTERS) lists[f] = showList(state.filters[f]);
  return { name, q: state.q, lists, from: state.from ?? '', to: state.to ?? '', webhooks: [] };
}

/** The draft that edits a saved search. */
export function draftOfSaved(saved: SavedSearch): Draft {
  const lists = {} as Record<FilterName, string>;
  for (const f of FILTERS) lists[f] = showList(saved.filters[f] ?? []);
  return {
    name: saved.name,
    q: saved.q,
    lists,
    from: dayOf(saved.filters.from),
    to: dayOf(saved.filters.to),
    webhooks: saved.channels.map((c) => webhookRow(c.url, true)),
  };
}

/** Values as a form field shows them: `Busan, "Seoul, Mapo"` (quoted when they hold a comma). */
export const showList = (values: readonly string[]) => values.map((v) => formatValueList([v])).join(', ');

/** A field's values: comma-separated, trimmed, each once; a value with a comma in double quotes. */
export function splitList(text: string): string[] {
  const parsed = parseValueList(text);
  return parsed.ok ? parsed.values : [];
}

/** The first filter field whose text is not a list of values (a quote left open), and why. */
export function listProblem(draft: Draft): { field: FilterName; error: string } | undefined {
  for (const field of FILTERS) {
    const parsed = parseValueList(draft.lists[field]);
    if (!parsed.ok) return { field, error: parsed.error };
  }
  return undefined;
}

/**
 * The filters a draft means (its lists read by {@link splitList}; check
 * {@link listProblem} first). `before` is the saved search's: a bound that
 * was a date-time keeps its time while its day is left as it was.
 */
export function filtersOf(draft: Draft, before: SavedFilters = {}): SavedFilters {
  const out: SavedFilters = {};
  for (const f of FILTERS) {
    const values = splitList(draft.lists[f]);
    if (values.length) out[f] = values;
  }
  for (const bound of ['from', 'to'] as const) {
    const day = draft[bound].trim();
    if (!day) continue;
    const old = before[bound];
    out[bound] = old && dayOf(old) === day ? old : day;
  }
  return out;
}

/** A random webhook secret (32 bytes, hex, as the server makes them): how a PATCH rotates one. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The channels a draft sends, and for each the form row it came from (to
 * point at the row the API finds fault with). Empty rows are left out.
 */
export function channelsOf(draft: Draft): { channels: WebhookInput[]; rows: number[] } {
  const channels: WebhookInput[] = [];
  const rows: number[] = [];
  draft.webhooks.forEach((row, i) => {
    const url = row.url.trim();
    if (!url) return;
    channels.push({ type: 'webhook', url, ...(row.existing && row.rotate ? { secret: newSecret() } : {}) });
    rows.push(i);
  });
  return { channels, rows };
}

const LABELS: Record<string, string> = {
  name: 'Name',
  q: 'Query',
  filters: 'Filters',
  'filters.source': 'Sources',
  'filters.language': 'Languages',
  'filters.person': 'People',
  'filters.place': 'Places',
  'filters.org': 'Organisations',
  'filters.from': 'From',
  'filters.to': 'To',
  channels: 'Webhooks',
};

/**
 * Where the API's field path (`filters.person.2`, `channels.0.url`) points in
 * the form: the form's field name (`name`, `q`, a filter's, `from`, `to`,
 * `webhook-<row>`, `webhooks`) and its label. `rows` maps sent channels to
 * form rows ({@link channelsOf}).
 */
export function fieldOf(path: string, rows: number[] = []): { field: string; label: string } | undefined {
  const parts = path.split('.');
  if (parts[0] === 'channels') {
    const sent = Number(parts[1]);
    if (parts.length > 1 && Number.isInteger(sent)) {
      const row = rows[sent] ?? sent;
      return { field: `webhook-${row}`, label: `Webhook ${row + 1}` };
    }
    return { field: 'webhooks', label: LABELS.channels! };
  }
  const key = parts[0] === 'filters' && parts[1] ? `filters.${parts[1]}` : parts[0]!;
  const label = LABELS[key];
  if (!label) return undefined;
  return { field: key.startsWith('filters.') ? key.slice('filters.'.length) : key, label };
}

/** The API's message with its field paths as the form's labels: "Webhook 2: an http or https URL". */
export function readableMessage(message: string, rows: number[] = []): string {
  return message
    .split('; ')
    .map((part) => {
      const colon = part.indexOf(': ');
      if (colon <= 0) return part;
      const where = fieldOf(part.slice(0, colon), rows);
      return where ? `${where.label}: ${part.slice(colon + 2)}` : part;
    })
    .join('; ');
}
