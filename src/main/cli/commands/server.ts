/**
 * `server init|import`: setting up the practice server and moving a workstation's record onto
 * it. Each action's module (and with it the server's driver) is loaded only when it runs, so the
 * commands on a database file never load it.
 */
import { printable } from '../json';
import { UsageError, type Command } from '../support';

const actions = ['init', 'import'] as const;
type Action = (typeof actions)[number];

/** The options each action takes; any other is refused. */
const accepted: Record<Action, readonly string[]> = {
  init: ['url', 'admin', 'name', 'password-stdin'],
  import: [],
};

export const server: Command = {
  usage: 'server init|import',
  summary: 'sets up the practice server, or moves a database file onto it',
  options: {
    url: { type: 'string' },
    admin: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  details: [
    [
      'server init --url URL [--admin USERNAME [--name "Display Name"] --password-stdin]',
      "URL names an existing database as its owner (or a superuser). Creates or updates the schema, and the app's roles: DATABASE_app (the rights the app needs, the audit trail only read and added to) and DATABASE_workstation, which logs in as a member of it. When that role is created its URL is printed on standard output, once: give it to the workstations (Settings → Record, or --server). --admin creates the practice's first administrator (password from standard input, as for user add); it is refused once someone can sign in. Run again without --admin, as the owner, after installing a newer version: the schema is updated and the rights granted again.",
    ],
    [
      'server import --db FILE --server URL',
      "Moves FILE's whole record onto the server in one transaction: every row with its id, the audit trail with its seals (verified first), the statistics made by the server, and the move recorded in the trail. The server's record must be empty (set up with server init without --admin: the file brings its users). URL is the owner's (as given to server init); MILIA_SERVER is used when --server is left out. FILE is never changed.",
    ],
  ],
  async run(ctx) {
    const action = ctx.positionals[0]!;
    if (!(actions as readonly string[]).includes(action)) {
      throw new UsageError(`There is no "server ${printable(action)}". Use server init or server import.`);
    }
    const act = action as Action;
    const extra = Object.keys(ctx.values).filter((k) => k in server.options! && ctx.values[k] !== undefined && !accepted[act].includes(k));
    if (extra.length > 0) throw new UsageError(`server ${act} does not take --${extra[0]}. Run server --help for the options.`);
    if (act === 'init') return (await import('./server/init')).serverInit(ctx);
    return (await import('./server/move')).serverImport(ctx);
  },
};
