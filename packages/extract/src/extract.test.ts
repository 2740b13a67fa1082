import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExtractError, extractArticle } from './index';
import { countWords } from './text';

function fixture(name: string): string {
  return readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
}

function expectAbsent(haystack: string, needles: string[]): void {
  for (const needle of needles)
    expect(haystack, `should not contain ${JSON.stringify(needle)}`).not.toContain(needle);
}

describe('extractArticle: English news page', () => {
  const article = extractArticle(fixture('english-news.html'), {
    url: 'https://riverside.example/news/river-park',
  });

  it('reads metadata from JSON-LD and OpenGraph', () => {
    expect(article).toMatchObject({
      title: 'Council approves river park plan after late-night vote',
      subtitle: 'The 40-hectare park will replace a disused freight yard by 2029',
      byline: 'Jane Doe, Sam Lee',
      publishedAt: '2026-03-03T02:15:00.000Z',
      updatedAt: '2026-03-03T13:00:00.000Z',
      siteName: 'Riverside Gazette',
      language: 'en',
      leadImage: 'https://cdn.riverside.example/images/riverbank-og.jpg',
    });
  });

  it('keeps every body paragraph, the quote included, as blank-line separated text', () => {
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs[0]).toMatch(/^The city council voted nine to four shortly before midnight/);
    expect(article.text).toContain('We waited twenty years for somebody to listen to us');
    expect(article.text).toContain('Construction of the first phase, a riverside promenade');
    expect(paragraphs.at(-1)).toMatch(/busiest freight junction in the region\.$/);
    expect(paragraphs).toHaveLength(7);
    expect(article.text).not.toMatch(/[^\n]\n[^\n]|\s{3,}/);
  });

  it('moves the figure caption to captions', () => {
    expect(article.captions).toEqual([
      'The disused freight yard on the east bank, photographed in February. (Photo: Riverside Gazette/John Smith)',
    ]);
    expectAbsent(article.text, ['disused freight yard on the east bank', 'Photo:']);
  });

  it('drops navigation, share bar, teasers, prompts, ads, byline and copyright', () => {
    const gone = [
      'Politics',
      'Share on Facebook',
      'Email this story',
      'By Jane Doe',
      'The 40-hectare park',
      'Read more',
      'City budget passes',
      'Related articles',
      'A short history of the east bank freight yard',
      'Advertisement',
      'Sign up for our daily newsletter',
      'Morning Brief',
      'Most viewed',
      'Derby ends in stoppage-time drama',
      '©',
      'All rights reserved',
      'Privacy policy',
    ];
    expectAbsent(article.text, gone);
    expectAbsent(article.html, gone);
  });

  it('returns sanitised HTML with structure kept', () => {
    expect(article.html).toContain('<blockquote><p>We waited twenty years');
    expect(article.html).not.toMatch(/class=|<div|<script|<style/);
  });

  it('counts words of the text', () => {
    expect(article.wordCount).toBe(countWords(article.text));
    expect(article.wordCount).toBeGreaterThan(180);
  });
});

describe('extractArticle: Korean news page', () => {
  const article = extractArticle(fixture('korean-news.html'), {
    url: 'https://hanbit.example/news/articleView.html?idxno=1000',
  });

  it('reads metadata and detects Korean despite a template lang="en"', () => {
    expect(article).toMatchObject({
      title: '서울시, 한강공원에 수상정원 조성한다',
      byline: '김민준 기자',
      publishedAt: '2026-03-02T00:30:00.000Z',
      siteName: '한빛일보',
      language: 'ko',
      leadImage: 'https://hanbit.example/news/photo/202603/hangang_600.jpg',
    });
  });

  it('has no dateZone: its date states +09:00', () => {
    expect(article.dateZone).toBeUndefined();
  });

  it("reads a zoneless date in the site's zone and says so (dateZone)", () => {
    const page = fixture('korean-news.html')
      .replace('<html lang="en">', '<html lang="ko">')
      .replace('content="2026-03-02T09:30:00+09:00"', 'content="2026-03-02 09:30"');
    const zoneless = extractArticle(page, { url: 'https://hanbit.example/news/articleView.html?idxno=1000' });
    expect(zoneless).toMatchObject({ publishedAt: '2026-03-02T00:30:00.000Z', dateZone: 'Asia/Seoul' });
  });

  it('keeps the body, from the dateline paragraph to the last sentence', () => {
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs[0]).toBe(
      '(서울=한빛일보) 김민준 기자 = 서울시가 2028년까지 여의도와 뚝섬 한강공원에 물 위에 떠 있는 수상정원을 조성한다고 2일 밝혔다.',
    );
    expect(article.text).toContain('서울환경연합은 이날 성명을 내고 사업 전 과정을 공개하라고 요구했다.');
    expect(paragraphs.at(-1)).toBe(
      '시는 올해 하반기 기본설계를 마치고 내년 상반기에 첫 구간 공사에 들어갈 예정이다.',
    );
    expect(paragraphs).toHaveLength(5);
  });

  it('moves photo captions and credits to captions', () => {
    expect(article.captions).toEqual([
      '2일 서울 여의도 한강공원에서 시민들이 산책하고 있다. 사진=연합뉴스',
      '수상정원 조감도. /사진=서울시 제공',
    ]);
  });

  it('drops related-article lists, prompts, signature and copyright lines', () => {
    const gone = [
      '사진=',
      '관련기사',
      '한강 수변 개발, 10년의 역사',
      '뚝섬 한강공원 야간 개장 연장',
      '많이 본 뉴스',
      '지하철 요금 인상 확정',
      '구독하세요',
      'minjun@hanbit.example',
      '입력 2026',
      '페이스북',
      '저작권자',
      '무단전재',
      '무단 전재',
      'ⓒ',
      'Copyright',
      '대표전화',
    ];
    expectAbsent(article.text, gone);
    expectAbsent(article.html, gone);
  });

  it('makes body images absolute', () => {
    expect(article.html).toContain('src="https://hanbit.example/news/photo/202603/garden_plan.jpg"');
  });
});

describe('extractArticle: page with OpenGraph metadata only', () => {
  const article = extractArticle(fixture('og-only.html'), {
    url: 'https://towncrier.example/news/2026/bakery',
  });

  it('takes title, site, image and date from OpenGraph and drops the invalid date', () => {
    expect(article).toEqual({
      title: 'Local bakery wins national bread award',
      subtitle: undefined,
      byline: undefined,
      publishedAt: '2026-02-14T07:45:00.000Z',
      updatedAt: undefined,
      siteName: 'Town Crier',
      language: 'en',
      leadImage: 'https://towncrier.example/img/bakery.jpg',
      captions: [],
      text: expect.stringMatching(/^A family bakery on Mill Lane[\s\S]*primary school next door\.$/),
      html: expect.stringContaining('<p>Owner Priya Shah'),
      wordCount: expect.any(Number),
      textSource: 'page',
    });
    expect(article.text.split('\n\n')).toHaveLength(4);
  });
});

describe('extractArticle: hostile markup', () => {
  const article = extractArticle(fixture('xss.html'), { url: 'https://harbour.example/news/festival' });

  it('outputs no script, style, event handler, frame or javascript: URL', () => {
    expect(article.html).not.toMatch(/<script|<style|<iframe|<svg|\son\w+=|javascript:|data:|alert\(/i);
    expect(article.text).not.toMatch(/alert\(|document\.cookie/);
  });

  it('keeps the text of neutralised links and makes the rest absolute', () => {
    expect(article.text).toContain('can be booked on the festival website, and a limited number');
    expect(article.html).toContain(
      '<a href="https://harbour.example/travel/festival-buses">festival buses</a>',
    );
    expect(article.html).toContain('<a href="https://cdn.harbour.example/map.pdf">');
    expect(article.html).toContain('<a href="mailto:info@harbour.example">');
    expect(article.html).toContain('<img src="https://harbour.example/img/ships.jpg" alt="Tall ships" />');
  });
});

describe('extractArticle: control characters', () => {
  // Raw, as numeric references, as JSON-LD escapes; and a lone surrogate.
  const para =
    'The harbour cranes stopped moving on Tuesday morning, and the port authority said repairs would take a week.';
  const html = `<html><head><title>Cranes&#1; stop\u0002 work</title>
    <meta property="og:site_name" content="Port\u0007 News">
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Cranes\\u0001 stop",
      "alternativeHeadline":"Repairs\\u001f take a week","author":{"@type":"Person","name":"Ada\\u0000 Park"}}</script>
    </head><body><article><h1>Cranes stop</h1>
    <figure><img src="/a.jpg"><figcaption>Cranes\u0007 at&#x1F; dawn</figcaption></figure>
    <p>${para} Ctrl&#1;A\u0001B\u007f and a lone &#xD800; half, \ud800 raw.</p><p>${para}</p>
    <p title="x\u0003y">${para}</p></article></body></html>`;
  const article = extractArticle(html, { url: 'https://news.test/a' });
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u;

  it('leaves none in any text field', () => {
    const fields = [
      article.title,
      article.subtitle,
      article.byline,
      article.siteName,
      article.text,
      article.html,
      ...article.captions,
    ];
    for (const field of fields) expect(field, JSON.stringify(field)).not.toMatch(CONTROL);
    expect(article).toMatchObject({
      title: 'Cranes stop',
      subtitle: 'Repairs take a week',
      byline: 'Ada Park',
      siteName: 'Port News',
      captions: ['Cranes at dawn'],
    });
    expect(article.text).toContain('CtrlAB and a lone \ufffd half, \ufffd raw.');
    expect(article.html).toContain('CtrlAB and a lone \ufffd half, \ufffd raw.');
  });

  it('counts words of the cleaned text', () => {
    expect(article.wordCount).toBe(countWords(article.text));
  });
});

describe('extractArticle: no content', () => {
  it('throws ExtractError when the page holds no article text', () => {
    const html = `<html><head><title>Empty</title></head><body>
      <nav><a href="/">Home</a><a href="/news">News</a></nav>
      <footer>© 2026 Example. All rights reserved.</footer></body></html>`;
    expect(() => extractArticle(html, { url: 'https://example.com/' })).toThrow(ExtractError);
  });

  it('accepts a bare fragment', () => {
    const article = extractArticle(
      '<p>Fragments without html or body elements still parse into a document with a body, which linkedom does not do by itself.</p>',
      { url: 'https://example.com/a' },
    );
    expect(article.text).toMatch(/^Fragments without html/);
  });
});

describe('extractArticle: blog layout without semantic markup', () => {
  const article = extractArticle(fixture('blog-layout.html'), { url: 'https://notes.example/p/night-ferry' });
  const paragraphs = article.text.split('\n\n');

  it('keeps in-body headings, lists, block quotes and tables', () => {
    expect(paragraphs).toContain('What the council decided');
    expect(paragraphs).toContain('a relief crew on weekend nights,');
    expect(paragraphs).toContain(
      'We should have done this two winters ago, and everyone on the night shift knows it.',
    );
    expect(paragraphs).toContain('2025 57');
    expect(paragraphs.at(-1)).toMatch(/^The first crossing with two boats/);
  });

  it('drops the dateline, ad label, copyright and filing lines, the titled teaser box and comments', () => {
    expect(paragraphs[0]).toMatch(/^For three winters/);
    expect(article.text).not.toMatch(
      /Nov 3, 2026|Advertisement|無断転載|未经授权|Posted by|Recent posts|Tide tables|comments|Finally!|Most read/,
    );
  });

  it('moves the figure caption to captions and keeps the site name out of the title', () => {
    expect(article.captions).toEqual(['The leased pilot boat at the east pier. Photo: Harbour Notes']);
    expect(article.text).not.toContain('leased pilot boat');
    expect(article.title).toBe('How the night ferry got its second boat');
    expect(article.html).toContain('<img src="https://notes.example/img/boat.jpg"');
  });
});

describe('extractArticle: huge page', () => {
  // htmlparser2 keeps its open-element stack with Array#unshift, so parsing
  // is quadratic in nesting depth: seconds at this depth on a quiet machine,
  // a minute on a busy one. The time is not asserted (the parser's deadline
  // bounds it in production: services/parser's bad-input test); the stack is.
  it('extracts 100,000 nested elements without overflowing the stack', { timeout: 180_000 }, () => {
    const depth = 100_000;
    const story =
      '<p>The deepest paragraph still reads as the story, with commas, clauses, and a full stop.</p>';
    const html = `<html><body>${'<div><span>'.repeat(depth / 2)}${story.repeat(3)}${'</span></div>'.repeat(depth / 2)}${'<p>filler text for the page size, repeated many times over.</p>'.repeat(60_000)}</body></html>`;
    expect(html.length).toBeGreaterThan(4_000_000);
    const article = extractArticle(html, { url: 'https://example.com/huge' });
    expect(article.text.length).toBeGreaterThan(0);
  });
});
