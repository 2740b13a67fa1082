import type { Entities, EntityKind } from './types';

/** At most this many of each kind survive: facets want the main actors, not every passing mention. */
export const MAX_PER_KIND: Record<EntityKind, number> = { people: 20, places: 15, organizations: 15 };

interface Entry {
  kind: EntityKind;
  spellings: Map<string, number>;
  mentions: number;
  first: number;
}

/**
 * Collects mentions in reading order and settles one spelling per entity:
 * case variants merge, a lone surname joins the full name it shortens, an
 * acronym joins the organisation whose initials it is.
 */
export class EntityTally {
  private readonly entries = new Map<string, Entry>();
  private order = 0;

  /** Record one mention; `name` is already cleaned. */
  add(kind: EntityKind, name: string, mentions = 1): void {
    const key = `${kind}\u0000${name.toLocaleLowerCase()}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { kind, spellings: new Map(), mentions: 0, first: this.order++ };
      this.entries.set(key, entry);
    }
    entry.mentions += mentions;
    entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + mentions);
  }

  /** The settled lists, most-mentioned first, capped per kind. */
  result(): Entities {
    const items = [...this.entries.values()].map((e) => ({ ...e, name: bestSpelling(e.spellings) }));
    const merged = mergeShortForms(items);
    const out: Entities = { people: [], places: [], organizations: [] };
    for (const kind of ['people', 'places', 'organizations'] as const) {
      out[kind] = merged
        .filter((e) => e.kind === kind)
        .sort((a, b) => b.mentions - a.mentions || a.first - b.first)
        .slice(0, MAX_PER_KIND[kind])
        .map((e) => e.name);
    }
    return out;
  }
}

type Item = Entry & { name: string };

/** The spelling written most often; on a tie the one with more capitals ("NASA" over "Nasa"). */
function bestSpelling(spellings: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [name, count] of spellings) {
    if (count > bestCount || (count === bestCount && capitals(name) > capitals(best))) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

const capitals = (s: string) => s.replace(/[^\p{Lu}]/gu, '').length;

/**
 * "Biden" and "Mr. Biden" (already "Biden") become "Joe Biden" when the
 * article names exactly one person so; "WHO" becomes "World Health
 * Organization" when that name is there. Merged mentions add up.
 */
function mergeShortForms(items: Item[]): Item[] {
  const dropped = new Set<Item>();
  for (const item of items) {
    const target =
      item.kind === 'people'
        ? longerPerson(item, items)
        : item.kind === 'organizations'
          ? expandedAcronym(item, items)
          : undefined;
    if (!target) continue;
    target.mentions += item.mentions;
    target.first = Math.min(target.first, item.first);
    dropped.add(item);
  }
  return items.filter((i) => !dropped.has(i));
}

function longerPerson(item: Item, items: Item[]): Item | undefined {
  const words = item.name.split(' ');
  if (words.length !== 1) return undefined;
  const last = words[0]!.toLocaleLowerCase();
  const fuller = items.filter(
    (o) =>
      o !== item &&
      o.kind === 'people' &&
      o.name.includes(' ') &&
      o.name.toLocaleLowerCase().split(' ').at(-1) === last,
  );
  if (fuller.length === 0) return undefined;
  // Two people sharing a surname: the lone surname is the one named more often.
  return fuller.sort((a, b) => b.mentions - a.mentions || b.name.length - a.name.length)[0];
}

const MINOR_WORDS = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'du', 'des', 'la', 'le', '&']);

function expandedAcronym(item: Item, items: Item[]): Item | undefined {
  if (!/^[A-Z]{2,6}$/.test(item.name)) return undefined;
  return items.find((o) => o !== item && o.kind === 'organizations' && initials(o.name) === item.name);
}

function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w && !MINOR_WORDS.has(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join('');
}
