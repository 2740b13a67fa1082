import { describe, expect, it } from 'vitest';
import { bodyOf, parseDocument, textOf } from './dom';
import { pruneBody } from './prune';

function pruned(html: string): string {
  const body = bodyOf(parseDocument(`<html><body>${html}</body></html>`));
  pruneBody(body);
  return textOf(body);
}

describe('pruneBody: inline link cards', () => {
  it.each([
    {
      name: 'a hover card after a name goes, the name stays',
      html: '<p>He threatened Rep. <span class="who"><a href="/p/1">Ilhan Omar</a><span class="card"><span><a href="/p/1">Ilhan Omar</a><a href="/a/1">Progressives oppose funding bill</a> <a href="/a/2">Omar asks court for compassion</a> <a href="/p/1">MORE</a></span></span></span> (D-Minn.), officials said.</p>',
      kept: 'He threatened Rep. Ilhan Omar (D-Minn.), officials said.',
    },
    {
      name: 'a sentence with several links stays',
      html: '<p><span>Read <a href="/a">the letter</a>, <a href="/b">the minutes</a> and <a href="/c">the budget</a> before the vote.</span></p>',
      kept: 'Read the letter, the minutes and the budget before the vote.',
    },
    {
      name: 'two links alone are no card',
      html: '<p>See <b><a href="/a">part one</a> <a href="/b">part two</a></b>.</p>',
      kept: 'See part one part two.',
    },
  ])('$name', ({ html, kept }) => {
    expect(pruned(html)).toBe(kept);
  });
});

describe('pruneBody: teaser cards', () => {
  const story =
    '<p>The harbour authority said on Tuesday that the new ferry terminal, delayed twice, would open in the spring.</p>';
  it('removes a card of linked headline, excerpt and byline, keeping an in-body heading', () => {
    const card =
      '<div class="row"><a href="/next"><img src="/t.jpg"></a><div><a href="/next"><h5>2020 hatch is a monster</h5></a><p>The most powerful hatch yet has a huge rear wing</p><label>Marcus Doe</label></div></div>';
    const text = pruned(`${story}<h3>What comes next</h3>${story}${card}`);
    expect(text).toContain('What comes next');
    expect(text).not.toMatch(/monster|rear wing|Marcus/);
  });
});
