import { describe, expect, it } from 'vitest';
import { takeCaptions } from './captions';
import { bodyOf, descendants, parseDocument, textOf } from './dom';

const PARA =
  '<p>The new terminal will handle twelve ferries a day when it opens next spring, officials said.</p>';

function take(body: string): { captions: string[]; text: string; images: number } {
  const doc = parseDocument(`<!doctype html><html><head></head><body>${body}</body></html>`);
  const captions = takeCaptions(bodyOf(doc));
  return {
    captions,
    text: textOf(bodyOf(doc)),
    images: descendants(doc).filter((el) => el.name === 'img').length,
  };
}

describe('takeCaptions', () => {
  it.each([
    {
      name: 'figcaption',
      html: '<figure><img src="a.jpg"><figcaption>The terminal at dawn. (Photo: Port Authority)</figcaption></figure>',
      want: ['The terminal at dawn. (Photo: Port Authority)'],
    },
    {
      name: 'caption class without figure',
      html: '<div class="img-wrap"><img src="a.jpg"></div><p class="wp-caption-text">The terminal at dawn.</p>',
      want: ['The terminal at dawn.'],
    },
    {
      name: 'Korean photo box with description class',
      html: '<div class="photo_area"><img src="a.jpg"><p class="photo_desc">여의도 한강공원 전경. 사진=연합뉴스</p></div>',
      want: ['여의도 한강공원 전경. 사진=연합뉴스'],
    },
    {
      name: 'photo table with a credit cell',
      html: '<table><tr><td><img src="a.jpg"></td></tr><tr><td>부산항 신항 전경 /사진=부산항만공사 제공</td></tr></table>',
      want: ['부산항 신항 전경 /사진=부산항만공사 제공'],
    },
    {
      name: 'credit and caption together in a figure',
      html: '<figure><img src="a.jpg"><figcaption>Crowds on the quay.</figcaption><small class="credit">Getty Images</small></figure>',
      want: ['Crowds on the quay. Getty Images'],
    },
  ])('$name', ({ html, want }) => {
    const result = take(`${PARA}${html}${PARA}`);
    expect(result.captions).toEqual(want);
    for (const caption of want) expect(result.text).not.toContain(caption);
    expect(result.text).toContain('twelve ferries a day');
    expect(result.images).toBe(1);
  });

  it('leaves a credit-like sentence far from any image', () => {
    const html = `${PARA}<p>사진=연합뉴스 측은 해당 사진의 사용을 허락했다.</p>`;
    expect(take(html).captions).toEqual([]);
  });

  it('does not treat a big figure used as a layout box as a caption', () => {
    const long = `<figure><img src="a.jpg">${PARA.repeat(8)}</figure>`;
    const result = take(long);
    expect(result.captions).toEqual([]);
    expect(result.text).toContain('twelve ferries a day');
  });
});
