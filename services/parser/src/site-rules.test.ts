import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteRuleBook } from './site-rules';

const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'rules-')), 'rules.yaml');
  writeFileSync(file, text);
  return file;
};

describe('SiteRuleBook', () => {
  const book = SiteRuleBook.fromFile(
    write('example.com:\n  keep: [".story"]\nnews.example.com:\n  drop: [".ad"]\n'),
  );

  it.each([
    ['https://example.com/a', { keep: ['.story'] }],
    ['https://www.example.com/a', { keep: ['.story'] }],
    ['https://news.example.com/a', { drop: ['.ad'] }],
    ['https://other.test/a', undefined],
    ['https://notexample.com/a', undefined],
  ])('%s', (url, expected) => {
    expect(book.for(url)).toEqual(expected);
  });

  it('names the bad entry of a bad file', () => {
    expect(() => SiteRuleBook.fromFile(write('example.com:\n  keep: ".story"\n'))).toThrow(
      /rules\.yaml: example\.com\.keep/,
    );
    expect(() => SiteRuleBook.fromFile(write('example.com:\n  remove: [".x"]\n'))).toThrow(/example\.com/);
  });

  it('accepts an empty file', () => {
    expect(SiteRuleBook.fromFile(write('')).size).toBe(0);
  });
});
