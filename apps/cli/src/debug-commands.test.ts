import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

const cli = new URL('../dist/tidings.js', import.meta.url).pathname;
const run = (args: string[], input?: string | Buffer) =>
  execFileSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });

describe('tidings extract / parse-feed', () => {
  it('extracts an EUC-KR page to JSON', () => {
    const body =
      '<p>서울시는 한강 수상정원 조성 계획을 발표했다. 똠방각하 같은 말은 쓰지 않았다고 관계자는 설명했다.</p>'.repeat(
        6,
      );
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"><title>한강 수상정원 - 한경일보</title></head><body><article><h1>한강 수상정원</h1>${body}</article></body></html>`;
    const file = join(mkdtempSync(join(tmpdir(), 'tidings-cli-')), 'page.html');
    writeFileSync(file, iconv.encode(html, 'cp949'));
    const article = JSON.parse(run(['extract', file, '--url', 'https://news.test/a/1']));
    expect(article).toMatchObject({ charset: 'cp949', language: 'ko' });
    expect(article.text).toContain('똠방각하');
    expect(article.entities.places).toContain('서울');
    expect(Buffer.from(article.signature, 'base64')).toHaveLength(512); // 128 MinHash values
  });

  it('says why a page has no article, and exits non-zero', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tidings-cli-')), 'empty.html');
    writeFileSync(file, '<html><body><nav>Home</nav></body></html>');
    expect(() =>
      execFileSync(process.execPath, [cli, 'extract', file, '--url', 'https://x.test/'], { stdio: 'pipe' }),
    ).toThrow(/tidings extract: /);
  });

  it('parses a feed from standard input', () => {
    const rss =
      '<rss version="2.0"><channel><title>T</title><item><title>One</title><link>/a/1?utm_source=x</link></item></channel></rss>';
    const feed = JSON.parse(run(['parse-feed', '-', '--url', 'https://news.test/rss'], rss));
    expect(feed.items).toEqual([
      expect.objectContaining({ title: 'One', link: 'https://news.test/a/1?utm_source=x' }),
    ]);
  });

  it('fails with a clear message on a missing file', () => {
    expect(() =>
      execFileSync(process.execPath, [cli, 'extract', '/nonexistent.html', '--url', 'https://x.test/'], {
        stdio: 'pipe',
      }),
    ).toThrow(/ENOENT|no such file/);
  });
});
