#!/usr/bin/env node
// `npm test`'s electronegativity step: @doyensec/electronegativity over src/ for the installed
// Electron, its SARIF report read back, and every finding judged against
// scripts/electronegativity-allow.json, where each accepted finding has its check, its file
// and the reason. A finding not listed fails the step, and so does a listed one no longer
// found (the list says only what is true). The tool's own chatter (it looks for newer
// translations and Electron releases, and this machine may be offline) is kept out of the
// output unless the tool itself fails. Online, the tool also reports an Electron with newer
// security releases (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK): that fails the step, on purpose,
// until Electron is updated.
// `node scripts/electronegativity.mjs [folder] [allow-list]` checks another folder or list.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');

/** The findings of a SARIF report: check, file (relative to the scanned folder), line, message. */
export function findingsOf(sarif) {
  return (sarif.runs ?? []).flatMap((run) =>
    (run.results ?? []).map((result) => {
      const location = result.locations?.[0]?.physicalLocation;
      return {
        check: result.ruleId,
        file: location?.artifactLocation?.uri ?? '(no file)',
        line: location?.region?.startLine ?? 0,
        message: result.message?.text ?? '',
      };
    }),
  );
}

/**
 * Which findings the allow-list does not cover (by check and file: lines move as code is
 * edited), and which entries cover nothing. An entry without a reason covers nothing either.
 */
export function judge(findings, allowList) {
  const covers = (entry, finding) =>
    entry.check === finding.check && entry.file === finding.file && typeof entry.reason === 'string' && entry.reason.trim() !== '';
  const unexpected = findings.filter((finding) => !allowList.some((entry) => covers(entry, finding)));
  const stale = allowList.filter((entry) => !findings.some((finding) => covers(entry, finding)));
  return { unexpected, stale };
}

/** The step's report: one line when all is well, else one line per problem and what to do. */
export function reportLines(findings, { unexpected, stale }, base = 'src') {
  if (unexpected.length === 0 && stale.length === 0) {
    return [`electronegativity: ${findings.length} finding${findings.length === 1 ? '' : 's'}, each allowed with its reason.`];
  }
  return [
    ...unexpected.map((f) => {
      // A global check (no policy, no navigation guard anywhere) names no file of its own.
      const where = f.file.startsWith('file:') ? `${base} as a whole` : `${base}/${f.file}:${f.line}`;
      const message = /[.!?]$/.test(f.message) ? f.message : `${f.message}.`;
      return `electronegativity: ${f.check} at ${where}: ${message} Fix it, or allow it with its reason in scripts/electronegativity-allow.json.`;
    }),
    ...stale.map((e) => `electronegativity: the allow-list entry ${e.check} for ${base}/${e.file} matches no finding; remove it or give its reason.`),
  ];
}

/** Runs the tool over `input` for Electron `version`; the SARIF report, or why there is none. */
export function scan(input, version) {
  const require = createRequire(join(root, 'package.json'));
  const cli = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
  const dir = mkdtempSync(join(tmpdir(), 'milia-electronegativity-'));
  const report = join(dir, 'report.sarif');
  try {
    const run = spawnSync(process.execPath, [cli, '-i', input, '-e', version, '-r', '-o', report], { encoding: 'utf8', cwd: root });
    if (run.status !== 0)
      return { error: `electronegativity could not scan ${input} (exit ${run.status ?? run.signal}): ${`${run.stderr}\n${run.stdout}`.trim()}` };
    return { sarif: JSON.parse(readFileSync(report, 'utf8')) };
  } catch (error) {
    return { error: `electronegativity wrote no readable report: ${error.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const require = createRequire(join(root, 'package.json'));
  const version = require('electron/package.json').version;
  const input = resolve(process.argv[2] ?? join(root, 'src'));
  const allowList = JSON.parse(readFileSync(resolve(process.argv[3] ?? join(root, 'scripts', 'electronegativity-allow.json')), 'utf8')).allowed;
  const { sarif, error } = scan(input, version);
  if (error) {
    console.error(error);
    return 1;
  }
  const findings = findingsOf(sarif);
  const verdict = judge(findings, allowList);
  const lines = reportLines(findings, verdict, relative(root, input).replaceAll('\\', '/') || '.');
  const failed = verdict.unexpected.length > 0 || verdict.stale.length > 0;
  (failed ? console.error : console.log)(lines.join('\n'));
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main();
