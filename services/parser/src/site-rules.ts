import { readFileSync } from 'node:fs';
import type { SiteRules } from '@tidings/extract';
import { parse } from 'yaml';
import { z } from 'zod';

const selectors = z.array(z.string().trim().min(1)).optional();
const RulesFile = z.record(
  z.string().regex(/^[a-z0-9.-]+$/i, 'a host name, like example.com'),
  z.object({ keep: selectors, drop: selectors }).strict(),
);

/**
 * Operators' per-site extraction rules, like Miniflux's scraper rules: for a
 * host, CSS selectors whose elements ARE the article (`keep`) and selectors
 * removed first (`drop`). A rule for `example.com` also covers its
 * subdomains (`www.example.com`, `news.example.com`); the most specific host wins.
 *
 * ```yaml
 * example.com:
 *   keep: ["article .story-body"]
 *   drop: [".newsletter-signup", ".related-links"]
 * ```
 */
export class SiteRuleBook {
  private constructor(private readonly rules: Map<string, SiteRules>) {}

  /** No rules at all: every page goes through the general extractor. */
  static empty(): SiteRuleBook {
    return new SiteRuleBook(new Map());
  }

  /** Read and validate a YAML rules file; throws with the file and the bad entry named. */
  static fromFile(path: string): SiteRuleBook {
    const parsed = RulesFile.safeParse(parse(readFileSync(path, 'utf8')) ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    return new SiteRuleBook(
      new Map(Object.entries(parsed.data).map(([host, rule]) => [host.toLowerCase(), rule])),
    );
  }

  get size(): number {
    return this.rules.size;
  }

  /** The rules for a page, by its host or the nearest parent domain that has some. */
  for(url: string): SiteRules | undefined {
    let host = new URL(url).hostname.toLowerCase();
    for (;;) {
      const rule = this.rules.get(host);
      if (rule) return rule;
      const dot = host.indexOf('.');
      if (dot < 0) return undefined;
      host = host.slice(dot + 1);
    }
  }
}
