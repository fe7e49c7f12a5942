/**
 * The clinic of the audit-event tests, the API over it, and the audit row as they read it back:
 * shared by audit-events.test.ts (both engines) and audit-events-file.test.ts (a backup and a
 * restore of the SQLite file).
 */
import type { Actor } from '@shared/types';
import type { ExportShell } from '../../src/main/api/exportShell';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import type { PdfShell } from '../../src/main/api/pdfShell';
import { userActor } from './actors';
import { visitInput } from './apiInputs';
import type { ParsingServices } from './surface';

const pdf: PdfShell = { showPdf: async () => ({ url: null }) };
const files: ExportShell = { chooseTarget: async () => ({ save: async () => ({ savedTo: null, url: '/exports/x' }) }) };

/** Over the services `s`: a clinic of four users, a patient and a visit the dermatologist documented. */
export async function auditClinic<S extends ParsingServices>(s: S) {
  const dermatologist = await userActor(s, 'dermatologist', { surface: 'browser' });
  const nurse = await userActor(s, 'nurse');
  const manager = await userActor(s, 'manager');
  const admin = await userActor(s, 'admin', { surface: 'cli' });
  const clinicians = { dermatologist: dermatologist.clinicianId!, nurse: nurse.clinicianId! };
  const zoe = await s.patients.create(nurse, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const visit = await s.visits.save(dermatologist, visitInput(zoe.id, clinicians));
  const invoke = createInvoker(createHandlers(s, { version: '9.9.9' }, { pdf, files }));
  return { s, invoke, dermatologist, nurse, manager, admin, zoe, visit };
}

/** An audit-log row as the tests read it back. */
export interface Row {
  userId: number | null;
  username: string;
  role: string;
  surface: string;
  action: string;
  entity: string;
  entityId: number | null;
  patientId: number | null;
  outcome: string;
  detail: string;
}

/** Who a row names: the user, their role and the surface they acted from. */
export const by = (actor: Actor) => ({ userId: actor.userId, username: actor.username, role: actor.role, surface: actor.surface, outcome: 'ok' });
