/**
 * `server init --url URL [--admin USERNAME --password-stdin]`: the practice server's database
 * set up by its owner. In order, each step leaving the database whole if the next fails, and
 * the whole command safe to run again:
 * 1. refusals before anything changes: a URL that is not PostgreSQL's, a user that may not set
 *    up the database, an administrator asked for where someone can already sign in, a password
 *    the app would refuse;
 * 2. the schema, by the migrations of drizzle/pg in one transaction (nothing when up to date);
 * 3. the roles and their rights (db/pg/roles.ts), in one transaction; the workstations' URL
 *    printed on standard output when their role is created, before anything else can fail;
 * 4. the first administrator, through the same service (rules, hashing, audit) as `user add`.
 */
import type { Client } from 'pg';
import { AppError } from '@shared/errors';
import { parseInput } from '../../../api/handlers';
import { ClosingClient } from '../../../db/pg/client';
import { openServerDatabase } from '../../../db/pg/migrate';
import { assertMaySetUp, grantAppRoles, roleNames, workstationUrl } from '../../../db/pg/roles';
import { shownUrl } from '../../../db/pg/url';
import { serverStore } from '../../../db/records/pg';
import { createServices } from '../../../services';
import { printable } from '../../json';
import { readPassword } from '../../password';
import { serverRefusal, serverUrl } from '../../serverDatabase';
import { UsageError, cliActor, inOptionTerms, writeOut, type CommandContext } from '../../support';

/** The service's field names as the options that carry them. */
const optionOf: Record<string, string> = { username: '--admin', name: '--name', password: 'The password' };

/** How many users can sign in, when the schema is there (null before the first migration, or in another program's database, which the migration then refuses). */
async function usersWhoCanSignIn(client: Client): Promise<number | null> {
  const table = await client.query<{ found: string | null }>("select to_regclass('drizzle.__drizzle_migrations')::text as found");
  if (table.rows[0]?.found == null) return null;
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from users where active and password_hash is not null');
  return rows[0]!.n;
}

/** The command line's sentence for a refusal by the server or of the URL, naming --url, which gave it here. */
function refusal(error: unknown, url: string): unknown {
  const said = serverRefusal(error, url, '--server');
  if (said instanceof Error) said.message = said.message.replaceAll('--server', '--url');
  return said;
}

/** Runs `work` connected to `url`, its refusals (unreachable, sign-in, no such database) as sentences. */
async function connected<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new ClosingClient({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw refusal(error, url);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function serverInit({ values }: CommandContext): Promise<void> {
  const url = values.url;
  if (typeof url !== 'string') {
    throw new UsageError("server init needs --url: the database's URL as its owner, such as postgresql://postgres@localhost:5432/milia");
  }
  let database: string;
  try {
    database = decodeURIComponent(serverUrl(url, '--server').pathname.slice(1));
  } catch (error) {
    throw refusal(error, url);
  }
  if (database === '') throw new UsageError('--url names no database: end it with /DATABASE, the database to set up (create it first: createdb milia).');
  const shown = shownUrl(url);
  const admin = values.admin;
  if (typeof admin === 'string' && values['password-stdin'] !== true) {
    throw new UsageError("server init --admin reads the administrator's password from standard input: add --password-stdin (it is never taken as an option).");
  }
  if (typeof admin !== 'string' && (values['password-stdin'] !== undefined || values.name !== undefined)) {
    throw new UsageError(`--${values.name !== undefined ? 'name' : 'password-stdin'} is for the first administrator: add --admin USERNAME.`);
  }
  let names: ReturnType<typeof roleNames>;
  try {
    names = roleNames(database);
  } catch (error) {
    asUsage(error);
  }
  // Read and judged before the server is touched: nothing waits on a person typing, and a refused password changes nothing.
  const input =
    typeof admin === 'string'
      ? await inOptionTerms(optionOf, values, async () =>
          parseInput('users.create', { username: admin, name: values.name ?? admin, role: 'admin', password: await readPassword(), clinician: null }),
        )
      : null;

  await connected(url, async (client) => {
    await assertMaySetUp(client, shown).catch(asUsage);
    const canSignIn = await usersWhoCanSignIn(client);
    if (input && canSignIn !== null && canSignIn > 0) {
      throw new UsageError(
        `${shown} is already set up: ${canSignIn} user${canSignIn === 1 ? '' : 's'} can sign in, so no first administrator is made. Nothing was changed. ` +
          `Add users with: npm run cli -- user add --server URL …; to update the schema and rights, run server init --url ${shown} without --admin.`,
      );
    }
  });

  const { pool } = await openServerDatabase(url).catch((error: unknown) => {
    throw refusal(error, url);
  });
  const store = serverStore(pool, url);
  try {
    const client = await pool.connect();
    let password: string | null;
    try {
      await client.query('begin');
      password = await grantAppRoles(client, names).catch(asUsage);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (password !== null) {
      process.stderr.write(
        `The workstations connect as "${names.workstation}" with the URL below, shown this once (it holds the role's password): ` +
          'keep it where IT keeps passwords, and give it to each workstation (Settings → Record, or --server).\n',
      );
      await writeOut([`${workstationUrl(url, names, password)}\n`]);
    } else {
      process.stderr.write(`The role "${printable(names.workstation)}" was there already: its password is unchanged.\n`);
    }
    if (input) {
      const user = await createServices(store)
        .users.create(cliActor(), input)
        .catch((error: unknown) => {
          if (error instanceof AppError && error.kind === 'conflict') throw new UsageError(error.message);
          throw error;
        });
      process.stderr.write(`The administrator "${printable(user.username)}" can sign in.\n`);
    }
    process.stderr.write(`${shown} is set up: the schema is current, and "${printable(names.app)}" holds the app's rights.\n`);
  } finally {
    store.close();
  }
}

/** A refusal of what was asked (the owner's rights, a role in the way) as the command line's exit status 2. */
function asUsage(error: unknown): never {
  if (error instanceof AppError && (error.kind === 'forbidden' || error.kind === 'conflict' || error.kind === 'validation'))
    throw new UsageError(error.message);
  throw error;
}
