/**
 * The electronegativity step of `npm test` (scripts/electronegativity.mjs): the tool run for
 * real over a folder holding a window with Node in its renderer, and the judging of findings
 * against an allow-list, whose entries need a reason and must still match a finding.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsOf, judge, reportLines, type AllowEntry as Entry, type Finding } from '../../scripts/electronegativity.mjs';
const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'electronegativity.mjs');

const unsafeWindow = `import { BrowserWindow } from 'electron';
export const open = () => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
`;

describe('the electronegativity step, run for real', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'milia-eneg-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'window.ts'), unsafeWindow);
    writeFileSync(
      join(dir, 'allow.json'),
      JSON.stringify({ allowed: [{ check: 'PRELOAD_JS_CHECK', file: 'window.ts', reason: 'a stale entry for the test' }] }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a window with Node in its renderer, naming each finding and the entry that matches nothing', () => {
    const run = spawnSync(process.execPath, [script, join(dir, 'src'), join(dir, 'allow.json')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    const base = relative(root, join(dir, 'src')).replaceAll('\\', '/');
    for (const check of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK']) {
      expect(lines.some((line) => line.startsWith(`electronegativity: ${check} at ${base}/window.ts:2: `))).toBe(true);
    }
    // And what the folder lacks as a whole: no navigation guard, no permission handler, no policy.
    expect(lines).toContain(
      `electronegativity: LIMIT_NAVIGATION_GLOBAL_CHECK at ${base} as a whole: Missing navigation limits using .on new-window and will-navigate events. Fix it, or allow it with its reason in scripts/electronegativity-allow.json.`,
    );
    expect(lines).toContain(`electronegativity: the allow-list entry PRELOAD_JS_CHECK for ${base}/window.ts matches no finding; remove it or give its reason.`);
    // Nothing of the tool's own chatter (banner, translations, releases).
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/translations|connectivity|▄/);
  }, 120_000);

  it('lists only entries with their check, file and reason in the allow-list of src/', () => {
    const { allowed } = JSON.parse(readFileSync(join(root, 'scripts', 'electronegativity-allow.json'), 'utf8')) as { allowed: Entry[] };
    expect(allowed.length).toBeGreaterThan(0);
    for (const entry of allowed) {
      expect(Object.keys(entry).sort()).toEqual(['check', 'file', 'reason']);
      expect(entry.reason!.length).toBeGreaterThan(40);
    }
  });
});

describe('judging the findings', () => {
  const finding = (check: string, file: string): Finding => ({ check, file, line: 3, message: 'Review it.' });
  const preload = finding('PRELOAD_JS_CHECK', 'main/desktop/window.ts');

  it('passes a finding allowed by check and file with a reason, on any line', () => {
    const verdict = judge([preload, { ...preload, line: 90 }], [{ check: 'PRELOAD_JS_CHECK', file: 'main/desktop/window.ts', reason: 'reviewed' }]);
    expect(verdict).toEqual({ unexpected: [], stale: [] });
    expect(reportLines([preload, preload], verdict)).toEqual(['electronegativity: 2 findings, each allowed with its reason.']);
  });

  it('fails a finding of another check or file, and an entry without a reason', () => {
    const other = finding('SANDBOX_JS_CHECK', 'main/desktop/window.ts');
    const elsewhere = finding('PRELOAD_JS_CHECK', 'main/desktop/pdfPreview.ts');
    const entries: Entry[] = [{ check: 'PRELOAD_JS_CHECK', file: 'main/desktop/window.ts', reason: 'reviewed' }];
    expect(judge([preload, other, elsewhere], entries)).toEqual({ unexpected: [other, elsewhere], stale: [] });
    const noReason: Entry[] = [{ check: 'PRELOAD_JS_CHECK', file: 'main/desktop/window.ts', reason: ' ' }];
    const verdict = judge([preload], noReason);
    expect(verdict).toEqual({ unexpected: [preload], stale: noReason });
    expect(reportLines([preload], verdict)).toEqual([
      'electronegativity: PRELOAD_JS_CHECK at src/main/desktop/window.ts:3: Review it. Fix it, or allow it with its reason in scripts/electronegativity-allow.json.',
      'electronegativity: the allow-list entry PRELOAD_JS_CHECK for src/main/desktop/window.ts matches no finding; remove it or give its reason.',
    ]);
  });

  it('reads the findings of a SARIF report', () => {
    const sarif = {
      runs: [
        {
          results: [
            {
              ruleId: 'PRELOAD_JS_CHECK',
              message: { text: 'Review the use of preload scripts' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'main/desktop/window.ts' }, region: { startLine: 69 } } }],
            },
          ],
        },
      ],
    };
    expect(findingsOf(sarif)).toEqual([{ check: 'PRELOAD_JS_CHECK', file: 'main/desktop/window.ts', line: 69, message: 'Review the use of preload scripts' }]);
    expect(findingsOf({ runs: [] })).toEqual([]);
  });
});
