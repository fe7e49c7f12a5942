/**
 * The composition root: the one place that wires a surface. The desktop app, the browser mode,
 * the command line and the tests each open a store, then ask here for the services over it,
 * the API handlers over those, the invoker every call goes through, and who is acting. A
 * surface with a worker thread (its shells) has its heavy work done there.
 */
import { userInfo } from 'node:os';
import { createHandlers, createInvoker, type Shells } from './api/handlers';
import { isSqliteStore, type Store } from './db/records';
import { createServices, type ServiceOptions } from './services';
import { asBuffer } from './workers/pool';

export interface AppOptions extends ServiceOptions {
  /** The version `app.status` reports. */
  version: string;
  /** What only the surface can do: show a PDF, save an export where the user says. */
  shells?: Shells;
  /** Where unexpected faults are reported (the envelope says only "something went wrong"). */
  onInternalError?(error: unknown): void;
}

export function composeApp<S extends Store>(store: S, options: AppOptions) {
  const workers = options.shells?.workers;
  // With a worker thread, handouts are laid out there: the surface's event loop only passes messages.
  const renderHandouts: ServiceOptions['renderHandouts'] = workers
    ? async (docs, render) => {
        return asBuffer(await workers.run('handouts', { docs: [...docs], options: render }));
      }
    : options.renderHandouts;
  // …and backups are copied and checked there, over the thread's own connection.
  const backups: ServiceOptions['backups'] =
    workers && isSqliteStore(store)
      ? {
          ...options.backups,
          backUpInto: (folder, reason, at, onProgress) => workers.run('backup', { dbPath: store.path, folder, reason, at: at.toISOString() }, onProgress),
        }
      : options.backups;
  // …and the audit trail's export is read and written there.
  const auditFiles: ServiceOptions['auditFiles'] =
    workers && isSqliteStore(store)
      ? (filter) => ({
          into: (temporary) => workers.run('auditExportInto', { dbPath: store.path, filter, temporary }),
          bytes: async () => {
            const made = await workers.run('auditExport', { dbPath: store.path, filter });
            return { rows: made.rows, bytes: asBuffer(made.bytes) };
          },
        })
      : options.auditFiles;
  const services = createServices(store, { ...options, renderHandouts, backups, auditFiles });
  const invoke = createInvoker(createHandlers(services, { version: options.version }, options.shells), options.onInternalError);
  return { store, services, invoke };
}

export type App<S extends Store = Store> = ReturnType<typeof composeApp<S>>;

/** The operating-system account this process runs as. */
export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
