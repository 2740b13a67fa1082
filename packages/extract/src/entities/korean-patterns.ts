import { GAZETTEER, type GazetteerEntry } from './korean-gazetteer';
import { NOT_ORGS, NOT_PLACES, PARTICLES, SURNAMES } from './korean-words';

const HANGUL = /^\p{Script=Hangul}+$/u;

/**
 * Suffixes that make a word an organisation by themselves ("공정거래위원회",
 * "방위사업청"), each with the shortest whole word it may end.
 */
const ORG_SUFFIXES: [suffix: string, minLength: number][] = [
  ['위원회', 5],
  ['연구원', 5],
  ['경찰서', 4],
  ['소방서', 4],
  ['본부', 4],
  ['협회', 4],
  ['재단', 4],
  ['대학교', 4],
  ['중공업', 4],
  ['공사', 4],
  ['공단', 4],
  ['은행', 4],
  ['증권', 4],
  ['그룹', 3],
  ['전자', 3],
  ['청', 3],
  ['부', 3],
  ['당', 3],
];

/**
 * Industry words that also stand alone as common nouns ("석유화학",
 * "전기자동차"): an organisation only after a known company or Latin
 * letters ("LG화학", "삼성바이오로직스", "한화생명").
 */
const COMPANY_SUFFIXES = [
  '엔터테인먼트',
  '바이오로직스',
  '반도체',
  '자동차',
  '에너지',
  '바이오',
  '화학',
  '건설',
  '제약',
  '항공',
  '생명',
  '화재',
  '카드',
  '통신',
  '물산',
  '증권',
  '전자',
];

/**
 * Endings that mark a place: cities, counties and districts. Provinces end
 * in 도, which is also the particle "too", so they come from the gazetteer.
 */
const PLACE_SUFFIXES = ['시', '군', '구'];

/** The word with each particle it may end in removed, longest first (the word itself first). */
export function stems(word: string): string[] {
  const out = [word];
  for (const p of PARTICLES) {
    if (word.length > p.length + 1 && word.endsWith(p)) out.push(word.slice(0, -p.length));
  }
  return out;
}

/** What a word names by the gazetteer or the suffix rules, trying each way of stripping a particle. */
export function classifyWord(word: string): GazetteerEntry | undefined {
  const candidates = stems(word);
  for (const stem of candidates) {
    const hit = GAZETTEER.get(stem);
    if (hit) return hit;
  }
  for (const stem of candidates) {
    const hit = bySuffix(stem);
    if (hit) return hit;
  }
  return undefined;
}

function bySuffix(stem: string): GazetteerEntry | undefined {
  const latin = /^[A-Z][A-Za-z0-9&]*/.exec(stem)?.[0] ?? '';
  const hangul = stem.slice(latin.length);
  if (!hangul || !HANGUL.test(hangul)) return undefined;

  for (const suffix of COMPANY_SUFFIXES) {
    if (!hangul.endsWith(suffix) || stem === suffix) continue;
    const owner = stem.slice(0, -suffix.length);
    if (latin === owner || GAZETTEER.get(owner)?.kind === 'organizations')
      return { kind: 'organizations', name: stem };
  }
  if (latin) return undefined;
  if (NOT_ORGS.has(stem)) return undefined;
  for (const [suffix, min] of ORG_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length >= min && orgGuard(stem, suffix))
      return { kind: 'organizations', name: stem };
  }
  if (NOT_PLACES.has(stem)) return undefined;
  for (const suffix of PLACE_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length >= 3 && stem.length <= 5 && placeGuard(stem, suffix))
      return { kind: 'places', name: stem };
  }
  return undefined;
}

function orgGuard(stem: string, suffix: string): boolean {
  const head = stem.slice(0, -suffix.length);
  // "건설공사" is building work, "한국도로공사" the road corporation: a
  // corporation's name starts with the country or a known place.
  if (suffix === '공사' || suffix === '공단') return head.startsWith('한국') || startsWithPlace(head);
  // "대부분", "지도부": only words that end exactly in 부 after two syllables of a ministry-like head.
  if (suffix === '부') return !/(?:본|간|내|외|일|전|지도|수뇌|사령)$/.test(head);
  if (suffix === '당') return !/(?:의사|대성|성|식|강|해|상|인|명|가구|마리)$/.test(head);
  if (suffix === '청') return !/(?:요|신|민원|시|도|구|군)$/.test(head);
  return true;
}

function placeGuard(stem: string, suffix: string): boolean {
  const head = stem.slice(0, -suffix.length);
  // "러시아군", "북한군" are armies.
  if (suffix === '군' && GAZETTEER.has(head)) return false;
  // "김성구", "홍영군": a surname and two syllables reads as a person first.
  if (suffix !== '시' && stem.length === 3 && SURNAMES.has(stem[0]!)) return false;
  return true;
}

function startsWithPlace(head: string): boolean {
  for (let n = head.length; n >= 2; n--) {
    if (GAZETTEER.get(head.slice(0, n))?.kind === 'places') return true;
  }
  return false;
}
