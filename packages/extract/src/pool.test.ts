import { afterAll, describe, expect, it } from 'vitest';
import { ExtractPool, ExtractTimeoutError } from './pool';

const page = (body: string) =>
  new TextEncoder().encode(`<html><head><title>T</title></head><body>${body}</body></html>`);
const prose =
  '<p>The council voted nine to four shortly before midnight to turn the old freight yard into a public park with playgrounds.</p>';

describe('ExtractPool', () => {
  const pool = new ExtractPool({ threads: 1, timeoutMs: 30_000 });
  afterAll(() => pool.close());

  it('extracts in a worker thread', async () => {
    const result = await pool.run({
      body: page(`<article>${prose.repeat(5)}</article>`),
      url: 'https://news.test/a',
    });
    expect(result.ok && result.article.text).toContain('freight yard');
    expect(result.ok && result.charset).toBe('utf-8');
  });

  it('finds the people, places and organisations in the worker', async () => {
    const story =
      '<p>Mayor Ana Ruiz of Denver said on Monday that the Denver Water Board had approved the new reservoir, which the city council had long opposed.</p>';
    const result = await pool.run({
      body: page(`<article>${story.repeat(4)}</article>`),
      url: 'https://news.test/e',
    });
    expect(result.ok && result.entities).toMatchObject({
      people: ['Ana Ruiz'],
      organizations: ['Denver Water Board'],
    });
  });

  it('reports a page without an article as a value, not a crash', async () => {
    expect(
      await pool.run({ body: page('<div><img src="/x.png"></div>'), url: 'https://news.test/b' }),
    ).toMatchObject({ ok: false });
  });

  it("reads a feed item's content in a worker thread, teasers as values", async () => {
    const result = await pool.runFeed({
      html: prose.repeat(5),
      baseUrl: 'https://news.test/f',
      title: 'Park',
    });
    expect(result.ok && result.article.text).toContain('freight yard');
    expect(result.ok && result.signature).toBeTruthy();
    expect(await pool.runFeed({ html: prose, baseUrl: 'https://news.test/g' })).toMatchObject({ ok: false });
  });

  it('reports a paywalled page without text as such', async () => {
    const walled = page('<div class="paywall"><p>Subscribe to read.</p></div>');
    expect(await pool.run({ body: walled, url: 'https://news.test/p' })).toMatchObject({
      ok: false,
      paywalled: true,
    });
  });

  it('applies site rules', async () => {
    const html = page(
      `<div class="story">${prose}</div><div class="other">${prose.replace('freight yard', 'tram depot').repeat(6)}</div>`,
    );
    const result = await pool.run({ body: html, url: 'https://news.test/c', rules: { keep: ['.story'] } });
    expect(result.ok && result.article.text).toContain('freight yard');
    expect(result.ok && result.article.text).not.toContain('tram depot');
  });

  it('cuts off a page that takes too long, and keeps serving others', async () => {
    const slow = new ExtractPool({ threads: 1, timeoutMs: 1 });
    try {
      const huge = page(`<article>${prose.repeat(20_000)}</article>`);
      await expect(slow.run({ body: huge, url: 'https://news.test/huge' })).rejects.toBeInstanceOf(
        ExtractTimeoutError,
      );
    } finally {
      await slow.close();
    }
    const again = await pool.run({
      body: page(`<article>${prose.repeat(5)}</article>`),
      url: 'https://news.test/d',
    });
    expect(again.ok).toBe(true);
  });
});
