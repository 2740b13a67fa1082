import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from './charset';
import { detectCharset } from './charset-detect';

// A realistic undeclared Korean feed: enough Hangul for chardet's statistics.
const KOREAN_FEED = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>한국 뉴스</title><link>http://news.example.kr/</link>
<item><title>서울시, 내년 예산 40조원 편성… 복지 분야 크게 늘려</title>
<description>서울시가 내년도 예산안을 발표했다. 시민들의 삶의 질을 높이기 위한 복지 예산이 크게 늘었다.</description></item>
<item><title>첫눈 내린 출근길, 지하철 이용객 평소보다 늘어</title>
<description>기상청은 오늘 밤까지 눈이 이어질 것이라고 예보했다. 똠방각하 햏자 빙판길 안전에 유의해야 한다.</description></item>
</channel></rss>`;

function shortXml(text: string, languageMarkup: string): string {
  return `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title>${languageMarkup}<link>http://news.example.com/</link><item><title>${text}</title></item></channel></rss>`;
}

describe('detectCharset', () => {
  it('detects an EUC-KR feed with no declaration at all (no header, no encoding, no language)', () => {
    const bytes = iconv.encode(KOREAN_FEED, 'cp949');
    expect(detectCharset(bytes, 'xml')).toBe('EUC-KR');
    // Through decodeText the label is widened to CP949, so 똠 and 햏 survive.
    const decoded = decodeText(bytes, { kind: 'xml' });
    expect(decoded.charset).toBe('cp949');
    expect(decoded.text).toBe(KOREAN_FEED);
  });

  it.each([
    [
      '<language>ko</language>, one short title',
      '국회 본회의 통과',
      'cp949',
      'xml',
      '<language>ko</language>',
    ],
    ['<dc:language>ko-KR</dc:language>', '서울 첫눈', 'cp949', 'xml', '<dc:language>ko-KR</dc:language>'],
    ['<language>ja</language>, Shift_JIS', '東京で会議', 'cp932', 'xml', '<language>ja</language>'],
    ['<language>ja</language>, EUC-JP', '東京で会議', 'euc-jp', 'xml', '<language>ja</language>'],
    ['<language>zh-CN</language>', '北京发布新政策', 'gb18030', 'xml', '<language>zh-CN</language>'],
    ['<language>zh-TW</language>', '台北市政府宣布', 'big5', 'xml', '<language>zh-TW</language>'],
  ] as const)(
    'uses the declared language when the text is too short: %s',
    (_name, text, charset, kind, markup) => {
      const bytes = iconv.encode(shortXml(text, markup), charset);
      expect(detectCharset(bytes, kind)).toBe(charset);
      expect(decodeText(bytes, { kind }).text).toContain(text);
    },
  );

  it('uses xml:lang of an Atom feed', () => {
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko"><title>일본 도쿄</title></feed>`;
    expect(decodeText(iconv.encode(xml, 'cp949'), { kind: 'xml' }).text).toBe(xml);
  });

  it('uses <html lang> of a page', () => {
    const html =
      '<!doctype html><html lang="ko"><head><title>속보</title></head><body>국회 통과</body></html>';
    expect(decodeText(iconv.encode(html, 'cp949'), { kind: 'html' }).text).toBe(html);
  });

  it('ignores a declared language whose charset cannot decode the bytes', () => {
    const xml = shortXml('Caf\u00e9 <b>cr\u00e8me</b>', '<language>ko</language>');
    const bytes = iconv.encode(xml, 'windows-1252');
    expect(detectCharset(bytes, 'xml')).not.toBe('cp949');
    expect(decodeText(bytes, { kind: 'xml' }).text).toBe(xml);
  });

  it('trusts a confident detection over a wrong language declaration', () => {
    const japanese = '日本銀行は金融政策決定会合で、大規模な金融緩和策の維持を決めた。市場では円安が進んだ。';
    const bytes = iconv.encode(shortXml(japanese, '<language>ko</language>'), 'shift_jis');
    expect(detectCharset(bytes, 'xml')).toBe('Shift_JIS');
  });
});
