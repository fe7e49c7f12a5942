/**
 * The handout service on a real record of either engine: composing, rendering, storing with a
 * SHA-256, listing, reprinting byte for byte, and batches, read back from the PDFs themselves.
 * The command line's refusal, which takes a SQLite file, is in handout-service-file.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { treatmentKinds, type TreatmentKind } from '@shared/vocabulary';
import { loadTemplates } from '../../src/main/handouts/content';
import { engineServices, rawSql } from '../support/engine';
import { pdfFile, pdfjsPages, poppler, squash } from '../support/pdfText';
import { recordHash } from '../support/recordHash';
import { testActor as actor } from '../support/store';
import { handoutClinic } from '../support/handoutClinic';

const clinic = (options?: { contact?: boolean }) => handoutClinic(engineServices(), options);

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The heading a treatment kind's section prints: its template's, in the patient's words. */
const headingOf = (kind: TreatmentKind): string => loadTemplates().treatments.get(kind)!.title!;
const lines = (bytes: Buffer) =>
  poppler('pdftotext', pdfFile(bytes), '-')
    .split('\n')
    .map((l) => l.trim());

describe('handouts', () => {
  it('stores the handout with the SHA-256 of its PDF and an audit line, and reprints the same bytes', async () => {
    const { s, patient, visit } = await clinic();
    const v = await visit(['extraction']);
    const record = await s.handouts.create(actor, { visitId: v.id });
    expect(record).toMatchObject({ visitId: v.id, largePrint: false, paperSize: 'A4', kinds: ['extraction'] });
    expect(Object.keys(record.templateVersions).length).toBeGreaterThan(0);
    const { record: again, bytes } = await s.handouts.pdf(actor, { id: record.id });
    expect(again).toEqual(record);
    expect(sha(bytes)).toBe(record.sha256);
    expect(bytes.length).toBe(record.sizeBytes);
    expect((await s.handouts.pdf(actor, { id: record.id })).bytes.equals(bytes)).toBe(true);
    const text = (await pdfjsPages(bytes)).map((p) => p.text).join(' ');
    expect(text).toContain(patient.mrn);
    expect(text).toContain('Nguyễn');
    const audit = await rawSql(s.store).get("select actor, action, detail from audit_log where entity = 'handout' and entity_id = ?", record.id);
    expect(audit).toEqual({ actor: 'Test Runner (command line)', action: 'create', detail: `visit ${v.id}, sha256 ${record.sha256}` });
  });

  it('lists a visit’s handouts newest first, without their PDFs', async () => {
    const { s, visit } = await clinic();
    const v = await visit(['cryotherapy']);
    const first = await s.handouts.create(actor, { visitId: v.id });
    const second = await s.handouts.create(actor, { visitId: v.id, largePrint: true });
    const list = await s.handouts.list(actor, { visitId: v.id });
    expect(list.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(list[0]!.largePrint).toBe(true);
    expect(list[0]).not.toHaveProperty('pdf');
  });

  it('refuses unknown visits and handouts, and a visit without treatment, with plain messages', async () => {
    const { s, visit } = await clinic();
    await expect(s.handouts.create(actor, { visitId: 999 })).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringMatching(/^Visit 999 does not exist/),
    });
    await expect(s.handouts.pdf(actor, { id: 42 })).rejects.toThrow(AppError);
    await expect(s.handouts.pdf(actor, { id: 42 })).rejects.toThrow(/Handout 42 does not exist/);
    await expect(s.handouts.list(actor, { visitId: 999 })).rejects.toThrow(/Visit 999 does not exist/);
    await expect(s.handouts.renderBatch(actor, { ids: [42] })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(s.handouts.create(actor, { visitId: 'x' })).rejects.toMatchObject({ kind: 'validation' });
    const untreated = await visit([]);
    await expect(s.handouts.create(actor, { visitId: untreated.id })).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringMatching(/no treatment/),
    });
    expect(await rawSql(s.store).get('select count(*) as n from handouts')).toEqual({ n: 0 });
  });

  it('prints the section heading of every treatment kind', async () => {
    const { s, visit } = await clinic();
    for (const kind of treatmentKinds.codes) {
      const record = await s.handouts.create(actor, { visitId: (await visit([kind])).id });
      expect(lines((await s.handouts.pdf(actor, { id: record.id })).bytes), kind).toContain(headingOf(kind));
    }
  });

  it('prints both sections of a visit with two kinds, once each', async () => {
    const { s, visit } = await clinic();
    const record = await s.handouts.create(actor, { visitId: (await visit(['extraction', 'cryotherapy'])).id });
    const text = lines((await s.handouts.pdf(actor, { id: record.id })).bytes);
    for (const kind of ['extraction', 'cryotherapy'] as const) expect(text.filter((l) => l === headingOf(kind))).toHaveLength(1);
    expect(record.kinds).toEqual(['extraction', 'cryotherapy']);
  });

  it('prints several stored handouts as one PDF, each numbered on its own', async () => {
    const { s, visit } = await clinic();
    const a = await s.handouts.create(actor, { visitId: (await visit(['extraction'])).id });
    const b = await s.handouts.create(actor, { visitId: (await visit(['chemical_peel'])).id });
    const pages = await pdfjsPages(await s.handouts.renderBatch(actor, { ids: [a.id, b.id] }));
    expect(pages.filter((p) => /Page 1 of \d/.test(p.text))).toHaveLength(2);
  });
});

describe("printing without the practice's name and phone", () => {
  const both =
    "Aftercare cannot be printed until the practice's name and phone number are set, so that every handout says whom to call: an administrator sets them in Settings → Practice.";
  const phone =
    "Aftercare cannot be printed until the practice's phone number is set, so that every handout says whom to call: an administrator sets it in Settings → Practice.";
  const name =
    "Aftercare cannot be printed until the practice's name is set, so that every handout says whom to call: an administrator sets it in Settings → Practice.";

  it('is refused by the service, saying what is missing and where to set it, with nothing rendered, recorded or audited; once set, it prints', async () => {
    const { s, visit } = await clinic({ contact: false });
    const v = await visit(['extraction']);
    const refusal = (message: string) => ({ kind: 'validation', message, issues: [] });
    const settings = async (change: object) => await s.settings.update(actor, { ...(await s.settings.read()), ...change });
    const before = await recordHash(s.store);

    await expect(s.handouts.create(actor, { visitId: v.id })).rejects.toThrow(AppError);
    await expect(s.handouts.create(actor, { visitId: v.id })).rejects.toMatchObject(refusal(both));
    await expect(s.handouts.renderBatch(actor, { ids: [1] })).rejects.toMatchObject(refusal(both));
    expect(await recordHash(s.store)).toBe(before);

    await settings({ practiceName: 'Harbourside Dermatology', phone: '   ' });
    await expect(s.handouts.create(actor, { visitId: v.id })).rejects.toMatchObject(refusal(phone));
    await settings({ practiceName: '', phone: '0117 496 0123' });
    await expect(s.handouts.create(actor, { visitId: v.id })).rejects.toMatchObject(refusal(name));
    expect(await rawSql(s.store).value("select count(*) from audit_log where entity = 'handout'")).toBe(0);
    expect(await rawSql(s.store).value('select count(*) from handouts')).toBe(0);

    await settings({ practiceName: 'Harbourside Dermatology' });
    const record = await s.handouts.create(actor, { visitId: v.id });
    const text = squash((await pdfjsPages((await s.handouts.pdf(actor, { id: record.id })).bytes)).map((p) => p.text).join(' '));
    expect(text).toContain('Harbourside Dermatology');
    expect(text).toContain('0117 496 0123');
    expect((await s.handouts.renderBatch(actor, { ids: [record.id] })).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
