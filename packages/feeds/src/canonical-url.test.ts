import { describe, expect, it } from 'vitest';
import { canonicalUrl } from './canonical-url';

describe('canonicalUrl', () => {
  it.each([
    [
      'lower-cases scheme and host',
      'HTTPS://News.Example.COM/Path/A',
      undefined,
      'https://news.example.com/Path/A',
    ],
    ['drops the default http port', 'http://example.com:80/a', undefined, 'http://example.com/a'],
    ['drops the default https port', 'https://example.com:443/a', undefined, 'https://example.com/a'],
    ['keeps another port', 'https://example.com:8443/a', undefined, 'https://example.com:8443/a'],
    ['drops the fragment', 'https://example.com/a#comments', undefined, 'https://example.com/a'],
    ['adds the root path', 'https://example.com', undefined, 'https://example.com/'],
    [
      'removes utm_* parameters',
      'https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x',
      undefined,
      'https://example.com/a',
    ],
    [
      'removes click ids and keeps other parameters in order',
      'https://example.com/a?z=1&fbclid=abc&id=42&gclid=x&dclid=y&msclkid=m&b=2',
      undefined,
      'https://example.com/a?z=1&id=42&b=2',
    ],
    [
      'removes mailchimp, instagram, analytics and twitter parameters',
      'https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&yclid=5&ref_src=twsrc&page=2',
      undefined,
      'https://example.com/a?page=2',
    ],
    [
      'keeps parameter encoding as written',
      'https://example.com/s?q=a%20b&r=c+d',
      undefined,
      'https://example.com/s?q=a%20b&r=c+d',
    ],
    ['drops an empty query', 'https://example.com/a?', undefined, 'https://example.com/a'],
    ['drops empty pairs', 'https://example.com/a?&x=1&&', undefined, 'https://example.com/a?x=1'],
    [
      'resolves a relative URL',
      '../b/c?utm_source=x',
      'https://example.com/a/feed.xml',
      'https://example.com/b/c',
    ],
    [
      'resolves a protocol-relative URL',
      '//cdn.example.com/x',
      'https://example.com/',
      'https://cdn.example.com/x',
    ],
    ['trims whitespace', '  https://example.com/a  ', undefined, 'https://example.com/a'],
    [
      'converts an IDN host to punycode',
      'https://bücher.example/x',
      undefined,
      'https://xn--bcher-kva.example/x',
    ],
  ])('%s', (_name, url, base, expected) => {
    expect(canonicalUrl(url, base)).toBe(expected);
  });

  it('is stable: canonicalising twice changes nothing', () => {
    const once = canonicalUrl('HTTP://Example.com:80/a/../b?utm_source=x&k=v#top');
    expect(once).toBe('http://example.com/b?k=v');
    expect(canonicalUrl(once)).toBe(once);
  });

  it.each([
    ['relative without base', '/a/b'],
    ['not a URL', 'not a url'],
    ['mailto', 'mailto:desk@example.com'],
    ['javascript', 'javascript:alert(1)'],
    ['ftp', 'ftp://example.com/file'],
  ])('throws on %s', (_name, url) => {
    expect(() => canonicalUrl(url)).toThrow(TypeError);
  });
});
