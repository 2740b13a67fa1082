import iconv from 'iconv-lite';

export type Charset = 'utf-8' | 'euc-kr';

/**
 * Encodes a page or feed in its site's charset; iconv-lite's euc-kr is CP949,
 * as Korean servers mean it. Its encoder works a character at a time in
 * JavaScript, so only the runs of text holding non-ASCII characters go
 * through it (each up to the next tag); the ASCII markup between them is
 * copied as it is. (iconv-lite writes `?` for characters CP949 lacks; a test
 * round-trips every Korean string of the books, so none of ours is one.)
 */
export function encode(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const pieces: Buffer[] = [];
  let from = 0;
  for (const run of text.matchAll(/[^\x00-\x7f][^<]*/g)) {
    pieces.push(Buffer.from(text.slice(from, run.index), 'latin1'), iconv.encode(run[0], 'euc-kr'));
    from = run.index + run[0].length;
  }
  pieces.push(Buffer.from(text.slice(from), 'latin1'));
  return Buffer.concat(pieces);
}
