import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { extractArticle } from './index';
it('scratch', () => {
  for (const [f, url] of [['english-news.html','https://riverside.example/news/park'],['korean-news.html','https://hanbit.example/news/articleView.html?idxno=1'],['og-only.html','https://towncrier.example/a/b'],['xss.html','https://harbour.example/news/festival']]) {
    const a = extractArticle(readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8'), { url: url! });
    console.log(f, JSON.stringify(a, null, 1));
  }
});
