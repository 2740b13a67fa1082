import { describe, expect, it } from 'vitest';
import { bodyOf, parseDocument } from './dom';
import { countWords, toPlainText } from './text';

function textOfBody(html: string): string {
  return toPlainText(bodyOf(parseDocument(html)));
}

describe('toPlainText', () => {
  it.each([
    { name: 'paragraphs', html: '<p>One.</p><p>Two.</p>', want: 'One.\n\nTwo.' },
    { name: 'whitespace collapsed', html: '<p>  One\n   and\t&nbsp;a   half. </p>', want: 'One and a half.' },
    { name: 'inline markup joins', html: '<p>A <b>bold</b> <a href="#">link</a>.</p>', want: 'A bold link.' },
    {
      name: '<br> lines',
      html: '<div>First line.<br>Second line.<br><br>Third.</div>',
      want: 'First line.\n\nSecond line.\n\nThird.',
    },
    { name: 'list items', html: '<ul><li>Apples</li><li>Pears</li></ul>', want: 'Apples\n\nPears' },
    {
      name: 'table row on one line',
      html: '<table><tr><td>Seoul</td><td>9.7m</td></tr><tr><td>Busan</td><td>3.3m</td></tr></table>',
      want: 'Seoul 9.7m\n\nBusan 3.3m',
    },
    {
      name: 'headings and quotes',
      html: '<h2>Why</h2><blockquote><p>Because.</p></blockquote>',
      want: 'Why\n\nBecause.',
    },
    {
      name: 'scripts and styles skipped',
      html: '<p>Kept.<script>var x = 1;</script><style>p{}</style></p>',
      want: 'Kept.',
    },
    { name: 'zero-width characters dropped', html: '<p>a\u200bb</p>', want: 'ab' },
  ])('$name', ({ html, want }) => {
    expect(textOfBody(html)).toBe(want);
  });
});

describe('countWords', () => {
  it.each([
    { name: 'English', text: "The council's vote was 9-4.", want: 5 },
    { name: 'Korean eojeol by spaces', text: '서울시가 한강공원에 수상정원을 조성한다.', want: 4 },
    { name: 'Korean with Latin', text: 'AI 기반 관리 시스템', want: 4 },
    { name: 'Japanese, two characters a word', text: '東京都は新しい公園を発表した', want: 7 },
    { name: 'Chinese, rounded up', text: '北京市政府宣布', want: 4 },
    { name: 'Latin inside Japanese', text: '東京でAIを使う', want: 4 },
    { name: 'punctuation alone is no word', text: '— … !', want: 0 },
    { name: 'empty', text: '', want: 0 },
  ])('$name', ({ text, want }) => {
    expect(countWords(text)).toBe(want);
  });
});
