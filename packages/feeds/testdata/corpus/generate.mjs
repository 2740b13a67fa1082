// Writes the corpus fixtures that are not UTF-8 text (legacy charsets, UTF-16/32) with their
// sidecars. The output is committed, so tests never depend on running this; run it again after
// changing a fixture here:  node packages/feeds/testdata/corpus/generate.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// iconv-lite is a devDependency of @tidings/feeds; resolve it from the package.
const require = createRequire(new URL('../../package.json', import.meta.url));
const iconv = require('iconv-lite');

const here = dirname(fileURLToPath(import.meta.url));

const BOMS = {
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'utf-32le': [0xff, 0xfe, 0x00, 0x00],
  'utf-32be': [0x00, 0x00, 0xfe, 0xff],
};

function rss({ declaration = '', title, link, language, items }) {
  const head = `<?xml version="1.0"${declaration}?>\n`;
  const lang = language ? `\n    <language>${language}</language>` : '';
  const body = items
    .map(
      (item) => `
    <item>
      <title>${item.title}</title>
      <link>${item.link}</link>
      <guid isPermaLink="false">${item.guid}</guid>
      <pubDate>${item.pubDate}</pubDate>${item.description ? `\n      <description>${item.description}</description>` : ''}
    </item>`,
    )
    .join('');
  return `${head}<rss version="2.0">
  <channel>
    <title>${title}</title>
    <link>${link}</link>${lang}${body}
  </channel>
</rss>
`;
}

function atom({ declaration = '', title, link, lang, entries }) {
  const body = entries
    .map(
      (entry) => `
  <entry>
    <title>${entry.title}</title>
    <id>${entry.id}</id>
    <link href="${entry.link}"/>
    <updated>${entry.updated}</updated>
    <summary>${entry.summary}</summary>
  </entry>`,
    )
    .join('');
  return `<?xml version="1.0"${declaration}?>
<feed xmlns="http://www.w3.org/2005/Atom"${lang ? ` xml:lang="${lang}"` : ''}>
  <title>${title}</title>
  <id>urn:${link}</id>
  <link href="${link}"/>
  <updated>2026-11-27T00:00:00Z</updated>${body}
</feed>
`;
}

// Expected item fields from the fixture's own item list.
const rssExpected = (items, extra = () => ({})) =>
  items.map((item) => ({
    guid: item.guid,
    title: item.title,
    link: item.link,
    publishedAt: item.iso,
    ...extra(item),
  }));

// 똠 and 햏 exist only in CP949, not in EUC-KR (KS X 1001): TextDecoder('euc-kr') loses them.
const KOREAN_ITEMS = [
  {
    title: '서울시, 내년 예산 40조원 편성… 복지 분야 크게 늘려',
    link: 'http://news.example.kr/article/1001',
    guid: 'kr-1001',
    pubDate: 'Fri, 27 Nov 2026 09:30:00 +0900',
    iso: '2026-11-27T00:30:00.000Z',
    description: '서울시가 내년도 예산안을 발표했다. 시민들의 삶의 질을 높이기 위한 복지 예산이 크게 늘었다.',
  },
  {
    title: '똠방각하 햏자 논란, 국회 본회의에서 다시 불붙어',
    link: 'http://news.example.kr/article/1002',
    guid: 'kr-1002',
    pubDate: 'Fri, 27 Nov 2026 08:10:00 +0900',
    iso: '2026-11-26T23:10:00.000Z',
    description: '여야는 다음 주 본회의를 열어 관련 법안을 심의할 예정이다. 시민단체는 반발했다.',
  },
  {
    title: '첫눈 내린 출근길, 지하철 이용객 평소보다 늘어',
    link: 'http://news.example.kr/article/1003',
    guid: 'kr-1003',
    pubDate: 'Thu, 26 Nov 2026 22:00:00 +0900',
    iso: '2026-11-26T13:00:00.000Z',
    description: '기상청은 오늘 밤까지 눈이 이어질 것이라고 예보했다. 빙판길 안전에 유의해야 한다.',
  },
];
const koreanFeed = (declaration, language) =>
  rss({ declaration, title: '한국 뉴스', link: 'http://news.example.kr/', language, items: KOREAN_ITEMS });
const koreanExpected = rssExpected(KOREAN_ITEMS, (item) => ({ summary: item.description }));

const SHORT_KOREAN = [
  {
    title: '국회 본회의 통과',
    link: 'http://short.example.kr/1',
    guid: 'sk-1',
    pubDate: 'Fri, 27 Nov 2026 10:00:00 +0900',
    iso: '2026-11-27T01:00:00.000Z',
  },
];

const JAPANESE_ITEMS = [
  {
    title: '日本銀行、金融政策の維持を決定',
    link: 'http://news.example.jp/a/1',
    guid: 'jp-1',
    pubDate: 'Fri, 27 Nov 2026 15:00:00 +0900',
    iso: '2026-11-27T06:00:00.000Z',
    description: '市場では円安が進んだ。専門家は来年の利上げを予想している。',
  },
  {
    title: '東京で初雪、平年より十日早く',
    link: 'http://news.example.jp/a/2',
    guid: 'jp-2',
    pubDate: 'Fri, 27 Nov 2026 07:00:00 +0900',
    iso: '2026-11-26T22:00:00.000Z',
    description: '気象庁によると、都心で雪が観測された。交通機関に影響が出ている。',
  },
];

// 镕 and 堃 are in GBK but not in GB2312: a decoder that takes "gb2312" literally loses them.
const CHINESE_ITEMS = [
  {
    title: '国务院常务会议研究部署扩大内需措施',
    link: 'http://news.example.cn/a/1',
    guid: 'cn-1',
    pubDate: 'Fri, 27 Nov 2026 10:00:00 +0800',
    iso: '2026-11-27T02:00:00.000Z',
    description: '会议指出，要稳定就业，促进消费，推动经济持续回升向好。',
  },
  {
    title: '朱镕基与王堃出席经济论坛',
    link: 'http://news.example.cn/a/2',
    guid: 'cn-2',
    pubDate: 'Fri, 27 Nov 2026 09:00:00 +0800',
    iso: '2026-11-27T01:00:00.000Z',
    description: '论坛讨论了数字经济的发展前景和国际合作。',
  },
];

const TRADITIONAL_ITEMS = [
  {
    title: '台北市政府宣布新的交通政策',
    link: 'http://news.example.tw/a/1',
    guid: 'tw-1',
    pubDate: 'Fri, 27 Nov 2026 10:00:00 +0800',
    iso: '2026-11-27T02:00:00.000Z',
    description: '市民反應熱烈，捷運將延長營運時間。',
  },
];

const LATIN_ITEMS = [
  {
    title: '\u201cCaf\u00e9 cr\u00e8me\u201d \u2014 the season\u2019s best',
    link: 'http://latin.example.com/1',
    guid: 'lt-1',
    pubDate: 'Fri, 27 Nov 2026 10:00:00 GMT',
    iso: '2026-11-27T10:00:00.000Z',
    description: 'Na\u00efve r\u00e9sum\u00e9s, \u2018smart\u2019 quotes \u2026 and \u20ac5 prices.',
  },
];
const latinFeed = (declaration) =>
  rss({
    declaration,
    title: 'Caf\u00e9 Soci\u00e9t\u00e9',
    link: 'http://latin.example.com/',
    items: LATIN_ITEMS,
  });
const latinExpected = rssExpected(LATIN_ITEMS, (item) => ({ summary: item.description }));

const UTF16_ITEMS = [
  {
    title: 'Grüße aus Zürich — 서울 — 東京',
    link: 'http://utf16.example.com/1',
    guid: 'u16-1',
    pubDate: 'Fri, 27 Nov 2026 10:00:00 GMT',
    iso: '2026-11-27T10:00:00.000Z',
  },
  {
    title: 'Emoji 📰 outside the BMP',
    link: 'http://utf16.example.com/2',
    guid: 'u16-2',
    pubDate: 'Fri, 27 Nov 2026 11:00:00 GMT',
    iso: '2026-11-27T11:00:00.000Z',
  },
];
const wideFeed = (declaration) =>
  rss({ declaration, title: 'Wide Characters', link: 'http://utf16.example.com/', items: UTF16_ITEMS });
const wideExpected = rssExpected(UTF16_ITEMS);

const FIXTURES = [
  // UTF-16 and UTF-32
  {
    path: 'utf-16/le-bom.xml',
    encoding: 'utf-16le',
    bom: true,
    text: wideFeed(' encoding="UTF-16"'),
    expected: { about: 'UTF-16LE with a BOM', itemCount: 2, items: wideExpected },
  },
  {
    path: 'utf-16/be-bom.xml',
    encoding: 'utf-16be',
    bom: true,
    text: wideFeed(' encoding="UTF-16"'),
    expected: { about: 'UTF-16BE with a BOM', itemCount: 2, items: wideExpected },
  },
  {
    path: 'utf-16/le-no-bom.xml',
    encoding: 'utf-16le',
    text: wideFeed(' encoding="UTF-16"'),
    expected: {
      about: 'UTF-16LE without a BOM: recognised from the byte pattern of "<?xml"',
      itemCount: 2,
      items: wideExpected,
    },
  },
  {
    path: 'utf-16/be-no-bom-no-declaration.xml',
    encoding: 'utf-16be',
    text: wideFeed('').replace(/^<\?xml[^>]*\?>\n/, ''),
    expected: {
      about: 'UTF-16BE without BOM or XML declaration, starting directly with <rss>',
      itemCount: 2,
      items: wideExpected,
    },
  },
  {
    path: 'utf-16/bom-beats-header.xml',
    encoding: 'utf-16le',
    bom: true,
    text: wideFeed(' encoding="UTF-16"'),
    expected: {
      about: 'UTF-16LE with a BOM while the HTTP header claims ISO-8859-1: the BOM wins',
      options: { contentType: 'text/xml; charset=ISO-8859-1' },
      itemCount: 2,
      items: wideExpected,
    },
  },
  {
    path: 'utf-32/le-bom.xml',
    encoding: 'utf-32le',
    bom: true,
    text: wideFeed(' encoding="UTF-32"'),
    expected: { about: 'UTF-32LE with a BOM', itemCount: 2, items: wideExpected },
  },
  {
    path: 'utf-32/be-no-bom.xml',
    encoding: 'utf-32be',
    text: wideFeed(' encoding="UTF-32"'),
    expected: {
      about: 'UTF-32BE without a BOM: recognised from the byte pattern of "<?xml"',
      itemCount: 2,
      items: wideExpected,
    },
  },
  // Korean
  {
    path: 'euc-kr/header-only.xml',
    encoding: 'cp949',
    text: koreanFeed('', 'ko'),
    expected: {
      about: 'EUC-KR declared only in the HTTP header, with CP949-only syllables (똠, 햏)',
      options: { contentType: 'application/rss+xml; charset=EUC-KR' },
      feed: { title: '한국 뉴스', language: 'ko' },
      itemCount: 3,
      items: koreanExpected,
    },
  },
  {
    path: 'euc-kr/declaration-only.xml',
    encoding: 'cp949',
    text: koreanFeed(' encoding="euc-kr"', 'ko'),
    expected: {
      about: 'EUC-KR declared only in the XML declaration; the header has no charset',
      options: { contentType: 'text/xml' },
      feed: { title: '한국 뉴스' },
      itemCount: 3,
      items: koreanExpected,
    },
  },
  {
    path: 'euc-kr/undeclared.xml',
    encoding: 'cp949',
    text: koreanFeed('', undefined),
    expected: {
      about: 'EUC-KR declared nowhere (no header charset, no encoding, no language): detected from the bytes',
      feed: { title: '한국 뉴스' },
      itemCount: 3,
      items: koreanExpected,
    },
  },
  {
    path: 'euc-kr/undeclared-short-with-language.xml',
    encoding: 'cp949',
    text: rss({ title: '속보', link: 'http://short.example.kr/', language: 'ko-KR', items: SHORT_KOREAN }),
    expected: {
      about:
        'Undeclared EUC-KR with too little Korean for statistics (one short title); <language>ko-KR</language> settles it',
      feed: { title: '속보', language: 'ko-KR' },
      itemCount: 1,
      items: rssExpected(SHORT_KOREAN),
    },
  },
  {
    path: 'euc-kr/ks-c-5601-label.xml',
    encoding: 'cp949',
    text: koreanFeed(' encoding="ks_c_5601-1987"', 'ko'),
    expected: {
      about: 'The ks_c_5601-1987 label (as Windows writes it) read as CP949',
      feed: { title: '한국 뉴스' },
      itemCount: 3,
      items: koreanExpected,
    },
  },
  {
    path: 'euc-kr/header-says-utf8.xml',
    encoding: 'cp949',
    text: koreanFeed(' encoding="EUC-KR"', 'ko'),
    expected: {
      about: 'The HTTP header claims UTF-8 but the bytes are invalid UTF-8 and the declaration says EUC-KR',
      options: { contentType: 'application/xml; charset=utf-8' },
      feed: { title: '한국 뉴스' },
      itemCount: 3,
      items: koreanExpected,
    },
  },
  {
    path: 'euc-kr/undeclared-atom.xml',
    encoding: 'cp949',
    text: atom({
      title: '블로그 소식',
      link: 'http://blog.example.kr/',
      entries: [
        {
          title: '겨울 여행지 추천',
          id: 'urn:blog.example.kr:1',
          link: 'http://blog.example.kr/1',
          updated: '2026-11-27T09:00:00+09:00',
          summary: '강원도의 겨울 바다와 눈 덮인 산을 소개합니다. 따뜻한 옷을 꼭 챙기세요.',
        },
      ],
    }),
    expected: {
      about: 'An Atom feed in EUC-KR declared nowhere',
      feed: { title: '블로그 소식' },
      itemCount: 1,
      items: [
        {
          guid: 'urn:blog.example.kr:1',
          title: '겨울 여행지 추천',
          link: 'http://blog.example.kr/1',
          publishedAt: '2026-11-27T00:00:00.000Z',
          summary: '강원도의 겨울 바다와 눈 덮인 산을 소개합니다. 따뜻한 옷을 꼭 챙기세요.',
        },
      ],
    },
  },
  // Japanese, Chinese
  {
    path: 'shift-jis/declared.xml',
    encoding: 'cp932',
    text: rss({
      declaration: ' encoding="Shift_JIS"',
      title: 'ニュース速報',
      link: 'http://news.example.jp/',
      items: JAPANESE_ITEMS,
    }),
    expected: {
      about: 'Shift_JIS declared in the XML declaration (read as CP932)',
      feed: { title: 'ニュース速報' },
      itemCount: 2,
      items: rssExpected(JAPANESE_ITEMS, (item) => ({ summary: item.description })),
    },
  },
  {
    path: 'shift-jis/undeclared.xml',
    encoding: 'cp932',
    text: rss({ title: 'ニュース速報', link: 'http://news.example.jp/', items: JAPANESE_ITEMS }),
    expected: {
      about: 'Shift_JIS declared nowhere: detected',
      feed: { title: 'ニュース速報' },
      itemCount: 2,
      items: rssExpected(JAPANESE_ITEMS, (item) => ({ summary: item.description })),
    },
  },
  {
    path: 'gb2312-gbk/gb2312-label-gbk-bytes.xml',
    encoding: 'gbk',
    text: rss({
      declaration: ' encoding="gb2312"',
      title: '新闻中心',
      link: 'http://news.example.cn/',
      items: CHINESE_ITEMS,
    }),
    expected: {
      about: 'Labelled gb2312 but holding GBK-only characters (镕, 堃): the label is widened to GB18030',
      feed: { title: '新闻中心' },
      itemCount: 2,
      items: rssExpected(CHINESE_ITEMS, (item) => ({ summary: item.description })),
    },
  },
  {
    path: 'gb2312-gbk/gbk-header.xml',
    encoding: 'gbk',
    text: rss({ title: '新闻中心', link: 'http://news.example.cn/', items: CHINESE_ITEMS }),
    expected: {
      about: 'GBK from the HTTP header only',
      options: { contentType: 'text/xml; charset=GBK' },
      feed: { title: '新闻中心' },
      itemCount: 2,
      items: rssExpected(CHINESE_ITEMS),
    },
  },
  {
    path: 'gb2312-gbk/undeclared.xml',
    encoding: 'gb18030',
    text: rss({ title: '新闻中心', link: 'http://news.example.cn/', items: CHINESE_ITEMS }),
    expected: {
      about: 'GB18030 declared nowhere: detected',
      feed: { title: '新闻中心' },
      itemCount: 2,
      items: rssExpected(CHINESE_ITEMS),
    },
  },
  {
    path: 'big5/declared.xml',
    encoding: 'big5',
    text: rss({
      declaration: ' encoding="Big5"',
      title: '台灣新聞',
      link: 'http://news.example.tw/',
      items: TRADITIONAL_ITEMS,
    }),
    expected: {
      about: 'Big5 declared in the XML declaration',
      feed: { title: '台灣新聞' },
      itemCount: 1,
      items: rssExpected(TRADITIONAL_ITEMS, (item) => ({ summary: item.description })),
    },
  },
  {
    path: 'big5/undeclared-with-language.xml',
    encoding: 'big5',
    text: rss({
      title: '台灣新聞',
      link: 'http://news.example.tw/',
      language: 'zh-TW',
      items: TRADITIONAL_ITEMS,
    }),
    expected: {
      about: 'Big5 declared nowhere, short text, <language>zh-TW</language>',
      feed: { title: '台灣新聞', language: 'zh-TW' },
      itemCount: 1,
      items: rssExpected(TRADITIONAL_ITEMS),
    },
  },
  // Western European
  {
    path: 'windows-1252/labelled-iso-8859-1.xml',
    encoding: 'windows-1252',
    text: latinFeed(' encoding="ISO-8859-1"'),
    expected: {
      about:
        'windows-1252 smart quotes, dashes and € in a document labelled ISO-8859-1 (read as windows-1252, as browsers do)',
      feed: { title: 'Café Société' },
      itemCount: 1,
      items: latinExpected,
    },
  },
  {
    path: 'windows-1252/header-us-ascii.xml',
    encoding: 'windows-1252',
    text: latinFeed(''),
    expected: {
      about: 'windows-1252 bytes served as charset=us-ascii',
      options: { contentType: 'application/rss+xml; charset=us-ascii' },
      feed: { title: 'Café Société' },
      itemCount: 1,
      items: latinExpected,
    },
  },
  {
    path: 'windows-1252/undeclared.xml',
    encoding: 'windows-1252',
    text: latinFeed(''),
    expected: {
      about: 'windows-1252 declared nowhere (invalid as UTF-8): detected, not garbled',
      feed: { title: 'Café Société' },
      itemCount: 1,
      items: latinExpected,
    },
  },
];

for (const fixture of FIXTURES) {
  const file = join(here, fixture.path);
  mkdirSync(dirname(file), { recursive: true });
  const encoded = iconv.encode(fixture.text, fixture.encoding);
  const bytes = fixture.bom ? Buffer.concat([Buffer.from(BOMS[fixture.encoding]), encoded]) : encoded;
  // A fixture that does not survive the round trip would test the wrong text.
  if (iconv.decode(encoded, fixture.encoding) !== fixture.text)
    throw new Error(`${fixture.path}: not encodable`);
  writeFileSync(file, bytes);
  writeFileSync(file.replace(/\.[^.]+$/, '.expected.json'), `${JSON.stringify(fixture.expected, null, 2)}\n`);
}
console.log(`wrote ${FIXTURES.length} fixtures`);
