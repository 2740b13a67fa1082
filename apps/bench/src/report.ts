import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where every benchmark writes its report: `bench-report/` at the repository root. */
export const REPORT_DIR = fileURLToPath(new URL('../../../bench-report/', import.meta.url));

/** Write `<name>.json` and `<name>.md` (a two-column table) and print the table. */
export function writeReport(
  name: string,
  title: string,
  rows: Array<[string, string | number]>,
  data: unknown,
): void {
  mkdirSync(REPORT_DIR, { recursive: true });
  const table = [
    `## ${title}`,
    '',
    '| measure | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
  writeFileSync(`${REPORT_DIR}${name}.json`, `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(`${REPORT_DIR}${name}.md`, table);
  console.log(`\n${table}\nreport: ${REPORT_DIR}${name}.{json,md}`);
}

/** Sum of the samples of one Prometheus metric family in a text exposition, optionally filtered by a label matcher. */
export function metricSum(text: string, name: string, labelFilter?: RegExp): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    if (labelFilter && !labelFilter.test(line)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Redis INFO fields as numbers. */
export function parseInfo(info: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of info.split('\r\n')) {
    const [key, value] = line.split(':');
    if (key && value !== undefined && !Number.isNaN(Number(value))) out[key] = Number(value);
  }
  return out;
}
