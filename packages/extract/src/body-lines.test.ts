import { describe, expect, it } from 'vitest';
import { cleanBody } from './body-lines';
import { findFirst, innerHtml, parseDocument } from './dom';
import { toPlainText } from './text';

const LEAD = 'The harbour authority said on Tuesday that the new ferry terminal would open in the spring.';

function clean(bodyHtml: string, context = {}): { text: string; captions: string[]; html: string } {
  const doc = parseDocument(`<html><body><div id="root">${bodyHtml}</div></body></html>`);
  const root = findFirst(doc, (el) => el.attribs.id === 'root')!;
  const captions = cleanBody(root, context);
  return { text: toPlainText(root), captions, html: innerHtml(root) };
}

describe('cleanBody: copyright lines', () => {
  it.each([
    '© 2026 Harbour Times. All rights reserved.',
    'Copyright 2026 Harbour Times',
    'Copyright © Harbour Times Ltd',
    '(c) 2026 Harbour Times',
    'This material may not be published. All Rights Reserved.',
    '<저작권자 ⓒ 한빛일보, 무단전재 및 재배포 금지>',
    '<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>',
    'ⓒ 한경닷컴, 무단전재 및 재배포 금지',
    '저작권자 © 한빛일보 무단복제 금지',
    '無断転載・複製を禁じます。',
    '記事・写真の無断転載を禁じます',
    '版权所有 © 2026 新华网',
    '未经授权，不得转载。',
    '未經授權，不得轉載',
  ])('%s', (line) => {
    const escaped = line.replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const layout of [`<p>${LEAD}</p><p>${escaped}</p>`, `${LEAD}<br><br>${escaped}`]) {
      const { text } = clean(layout);
      expect(text).toBe(LEAD);
    }
  });

  it.each([
    'Copyright law was rewritten in 2019 after years of lobbying by publishers.',
    'The court ruled that the reprint was not covered by fair use.',
    '저작권 침해 소송은 다음 달 선고된다.',
  ])('keeps the sentence: %s', (line) => {
    expect(clean(`<p>${LEAD}</p><p>${line}</p>`).text).toBe(`${LEAD}\n\n${line}`);
  });
});

describe('cleanBody: captions left in the body', () => {
  it('moves a credit line after an image to captions', () => {
    const { text, captions } = clean(
      `<p>${LEAD}</p><img src="a.jpg"><br>수상정원 조감도. /사진=서울시 제공<br><br><p>Second paragraph.</p>`,
    );
    expect(captions).toEqual(['수상정원 조감도. /사진=서울시 제공']);
    expect(text).toBe(`${LEAD}\n\nSecond paragraph.`);
  });

  it('moves a ▲-led caption under an image', () => {
    const { captions, text } = clean(
      `<p>${LEAD}</p><p><img src="a.jpg"></p><p>▲ 22일 부산항 신항 터미널 전경.</p><p>본문이 이어진다.</p>`,
    );
    expect(captions).toEqual(['▲ 22일 부산항 신항 터미널 전경.']);
    expect(text).toBe(`${LEAD}\n\n본문이 이어진다.`);
  });

  it.each([
    '(Photo: Reuters)',
    '[사진=연합뉴스]',
    'A crane lifts the first module into place. (AP Photo/Jane Roe)',
    '東京・港区の新ターミナル（写真=共同）',
  ])('moves the credit %s even without an image', (line) => {
    const { captions, text } = clean(`<p>${LEAD}</p><p>${line}</p>`);
    expect(captions).toEqual([line]);
    expect(text).toBe(LEAD);
  });

  it('keeps a sentence that merely mentions a photo agency', () => {
    const line =
      'Getty Images said on Monday it would license the photos to the museum for its exhibition next year.';
    expect(clean(`<p>${LEAD}</p><p>${line}</p>`).captions).toEqual([]);
  });
});

describe('cleanBody: teasers and prompts', () => {
  it('removes a related heading with its link list, and nothing after it', () => {
    const { text, html } = clean(
      `<p>${LEAD}</p><h3>Related stories</h3><ul><li><a href="/a">Ferry fares to rise</a></li><li><a href="/b">New pier opens</a></li></ul><p>The terminal will employ 300 people.</p>`,
    );
    expect(text).toBe(`${LEAD}\n\nThe terminal will employ 300 people.`);
    expect(html).not.toContain('<ul');
  });

  it('removes a [관련기사] block written with <br>', () => {
    const { text } = clean(
      `${LEAD}<br><br><strong>[관련기사]</strong><br><a href="/1">한강 수변 개발, 10년의 역사</a><br><a href="/2">여의도 공원 주차난 해법은</a><br><br>시는 내년 공사에 들어간다.`,
    );
    expect(text).toBe(`${LEAD}\n\n시는 내년 공사에 들어간다.`);
  });

  it.each([
    'Read more: <a href="/x">Ferry fares to rise</a>',
    'RELATED: <a href="/x">New pier opens</a>',
    '▶ <a href="/sub">한빛일보 네이버에서 구독하세요</a>',
    '☞ 제보는 카톡 okjebo',
    'Sign up for our weekly newsletter to get the best stories.',
    'Advertisement',
    'Follow Harbour Times Opinion on Facebook, Twitter and Instagram.',
    'If you enjoyed this article, we have a proposition for you: join our members.',
    'Let our news meet your inbox. The stories that matter, delivered weekday mornings.',
    'The best of the week, delivered straight to your inbox.',
    'Like this story? Share it with a friend!',
    'Post Comment (+)',
    'Leave a comment',
    '(Leggi anche su: <a href="/x">Gli attori della serie</a>)',
    'À lire aussi : <a href="/x">Le port rouvre</a>',
    '[button link=”/submit-review/” type=”big”] Send us YOUR review[/button]',
  ])('removes the line %s', (line) => {
    expect(clean(`<p>${LEAD}</p><p>${line}</p>`).text).toBe(LEAD);
  });

  it.each([
    'Follow the money, the inspectors said on Tuesday.',
    'Spam in your inbox rose by a third last year, the regulator said.',
    'Comments from residents were mostly positive.',
    '[Update] The terminal opened an hour late.',
  ])('keeps the sentence %s', (line) => {
    expect(clean(`<p>${LEAD}</p><p>${line}</p>`).text).toBe(`${LEAD}\n\n${line}`);
  });

  it('keeps arrow-led lines that are text, as in transcripts', () => {
    const line = '▶ 앵커: 새 여객 터미널은 언제 문을 여나요?';
    expect(clean(`<p>${LEAD}</p><p>${line}</p>`).text).toBe(`${LEAD}\n\n${line}`);
  });
});

describe('cleanBody: bylines, datelines and signatures', () => {
  it('removes a byline and dateline repeated at the top', () => {
    const { text } = clean(`<p>By Jane Doe</p><p>Updated: March 2, 2026</p><p>${LEAD}</p>`);
    expect(text).toBe(LEAD);
  });

  it('removes "First Published" and "| Updated :" lines at either end', () => {
    const { text } = clean(
      `<p>New Delhi, Harbour Bureau | Updated : 19 November 2019, 09:01 AM</p><p>${LEAD}</p><p>First Published: Tuesday, November 19, 2019 08:38 AM</p>`,
    );
    expect(text).toBe(LEAD);
  });

  it('removes the title and the metadata byline when repeated at the top', () => {
    const { text } = clean(
      `<h2>Ferry terminal to open in spring</h2><p>Jane Doe, Sam Lee</p><p>${LEAD}</p>`,
      {
        title: 'Ferry terminal to open in spring',
        byline: 'Jane Doe, Sam Lee',
      },
    );
    expect(text).toBe(LEAD);
  });

  it('removes Korean input/update lines and a reporter signature', () => {
    const { text } = clean(
      `입력 2026.03.02 09:30<br><br>${LEAD}<br><br>김민준 기자 minjun@hanbit.example<br>`,
    );
    expect(text).toBe(LEAD);
  });

  it('removes a trailing e-mail and social profile of the reporter', () => {
    const { text } = clean(`<p>${LEAD}</p><p>jane.doe@harbour.example</p><p>twitter.com/janedoe</p>`);
    expect(text).toBe(LEAD);
  });

  it('keeps a Korean lead paragraph that opens with the dateline and reporter', () => {
    const lead = '(서울=한빛일보) 김민준 기자 = 서울시가 한강공원에 수상정원을 조성한다고 2일 밝혔다.';
    expect(clean(`<p>${lead}</p><p>${LEAD}</p>`, { byline: '김민준 기자' }).text).toBe(`${lead}\n\n${LEAD}`);
  });
});
