/**
 * A known audit trail for the trail's search, export and command-line tests: four rows at known
 * times by known people, appended through the record layer as the app appends them (only Date
 * faked while they are, so that each row carries its time), on either engine.
 */
import { vi } from 'vitest';
import { systemActor } from '@shared/permissions';
import type { Actor } from '@shared/types';
import type { Store } from '../../src/main/db/records';

export const admin: Actor = { ...systemActor('Ines Admin', 'desktop'), userId: 1, username: 'ines', role: 'admin' };
export const ada: Actor = {
  ...systemActor('Dr Ada Okafor', 'desktop'),
  userId: 2,
  username: 'ada',
  role: 'dermatologist',
  clinicianId: 1,
  clinicalRole: 'dermatologist',
};
export const per: Actor = { ...systemActor('Per Lindqvist', 'browser'), userId: 7, username: 'per', role: 'nurse', clinicianId: 2, clinicalRole: 'nurse' };

/** Rows at known times, by known people, sealed as the app seals them. */
export async function history(store: Store): Promise<void> {
  const rows: Array<[Actor, string, string, string, number | null, number | null, string]> = [
    [ada, '2026-03-30T10:00:00.000Z', 'read', 'visit', 11, 5, ''],
    [per, '2026-03-31T23:59:59.999Z', 'read', 'patient', 6, 6, ''],
    [ada, '2026-04-01T00:00:00.000Z', 'print', 'handout', 3, 5, '=HYPERLINK("http://example.com","click")'],
    [per, '2026-04-02T08:00:00.000Z', 'search', 'patient', null, null, 'nguyen, "zoë"\nline two'],
  ];
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    for (const [who, at, action, entity, entityId, patientId, detail] of rows) {
      vi.setSystemTime(new Date(at));
      await store.records.write((tx) => tx.audit.append({ actor: who, action, entity, entityId, patientId, detail }));
    }
  } finally {
    vi.useRealTimers();
  }
}

/** `n` reads of patients 1 to n by Per, appended now in one unit, `row i` their detail: a trail longer than the export's slices. */
export async function manyReads(store: Store, n: number): Promise<void> {
  await store.records.write(async (tx) => {
    for (let i = 1; i <= n; i++) await tx.audit.append({ actor: per, action: 'read', entity: 'patient', entityId: i, patientId: i, detail: `row ${i}` });
  });
}

/** The first row of `history`, as the trail gives it back. */
export const firstEvent = {
  id: 1,
  at: '2026-03-30T10:00:00.000Z',
  actor: 'Dr Ada Okafor (dermatologist)',
  userId: 2,
  username: 'ada',
  role: 'dermatologist',
  surface: 'desktop',
  action: 'read',
  patientId: 5,
  entity: 'visit',
  entityId: 11,
  outcome: 'ok',
  detail: '',
};

/** `history` as CSV: the header, and its rows newest first, text guarded against formulas. */
export const csvHeader = 'row,time (UTC),user,username,role,surface,action,patient id,record,record id,outcome,detail';
export const csvRows = [
  '4,2026-04-02T08:00:00.000Z,Per Lindqvist (nurse),per,nurse,browser,search,,patient,,ok,"nguyen, ""zoë""\nline two"',
  `3,2026-04-01T00:00:00.000Z,Dr Ada Okafor (dermatologist),ada,dermatologist,desktop,print,5,handout,3,ok,"'=HYPERLINK(""http://example.com"",""click"")"`,
  '2,2026-03-31T23:59:59.999Z,Per Lindqvist (nurse),per,nurse,browser,read,6,patient,6,ok,',
  '1,2026-03-30T10:00:00.000Z,Dr Ada Okafor (dermatologist),ada,dermatologist,desktop,read,5,visit,11,ok,',
];
