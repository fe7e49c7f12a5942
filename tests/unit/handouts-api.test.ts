/** The handout calls of the API table: created and listed by the service, shown by the surface's shell. */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import type { PdfShell } from '../../src/main/api/pdfShell';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';
import { setPracticeContact } from '../support/surface';

async function setup(withShell = true) {
  const services = engineServices();
  await setPracticeContact(services, actor);
  const shown: Array<{ bytes: Buffer; title: string }> = [];
  const shell: PdfShell = {
    showPdf: vi.fn(async (bytes: Buffer, title: string) => {
      shown.push({ bytes, title });
      return { url: '/handouts/x.pdf' };
    }),
  };
  const invoke = createInvoker(createHandlers(services, { version: '9.9.9' }, withShell ? { pdf: shell } : {}));
  const doctor = await services.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const patient = await services.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const visit = async (treated: boolean) =>
    await services.visits.save(actor, {
      patientId: patient.id,
      date: '2025-03-14',
      clinicianId: doctor.id,
      presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
      treatments: treated
        ? [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: doctor.id, lesionsTreated: 3, anesthesia: 'none', consent: true }]
        : [],
    });
  return { services, invoke, shown, visit };
}

async function ok<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('handouts over the API', () => {
  it('creates a handout for a treated visit, lists it, and shows its exact stored bytes for a reprint', async () => {
    const { invoke, shown, visit } = await setup();
    const v = await visit(true);
    const record = await ok(invoke(actor, 'handouts.create', { visitId: v.id, largePrint: true }));
    expect(record).toMatchObject({ visitId: v.id, largePrint: true });
    expect(await ok(invoke(actor, 'handouts.list', { visitId: v.id }))).toEqual([record]);

    expect(await ok(invoke(actor, 'handouts.show', { ids: [record.id] }))).toEqual({ url: '/handouts/x.pdf' });
    expect(await ok(invoke(actor, 'handouts.show', { ids: [record.id] }))).toEqual({ url: '/handouts/x.pdf' });
    expect(shown.map((s) => s.title)).toEqual([`aftercare-handout-${record.id}`, `aftercare-handout-${record.id}`]);
    for (const { bytes } of shown) expect(createHash('sha256').update(bytes).digest('hex')).toBe(record.sha256);
  });

  it('shows several handouts as one PDF', async () => {
    const { invoke, shown, visit } = await setup();
    const a = await ok(invoke(actor, 'handouts.create', { visitId: (await visit(true)).id }));
    const b = await ok(invoke(actor, 'handouts.create', { visitId: (await visit(true)).id }));
    await ok(invoke(actor, 'handouts.show', { ids: [a.id, b.id] }));
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe('aftercare-2-handouts');
    expect(shown[0]!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses a visit without a treatment, and ids that are missing, too many or not ids', async () => {
    const { invoke, shown, visit } = await setup();
    const refused = await invoke(actor, 'handouts.create', { visitId: (await visit(false)).id });
    expect(refused.ok).toBe(false);
    for (const ids of [[], [0], ['1'], Array.from({ length: 201 }, (_, i) => i + 1)]) {
      const result = await invoke(actor, 'handouts.show', { ids });
      expect(result, JSON.stringify(ids).slice(0, 40)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
    expect((await invoke(actor, 'handouts.show', { ids: [999] })).ok).toBe(false);
    expect(shown).toEqual([]);
  });

  it("refuses to print until the practice's name and phone are set, in one sentence saying where to set them; a stored handout is still reprinted", async () => {
    const { services, invoke, shown, visit } = await setup();
    const treated = await visit(true);
    const stored = await ok(invoke(actor, 'handouts.create', { visitId: treated.id }));
    const other = await ok(invoke(actor, 'handouts.create', { visitId: (await visit(true)).id }));
    await services.settings.update(actor, { ...(await services.settings.read()), phone: '' });
    const rows = async () => await rawSql(services.store).get('select (select count(*) from handouts) as handouts, (select count(*) from audit_log) as audit');
    const before = await rows();

    const refusal = {
      ok: false,
      error: {
        kind: 'validation',
        message:
          "Aftercare cannot be printed until the practice's phone number is set, so that every handout says whom to call: an administrator sets it in Settings → Practice.",
      },
    };
    expect(await invoke(actor, 'handouts.create', { visitId: treated.id })).toEqual(refusal);
    // Several handouts are rendered again into one PDF: refused the same way.
    expect(await invoke(actor, 'handouts.show', { ids: [stored.id, other.id] })).toEqual(refusal);
    expect(await rows()).toEqual(before);
    expect(shown).toEqual([]);

    // One stored handout is not rendered: its reprint is the record of what the patient was given.
    await ok(invoke(actor, 'handouts.show', { ids: [stored.id] }));
    expect(createHash('sha256').update(shown[0]!.bytes).digest('hex')).toBe(stored.sha256);
  });

  it('says plainly that a surface without a shell cannot show a handout', async () => {
    const { invoke, visit } = await setup(false);
    const record = await ok(invoke(actor, 'handouts.create', { visitId: (await visit(true)).id }));
    expect(await invoke(actor, 'handouts.show', { ids: [record.id] })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });
});
