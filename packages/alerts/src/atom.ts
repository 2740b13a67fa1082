import type { Alert } from '@tidings/contracts';
import { XMLBuilder } from 'fast-xml-parser';
import type { StoredSavedSearch } from './saved-search';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  // Escapes &, <, >, ' and " in text and attributes: what XML needs of any string.
  processEntities: true,
});

/**
 * What XML 1.0 cannot carry at all, escaped or not: C0 controls but tab, LF
 * and CR, lone surrogates, U+FFFE and U+FFFF. Indexed text has none of the
 * controls (extraction strips them), but a title or a saved search's name may
 * come from anywhere. One character class, linear on any input.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const text = (value: string) => value.replace(NOT_XML, '');

/**
 * A saved search's alerts as an Atom 1.0 feed (RFC 4287), newest first: one
 * entry per alert, its id the alert's (stable, so readers never show one
 * twice), linking to the article, with the article's source as author and
 * the snippet as HTML summary. `selfUrl` is where the feed was read from.
 */
export function atomFeed(search: StoredSavedSearch, alerts: Alert[], selfUrl: string): string {
  const updated = alerts[0]?.matchedAt ?? search.updatedAt;
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      id: `urn:tidings:saved-search:${search.id}`,
      title: text(`Tidings: ${search.name}`),
      ...(search.q ? { subtitle: text(`Articles matching “${search.q}”`) } : {}),
      updated,
      link: { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': text(selfUrl) },
      author: { name: 'Tidings' },
      generator: 'Tidings',
      entry: alerts.map((alert) => ({
        id: `urn:tidings:alert:${alert.id}`,
        title: text(alert.article.title || '(untitled)'),
        ...(alert.article.url ? { link: { '@_rel': 'alternate', '@_href': text(alert.article.url) } } : {}),
        published: alert.article.publishedAt,
        updated: alert.matchedAt,
        author: { name: text(alert.article.source) },
        summary: { '@_type': 'html', '#text': text(alert.article.snippet) },
      })),
    },
  });
}
