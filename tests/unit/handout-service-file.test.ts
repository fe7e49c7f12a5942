/**
 * Aftercare is not printed by the command line (`handout` and `call handouts.create`, which
 * take a SQLite file) until the practice's name and phone are set: on that file only.
 * handout-service.test.ts runs the service on both engines.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, runCli } from '../support/cli';
import { tempDir, testServices } from '../support/store';
import { handoutClinic } from '../support/handoutClinic';

const clinic = (options?: { contact?: boolean }) => handoutClinic(testServices(), options);

describe("printing without the practice's name and phone", () => {
  const both =
    "Aftercare cannot be printed until the practice's name and phone number are set, so that every handout says whom to call: an administrator sets them in Settings → Practice.";

  it('is refused by `npm run cli -- handout` and `call handouts.create` with exit 2 and the same sentence, writing no file', async () => {
    const { s, visit } = await clinic({ contact: false });
    const v = await visit(['cryotherapy']);
    const out = join(tempDir(), 'aftercare.pdf');
    const [written, called] = await Promise.all([
      cli('handout', '--visit', String(v.id), '--out', out, '--db', s.dbPath),
      runCli(['call', 'handouts.create', '--input', '-', '--db', s.dbPath], { input: JSON.stringify({ visitId: v.id }) }),
    ]);
    expect(written).toEqual({ status: 2, stdout: '', stderr: `${both}\n` });
    expect(existsSync(out)).toBe(false);
    expect(called.status).toBe(2);
    expect(called.stderr).toBe('');
    expect(JSON.parse(called.stdout)).toEqual({ ok: false, error: { kind: 'validation', message: both } });
    expect(s.store.sqlite.prepare('select count(*) from handouts').pluck().get()).toBe(0);
  });
});
