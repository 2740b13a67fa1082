// Writes testdata/story-pairs/pairs.jsonl: labelled article pairs for measuring story clustering.
// Deterministic (seeded), so the committed file can be regenerated and reviewed as a diff:
//   pnpm --filter @tidings/extract story-pairs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type PairArticle, pick, render, rng, type Story, sample, siblingStory, newStory, type Topic } from './topic';
import { ENGLISH_TOPICS } from './topics-en';
import { KOREAN_TOPICS } from './topics-ko';

type Kind = 'syndicated' | 'rewrite' | 'republished' | 'same-topic' | 'same-topic-same-outlet' | 'other-topic';
const PLAN: Array<[Kind, number]> = [
  ['syndicated', 45],
  ['rewrite', 55],
  ['republished', 30],
  ['same-topic', 80],
  ['same-topic-same-outlet', 35],
  ['other-topic', 15],
];
const TOPICS: Topic[] = [...ENGLISH_TOPICS, ...KOREAN_TOPICS];
const r = rng(20261127);

interface Outlet {
  dateline: (facts: Record<string, string>) => string;
  caption: string[];
  teasers: string[];
  outro: string[];
}

const OUTLETS: Record<'en' | 'ko', Outlet[]> = {
  en: [
    {
      dateline: (f) => `${(f.place ?? f.city ?? f.town ?? 'LONDON').toUpperCase()} (AP) — `,
      caption: ['Rescue workers and residents gather at the scene. (AP Photo/Lena Moritz)', 'People look on from a street corner. (AP Photo/Dario Ferri)'],
      teasers: ['Read more: What to know about the week ahead', 'Related: Five charts that explain the economy'],
      outro: ['Associated Press writer Kim Alvarez contributed to this report.', 'Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.'],
    },
    {
      dateline: () => 'Nov 27 (Reuters) - ',
      caption: ['FILE PHOTO: A general view of the city centre. REUTERS/Mark Tellis/File Photo'],
      teasers: ['Sign up here for our daily briefing newsletter.'],
      outro: ['Reporting by Anna Kowal and Tim Hughes; Editing by Paul Grant', 'Our Standards: The Thomson Reuters Trust Principles.'],
    },
    {
      dateline: () => '',
      caption: ['Photo: Supplied', 'The scene on Wednesday. Photograph: Getty Images'],
      teasers: ['Most read: The ten best walks in the county', 'Advertisement', 'Don\'t miss: Our guide to the holiday season'],
      outro: ['This article originally appeared on the Daily Courier and is republished here with permission.', '© 2026 Courier Media Group. All rights reserved.', 'Share this article: Facebook Twitter Email'],
    },
    {
      dateline: () => 'By Staff Reporter | Updated 9:42 a.m. | ',
      caption: ['Image caption: A view from above taken by a drone operator'],
      teasers: ['You may also like: Local schools announce holiday dates', 'Subscribe to our newsletter for the latest headlines.'],
      outro: ['Have a story tip? Email newsdesk@valleyherald.example.', 'Copyright Valley Herald. All rights reserved.'],
    },
  ],
  ko: [
    {
      dateline: () => '(서울=뉴스통신) 김하늘 기자 = ',
      caption: ['[사진 = 뉴스통신 자료사진]', '현장 모습. [독자 제공]'],
      teasers: ['▶ 관련 기사 더 보기', '▶ 제보는 카카오톡으로'],
      outro: ['sky@newstongsin.example', '<저작권자(c) 뉴스통신, 무단 전재-재배포, AI 학습 및 활용 금지>'],
    },
    {
      dateline: () => '[데일리한빛 박서준 기자] ',
      caption: ['사진=연합뉴스 자료사진'],
      teasers: ['많이 본 뉴스', '이 기사를 추천합니다'],
      outro: ['박서준 기자 sj@hanbit.example', 'Copyright ⓒ 데일리한빛. 무단전재 및 재배포 금지'],
    },
    {
      dateline: () => '',
      caption: ['▲ 지난 26일 현장 모습. ⓒ 시민기자'],
      teasers: ['[관련기사] 주간 주요 뉴스 모음', '구독하기 좋아요 공유하기'],
      outro: ['본 기사는 제휴사의 기사를 재전송한 것입니다.', '저작권자 © 지역일보 무단전재 및 재배포금지'],
    },
  ],
};

const SYNONYMS: Record<'en' | 'ko', Array<[RegExp, string]>> = {
  en: [
    [/\bsaid\b/g, 'stated'],
    [/\bofficials\b/g, 'authorities'],
    [/\bresidents\b/g, 'locals'],
    [/\bpeople\b/g, 'individuals'],
    [/\bpercent\b/g, 'per cent'],
    [/\bon Thursday\b/g, 'this week'],
    [/\bcity\b/g, 'municipal'],
    [/\bwarned\b/g, 'cautioned'],
    [/\bnearby\b/g, 'neighbouring'],
    [/\bshares\b/g, 'stock'],
    [/\bmatch\b/g, 'game'],
  ],
  ko: [
    [/밝혔다/g, '전했다'],
    [/말했다/g, '언급했다'],
    [/발생했다/g, '일어났다'],
    [/주민/g, '시민'],
    [/관계자/g, '당국자'],
    [/것으로/g, '걸로'],
    [/승리/g, '승'],
    [/예정이다/g, '계획이다'],
  ],
};

function text(paragraphs: string[]): string {
  return paragraphs.join('\n\n');
}

function plain(story: Story): PairArticle {
  const { title, paragraphs } = render(story);
  return { title, text: text(paragraphs) };
}

/** The same copy as another site carries it: its dateline, photo caption, teasers and credits around the text. */
function syndicate(story: Story, outlet: Outlet, trimEnd: boolean): PairArticle {
  const { title, paragraphs } = render(story);
  const body = trimEnd ? paragraphs.slice(0, paragraphs.length - 1 - Math.floor(r() * 2)) : [...paragraphs];
  body[0] = outlet.dateline(story.facts) + body[0];
  if (r() < 0.7) body.unshift(pick(r, outlet.caption));
  if (r() < 0.6) body.splice(2 + Math.floor(r() * 3), 0, pick(r, outlet.teasers));
  body.push(...outlet.outro.filter(() => r() < 0.8));
  return { title: r() < 0.5 ? title : `${title} | ${story.topic.lang === 'ko' ? '뉴스' : 'News'}`, text: text(body) };
}

/** Another newsroom's light edit: a few sentences re-phrased, synonyms, paragraphs moved, added or cut, a new headline. */
function rewrite(story: Story): PairArticle {
  const edited: Story = {
    ...story,
    phrasing: story.phrasing.map((p, i) => {
      const variants = story.topic.roles[i]?.length ?? 1;
      return r() < 0.3 ? (p + 1 + Math.floor(r() * (variants - 1))) % variants : p;
    }),
    headline: (story.headline + 1) % story.topic.headlines.length,
  };
  if (r() < 0.5) {
    const unused = story.topic.extras.map((_, i) => i).filter((i) => !story.extras.includes(i));
    if (unused.length > 0) edited.extras = [...story.extras, pick(r, unused)];
  }
  const { title, paragraphs } = render(edited);
  if (r() < 0.4 && paragraphs.length > 5) paragraphs.splice(2 + Math.floor(r() * (paragraphs.length - 3)), 1);
  if (r() < 0.7) {
    const i = 2 + Math.floor(r() * (paragraphs.length - 3));
    [paragraphs[i], paragraphs[i + 1]] = [paragraphs[i + 1] as string, paragraphs[i] as string];
  }
  let body = text(paragraphs);
  for (const [from, to] of SYNONYMS[story.topic.lang]) if (r() < 0.6) body = body.replace(from, to);
  return { title, text: body };
}

/** The same article under a new URL: an update line, a correction, or an earlier, shorter version. */
function republish(story: Story): PairArticle {
  const { title, paragraphs } = render(story);
  const ko = story.topic.lang === 'ko';
  const variant = Math.floor(r() * 3);
  if (variant === 0) {
    paragraphs.unshift(ko ? '[업데이트] 이 기사는 최신 내용을 반영해 수정됐습니다.' : 'This story has been updated with additional information.');
  } else if (variant === 1) {
    paragraphs.push(ko ? '바로잡습니다: 이전 기사에서 일부 수치가 잘못 표기돼 바로잡았습니다.' : 'Correction: An earlier version of this article misstated a figure in the third paragraph.');
  } else {
    // The first, breaking version: the lead and the next few paragraphs only.
    paragraphs.splice(Math.max(4, Math.ceil(paragraphs.length * 0.7)));
  }
  return { title, text: text(paragraphs) };
}

function topicFor(i: number): Topic {
  return TOPICS[i % TOPICS.length] as Topic;
}

interface Pair {
  id: string;
  kind: Kind;
  label: 'same' | 'different';
  lang: 'en' | 'ko';
  topic: string;
  split: 'tune' | 'test';
  a: PairArticle;
  b: PairArticle;
}

function makePair(kind: Kind, n: number): Pair {
  const topic = topicFor(n + Math.floor(r() * TOPICS.length));
  const story = newStory(r, topic);
  const outlets = OUTLETS[topic.lang];
  const [oa, ob] = sample(r, outlets.length, 2).map((i) => outlets[i] as Outlet) as [Outlet, Outlet];
  let a: PairArticle;
  let b: PairArticle;
  switch (kind) {
    case 'syndicated':
      a = r() < 0.5 ? plain(story) : syndicate(story, oa, false);
      b = syndicate(story, ob, r() < 0.4);
      break;
    case 'rewrite':
      a = plain(story);
      b = r() < 0.3 ? { ...rewrite(story), text: `${oa.dateline(story.facts)}${rewrite(story).text}` } : rewrite(story);
      break;
    case 'republished':
      a = plain(story);
      b = republish(story);
      break;
    case 'same-topic':
      a = r() < 0.5 ? plain(story) : syndicate(story, oa, false);
      b = r() < 0.5 ? plain(siblingStory(r, story)) : syndicate(siblingStory(r, story), ob, false);
      break;
    case 'same-topic-same-outlet':
      // Two different stories from one beat, both carried by one site: shared boilerplate, shared vocabulary.
      a = syndicate(story, oa, false);
      b = syndicate(siblingStory(r, story), oa, false);
      break;
    case 'other-topic': {
      const others = TOPICS.filter((t) => t.lang === topic.lang && t !== topic);
      a = plain(story);
      b = syndicate(newStory(r, pick(r, others)), oa, false);
      break;
    }
  }
  const label = kind === 'syndicated' || kind === 'rewrite' || kind === 'republished' ? 'same' : 'different';
  return { id: `${kind}-${String(n).padStart(3, '0')}`, kind, label, lang: topic.lang, topic: topic.name, split: n % 2 === 0 ? 'tune' : 'test', a, b };
}

const pairs = PLAN.flatMap(([kind, count]) => Array.from({ length: count }, (_, n) => makePair(kind, n)));
const out = fileURLToPath(new URL('../../testdata/story-pairs/pairs.jsonl', import.meta.url));
writeFileSync(out, `${pairs.map((p) => JSON.stringify(p)).join('\n')}\n`);
console.log(`wrote ${pairs.length} pairs to ${out}`);
