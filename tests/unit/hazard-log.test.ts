/**
 * The hazard log (docs/clinical-safety/hazard-log.md) against the tests it names: every hazard
 * has a test, and every test it names exists, under the very describe and it titles the log
 * gives (read from the test files' syntax, so nesting counts). The format is the log's intro.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const log = readFileSync(join(root, 'docs', 'clinical-safety', 'hazard-log.md'), 'utf8');

type Hazard = { id: string; tests: string };

/** The rows of the log's one table, by its header; a cell's `\|` is a bar inside it. */
function hazards(markdown: string): Hazard[] {
  const lines = markdown.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) =>
    line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replaceAll('\\|', '|'));
  expect(cells(lines[0] ?? '')).toEqual(['ID', 'Hazard', 'Cause', 'Control', 'Test']);
  return lines.slice(2).map((line) => {
    const row = cells(line);
    expect(row, line).toHaveLength(5);
    return { id: row[0]!, tests: row[4]! };
  });
}

/**
 * Each test named in a Test cell: `path` > describe title > … > it title. Tests are joined by
 * "; ", and each starts with its file's path in backticks, so a title may hold a semicolon.
 */
function namedTests(cell: string): Array<{ text: string; path: string; titles: string[] }> {
  return cell.split(/; (?=`)/).map((text) => {
    const [path, ...titles] = text.split(' > ');
    return { text, path: /^`([^`]+)`$/.exec(path ?? '')?.[1] ?? '', titles };
  });
}

/** A title as a test file writes it: exactly, or with a placeholder (`%s`, `$name` or `${expression}`) standing for anything. */
function sameTitle(written: string, named: string): boolean {
  if (written === named) return true;
  if (!/%[sdifjo#%]|\$\w|\$\{/.test(written)) return false;
  const pattern = written
    .split(/(%[sdifjo#]|\$\w+(?:\.\w+)*|\$\{[^}]*\})/)
    .map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('%%', '%')))
    .join('');
  return new RegExp(`^${pattern}$`).test(named);
}

const suites = new Set(['describe', 'describe.each', 'describe.concurrent', 'test.describe', 'test.describe.serial', 'test.describe.parallel']);
const tests = new Set(['it', 'it.each', 'it.concurrent', 'test', 'test.each', 'test.concurrent']);

/** Every test of a vitest or Playwright file as its titles, outermost describe first. */
function testTitles(file: string): string[][] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[][] = [];
  const visit = (node: ts.Node, outer: string[]): void => {
    if (ts.isCallExpression(node)) {
      // `it.each(rows)('title', …)` calls what `it.each(rows)` returns.
      const callee = ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
      const name = callee.getText(source);
      const title = node.arguments[0];
      const text =
        title && (ts.isStringLiteral(title) || ts.isNoSubstitutionTemplateLiteral(title))
          ? title.text
          : title && ts.isTemplateExpression(title)
            ? title.head.text + title.templateSpans.map((span) => `\${${span.expression.getText(source)}}${span.literal.text}`).join('')
            : undefined;
      if ((suites.has(name) || tests.has(name)) && text !== undefined) {
        const titles = [...outer, text];
        if (tests.has(name)) found.push(titles);
        for (const arg of node.arguments.slice(1)) visit(arg, suites.has(name) ? titles : outer);
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, outer));
  };
  visit(source, []);
  return found;
}

/** What is wrong with a hazard's tests, each naming the hazard and the test; empty when every test exists. */
function problems({ id, tests: cell }: Hazard): string[] {
  if (cell === '' || /^none( yet)?$/i.test(cell)) return [`${id}: names no test, so its control is unproven`];
  return namedTests(cell).flatMap(({ text, path, titles }) => {
    if (path === '' || titles.length === 0) return [`${id}: "${text}" is not \`path\` > describe title > it title`];
    const file = join(root, path);
    if (!existsSync(file)) return [`${id}: ${path} does not exist`];
    const exists = testTitles(file).some((written) => written.length === titles.length && written.every((w, i) => sameTitle(w, titles[i]!)));
    return exists ? [] : [`${id}: ${path} has no test ${titles.map((t) => `"${t}"`).join(' > ')}`];
  });
}

describe('the hazard log', () => {
  const rows = hazards(log);

  it('has one row for each hazard, each with its own ID', () => {
    expect(rows.length).toBeGreaterThan(10);
    for (const { id } of rows) expect(id).toMatch(/^[A-Z]+-\d+$/);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s names a test for its control, and every test it names exists', (_, row) => {
    expect(problems(row)).toEqual([]);
  });
});

describe('reading the hazard log', () => {
  it('finds a missing test, a missing file, a missing title and a row with no test, naming the hazard', () => {
    const here = 'tests/unit/hazard-log.test.ts';
    expect(problems({ id: 'X-1', tests: 'none yet' })).toEqual(['X-1: names no test, so its control is unproven']);
    expect(problems({ id: 'X-2', tests: '' })).toEqual(['X-2: names no test, so its control is unproven']);
    expect(problems({ id: 'X-3', tests: '`tests/unit/nowhere.test.ts` > a > b' })).toEqual(['X-3: tests/unit/nowhere.test.ts does not exist']);
    expect(problems({ id: 'X-4', tests: `\`${here}\` > the hazard log > does what it never did` })).toEqual([
      `X-4: ${here} has no test "the hazard log" > "does what it never did"`,
    ]);
    expect(problems({ id: 'X-5', tests: 'the hazard log > has one row for each hazard, each with its own ID' })).toEqual([
      'X-5: "the hazard log > has one row for each hazard, each with its own ID" is not `path` > describe title > it title',
    ]);
  });

  it('accepts exact titles, nested or not, several tests joined by "; " even where a title holds one, and a title with a placeholder', () => {
    const here = '`tests/unit/hazard-log.test.ts`';
    const cell = [
      `${here} > the hazard log > has one row for each hazard, each with its own ID`,
      `${here} > the hazard log > %s names a test for its control, and every test it names exists`,
      `${here} > the hazard log > AGE-1 names a test for its control, and every test it names exists`,
      '`tests/unit/crash.test.ts` > a crash while saving visits > keeps every acknowledged visit whole, and no visit in part, through 20 kills at random moments',
      `${here} > reading the hazard log > accepts exact titles, nested or not, several tests joined by "; " even where a title holds one, and a title with a placeholder`,
    ].join('; ');
    expect(namedTests(cell)).toHaveLength(5);
    expect(problems({ id: 'X-6', tests: cell })).toEqual([]);
    // Nesting counts: the it title alone, without its describe, is not the test.
    expect(problems({ id: 'X-7', tests: `${here} > has one row for each hazard, each with its own ID` })).toHaveLength(1);
  });
});
