/**
 * The API table bound to the services: one handler per entry of `src/shared/api.ts` (the
 * compiler rejects a missing one, and checks each handler's input and output against the
 * table), each answering with the envelope. The invoker parses every call's input with the
 * table's schema before its handler sees it. The desktop app's IPC, the browser mode's HTTP
 * server, the command line's `call` and the tests call `invoke`; none has logic of its own.
 */
import * as z from 'zod';
import { api, type ApiName, type ApiOutput, type ApiParsed } from '@shared/api';
import { AppError, validationError, type Envelope } from '@shared/errors';
import type { ShownPdf } from '@shared/printing';
import { may } from '@shared/permissions';
import type { Actor } from '@shared/types';
import type { PdfShell } from './pdfShell';
import type { ExportShell } from './exportShell';
import { recordService, type RecordShell } from './recordShell';
import { testServerConnection } from '../db/pg/probe';
import { exportJobs } from './exportJobs';
import { isSqliteStore } from '../db/records';
import { fileFault, fileFaultMessage, storageFault, storageFaultMessage, triggerRefusal } from '../db/faults';
import type { Services } from '../services';
import type { Workers } from '../workers/pool';

type Handlers = { [N in ApiName]: (actor: Actor, input: ApiParsed<N>) => ApiOutput<N> | Promise<ApiOutput<N>> };

/** What a refused input is called in its message ("Check the visit: …"); "the input" otherwise. */
const subjects: Partial<Record<ApiName, string>> = {
  'clinicians.save': 'the clinician',
  'users.create': 'the user',
  'users.update': 'the user',
  'users.resetPassword': 'the password',
  'session.signIn': 'the sign-in',
  'practice.setup': 'the practice',
  'visits.addAddendum': 'the addendum',
  'audit.search': 'the audit filter',
  'audit.export': 'the audit filter',
  'patients.search': 'the search',
  'patients.create': 'the patient',
  'patients.update': 'the patient',
  'visits.save': 'the visit',
  'followUps.worklist': 'the worklist range',
  'followUps.overdueCount': 'the overdue count',
  'followUps.complete': 'the follow-up',
  'followUps.transitionMany': 'the follow-ups',
  'followUps.closeStale': 'the follow-ups',
  'settings.update': 'the settings',
  'record.test': 'the connection',
  'record.save': 'the connection',
  'handouts.create': 'the handout',
  'stats.summary': 'the statistics period',
  'stats.export': 'the statistics export',
  'stats.exportStatus': 'the export job',
  'backups.inspect': 'the backup',
  'backups.restore': 'the backup',
  'favourites.save': 'the favourite',
};

/**
 * Each call's schema compiled once, when first parsed: zod generates the accepting path as code
 * (about half the time of its general parser while V8 is still warming up, as a visit's save
 * meets it), and hands any refusal to the general parser, so refusals read the same. Here in
 * the main process only: the renderer's policy forbids generated code.
 */
const compiled = new Map<ApiName, z.ZodType>();
function compiledInput(name: ApiName): z.ZodType {
  let schema = compiled.get(name);
  if (!schema) compiled.set(name, (schema = z.compile(api[name].input)));
  return schema;
}

/**
 * Untrusted input parsed with the API table's schema of a call: the typed value its handler
 * and service take, or a validation refusal listing every field with a plain message. Every
 * surface that calls a service directly (the command line, the seed, the tests) parses here.
 */
export function parseInput<N extends ApiName>(name: N, input: unknown): ApiParsed<N> {
  const result = compiledInput(name).safeParse(input);
  if (!result.success) throw validationError(result.error, subjects[name]);
  // The schema is the table's entry for this very name; TypeScript does not follow that through a generic name.
  return result.data as ApiParsed<N>;
}

export interface AppInfo {
  version: string;
}

/**
 * What only the surface can do: show a PDF to print, save an export where the user says, and
 * run heavy work on a worker thread beside its event loop.
 */
export interface Shells {
  pdf?: PdfShell;
  files?: ExportShell;
  workers?: Workers;
  /** Where the record is kept for the next start (the desktop app's; the browser mode's is fixed by its command line). */
  record?: RecordShell;
}

/**
 * The session's own calls and the first run are answered by the session entry of the app
 * window and its browser mode (`sessions.ts`), which knows who is signed in there; called
 * with an actor (the command line's `call`, the tests) they are refused.
 */
export const windowOnlyMessage =
  'Signing in and the first run belong to the Milia Notes window. At the command line you act as the operating-system account, or as a user with --as USERNAME.';
const windowOnly = (): never => {
  throw new AppError('forbidden', windowOnlyMessage);
};

export function createHandlers(services: Services, info: AppInfo, shells: Shells = {}): Handlers {
  const { store } = services;
  const shell = shells.pdf;
  const record = recordService(store, shells.record, testServerConnection);
  const exports = exportJobs(
    services.stats,
    shells.files,
    (error) => {
      const envelope = toEnvelopeError(error);
      if (envelope.ok) return '';
      // A job ends after its call has answered, so its faults are logged here for IT.
      if (envelope.error.kind === 'internal') console.error(error);
      return envelope.error.message;
    },
    undefined,
    // The thread opens the file by its path; the practice server's rows are read here, over the pool.
    shells.workers && isSqliteStore(store) ? { workers: shells.workers, dbPath: store.path } : undefined,
  );

  /** One handout is its stored bytes exactly, so a reprint matches its recorded SHA-256. */
  async function showHandouts(actor: Actor, { ids }: ApiParsed<'handouts.show'>): Promise<ShownPdf> {
    if (!shell) throw new AppError('forbidden', 'Handouts can be printed only from the Milia Notes window or its browser mode.');
    if (ids.length === 1) {
      const { record, bytes } = await services.handouts.pdf(actor, { id: ids[0]! });
      return shell.showPdf(bytes, `aftercare-handout-${record.id}`);
    }
    return shell.showPdf(await services.handouts.renderBatch(actor, { ids }), `aftercare-${ids.length}-handouts`);
  }

  return {
    'app.status': async (actor) => {
      const any = await store.records.read((tx) => tx.patients.any());
      const auditTrail = may(actor, 'audit.read') ? { auditTrail: await services.audit.verification() } : {};
      return { version: info.version, databasePath: store.path, empty: !any, actor, ...auditTrail };
    },
    'app.loadDemo': services.demo.load,
    'session.status': windowOnly,
    'session.signIn': windowOnly,
    'session.signOut': windowOnly,
    'session.lock': windowOnly,
    'session.unlock': windowOnly,
    'session.activity': windowOnly,
    'practice.setup': windowOnly,
    'users.list': services.users.list,
    'users.create': services.users.create,
    'users.update': services.users.update,
    'users.resetPassword': services.users.resetPassword,
    'users.setActive': services.users.setActive,
    'clinicians.list': services.clinicians.list,
    'clinicians.save': services.clinicians.save,
    'patients.search': services.patients.search,
    'patients.get': services.patients.get,
    'patients.create': services.patients.create,
    'patients.update': services.patients.update,
    'patients.archive': services.patients.archive,
    'chart.get': services.chart.get,
    'visits.get': services.visits.get,
    'visits.save': services.visits.save,
    'visits.suggestFollowUp': services.visits.suggestFollowUp,
    'visits.sign': services.signing.sign,
    'visits.addAddendum': services.signing.addAddendum,
    'visits.toSign': services.signing.toSign,
    'visits.toReview': services.signing.toReview,
    'visits.reviewCount': services.signing.reviewCount,
    'followUps.worklist': services.followUps.worklist,
    'followUps.overdueCount': services.followUps.overdueCount,
    'followUps.complete': services.followUps.complete,
    'followUps.miss': services.followUps.miss,
    'followUps.cancel': services.followUps.cancel,
    'followUps.transitionMany': services.followUps.transitionMany,
    'followUps.closeStale': services.followUps.closeStale,
    'settings.get': services.settings.get,
    'settings.update': services.settings.update,
    'record.get': record.describe,
    'record.test': record.test,
    'record.save': record.save,
    'record.restart': record.restart,
    'handouts.create': services.handouts.create,
    'handouts.list': services.handouts.list,
    'handouts.show': showHandouts,
    'stats.summary': services.stats.summary,
    'stats.export': exports.start,
    'stats.exportStatus': exports.status,
    'backups.list': services.backups.list,
    'backups.run': services.backups.run,
    'backups.inspect': services.backups.inspect,
    'backups.restore': services.backups.restore,
    'audit.search': services.audit.search,
    'audit.export': (actor, q) => {
      const files = shells.files;
      return services.audit.export(actor, q, files && ((fileName) => files.chooseTarget(fileName, 'csv', 'the audit trail export')));
    },
    'favourites.list': services.favourites.list,
    'favourites.save': services.favourites.save,
    'favourites.delete': services.favourites.delete,
  };
}

/**
 * Errors as the envelope carries them: an AppError as it is, a refusal by one of the
 * database's triggers as a conflict in its own sentence, a storage fault (told by its code,
 * see db/faults.ts) in its plain sentence, anything else as a plain internal fault.
 */
export function toEnvelopeError(error: unknown): Envelope<never> {
  if (error instanceof AppError) return { ok: false, error: error.toJSON() };
  const refusal = triggerRefusal(error);
  if (refusal) return { ok: false, error: { kind: 'conflict', message: refusal } };
  const database = storageFault(error);
  if (database) return { ok: false, error: { kind: database === 'damaged' ? 'damaged' : 'storage', message: storageFaultMessage(database) } };
  const file = fileFault(error);
  if (file) return { ok: false, error: { kind: 'storage', message: fileFaultMessage(file) } };
  return { ok: false, error: { kind: 'internal', message: 'Something went wrong and nothing was saved. Try again; if it happens again, tell IT.' } };
}

/** Calls one API entry by name with untrusted input and wraps the result in the envelope. */
export function createInvoker(handlers: Handlers, onInternalError: (error: unknown) => void = () => {}) {
  return async function invoke<N extends ApiName>(actor: Actor, name: N, input: unknown): Promise<Envelope<ApiOutput<N>>> {
    if (!Object.hasOwn(api, name)) return { ok: false, error: { kind: 'not_found', message: `There is no API call named "${String(name)}".` } };
    try {
      return { ok: true, value: await handlers[name](actor, parseInput(name, input ?? {})) };
    } catch (error) {
      const envelope = toEnvelopeError(error);
      if (!envelope.ok && envelope.error.kind === 'internal') onInternalError(error);
      return envelope;
    }
  };
}
