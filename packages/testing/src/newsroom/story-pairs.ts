/**
 * Labelled near-duplicate article pairs for measuring story clustering
 * (packages/extract's testdata/story-pairs/pairs.jsonl): syndicated copies,
 * rewrites and republished versions of one story, against different stories
 * on the same topic or outlet. Topics, outlets and synonyms are in the JSON
 * books next to the newsroom's prose; the random source is the newsroom's,
 * so the committed file regenerates byte for byte.
 */
import { writeFileSync } from 'node:fs';
import { ENGLISH, KOREAN, type Language } from './prose';
import { createRandom, type Random } from './random';

/** A kind of news story: fact slots, phrasings per sentence role, and optional detail sentences. */
export interface StoryPairTopic {
  name: string;
  lang: Language;
  slots: Record<string, string[]>;
  headlines: string[];
  /** Each role is one sentence of the story, in the order a reporter would write it; any phrasing may be used. */
  roles: string[][];
  /** Detail sentences a reporter may or may not include. */
  extras: string[];
}

/** One concrete story: the facts and the choices a reporter made. */
interface Story {
  topic: StoryPairTopic;
  facts: Record<string, string>;
  phrasing: number[];
  extras: number[];
  headline: number;
}

/** An article as the corpus stores it. */
export interface PairArticle {
  title: string;
  text: string;
}

type Kind =
  | 'syndicated'
  | 'rewrite'
  | 'republished'
  | 'same-topic'
  | 'same-topic-same-outlet'
  | 'other-topic';

/** One labelled pair, as a line of pairs.jsonl. */
export interface StoryPair {
  id: string;
  kind: Kind;
  label: 'same' | 'different';
  lang: Language;
  topic: string;
  split: 'tune' | 'test';
  a: PairArticle;
  b: PairArticle;
}

const PLAN: Array<[Kind, number]> = [
  ['syndicated', 45],
  ['rewrite', 55],
  ['republished', 30],
  ['same-topic', 80],
  ['same-topic-same-outlet', 35],
  ['other-topic', 15],
];
const TOPICS: StoryPairTopic[] = [...ENGLISH.storyPairs.topics, ...KOREAN.storyPairs.topics];
const BOOKS = { en: ENGLISH.storyPairs, ko: KOREAN.storyPairs };
type Outlet = (typeof BOOKS)['en']['outlets'][number];

const indices = (n: number) => Array.from({ length: n }, (_, i) => i);

function newStory(r: Random, topic: StoryPairTopic): Story {
  const facts: Record<string, string> = {};
  for (const [slot, values] of Object.entries(topic.slots)) facts[slot] = r.pick(values);
  return {
    topic,
    facts,
    phrasing: topic.roles.map((variants) => r.int(0, variants.length - 1)),
    extras: r.sample(indices(topic.extras.length), 3 + r.int(0, 2)),
    headline: r.int(0, topic.headlines.length - 1),
  };
}

/** Another story on the same topic that shares some facts (same team, same city) but not the event. */
function siblingStory(r: Random, story: Story): Story {
  const names = Object.keys(story.facts);
  for (let attempt = 0; ; attempt++) {
    const other = newStory(r, story.topic);
    // Keep one or two facts, as two reports from the same beat do (the same council, the same region).
    for (const slot of r.sample(indices(names.length), 1 + r.int(0, 1))) {
      other.facts[names[slot]!] = story.facts[names[slot]!]!;
    }
    // A different event has its own details: colour sentences are never shared verbatim, only stock phrasing is.
    const unused = indices(story.topic.extras.length).filter((i) => !story.extras.includes(i));
    other.extras = r
      .sample(indices(unused.length), Math.min(unused.length, 3 + r.int(0, 2)))
      .map((i) => unused[i]!);
    const differs = names.filter((k) => story.facts[k] !== other.facts[k]).length;
    if (differs >= 3 || attempt > 20) return other;
  }
}

const fill = (template: string, facts: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, slot: string) => facts[slot] ?? `{${slot}}`);

/** The story as paragraphs of sentences (one or two sentences each, as news copy is). */
function render(story: Story): { title: string; paragraphs: string[] } {
  const sentences = story.topic.roles.map((variants, i) => fill(variants[story.phrasing[i]!]!, story.facts));
  const extras = story.extras.map((i) => fill(story.topic.extras[i]!, story.facts));
  // Details go after the lead and the second role, where reporters put colour.
  const body = [...sentences.slice(0, 2), ...extras.slice(0, 2), ...sentences.slice(2), ...extras.slice(2)];
  const paragraphs: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const joinNext = i >= 2 && i % 3 === 0 && i + 1 < body.length;
    paragraphs.push(joinNext ? `${body[i]} ${body[++i]}` : body[i]!);
  }
  return { title: fill(story.topic.headlines[story.headline]!, story.facts), paragraphs };
}

const text = (paragraphs: string[]): string => paragraphs.join('\n\n');

function dateline(outlet: Outlet, facts: Record<string, string>): string {
  const place = (facts.place ?? facts.city ?? facts.town ?? 'LONDON').toUpperCase();
  return outlet.dateline.replace('{PLACE}', place);
}

/** Writes the pairs with the seeded generator `r`. */
function makePairs(r: Random): StoryPair[] {
  const plain = (story: Story): PairArticle => {
    const { title, paragraphs } = render(story);
    return { title, text: text(paragraphs) };
  };

  /** The same copy as another site carries it: its dateline, photo caption, teasers and credits around the text. */
  const syndicate = (story: Story, outlet: Outlet, trimEnd: boolean): PairArticle => {
    const { title, paragraphs } = render(story);
    const body = trimEnd ? paragraphs.slice(0, paragraphs.length - 1 - r.int(0, 1)) : [...paragraphs];
    body[0] = dateline(outlet, story.facts) + body[0];
    if (r.chance(0.7)) body.unshift(r.pick(outlet.caption));
    if (r.chance(0.6)) body.splice(2 + r.int(0, 2), 0, r.pick(outlet.teasers));
    body.push(...outlet.outro.filter(() => r.chance(0.8)));
    const suffix = story.topic.lang === 'ko' ? '뉴스' : 'News';
    return { title: r.chance(0.5) ? title : `${title} | ${suffix}`, text: text(body) };
  };

  /** Another newsroom's light edit: a few sentences re-phrased, synonyms, paragraphs moved, added or cut, a new headline. */
  const rewrite = (story: Story): PairArticle => {
    const edited: Story = {
      ...story,
      phrasing: story.phrasing.map((p, i) => {
        const variants = story.topic.roles[i]?.length ?? 1;
        return r.chance(0.3) ? (p + 1 + r.int(0, variants - 2)) % variants : p;
      }),
      headline: (story.headline + 1) % story.topic.headlines.length,
    };
    if (r.chance(0.5)) {
      const unused = indices(story.topic.extras.length).filter((i) => !story.extras.includes(i));
      if (unused.length > 0) edited.extras = [...story.extras, r.pick(unused)];
    }
    const { title, paragraphs } = render(edited);
    if (r.chance(0.4) && paragraphs.length > 5) paragraphs.splice(2 + r.int(0, paragraphs.length - 4), 1);
    if (r.chance(0.7)) {
      const i = 2 + r.int(0, paragraphs.length - 4);
      [paragraphs[i], paragraphs[i + 1]] = [paragraphs[i + 1]!, paragraphs[i]!];
    }
    let body = text(paragraphs);
    for (const [from, to] of BOOKS[story.topic.lang].synonyms)
      if (r.chance(0.6)) body = body.replace(new RegExp(from, 'g'), to);
    return { title, text: body };
  };

  /** The same article under a new URL: an update line, a correction, or an earlier, shorter version. */
  const republish = (story: Story): PairArticle => {
    const { title, paragraphs } = render(story);
    const ko = story.topic.lang === 'ko';
    const variant = r.int(0, 2);
    if (variant === 0) {
      paragraphs.unshift(
        ko
          ? '[업데이트] 이 기사는 최신 내용을 반영해 수정됐습니다.'
          : 'This story has been updated with additional information.',
      );
    } else if (variant === 1) {
      paragraphs.push(
        ko
          ? '바로잡습니다: 이전 기사에서 일부 수치가 잘못 표기돼 바로잡았습니다.'
          : 'Correction: An earlier version of this article misstated a figure in the third paragraph.',
      );
    } else {
      // The first, breaking version: the lead and the next few paragraphs only.
      paragraphs.splice(Math.max(4, Math.ceil(paragraphs.length * 0.7)));
    }
    return { title, text: text(paragraphs) };
  };

  const makePair = (kind: Kind, n: number): StoryPair => {
    const topic = TOPICS[(n + r.int(0, TOPICS.length - 1)) % TOPICS.length]!;
    const story = newStory(r, topic);
    const outlets = BOOKS[topic.lang].outlets;
    const [oa, ob] = r.sample(indices(outlets.length), 2).map((i) => outlets[i]!) as [Outlet, Outlet];
    let a: PairArticle;
    let b: PairArticle;
    switch (kind) {
      case 'syndicated':
        a = r.chance(0.5) ? plain(story) : syndicate(story, oa, false);
        b = syndicate(story, ob, r.chance(0.4));
        break;
      case 'rewrite':
        a = plain(story);
        b = r.chance(0.3)
          ? { ...rewrite(story), text: `${dateline(oa, story.facts)}${rewrite(story).text}` }
          : rewrite(story);
        break;
      case 'republished':
        a = plain(story);
        b = republish(story);
        break;
      case 'same-topic':
        a = r.chance(0.5) ? plain(story) : syndicate(story, oa, false);
        b = r.chance(0.5) ? plain(siblingStory(r, story)) : syndicate(siblingStory(r, story), ob, false);
        break;
      case 'same-topic-same-outlet':
        // Two different stories from one beat, both carried by one site: shared boilerplate, shared vocabulary.
        a = syndicate(story, oa, false);
        b = syndicate(siblingStory(r, story), oa, false);
        break;
      case 'other-topic': {
        const others = TOPICS.filter((t) => t.lang === topic.lang && t !== topic);
        a = plain(story);
        b = syndicate(newStory(r, r.pick(others)), oa, false);
        break;
      }
    }
    const label =
      kind === 'syndicated' || kind === 'rewrite' || kind === 'republished' ? 'same' : 'different';
    const id = `${kind}-${String(n).padStart(3, '0')}`;
    return {
      id,
      kind,
      label,
      lang: topic.lang,
      topic: topic.name,
      split: n % 2 === 0 ? 'tune' : 'test',
      a,
      b,
    };
  };

  return PLAN.flatMap(([kind, total]) => Array.from({ length: total }, (_, n) => makePair(kind, n)));
}

/** The 260 labelled pairs for `seed` (the committed corpus is seed 20261127). */
export function storyPairs(seed = 20261127): StoryPair[] {
  return makePairs(createRandom(seed));
}

/** Writes the pairs as JSON lines to `path` and returns how many. */
export function writeStoryPairs(path: string, seed?: number): number {
  const pairs = storyPairs(seed);
  writeFileSync(path, `${pairs.map((pair) => JSON.stringify(pair)).join('\n')}\n`);
  return pairs.length;
}
