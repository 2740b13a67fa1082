import type { Meilisearch } from 'meilisearch';
import { createMeiliClient } from './client';

/** One Meilisearch instance of the archive's network, by the name Meilisearch's `network` knows it under. */
export interface Remote {
  name: string;
  url: string;
}

/** From this month (`YYYY-MM`) on, new partitions live on `remote`. */
export interface PlacementRule {
  from: string;
  remote: string;
}

/** More instances than any deployment of ours; a cap on the parsed list. */
const MAX_REMOTES = 64;
const REMOTE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_SPEC = 4096;

/** A MEILI_REMOTES or MEILI_PLACEMENT value that does not parse. */
export class RemoteConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteConfigError';
  }
}

/** `ms0=http://a:7700,ms1=http://b:7700` → remotes in order; the first holds months before any rule. */
export function parseRemotes(spec: string): Remote[] {
  if (spec.length > MAX_SPEC) throw new RemoteConfigError('MEILI_REMOTES is too long');
  const remotes = entries(spec).map(([name, url]) => {
    if (!REMOTE_NAME.test(name)) throw new RemoteConfigError(`remote name "${name}": a-z, 0-9, - and _ only`);
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      throw new RemoteConfigError(`remote ${name}: "${url}" is not an http(s) URL`);
    return { name, url: withoutTrailingSlashes(url) };
  });
  if (remotes.length > MAX_REMOTES) throw new RemoteConfigError(`more than ${MAX_REMOTES} remotes`);
  if (new Set(remotes.map((r) => r.name)).size !== remotes.length)
    throw new RemoteConfigError('a remote name appears twice in MEILI_REMOTES');
  return remotes;
}

/** `2026-07=ms1,2027-01=ms2` → rules sorted by month; every remote must be one of `remotes`. */
export function parsePlacement(spec: string, remotes: Remote[]): PlacementRule[] {
  if (spec.length > MAX_SPEC) throw new RemoteConfigError('MEILI_PLACEMENT is too long');
  const names = new Set(remotes.map((r) => r.name));
  const rules = entries(spec).map(([from, remote]) => {
    if (!MONTH.test(from)) throw new RemoteConfigError(`placement "${from}": a month, YYYY-MM`);
    if (!names.has(remote))
      throw new RemoteConfigError(`placement ${from}: "${remote}" is not in MEILI_REMOTES`);
    return { from, remote };
  });
  return rules.sort((a, b) => a.from.localeCompare(b.from));
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

function entries(spec: string): Array<[string, string]> {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      if (at <= 0) throw new RemoteConfigError(`"${part}" is not name=value`);
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
}

/**
 * The Meilisearch instances of an archive and which one owns which month.
 * Placement is by ranges of months, not a hash: a month's owner is the
 * remote of the latest rule starting at or before it (the first remote
 * before every rule), so adding an instance with a rule from a future month
 * moves no existing partition.
 */
export class Network {
  private readonly clients = new Map<string, Meilisearch>();

  constructor(
    readonly remotes: Remote[],
    readonly rules: PlacementRule[],
    apiKey?: string,
  ) {
    if (remotes.length === 0) throw new RemoteConfigError('a network needs at least one remote');
    for (const remote of remotes) this.clients.set(remote.name, createMeiliClient(remote.url, apiKey));
  }

  /** The remote owning a month (`YYYY-MM`); undefined (the base index) → the first remote. */
  ownerOf(month: string | undefined): string {
    let owner = this.remotes[0]!.name;
    if (month === undefined) return owner;
    for (const rule of this.rules) if (rule.from <= month) owner = rule.remote;
    return owner;
  }

  client(name: string): Meilisearch {
    const client = this.clients.get(name);
    if (!client) throw new RemoteConfigError(`unknown remote ${name}`);
    return client;
  }

  /** Every instance's client, in MEILI_REMOTES order. */
  all(): Array<{ name: string; client: Meilisearch }> {
    return this.remotes.map((r) => ({ name: r.name, client: this.client(r.name) }));
  }
}

/**
 * The network MEILI_REMOTES and MEILI_PLACEMENT describe, with clients using
 * `apiKey` (the master key in the indexer, the search key in the API);
 * undefined when MEILI_REMOTES is unset. Throws {@link RemoteConfigError}.
 */
export function networkFromConfig(
  remotes: string | undefined,
  placement: string | undefined,
  apiKey?: string,
): Network | undefined {
  if (!remotes) {
    if (placement) throw new RemoteConfigError('MEILI_PLACEMENT needs MEILI_REMOTES');
    return undefined;
  }
  const parsed = parseRemotes(remotes);
  return new Network(parsed, parsePlacement(placement ?? '', parsed), apiKey);
}

/**
 * Turn on Meilisearch's `network` experimental feature on every instance and
 * tell each its own name and every remote (url and the key a remote search
 * sends), so a federated search on any instance can name any other. Run by
 * the indexer at start (it holds the master key); idempotent.
 */
export async function configureNetwork(network: Network, searchApiKey?: string): Promise<void> {
  // Without a master key Meilisearch checks no key, and a remote search needs none.
  const remotes = Object.fromEntries(
    network.remotes.map((r) => [r.name, { url: r.url, ...(searchApiKey ? { searchApiKey } : {}) }]),
  );
  for (const { name, client } of network.all()) {
    await client.updateExperimentalFeatures({ network: true });
    await client.updateNetwork({ self: name, remotes });
  }
}
