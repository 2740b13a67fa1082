import { CHANNEL_ID_PATTERN, SAVED_SEARCH_ID_PATTERN } from '@tidings/contracts';
import { commaList } from '@tidings/search';
import { z } from 'zod';

/** Most webhooks one saved search may call. */
export const MAX_CHANNELS = 10;

const value = z.string().trim().min(1).max(200);
const values = z.array(value).min(1).max(50);
const dateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const instant = z.iso.datetime({ offset: true });

/** A date alone as an upper bound means the whole of that day, as in /v1/search. */
export function endOfBound(bound: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(bound) ? Date.parse(bound) + 86_399_999 : Date.parse(bound);
}

const filterShape = {
  source: values.optional(),
  language: values.optional(),
  /** Several people (places, organisations) mean "mentions all of them", as in /v1/search. */
  person: values.optional(),
  place: values.optional(),
  org: values.optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
};
const orderedBounds = (f: { from?: string; to?: string }) =>
  !(f.from && f.to) || Date.parse(f.from) <= endOfBound(f.to);
const BOUNDS_MESSAGE = { message: 'from must not be after to', path: ['from'] };

/**
 * A saved search's filters: the names and meanings of `/v1/search`'s, as
 * JSON (lists are arrays, not comma-separated, so a value may hold a comma).
 */
export const SavedSearchFilters = z.object(filterShape).strict().refine(orderedBounds, BOUNDS_MESSAGE);
export type SavedSearchFilters = z.infer<typeof SavedSearchFilters>;

/**
 * The same filters as a query string (`GET /v1/stream?q=&source=a,b…`): the
 * lists comma-separated, exactly as `/v1/search` reads them.
 */
const listParam = commaList.pipe(values);
export const FilterQueryParams = {
  q: z.string().max(512).default(''),
  source: listParam.optional(),
  language: listParam.optional(),
  person: listParam.optional(),
  place: listParam.optional(),
  org: listParam.optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
};

const webhookUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048);

/**
 * A webhook as a client gives it. Without `secret` the server makes one (32
 * random bytes, hex); either way it is returned once, in the answer that
 * created the channel, and never again.
 */
export const WebhookInput = z
  .object({
    type: z.literal('webhook'),
    url: webhookUrl,
    secret: z.string().min(16).max(256).optional(),
  })
  .strict();
export type WebhookInput = z.infer<typeof WebhookInput>;

const channelList = z
  .array(WebhookInput)
  .max(MAX_CHANNELS)
  .refine((list) => new Set(list.map((c) => c.url)).size === list.length, {
    message: 'each webhook URL once',
  });

const name = z.string().trim().min(1).max(200);
const q = z.string().max(512);

/** The body of `POST /v1/saved-searches`. */
export const SavedSearchInput = z
  .object({
    name,
    q: q.default(''),
    filters: SavedSearchFilters.default({}),
    channels: channelList.default([]),
  })
  .strict();
export type SavedSearchInput = z.infer<typeof SavedSearchInput>;

/**
 * The body of `PATCH /v1/saved-searches/:id`: any of the fields, replacing
 * them whole. `channels` replaces the list: a webhook whose URL the search
 * already calls keeps its id and secret (a new `secret` rotates it), any
 * other URL is a new channel, and channels left out are removed.
 */
export const SavedSearchPatch = z
  .object({
    name: name.optional(),
    q: q.optional(),
    filters: SavedSearchFilters.optional(),
    channels: channelList.optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' });
export type SavedSearchPatch = z.infer<typeof SavedSearchPatch>;

/** A webhook of a saved search, as stored: with its secret. */
export const StoredChannel = z.object({
  id: z.string().regex(CHANNEL_ID_PATTERN),
  type: z.literal('webhook'),
  url: webhookUrl,
  secret: z.string(),
});
export type StoredChannel = z.infer<typeof StoredChannel>;

/** A saved search as Redis holds it. */
export const StoredSavedSearch = z.object({
  id: z.string().regex(SAVED_SEARCH_ID_PATTERN),
  name: z.string(),
  q: z.string(),
  filters: z.object(filterShape),
  channels: z.array(StoredChannel),
  /** URL-safe, 32 random bytes: opens this search's Atom feed and stream without the read token. */
  feedKey: z.string(),
  createdAt: instant,
  updatedAt: instant,
  /**
   * Set on the searches ad-hoc streams (`/v1/stream?q=`) register for as long as they are
   * connected: they are matched like the others but not listed, and expire on their own.
   */
  transient: z.literal(true).optional(),
});
export type StoredSavedSearch = z.infer<typeof StoredSavedSearch>;

/** A webhook as the API shows it: never its secret. */
export const Channel = StoredChannel.omit({ secret: true });
/** A webhook in the answer that created it (or rotated its secret): the only time the secret is shown. */
export const ChannelWithSecret = Channel.extend({ secret: z.string().optional() });

/** A saved search as the API returns it. */
export const SavedSearch = StoredSavedSearch.omit({ channels: true, transient: true }).extend({
  channels: z.array(Channel),
});
export type SavedSearch = z.infer<typeof SavedSearch>;

/** A saved search in the answer to POST or PATCH: the secrets of channels made (or rotated) by it. */
export const SavedSearchWithSecrets = SavedSearch.extend({ channels: z.array(ChannelWithSecret) });
export type SavedSearchWithSecrets = z.infer<typeof SavedSearchWithSecrets>;

/** What the API shows of a stored search; `revealed` names the channels whose secret it may show. */
export function toPublic(
  stored: StoredSavedSearch,
  revealed: ReadonlySet<string> = new Set(),
): SavedSearchWithSecrets {
  const { transient: _transient, channels, ...rest } = stored;
  return {
    ...rest,
    channels: channels.map(({ secret, ...channel }) =>
      revealed.has(channel.id) ? { ...channel, secret } : channel,
    ),
  };
}
