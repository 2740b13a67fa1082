import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { it } from 'vitest';
import { extractArticle } from './index';
const dir = '/work/shared/benchmarks/article-extraction/';
it('smoke', () => {
  const truth = JSON.parse(readFileSync(dir + 'ground-truth.json', 'utf8'));
  const rows: string[] = [];
  for (const f of readdirSync(dir + 'html')) {
    const id = f.replace('.html.gz', '');
    const html = gunzipSync(readFileSync(dir + 'html/' + f)).toString('utf8');
    try {
      const a = extractArticle(html, { url: truth[id].url });
      const t = truth[id].articleBody.length;
      rows.push(`${(a.text.length / t).toFixed(2)}\t${a.language}\t${a.captions.length}\t${id.slice(0,8)}\t${truth[id].url.slice(0,60)}\t${a.title.slice(0,50)}`);
    } catch (e) { rows.push(`ERR ${id} ${e}`); }
  }
  console.log(rows.sort().join('\n'));
});
