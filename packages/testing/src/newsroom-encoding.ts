import iconv from 'iconv-lite';

/**
 * Encodes a page or feed in its site's charset. EUC-KR output is decoded back
 * and compared, because iconv-lite silently writes `?` for characters the
 * charset lacks, and a test newsroom that garbles its own text would make
 * every downstream assertion meaningless.
 */
export function encodeAs(text: string, charset: 'utf-8' | 'euc-kr'): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes = iconv.encode(text, 'euc-kr');
  const decoded = iconv.decode(bytes, 'euc-kr');
  if (decoded !== text) {
    const at = [...text].findIndex((char, index) => char !== [...decoded][index]);
    throw new Error(
      `text cannot be encoded as ${charset} near ${JSON.stringify([...text].slice(at, at + 10).join(''))}`,
    );
  }
  return bytes;
}
