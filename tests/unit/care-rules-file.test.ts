/**
 * Care unsafe for the patient's age, and visits dated in the future, are refused by `call
 * visits.save` as a real process over a real database file (`--db FILE`), with the whole
 * sentence pinned and nothing saved: on the SQLite file only. care-rules.test.ts runs the
 * service's refusals on both engines.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import { cli } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { tempDir, testServices } from '../support/store';
import { careRulesClinic } from '../support/careRulesClinic';

const clinic = () => careRulesClinic(testServices());

describe('care unsafe for the patient', () => {
  // Many processes at once on shared cores: more time than one call needs.
  it('refuses each harmful visit through `call visits.save` with exit 2 and the same sentence, and the file keeps its rows', async () => {
    const { s, harmful } = await clinic();
    const before = contentHash(s.store, { except: ['audit_log'] });
    s.store.close();
    const runs = await Promise.all(
      harmful.map(([, input], i) => {
        const file = join(tempDir(), `visit-${i}.json`);
        writeFileSync(file, JSON.stringify(input));
        return cli('call', 'visits.save', '--input', file, '--db', s.dbPath);
      }),
    );
    runs.forEach((run, i) => {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'validation', message: harmful[i]![2] }) });
    });
    const after = openStore(s.dbPath);
    try {
      expect(contentHash(after, { except: ['audit_log'] })).toBe(before);
    } finally {
      after.close();
    }
  }, 120_000);
});
