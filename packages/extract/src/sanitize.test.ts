import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml } from './sanitize';

const PAGE = 'https://news.example/section/story.html';

describe('sanitizeArticleHtml', () => {
  it.each([
    { name: 'script removed with its text', html: '<p>a</p><script>alert(1)</script>', want: '<p>a</p>' },
    { name: 'style removed with its text', html: '<style>p{color:red}</style><p>a</p>', want: '<p>a</p>' },
    {
      name: 'event handlers dropped',
      html: '<p onclick="x()">a<img src="/i.jpg" onerror="x()"></p>',
      want: '<p>a<img src="https://news.example/i.jpg" /></p>',
    },
    { name: 'javascript: link unwrapped', html: '<a href="javascript:alert(1)">t</a>', want: 't' },
    { name: 'mixed-case javascript: link unwrapped', html: '<a href="JaVaScRiPt:alert(1)">t</a>', want: 't' },
    {
      name: 'tab-obfuscated javascript: link unwrapped',
      html: '<a href="java&#x09;script:alert(1)">t</a>',
      want: 't',
    },
    { name: 'data: image dropped', html: '<img src="data:image/png;base64,AAAA">', want: '' },
    {
      name: 'relative link made absolute',
      html: '<a href="../other.html">t</a>',
      want: '<a href="https://news.example/other.html">t</a>',
    },
    {
      name: 'protocol-relative image made absolute',
      html: '<img src="//cdn.example/x.jpg" alt="x">',
      want: '<img src="https://cdn.example/x.jpg" alt="x" />',
    },
    {
      name: 'mailto kept',
      html: '<a href="mailto:desk@news.example">mail</a>',
      want: '<a href="mailto:desk@news.example">mail</a>',
    },
    {
      name: 'attributes outside the allow-list dropped',
      html: '<p class="x" style="color:red" id="y">a</p>',
      want: '<p>a</p>',
    },
    { name: 'unknown tags unwrapped', html: '<div><section><span>a</span></section></div>', want: 'a' },
    { name: 'h1 becomes h2', html: '<h1>Head</h1>', want: '<h2>Head</h2>' },
    {
      name: 'iframe and svg removed',
      html: '<iframe src="https://x.example"></iframe><svg onload="x()"><circle /></svg><p>a</p>',
      want: '<p>a</p>',
    },
    {
      name: 'structure kept',
      html: '<figure><img src="/a.jpg" alt=""></figure><blockquote><p><em>q</em></p></blockquote><pre><code>x</code></pre>',
      want: '<figure><img src="https://news.example/a.jpg" alt="" /></figure><blockquote><p><em>q</em></p></blockquote><pre><code>x</code></pre>',
    },
    {
      name: 'table spans kept',
      html: '<table><tr><td colspan="2" bgcolor="red">a</td></tr></table>',
      want: '<table><tr><td colspan="2">a</td></tr></table>',
    },
  ])('$name', ({ html, want }) => {
    expect(sanitizeArticleHtml(html, PAGE)).toBe(want);
  });
});
