/** A kind of news story: fact slots, phrasings per sentence role, and optional detail sentences. */
export interface Topic {
  name: string;
  lang: 'en' | 'ko';
  slots: Record<string, string[]>;
  headlines: string[];
  /** Each role is one sentence of the story, in the order a reporter would write it; any phrasing may be used. */
  roles: string[][];
  /** Detail sentences a reporter may or may not include. */
  extras: string[];
}

/** One concrete story: the facts and the choices a reporter made. */
export interface Story {
  topic: Topic;
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

/** Seeded PRNG (mulberry32): the corpus must come out the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

export function sample(r: () => number, n: number, count: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, count);
}

/** A new, independent story on a topic. */
export function newStory(r: () => number, topic: Topic): Story {
  const facts: Record<string, string> = {};
  for (const [slot, values] of Object.entries(topic.slots)) facts[slot] = pick(r, values);
  return {
    topic,
    facts,
    phrasing: topic.roles.map((variants) => Math.floor(r() * variants.length)),
    extras: sample(r, topic.extras.length, 3 + Math.floor(r() * 3)),
    headline: Math.floor(r() * topic.headlines.length),
  };
}

/** Another story on the same topic that shares some facts (same team, same city) but not the event. */
export function siblingStory(r: () => number, story: Story): Story {
  for (let attempt = 0; ; attempt++) {
    const other = newStory(r, story.topic);
    // Keep one or two facts, as two reports from the same beat do (the same council, the same region).
    for (const slot of sample(r, Object.keys(story.facts).length, 1 + Math.floor(r() * 2))) {
      const name = Object.keys(story.facts)[slot] as string;
      other.facts[name] = story.facts[name] as string;
    }
    // A different event has its own details: colour sentences are never shared verbatim, only stock phrasing is.
    const unused = story.topic.extras.map((_, i) => i).filter((i) => !story.extras.includes(i));
    other.extras = sample(r, unused.length, Math.min(unused.length, 3 + Math.floor(r() * 3))).map((i) => unused[i] as number);
    const differs = Object.keys(story.facts).filter((k) => story.facts[k] !== other.facts[k]).length;
    if (differs >= 3 || attempt > 20) return other;
  }
}

function fill(template: string, facts: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => facts[slot] ?? `{${slot}}`);
}

/** The story as paragraphs of sentences (one or two sentences each, as news copy is). */
export function render(story: Story): { title: string; paragraphs: string[] } {
  const sentences = story.topic.roles.map((variants, i) => fill(variants[story.phrasing[i] as number] as string, story.facts));
  const extras = story.extras.map((i) => fill(story.topic.extras[i] as string, story.facts));
  // Details go after the lead and the second role, where reporters put colour.
  const body = [...sentences.slice(0, 2), ...extras.slice(0, 2), ...sentences.slice(2), ...extras.slice(2)];
  const paragraphs: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const joinNext = i >= 2 && i % 3 === 0 && i + 1 < body.length;
    paragraphs.push(joinNext ? `${body[i]} ${body[++i]}` : (body[i] as string));
  }
  return { title: fill(story.topic.headlines[story.headline] as string, story.facts), paragraphs };
}
