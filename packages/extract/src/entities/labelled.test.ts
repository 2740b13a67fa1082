import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractEntities } from './index';
import type { EntityKind } from './types';

/**
 * The hand-labelled set in testdata/entities: files whose number is odd are
 * the development half (rules were tuned looking at them), even ones the
 * held-out half. Scores are micro precision and recall per kind, exact
 * spelling (case-insensitive) against the labelled one spelling.
 */
interface Labelled {
  language: string;
  title?: string;
  text: string;
  people: string[];
  places: string[];
  organizations: string[];
}

const DIR = join(import.meta.dirname, '../../testdata/entities');
const KINDS: EntityKind[] = ['people', 'places', 'organizations'];
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const half = (f: string) => (Number(/(\d+)\.json$/.exec(f)?.[1]) % 2 === 1 ? 'dev' : 'held-out');

/** Floors over the whole set: a little under what the rules reach today, so a regression fails. */
const FLOOR: Record<EntityKind, { precision: number; recall: number }> = {
  people: { precision: 0.93, recall: 0.87 },
  places: { precision: 0.95, recall: 0.88 },
  organizations: { precision: 0.87, recall: 0.69 },
};

type Counts = Record<EntityKind, { tp: number; fp: number; fn: number }>;

function score(selected: string[], verbose = false): Counts {
  const counts = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Counts;
  for (const file of selected) {
    const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Labelled;
    const got = extractEntities(doc.text, { language: doc.language, title: doc.title });
    for (const kind of KINDS) {
      const want = new Set(doc[kind].map((s) => s.toLowerCase()));
      const have = new Set(got[kind].map((s) => s.toLowerCase()));
      const fp = [...have].filter((s) => !want.has(s));
      const fn = [...want].filter((s) => !have.has(s));
      counts[kind].tp += have.size - fp.length;
      counts[kind].fp += fp.length;
      counts[kind].fn += fn.length;
      if (verbose && (fp.length || fn.length)) console.log(file, kind, 'extra:', fp, 'missed:', fn);
    }
  }
  return counts;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('labelled entity set', () => {
  it('has at least 50 articles, 15 of them Korean', () => {
    const languages = files.map((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Labelled).language);
    expect(files.length).toBeGreaterThanOrEqual(50);
    expect(languages.filter((l) => l === 'ko').length).toBeGreaterThanOrEqual(15);
  });

  for (const part of ['dev', 'held-out', 'all'] as const) {
    for (const language of ['en', 'ko', 'all']) {
      it(`scores ${part} / ${language} above the floor`, () => {
        const selected = files.filter(
          (f) => (part === 'all' || half(f) === part) && (language === 'all' || f.startsWith(`${language}-`)),
        );
        const counts = score(selected, process.env.ENTITY_ERRORS === part);
        const rows = KINDS.map((k) => {
          const { tp, fp, fn } = counts[k];
          return { kind: k, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), tp, fp, fn };
        });
        console.log(
          `entities ${part} ${language} (${selected.length} articles)\n${rows.map((r) => `  ${r.kind.padEnd(14)} P ${r.precision.toFixed(3)}  R ${r.recall.toFixed(3)}  (tp ${r.tp} fp ${r.fp} fn ${r.fn})`).join('\n')}`,
        );
        if (part === 'all' && language === 'all') {
          for (const r of rows) {
            expect(r.precision, `${r.kind} precision`).toBeGreaterThanOrEqual(FLOOR[r.kind].precision);
            expect(r.recall, `${r.kind} recall`).toBeGreaterThanOrEqual(FLOOR[r.kind].recall);
          }
        }
      });
    }
  }
});
