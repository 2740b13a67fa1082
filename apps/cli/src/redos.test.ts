import { readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Diagnostics, check as recheck } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Tidings runs regular expressions over untrusted bytes from the open web (feeds, OPML, pages,
// headers). One backtracking regex is enough to stall a worker for hours (a 300-byte feed did),
// so every regex in library and service code is checked here by recheck, a ReDoS checker, and
// one flagged as super-linear (exponential or polynomial) fails CI. The only way past it is to
// rewrite the regex linearly or to bound its input, saying why on the line before:
//
//   // redos-safe: <why its input is short>
//
// recheck's backend: its native binary (an optional dependency installed for this platform),
// else Java, else its pure-JS build in a worker; the verdicts are the same, the native binary is
// several times faster. Nothing is downloaded at run time. RECHECK_BACKEND=pure forces pure JS.
process.env.RECHECK_BACKEND ??= 'auto';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MARKER = /\/\/\s*redos-safe:(.*)$/;
// A reason must say something: "ok" or "safe" is not a reason.
const MIN_REASON = 12;
// packages/testing builds hostile servers and synthetic newsrooms for tests: it never reads
// untrusted input.
const SKIPPED_PACKAGES = new Set(['testing']);

interface Found {
  where: string;
  source: string;
  flags: string;
  /** The text after `redos-safe:` on the line before, if any. */
  reason: string | undefined;
  markerLine: number | undefined;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.test.ts') &&
        !entry.name.endsWith('.d.ts')
      ) {
        files.push(path);
      }
    }
  };
  for (const layer of ['packages', 'services']) {
    for (const entry of readdirSync(`${root}${layer}`, { withFileTypes: true })) {
      if (!entry.isDirectory() || (layer === 'packages' && SKIPPED_PACKAGES.has(entry.name))) continue;
      try {
        walk(`${root}${layer}/${entry.name}/src`);
      } catch {
        // a package without src/ has no code to check
      }
    }
  }
  return files.sort();
}

// What a constructed pattern's pieces stand for when they are not written out as constants in
// the same file (an escaped element name, a joined word list): a plain word, like the values they
// take, so the structure around them is what gets checked.
const PLACEHOLDER = 'word';

/**
 * The text of a pattern or flags argument: string literals, templates and `+` over them, and
 * constants of the same file, resolved; anything else stands as {@link PLACEHOLDER}.
 */
function evaluate(node: ts.Expression, file: ts.SourceFile, depth = 0): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return evaluate(node.expression, file, depth);
  if (ts.isTemplateExpression(node)) {
    return node.templateSpans.reduce(
      (text, span) => text + evaluate(span.expression, file, depth) + span.literal.text,
      node.head.text,
    );
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return evaluate(node.left, file, depth) + evaluate(node.right, file, depth);
  }
  if (ts.isIdentifier(node) && depth < 5) {
    const initializer = constInitializer(file, node.text);
    if (initializer !== undefined) return evaluate(initializer, file, depth + 1);
  }
  return PLACEHOLDER;
}

function constInitializer(file: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const))
      continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}

/** Every regex literal and `new RegExp('literal', 'flags')` in a file, with its marker. */
export function findRegexes(path: string, text: string): { found: Found[]; markers: number[] } {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = text.split('\n');
  const where = relative(root, path);
  const found: Found[] = [];
  // The marker sits on the line before the regex, or before the statement that holds it (a
  // regex wrapped onto its own line under `const X =`).
  const markerBefore = (node: ts.Node): { reason: string; line: number } | undefined => {
    let current: ts.Node | undefined = node;
    while (current !== undefined) {
      const line = file.getLineAndCharacterOfPosition(current.getStart(file)).line;
      const match = MARKER.exec(lines[line - 1] ?? '');
      if (match) return { reason: (match[1] ?? '').trim(), line: line - 1 };
      if (ts.isStatement(current) || ts.isClassElement(current)) return undefined;
      current = current.parent;
    }
    return undefined;
  };
  const add = (node: ts.Node, source: string, flags: string) => {
    const marker = markerBefore(node);
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push({
      where: `${where}:${line}`,
      source,
      flags,
      reason: marker?.reason,
      markerLine: marker?.line,
    });
  };
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(file);
      const end = literal.lastIndexOf('/');
      add(node, literal.slice(1, end), literal.slice(end + 1));
    } else if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'RegExp'
    ) {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern !== undefined)
        add(node, evaluate(pattern, file), flags === undefined ? '' : evaluate(flags, file));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  const markers = lines.flatMap((line, index) => (MARKER.test(line) ? [index] : []));
  return { found, markers };
}

function check(source: string, flags: string, timeout = 10_000): Promise<Diagnostics> {
  // A fixed seed keeps the fuzzing checker's verdict the same on every run; the timeout keeps a
  // hard pattern from holding CI (a timed-out check is reported as 'unknown' and fails below).
  return recheck(source, flags, { randomSeed: 1, timeout });
}

const timedOut = (diagnostics: Diagnostics) =>
  diagnostics.status === 'unknown' && diagnostics.error.kind === 'timeout';

/** Runs `each` over `items`, `width` at a time (the backend checks requests concurrently). */
async function mapConcurrently<T, R>(
  items: readonly T[],
  width: number,
  each: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await each(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

const verdict = (diagnostics: Diagnostics): string =>
  diagnostics.status === 'vulnerable'
    ? diagnostics.complexity.summary
    : diagnostics.status === 'unknown'
      ? `unknown (${diagnostics.error.kind})`
      : 'safe';

describe('ReDoS: every regex over untrusted input is linear', () => {
  const files = sourceFiles();
  const scanned = files.map((path) => ({ path, ...findRegexes(path, readFileSync(path, 'utf8')) }));
  const regexes = scanned.flatMap((file) => file.found);

  it('finds the regexes, literal and constructed (so the scan below cannot pass by finding none)', () => {
    const sample = findRegexes(
      `${root}sample.ts`,
      [
        "const a = /x+y/g; const b = new RegExp('a|b', 'i');",
        'const c = RegExp(`c*`);',
        '// redos-safe: the header is at most 80 bytes long',
        'const d = /(a+)+$/;',
        "const NAME = '[a-z]+';",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
        "const e = new RegExp(`<${NAME}(?:${name.replace(/\\./g, '\\\\.')})>`, 'g');",
      ].join('\n'),
    ).found;
    expect(sample.map(({ source, flags, reason }) => [source, flags, reason])).toEqual([
      ['x+y', 'g', undefined],
      ['a|b', 'i', undefined],
      ['c*', '', undefined],
      ['(a+)+$', '', 'the header is at most 80 bytes long'],
      ['<[a-z]+(?:word)>', 'g', undefined],
      ['\\.', 'g', undefined],
    ]);
    expect(regexes.length).toBeGreaterThan(100);
  });

  it('tells exponential and polynomial patterns from linear ones', async () => {
    expect(await check('^(?:<!--[\\s\\S]*?-->\\s*)*<html', 'i')).toMatchObject({
      complexity: { type: 'exponential' },
    });
    expect(await check('\\s+$', '')).toMatchObject({ complexity: { type: 'polynomial' } });
    expect((await check('^\\s+', '')).status).toBe('safe');
  });

  it('finds none super-linear unless a redos-safe comment says why its input is bounded', {
    timeout: 600_000,
  }, async () => {
    const flagged: string[] = [];
    const staleMarkers: string[] = [];
    const verdicts = await mapConcurrently(regexes, 2, (regex) => check(regex.source, regex.flags));
    // On a loaded machine a check can run out of time without the pattern being hard: those are
    // checked again, one at a time and with longer.
    for (const [index, regex] of regexes.entries()) {
      if (timedOut(verdicts[index] as Diagnostics))
        verdicts[index] = await check(regex.source, regex.flags, 60_000);
    }
    for (const [index, regex] of regexes.entries()) {
      const diagnostics = verdicts[index] as Diagnostics;
      const safe = diagnostics.status === 'safe';
      const label = `${regex.where} /${regex.source}/${regex.flags}: ${verdict(diagnostics)}`;
      if (regex.reason === undefined) {
        if (!safe) flagged.push(label);
      } else if (regex.reason.length < MIN_REASON) {
        flagged.push(`${label} — the redos-safe comment needs a reason (why is the input bounded?)`);
      } else if (safe) {
        // A marker on a linear regex would later excuse an edit that makes it super-linear.
        staleMarkers.push(`${regex.where}: linear now, drop its redos-safe comment`);
      }
    }
    expect(flagged).toEqual([]);
    expect(staleMarkers).toEqual([]);
  });

  it('has no redos-safe comment that excuses no regex', () => {
    const orphans = scanned.flatMap(({ path, found, markers }) => {
      const used = new Set(found.map((regex) => regex.markerLine));
      return markers.filter((line) => !used.has(line)).map((line) => `${relative(root, path)}:${line + 1}`);
    });
    expect(orphans).toEqual([]);
  });
});
