import { type Meilisearch, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { parsePartition, partitionName, weekStart } from './partition-names';
import type { Network } from './remotes';
import { applyIndexSettings } from './settings';

/**
 * How the archive is laid out in Meilisearch, by `publishedAt` (UTC):
 *
 * - `tiered`: this ISO week and the previous one each in their own index
 *   (`<base>-YYYY-Www`, the open tier), older articles in one index per
 *   year (`<base>-YYYY`). Writes land on a small index (a week or two of
 *   news) however large the archive, and a search reads two week indexes
 *   and one per year kept. A week leaves the open tier when the week after
 *   next begins; the indexer then folds its index into its year
 *   ({@link Archive.foldable}).
 * - `month`: one index per month, `<base>-YYYY-MM`, whatever its age.
 * - `none`: one index, `<base>`.
 *
 * Partition names and spans: partition-names.ts.
 */
export type PartitionScheme = 'tiered' | 'month' | 'none';
export const PARTITION_SCHEMES = ['tiered', 'month', 'none'] as const;

/**
 * How long after a week left the open tier its index is folded: writes
 * routed by an indexer whose clock or batch lags a little behind still land
 * in the week's index, and are moved with it.
 */
const FOLD_GRACE_SECONDS = 3600;
/**
 * How long the API trusts its list of partitions: a partition created by its
 * first article (an old month, or a new archive) shows up in search this much
 * later at most. The partitions of now and of tomorrow exist before their first
 * article ({@link Archive.ensureUpcoming}). A listing costs about a millisecond.
 */
const LIST_TTL_MS = 2000;
/** More partitions than any archive has (85 years of months, or 19 of weeks); listing stops here. */
const MAX_INDEXES = 1000;

/** One index of a federated query, at the remote that owns it when the archive spans several instances. */
export interface PartitionQuery {
  indexUid: string;
  /** `weight` is Meilisearch's default, 1: the JS client's type requires it. */
  federationOptions?: { remote: string; weight: number };
}

/** A time range in Unix seconds, both ends inclusive; undefined ends are open. */
export interface SecondsRange {
  from?: number;
  to?: number;
}

/**
 * The archive's indexes: which index a document goes to, which indexes a
 * search reads, and their time span. The base index (`MEILI_INDEX` itself)
 * is read in both schemes, so an archive written before partitions stays
 * searchable until `tidings reindex` moves it into partitions.
 *
 * Without a `network` every index lives on the one Meilisearch `client`
 * points at. With one (MEILI_REMOTES), each partition's documents live on
 * the instance that owns its month ({@link Network.ownerOf}); `client` is
 * the instance searches go through, and every query names the owner as its
 * `federationOptions.remote`, so Meilisearch fans out and merges. Every
 * instance also holds an empty copy of each partition (same settings):
 * Meilisearch 1.21 checks `facetsByIndex` against the indexes of the
 * instance that receives the search, so a partition absent there could not
 * be faceted.
 */
export class Archive {
  private listed?: { at: number; uids: Promise<string[]> };
  private readonly ready = new Set<string>();

  constructor(
    private readonly client: Meilisearch,
    readonly base: string,
    readonly scheme: PartitionScheme,
    private readonly now: () => number = Date.now,
    readonly network?: Network,
  ) {}

  /**
   * The remote that holds a partition's documents; undefined without a
   * network. A partition lives where the month it starts in does: a year
   * where its January does, a week where its Monday's month does.
   */
  ownerOf(uid: string): string | undefined {
    if (!this.network) return undefined;
    const span = this.spanOf(uid);
    return this.network.ownerOf(span ? new Date(span.from * 1000).toISOString().slice(0, 7) : undefined);
  }

  /** The client to write a partition's documents with: its owner's, or the only one. */
  clientFor(uid: string): Meilisearch {
    const owner = this.ownerOf(uid);
    return owner === undefined ? this.client : this.network!.client(owner);
  }

  /** A federated query's target for an index: the index, at its owner when there is a network. */
  queryFor(indexUid: string): PartitionQuery {
    const remote = this.ownerOf(indexUid);
    return remote === undefined ? { indexUid } : { indexUid, federationOptions: { remote, weight: 1 } };
  }

  /** The index a document published at `publishedAt` (Unix seconds) belongs in, now. */
  indexFor(publishedAt: number): string {
    if (this.scheme === 'none') return this.base;
    if (this.scheme === 'month') return partitionName(this.base, 'month', publishedAt);
    return partitionName(this.base, publishedAt >= this.openFrom() ? 'week' : 'year', publishedAt);
  }

  /** Whether `uid` is one of this archive's indexes (the base, or a year, month or week partition of it). */
  isMember(uid: string): boolean {
    return uid === this.base || parsePartition(this.base, uid) !== undefined;
  }

  /** The seconds a partition covers; undefined for the base index, which covers all time. */
  spanOf(uid: string): Required<SecondsRange> | undefined {
    const span = parsePartition(this.base, uid);
    return span && { from: span.from, to: span.to };
  }

  /** Whether the index is one {@link indexFor} writes to under the current scheme, now. */
  isInPlace(uid: string): boolean {
    if (this.scheme === 'none') return uid === this.base;
    const span = parsePartition(this.base, uid);
    if (this.scheme === 'month') return span?.kind === 'month';
    return span?.kind === 'year' || (span?.kind === 'week' && span.from >= this.openFrom());
  }

  /**
   * Week partitions that left the open tier more than an hour ago, and month
   * partitions (left by MEILI_PARTITIONS=month) wholly before it, under
   * `tiered` only: their documents belong in their years' indexes now, where
   * new writes for those dates already go. The indexer folds them in with
   * `foldClosedPartitions` (a migration of each, see reindex.ts).
   */
  async foldable(): Promise<string[]> {
    if (this.scheme !== 'tiered') return [];
    // The open tier as it was an hour ago.
    const open = this.openFrom(this.now() - FOLD_GRACE_SECONDS * 1000);
    return (await this.indexes()).filter((uid) => {
      const span = parsePartition(this.base, uid);
      return span !== undefined && span.kind !== 'year' && span.to < open;
    });
  }

  /** The first second of the open tier at `at` (ms): the Monday before the one that starts the week. */
  private openFrom(at = this.now()): number {
    return weekStart(Math.floor(at / 1000)) - 7 * 86_400;
  }

  /**
   * The archive's indexes that exist, cached for a few seconds (the API asks
   * on every search). Sorted: the base first, then partitions by name.
   */
  async indexes(): Promise<string[]> {
    const now = this.now();
    if (!this.listed || now - this.listed.at > LIST_TTL_MS) {
      const uids = this.list();
      this.listed = { at: now, uids };
      // A failed listing is not kept: the next call asks again.
      uids.catch(() => {
        if (this.listed?.uids === uids) this.listed = undefined;
      });
    }
    return this.listed.uids;
  }

  /** Forget the cached list (after a partition was created or dropped, or a search named a missing one). */
  forget(): void {
    this.listed = undefined;
  }

  /** The existing indexes that can hold documents published within `range`. */
  async indexesWithin(range: SecondsRange): Promise<string[]> {
    return (await this.indexes()).filter((uid) => overlaps(this.spanOf(uid), range));
  }

  /**
   * Create the index with the full settings unless this process already did:
   * called before the first write to a partition. Idempotent in Meilisearch
   * too, so several indexers racing to create a new partition is harmless.
   */
  async ensure(uid: string): Promise<void> {
    if (this.ready.has(uid)) return;
    const owner = this.ownerOf(uid);
    if (owner === undefined) {
      await applyIndexSettings(this.client, uid);
      this.ready.add(uid);
      this.forget();
      return;
    }
    await applyIndexSettings(this.network!.client(owner), uid);
    // The empty copies elsewhere only let searches facet the partition; an
    // instance that is down must not stop writes to another: tried again
    // with the next batch, as the partition is not marked ready.
    const others = this.network!.all().filter((r) => r.name !== owner);
    const copies = await Promise.allSettled(others.map((r) => applyIndexSettings(r.client, uid)));
    if (copies.every((c) => c.status === 'fulfilled')) this.ready.add(uid);
    this.forget();
  }

  /**
   * Apply the index settings to every index of the archive (settings as code
   * reach old partitions too), creating the base index first when it is the
   * one written to (MEILI_PARTITIONS=none). Partitions are created on their
   * first document, or ahead of it ({@link ensureUpcoming}).
   */
  async prepare(): Promise<string[]> {
    this.forget();
    const uids = new Set([...(this.scheme === 'none' ? [this.base] : []), ...(await this.indexes())]);
    for (const uid of uids) await this.ensure(uid);
    return [...uids];
  }

  /**
   * Create the partitions of now and of a day from now, so a new week's or
   * month's index
   * exists (and the API has listed it) before its first article: the
   * indexer calls this at start and every hour.
   */
  async ensureUpcoming(): Promise<void> {
    if (this.scheme === 'none') return;
    const now = Math.floor(this.now() / 1000);
    for (const at of [now, now + 86_400]) await this.ensure(this.indexFor(at));
  }

  /** Told that an index was deleted (a partition past retention, an index a migration emptied). */
  dropped(uid: string): void {
    this.ready.delete(uid);
    this.forget();
  }

  private async list(): Promise<string[]> {
    const page = await this.listing();
    return page.results
      .map((index) => index.uid)
      .filter((uid) => this.isMember(uid))
      .sort((a, b) => (a === this.base ? -1 : b === this.base ? 1 : a.localeCompare(b)));
  }

  /**
   * `GET /indexes` on `client`; on a network, from the next instance when it
   * does not answer: every instance has every partition (the empty copies).
   */
  private async listing() {
    try {
      return await this.client.getIndexes({ limit: MAX_INDEXES });
    } catch (err) {
      if (!this.network || !isUnreachable(err)) throw err;
      for (const { client } of this.network.all()) {
        try {
          return await client.getIndexes({ limit: MAX_INDEXES });
        } catch {
          // The next one, then.
        }
      }
      throw err;
    }
  }
}

/** Whether the JS client failed to reach Meilisearch at all (no HTTP answer). */
function isUnreachable(err: unknown): boolean {
  return err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError;
}

/** Whether a span (undefined: all time) meets a range. */
function overlaps(span: Required<SecondsRange> | undefined, range: SecondsRange): boolean {
  if (!span) return true;
  return (
    (range.from === undefined || span.to >= range.from) && (range.to === undefined || span.from <= range.to)
  );
}
