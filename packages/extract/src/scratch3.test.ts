import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { it } from 'vitest';
import { extractArticle } from './index';
const dir = '/work/shared/benchmarks/article-extraction/';
it('diff', () => {
  const truth = JSON.parse(readFileSync(dir + 'ground-truth.json', 'utf8'));
  for (const pre of (process.env.IDS ?? '').split(',')) {
    const id = Object.keys(truth).find((k) => k.startsWith(pre))!;
    const html = gunzipSync(readFileSync(dir + 'html/' + id + '.html.gz')).toString('utf8');
    const a = extractArticle(html, { url: truth[id].url });
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    const out = norm(a.text);
    const missing = truth[id].articleBody.split(/\n+/).map(norm).filter((p: string) => p.length > 0 && !out.includes(p.slice(0, 60)));
    console.log('==', id.slice(0, 8), 'MISSING:', missing.map((m: string) => m.slice(0, 120)));
    const tb = norm(truth[id].articleBody);
    const extra = a.text.split('\n\n').filter((p) => !tb.includes(norm(p).slice(0, 60)));
    console.log('EXTRA:', extra.map((m) => m.slice(0, 120)), 'CAPTIONS:', a.captions.map((c) => c.slice(0, 80)));
  }
});
