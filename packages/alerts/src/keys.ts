/**
 * Where saved searches and their alerts live in Redis. Every key shares one
 * hash tag, `{<QUEUE_PREFIX>:saved}`, so on a Redis Cluster they sit in one
 * slot and the scripts that touch a search, its alert log and its
 * once-per-story markers together (store.ts) run there. The cost is that the
 * feature's memory is on one master: about 100 bytes per (saved search,
 * story) marker for 30 days, plus 50 alerts per search (docs/alerts.md).
 */
export interface SavedSearchKeys {
  /** The search as JSON (StoredSavedSearch). */
  search(id: string): string;
  /** Sorted set of the saved searches' ids, scored by creation (ms): the listing and the limit. */
  index: string;
  /** Sorted set of the ad-hoc streams' searches, scored by when they expire (ms). */
  transient: string;
  /** Incremented on every change of a search: matchers reload their copy when it moves. */
  version: string;
  /** List of the search's latest alerts as JSON, newest first: the Atom feed and stream replay. */
  log(id: string): string;
  /** Set once per (search, story) when the story alerted: never twice for one story. */
  alerted(id: string, storyId: string): string;
  /** Pub/sub channel of the search's alerts, for the API's live streams. */
  channel(id: string): string;
}

export function savedSearchKeys(prefix: string): SavedSearchKeys {
  const tag = `{${prefix}:saved}`;
  return {
    search: (id) => `${tag}:search:${id}`,
    index: `${tag}:index`,
    transient: `${tag}:transient`,
    version: `${tag}:version`,
    log: (id) => `${tag}:log:${id}`,
    alerted: (id, storyId) => `${tag}:alerted:${id}:${storyId}`,
    channel: (id) => `${tag}:alerts:${id}`,
  };
}
