/**
 * Valid inputs for every call of the API table, over rows a test has made: the property
 * tests change them a field or two at a time, the permission matrix calls each as every
 * role. A call whose valid input needs a row that cannot exist here (a restore would replace
 * the database under the test) gets the nearest input that passes the schema.
 */
import type { ApiName } from '@shared/api';
import type { VisitInput } from '@shared/schemas';
import { practiceContact } from './surface';
import { lidExtraction } from './visitInputs';

/** The rows the inputs refer to. */
export interface Scene {
  /** A number no earlier scene has used: MRNs, usernames and keys made from it are free. */
  n: number;
  dermatologist: number;
  nurse: number;
  archived: number;
  handoutVisit: number;
  handout: number;
  patient: { id: number; mrn: string };
  visit: number;
  /** Two scheduled follow-ups and a completed one, of `visit`. */
  followUps: readonly [number, number, number];
  /** A user other than the caller, to edit. */
  user: number;
  job: string;
  backup: string;
}

/** A visit of three findings and three treatments, one by the nurse, with three follow-ups. */
export function visitInput(patientId: number, clinicians: { dermatologist: number; nurse: number }, date = '2025-06-01'): VisitInput {
  return {
    patientId,
    date,
    clinicianId: clinicians.dermatologist,
    pregnancyStatus: 'neither',
    notes: 'Milia of the left upper lid.',
    presentations: [
      { type: 'primary', site: 'upper_eyelid', side: 'left', count: 6, distribution: 'grouped', differentials: ['syringoma'] },
      { type: 'secondary', site: 'nose', count: 2, triggers: ['burn'], redFlags: ['growth'], decision: 'proceed', decisionNote: 'Stable for years.' },
    ],
    treatments: [
      lidExtraction(clinicians.dermatologist),
      {
        kind: 'topical_retinoid',
        site: 'cheek',
        side: 'right',
        lesionsTreated: 0,
        performedBy: clinicians.nurse,
        details: { product: 'adapalene', strengthPercent: 0.1 },
      },
      {
        kind: 'chemical_peel',
        site: 'forehead',
        lesionsTreated: 0,
        anesthesia: 'none',
        consent: true,
        performedBy: clinicians.dermatologist,
        details: { agent: 'glycolic', depth: 'epidermal' },
      },
    ],
    followUps: [
      { dueDate: '2025-07-01', reason: 'Check clearance', status: 'scheduled' },
      { dueDate: '2025-09-01', status: 'scheduled' },
      { dueDate: '2025-12-01', status: 'scheduled' },
    ],
  };
}

/** The valid inputs of each call, over a scene. */
export function validInputs(s: Scene): Record<ApiName, readonly unknown[]> {
  const [f1, f2, f3] = s.followUps;
  const period = { from: '2025-01-01', to: '2025-12-31' };
  const password = 'a long passphrase for tests';
  return {
    'app.status': [{}],
    'app.loadDemo': [{ patients: 2 }],
    'session.status': [{}],
    'session.signIn': [{ username: 'nobody-here', password }],
    'session.signOut': [{}],
    'session.lock': [{}],
    'session.unlock': [{ password }],
    'session.activity': [{}],
    'practice.setup': [
      {
        practice: { practiceName: 'Milia Clinic', address: '1 High Street', phone: '555 0100', afterHoursPhone: '555 0199' },
        admin: { username: `admin-${s.n}`, name: 'Ada Admin', password },
      },
    ],
    'users.list': [{}],
    'users.create': [
      { username: `nurse-${s.n}`, name: 'Camille Moreau', role: 'nurse', password, clinician: { role: 'nurse', title: 'RN' } },
      { username: `manager-${s.n}`, name: 'Minh Trần', role: 'manager', password },
    ],
    'users.update': [{ id: s.user, name: 'Per Lindqvist', role: 'nurse', active: true, clinician: { role: 'nurse', registrationNumber: 'RN 123' } }],
    'users.resetPassword': [{ id: s.user, password: `${password} again` }],
    'users.setActive': [
      { id: s.user, active: false },
      { id: s.user, active: true },
    ],
    'clinicians.list': [{}],
    'clinicians.save': [
      { name: 'Dr Minh Nguyễn', role: 'dermatologist' },
      { key: `weiss-${s.n}`, name: 'Dr Lena Weiß', role: 'dermatologist', active: true },
    ],
    'patients.search': [
      { query: 'per lindqvist' },
      { query: '1990-06-01', limit: 5, includeArchived: true },
      { query: 'P-1' },
      { query: 'eleni', includeArchived: true },
    ],
    'patients.get': [{ id: s.patient.id }, { id: s.archived }],
    'patients.create': [
      { givenName: 'Camille', familyName: 'Moreau', dateOfBirth: '2001-02-03', sex: 'female' },
      {
        mrn: `A-${s.n}`,
        givenName: 'Minh',
        familyName: 'Trần',
        dateOfBirth: '1979-12-31',
        sex: 'male',
        fitzpatrick: 4,
        phone: '555 0100',
        email: 'minh@example.org',
      },
    ],
    'patients.update': [
      { id: s.patient.id, mrn: s.patient.mrn, givenName: 'Per', familyName: 'Lindqvist', dateOfBirth: '1990-06-01', sex: 'male', phone: '+46 8 123 45' },
    ],
    'patients.archive': [
      { id: s.patient.id, archived: true },
      { id: s.patient.id, archived: false },
      { id: s.archived, archived: false },
    ],
    'chart.get': [{ id: s.patient.id }],
    'visits.get': [{ id: s.visit }],
    'visits.save': [
      visitInput(s.patient.id, s, '2025-05-01'),
      {
        ...visitInput(s.patient.id, s),
        id: s.visit,
        followUps: [
          { id: f1, dueDate: '2025-07-01', status: 'completed', outcome: 'cleared', completedDate: '2025-07-01' },
          { id: f3, dueDate: '2025-12-01', status: 'completed', outcome: 'improved', completedDate: '2025-12-02' },
          { dueDate: '2026-01-01', status: 'scheduled' },
        ],
      },
    ],
    'visits.suggestFollowUp': [
      { date: '2025-06-01', kinds: ['extraction', 'observation'] },
      { date: '2025-06-01', kinds: [] },
    ],
    'visits.sign': [{ id: s.visit }],
    'visits.addAddendum': [{ visitId: s.visit, text: 'Seen again: the left lid is clear.' }],
    'visits.toSign': [{}],
    'visits.toReview': [{}],
    'visits.reviewCount': [{}],
    'followUps.worklist': [
      { from: '2025-06-01', to: '2025-12-31' },
      { from: '2025-01-01', to: '2025-01-31', asOf: '2025-08-01', limit: 10 },
    ],
    'followUps.overdueCount': [{}, { asOf: '2025-08-01' }],
    'followUps.complete': [
      { id: f1, outcome: 'cleared', completedDate: '2025-09-02', notes: 'Clear.' },
      { id: f2, outcome: 'unchanged', completedDate: '2025-06-01' },
    ],
    'followUps.miss': [{ id: f1 }, { id: f2, notes: 'Did not come.' }],
    'followUps.cancel': [{ id: f1, notes: 'Moved away.' }, { id: f2 }],
    'followUps.transitionMany': [
      { ids: [f1, f2], status: 'missed' },
      { ids: [f2], status: 'cancelled', notes: 'Moved away.' },
    ],
    // Due in mid-2025: overdue by more than the cut-off from September 2026 on.
    'followUps.closeStale': [{ ids: [f1, f2] }, { ids: [f1] }],
    'settings.get': [{}],
    'settings.update': [
      // The rest left to the defaults; the practice's name and phone kept, as the handouts need them.
      { ...practiceContact },
      {
        practiceName: 'Milia Clinic',
        address: '1 High Street',
        phone: '555 0100',
        afterHoursPhone: '555 0199',
        diagnosisCode: 'L72.8',
        followUpWeeks: { extraction: 6 },
        paperSize: 'Letter',
        backupFolder: '',
      },
    ],
    'record.get': [{}],
    // A loopback port nothing listens on: the test is answered at once, with no name to look up.
    'record.test': [
      { connection: { mode: 'server', host: '127.0.0.1', port: 1, database: 'milia', user: 'milia', sslmode: 'disable' }, password: 'a database password' },
      { connection: { mode: 'server', host: '127.0.0.1', port: 1, database: 'milia', user: 'milia' } },
    ],
    'record.save': [
      { connection: { mode: 'file' } },
      { connection: { mode: 'server', host: '127.0.0.1', port: 1, database: 'milia', user: 'milia', sslmode: 'disable' } },
    ],
    'record.restart': [{}],
    'handouts.create': [{ visitId: s.visit }, { visitId: s.handoutVisit, largePrint: true }],
    'handouts.list': [{ visitId: s.handoutVisit }, { visitId: s.visit }],
    'handouts.show': [{ ids: [s.handout] }],
    'stats.summary': [period, { ...period, asOf: '2025-08-01' }],
    'stats.export': [
      { ...period, format: 'csv' },
      { ...period, format: 'xlsx' },
    ],
    'stats.exportStatus': [{ job: s.job }],
    'backups.list': [{}],
    'backups.run': [{}],
    'backups.inspect': [{ file: s.backup }],
    'backups.restore': [{ file: s.backup }],
    'audit.search': [
      { from: '2025-01-01', to: '2099-12-31' },
      { from: '2025-01-01', to: '2099-12-31', action: 'read', patientId: s.patient.id, limit: 10 },
    ],
    'audit.export': [{ from: '2025-01-01', to: '2099-12-31' }],
    'favourites.list': [{}],
    'favourites.save': [
      {
        name: `Periorbital milia, extraction ${s.n}`,
        presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', distribution: 'grouped' }],
        treatments: [{ kind: 'extraction', site: 'upper_eyelid', side: 'left', anesthesia: 'none', details: { instrument: 'needle' } }],
      },
      { name: 'Retinoid', treatments: [{ kind: 'topical_retinoid', site: 'cheek', side: 'right', details: { product: 'adapalene' } }] },
    ],
    'favourites.delete': [{ id: 1 }],
  };
}
