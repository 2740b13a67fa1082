import { createHmac } from 'node:crypto';
import { type Meilisearch, MeilisearchApiError } from 'meilisearch';

/**
 * The uid of the API's Meilisearch key, fixed so that creating it is
 * idempotent and its value is known in advance: Meilisearch derives a key's
 * value from its uid and the master key (see {@link searchKeyFor}).
 */
export const SEARCH_KEY_UID = 'f29e8f44-392b-4c2d-b06e-ba96826d108f';

/**
 * What the API does in Meilisearch: search, read documents (an article, a
 * story's articles) and list the archive's indexes (which month partitions
 * exist: a federated search names each index). Never writes.
 */
export const SEARCH_KEY_ACTIONS = ['search', 'documents.get', 'indexes.get'] as const;

/**
 * The indexes the API's key reaches for an archive named `base`: the base
 * index and its month partitions (`<base>-2026-11`, … : Meilisearch key
 * patterns end in `*`), whatever MEILI_PARTITIONS says, so switching it
 * needs no new key.
 */
export function archiveKeyIndexes(base: string): string[] {
  return [base, `${base}-*`];
}

/**
 * The value of the API's key under `masterKey`: what Meilisearch computes
 * for a key with uid {@link SEARCH_KEY_UID} (HMAC-SHA256 of the uid keyed
 * with the master key, hex). The same as
 * `printf %s <uid> | openssl dgst -sha256 -hmac "$MEILI_MASTER_KEY"`.
 */
export function searchKeyFor(masterKey: string): string {
  return createHmac('sha256', masterKey).update(SEARCH_KEY_UID).digest('hex');
}

/**
 * Make sure the API's key exists with exactly {@link SEARCH_KEY_ACTIONS} on
 * `indexes` and no expiry; `client` must hold the master key (only it may
 * manage keys). A key with other rights (an older version, another
 * MEILI_INDEX) is deleted and created again: its value stays the same.
 * Resolves to the key's value.
 */
export async function ensureSearchKey(client: Meilisearch, indexes: string[]): Promise<string> {
  try {
    return await putSearchKey(client, indexes);
  } catch (err) {
    // Another indexer created it in between: once more finds it (the same uid is the same key).
    if (meiliCode(err) === 'api_key_already_exists') return putSearchKey(client, indexes);
    throw err;
  }
}

async function putSearchKey(client: Meilisearch, indexes: string[]): Promise<string> {
  const existing = await getKey(client);
  if (existing && sameRights(existing, indexes)) return existing.key;
  if (existing) await client.deleteKey(SEARCH_KEY_UID);
  const created = await client.createKey({
    uid: SEARCH_KEY_UID,
    name: 'tidings-api',
    description: 'Tidings API: search and document reads only (created by the indexer)',
    actions: [...SEARCH_KEY_ACTIONS],
    indexes,
    expiresAt: null,
  });
  return created.key;
}

async function getKey(client: Meilisearch) {
  try {
    return await client.getKey(SEARCH_KEY_UID);
  } catch (err) {
    if (meiliCode(err) === 'api_key_not_found') return undefined;
    throw err;
  }
}

const sorted = (values: readonly string[]) => [...values].sort().join(',');

function sameRights(key: { actions: string[]; indexes: string[]; expiresAt: unknown }, indexes: string[]) {
  return (
    sorted(key.actions) === sorted(SEARCH_KEY_ACTIONS) &&
    sorted(key.indexes) === sorted(indexes) &&
    key.expiresAt === null
  );
}

const meiliCode = (err: unknown) => (err instanceof MeilisearchApiError ? err.cause?.code : undefined);
