/**
 * The generated corpus of the search and scale benches: English and Korean
 * articles (≈35% Korean) over 40 sources, one in ten joining an earlier
 * story, with people/places/organisations, from the repository's one seeded
 * generator so every run indexes the same documents.
 */
import { type ArticleDocument, articleIdFor } from '@tidings/contracts';
import { articleDocument, createRandom } from '@tidings/testing';

// The repository's one seeded generator, so the corpus is the same on every run.
export const random = createRandom(42).next;
export const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export const EN_WORDS =
  'council harbour election budget storm minister court school hospital market bridge railway police festival energy climate housing tax strike union port airport museum river mayor governor senate vote trial verdict inflation bank rates exports factory workers teachers nurses drought flood wildfire earthquake vaccine research university startup smartphone chip battery solar wind transit subway budget deficit tariff summit treaty embassy refugees border'.split(
    ' ',
  );
export const EN_GLUE =
  'the a of in on for with after before said will would could has have new local city state national'.split(
    ' ',
  );
export const KO_WORDS =
  '서울 부산 인천 대구 광주 정부 국회 대통령 장관 예산 선거 경제 물가 금리 수출 반도체 배터리 전기차 태풍 폭우 지진 병원 학교 교사 학생 노조 파업 항만 공항 지하철 주택 부동산 세금 환율 주가 기업 삼성 현대 은행 법원 검찰 경찰 축제 문화 관광 기후 에너지 원전 태양광 풍력'.split(
    ' ',
  );
export const KO_GLUE =
  '은 는 이 가 을 를 의 에서 으로 했다 밝혔다 전했다 예정이다 관계자는 이번 지난 올해'.split(' ');
export const PEOPLE = [
  'Ada Park',
  'Tom Reyes',
  'Mina Cho',
  'Lars Berg',
  '김민수',
  '이서연',
  '박지훈',
  'Olivia Grant',
];
export const PLACES = ['Harbour City', 'Seoul', 'Busan', 'Lisbon', 'Denver', '인천', '대전', 'Osaka'];
export const ORGS = ['Port Authority', 'City Council', '국회', '한국은행', 'Meridian Bank', 'Transit Union'];
export const SOURCES = Array.from({ length: 40 }, (_, i) => `news${i}.example`);
export const DAY = 86_400_000;
export const START = Date.parse('2026-01-01T00:00:00Z');

function sentence(korean: boolean): string {
  const words = Array.from({ length: 8 + Math.floor(random() * 10) }, () =>
    korean ? pick(KO_WORDS) + pick(KO_GLUE) : random() < 0.6 ? pick(EN_WORDS) : pick(EN_GLUE),
  );
  return `${words.join(' ')}.`;
}

/** Article `n`, published at `publishedAt` (default: a day of 2026 up to day 300). */
export function article(n: number, publishedAt?: string): ArticleDocument {
  const korean = random() < 0.35;
  const url = `https://${pick(SOURCES)}/${n}`;
  const published = publishedAt ?? new Date(START + Math.floor(random() * 300 * DAY)).toISOString();
  const paragraphs = Array.from({ length: 6 }, () =>
    Array.from({ length: 3 }, () => sentence(korean)).join(' '),
  );
  return articleDocument({
    url,
    feedId: 'bench',
    title: sentence(korean).slice(0, 90),
    publishedAt: published,
    language: korean ? 'ko' : 'en',
    text: paragraphs.join('\n\n'),
    html: '',
    wordCount: 300,
    // One article in ten joins an earlier story.
    ...(n > 100 && random() < 0.1 ? { storyId: articleIdFor(`story-${Math.floor(random() * n)}`) } : {}),
    people: random() < 0.5 ? [pick(PEOPLE)] : [],
    places: random() < 0.5 ? [pick(PLACES)] : [],
    organizations: random() < 0.3 ? [pick(ORGS)] : [],
  });
}
