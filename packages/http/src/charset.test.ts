import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type DocumentKind, decodeText, normalizeCharset } from './charset';

// 똠 and 햏 exist only in CP949, not in the EUC-KR (KS X 1001) table that TextDecoder uses.
const KOREAN = '똠방각하 햏자가 서울에서 오늘 새로운 정책을 발표했다. 시민들은 큰 관심을 보였다.';
const JAPANESE = '東京で国際会議が開かれ、各国の代表が気候変動について議論しました。';

function xmlDoc(text: string, declaration = ''): string {
  return `<?xml version="1.0"${declaration}?>\n<rss version="2.0"><channel><title>${text}</title></channel></rss>`;
}

function htmlDoc(text: string, head: string): string {
  return `<!doctype html><html><head>${head}<title>t</title></head><body><p>${text}</p></body></html>`;
}

interface Case {
  name: string;
  bytes: Buffer;
  kind: DocumentKind;
  contentType?: string;
  charset: string;
  contains: string;
}

const cases: Case[] = [
  {
    name: 'EUC-KR from the HTTP header, read as CP949',
    bytes: iconv.encode(xmlDoc(KOREAN), 'cp949'),
    kind: 'xml',
    contentType: 'application/rss+xml; charset=EUC-KR',
    charset: 'cp949',
    contains: KOREAN,
  },
  {
    name: 'EUC-KR only in the XML declaration',
    bytes: iconv.encode(xmlDoc(KOREAN, ' encoding="euc-kr"'), 'cp949'),
    kind: 'xml',
    contentType: 'text/xml',
    charset: 'cp949',
    contains: KOREAN,
  },
  {
    name: 'EUC-KR declared nowhere (detector)',
    bytes: iconv.encode(xmlDoc(KOREAN.repeat(3)), 'cp949'),
    kind: 'xml',
    charset: 'cp949',
    contains: KOREAN,
  },
  {
    name: 'header claims UTF-8 but bytes are EUC-KR as the declaration says',
    bytes: iconv.encode(xmlDoc(KOREAN, " encoding='ks_c_5601-1987'"), 'cp949'),
    kind: 'xml',
    contentType: 'application/xml; charset=utf-8',
    charset: 'cp949',
    contains: KOREAN,
  },
  {
    name: 'Shift_JIS from the header, read as CP932',
    bytes: iconv.encode(xmlDoc(JAPANESE), 'shift_jis'),
    kind: 'xml',
    contentType: 'text/xml; charset="Shift_JIS"',
    charset: 'cp932',
    contains: JAPANESE,
  },
  {
    name: 'Shift_JIS from <meta charset>',
    bytes: iconv.encode(htmlDoc(JAPANESE, '<meta charset="shift_jis">'), 'shift_jis'),
    kind: 'html',
    contentType: 'text/html',
    charset: 'cp932',
    contains: JAPANESE,
  },
  {
    name: 'EUC-KR from <meta http-equiv>',
    bytes: iconv.encode(
      htmlDoc(KOREAN, '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'),
      'cp949',
    ),
    kind: 'html',
    charset: 'cp949',
    contains: KOREAN,
  },
  {
    name: 'GB2312 meta read as GB18030',
    bytes: iconv.encode(htmlDoc('北京今天发布了新的经济政策。', "<meta charset='gb2312' />"), 'gb18030'),
    kind: 'html',
    charset: 'gb18030',
    contains: '北京今天发布了新的经济政策。',
  },
  {
    name: 'UTF-16LE with BOM',
    bytes: Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode(xmlDoc(KOREAN, ' encoding="utf-16"'), 'utf-16le'),
    ]),
    kind: 'xml',
    charset: 'utf-16le',
    contains: KOREAN,
  },
  {
    name: 'UTF-16BE with BOM beats a wrong header',
    bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xmlDoc(JAPANESE), 'utf-16be')]),
    kind: 'xml',
    contentType: 'text/xml; charset=iso-8859-1',
    charset: 'utf-16be',
    contains: JAPANESE,
  },
  {
    name: 'UTF-16LE without BOM',
    bytes: iconv.encode(xmlDoc(KOREAN, ' encoding="UTF-16"'), 'utf-16le'),
    kind: 'xml',
    charset: 'utf-16le',
    contains: KOREAN,
  },
  {
    name: 'UTF-16BE without BOM',
    bytes: iconv.encode(xmlDoc('Grüße'), 'utf-16be'),
    kind: 'xml',
    charset: 'utf-16be',
    contains: 'Grüße',
  },
  {
    name: 'UTF-32BE without BOM',
    bytes: iconv.encode(xmlDoc(KOREAN, ' encoding="UTF-32"'), 'utf-32be'),
    kind: 'xml',
    charset: 'utf-32be',
    contains: KOREAN,
  },
  {
    name: 'UTF-32LE with BOM',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(xmlDoc(JAPANESE), 'utf-32le')]),
    kind: 'xml',
    charset: 'utf-32le',
    contains: JAPANESE,
  },
  {
    name: 'UTF-8 BOM beats a wrong header',
    bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xmlDoc(KOREAN))]),
    kind: 'xml',
    contentType: 'text/xml; charset=euc-kr',
    charset: 'utf-8',
    contains: KOREAN,
  },
  {
    name: 'ISO-8859-1 label read as windows-1252 (smart quotes survive)',
    bytes: iconv.encode(xmlDoc('\u201cCaf\u00e9\u201d \u2014 ok'), 'windows-1252'),
    kind: 'xml',
    contentType: 'text/xml; charset=ISO-8859-1',
    charset: 'windows-1252',
    contains: '\u201cCaf\u00e9\u201d \u2014 ok',
  },
  {
    name: 'plain UTF-8 without any declaration',
    bytes: Buffer.from(htmlDoc(KOREAN, '')),
    kind: 'html',
    charset: 'utf-8',
    contains: KOREAN,
  },
  {
    name: 'an unknown header label falls through to the declaration',
    bytes: iconv.encode(xmlDoc(KOREAN, ' encoding="euc-kr"'), 'cp949'),
    kind: 'xml',
    contentType: 'text/xml; charset=x-made-up',
    charset: 'cp949',
    contains: KOREAN,
  },
  {
    name: 'an XML declaration claiming UTF-16 on 8-bit bytes is ignored',
    bytes: Buffer.from(xmlDoc(KOREAN, ' encoding="utf-16"')),
    kind: 'xml',
    charset: 'utf-8',
    contains: KOREAN,
  },
];

describe('decodeText', () => {
  it.each(cases)('$name', ({ bytes, kind, contentType, charset, contains }) => {
    const decoded = decodeText(
      new Uint8Array(bytes),
      contentType === undefined ? { kind } : { kind, contentType },
    );
    expect(decoded.charset).toBe(charset);
    expect(decoded.text).toContain(contains);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('keeps CP949-only syllables that TextDecoder loses', () => {
    const bytes = iconv.encode('똠햏', 'cp949');
    expect(new TextDecoder('euc-kr').decode(bytes)).not.toBe('똠햏');
    expect(decodeText(bytes, { kind: 'html', contentType: 'text/html; charset=euc-kr' }).text).toBe('똠햏');
  });

  it('decodes a view into a larger buffer without reading outside it', () => {
    const whole = Buffer.from(`xxxx${xmlDoc('abc')}yyyy`);
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 4, whole.length - 8);
    expect(decodeText(view, { kind: 'xml' }).text).toBe(xmlDoc('abc'));
  });
});

describe('normalizeCharset', () => {
  it.each([
    ['EUC-KR', 'cp949'],
    ['ks_c_5601-1987', 'cp949'],
    ['korean', 'cp949'],
    ['iso-8859-1', 'windows-1252'],
    ['Latin1', 'windows-1252'],
    ['US-ASCII', 'windows-1252'],
    ['gb2312', 'gb18030'],
    ['GBK', 'gb18030'],
    ['Shift_JIS', 'cp932'],
    ['sjis', 'cp932'],
    ['"utf-8"', 'utf-8'],
    ['UTF8', 'utf-8'],
    ['windows-1251', 'windows-1251'],
    ['x-made-up', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (label, expected) => {
    expect(normalizeCharset(label)).toBe(expected);
  });
});
