/**
 * The practice server's roles: the database's owner (who ran `server init`) owns the schema and
 * alone may change it; the workstations connect as a login role that is a member of the app's
 * group role, which holds only what the services need.
 *
 * - The group (`<database>_app`, no login): CONNECT on this database (taken from PUBLIC, so other
 *   roles of the cluster cannot connect), USAGE on the schema, SELECT, INSERT, UPDATE and DELETE
 *   on the record's tables, SELECT on its views, USAGE on its sequences; on `audit_log` only
 *   SELECT and INSERT, so that whoever holds a workstation's password can add to the audit trail
 *   and read it, never change or remove a row (and the triggers of drizzle/pg/0002 refuse that to
 *   the owner too). No CREATE anywhere, no TEMP, no ownership: no DDL, no trigger disabled.
 * - The workstations' login role (`<database>_workstation`): a member of the group and nothing of
 *   its own, with a generated password (printed once, in the workstations' URL, by the caller).
 *
 * Role names are the cluster's, not the database's: named after the database, so that two
 * practices' (or a test and a live) databases on one cluster never share a role. Granting is
 * idempotent: every run takes the group's rights away and grants them again from the catalog, so
 * a table added by a later migration gets its rights when the owner runs `server init` again.
 */
import { pbkdf2Sync, randomBytes, createHash, createHmac } from 'node:crypto';
import type { ClientBase } from 'pg';
import { AppError } from '@shared/errors';

export interface RoleNames {
  /** The group holding the app's rights. */
  app: string;
  /** The workstations' login role, a member of `app`. */
  workstation: string;
}

/** PostgreSQL's limit on a name, in bytes. */
const maxName = 63;

export function roleNames(database: string): RoleNames {
  const names = { app: `${database}_app`, workstation: `${database}_workstation` };
  if (Buffer.byteLength(names.workstation) > maxName) {
    throw new AppError(
      'validation',
      `The database name "${database}" is too long for the roles named after it: use a name of at most ${maxName - 12} characters.`,
    );
  }
  return names;
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL keeps for a password (RFC 5802, RFC 7677, as its own
 * `pg_fe_scram_build_secret` builds it), so that the password itself never reaches the server's
 * statement log.
 */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** A password for the workstations' role: 192 random bits, in characters a URL carries as they are. */
export const newRolePassword = (): string => randomBytes(24).toString('base64url');

/** Attributes that would give a role more than the app's rights. */
const excessAttributes = ['rolsuper', 'rolcreaterole', 'rolcreatedb', 'rolreplication', 'rolbypassrls'] as const;
const attributeWords: Record<(typeof excessAttributes)[number], string> = {
  rolsuper: 'superuser',
  rolcreaterole: 'may create roles',
  rolcreatedb: 'may create databases',
  rolreplication: 'replication',
  rolbypassrls: 'bypasses row security',
};

type RoleRow = Record<(typeof excessAttributes)[number] | 'rolcanlogin', boolean>;

async function existingRole(client: ClientBase, name: string, login: boolean): Promise<boolean> {
  const { rows } = await client.query<RoleRow>(`select ${excessAttributes.join(', ')}, rolcanlogin from pg_roles where rolname = $1`, [name]);
  const role = rows[0];
  if (!role) return false;
  const excess = excessAttributes.filter((attribute) => role[attribute]).map((attribute) => attributeWords[attribute]);
  if (!login && role.rolcanlogin) excess.push('may log in');
  if (excess.length > 0) {
    throw new AppError(
      'conflict',
      `The role "${name}" already exists with more rights than the app's (${excess.join(', ')}). Remove them (or the role), then run server init again; nothing was changed.`,
    );
  }
  return true;
}

/** What the owner may do here: create roles, and grant on this database. */
export async function assertMaySetUp(client: ClientBase, shown: string): Promise<void> {
  const { rows } = await client.query<{ super: boolean; createrole: boolean; owner: boolean }>(
    `select r.rolsuper as super, r.rolcreaterole as createrole, pg_has_role(current_user, d.datdba, 'USAGE') as owner
       from pg_roles r, pg_database d where r.rolname = current_user and d.datname = current_database()`,
  );
  const me = rows[0];
  if (!me || (!me.super && !(me.createrole && me.owner))) {
    throw new AppError(
      'forbidden',
      `The user in ${shown} may not set up this database: it must own the database and be allowed to create roles (CREATEROLE), or be a superuser such as postgres. Connect as such a user; nothing was changed.`,
    );
  }
}

/** The group's rights on one object of the schema, by its kind (pg_class.relkind). */
function rightsOn(name: string, kind: string): string {
  if (kind === 'S') return 'usage';
  if (kind === 'v' || kind === 'm') return 'select';
  return name === 'audit_log' ? 'select, insert' : 'select, insert, update, delete';
}

/**
 * The group and the workstations' role, created if missing, and the group's rights granted
 * afresh, on the client's transaction. Resolves to the workstation role's new password when
 * it was created now (null when it was there already: its password is kept).
 */
export async function grantAppRoles(client: ClientBase, names: RoleNames): Promise<string | null> {
  const id = (name: string) => client.escapeIdentifier(name);
  const app = id(names.app);
  const database = id((await client.query<{ name: string }>('select current_database() as name')).rows[0]!.name);

  if (!(await existingRole(client, names.app, false))) await client.query(`create role ${app} nologin`);
  let password: string | null = null;
  if (!(await existingRole(client, names.workstation, true))) {
    password = newRolePassword();
    await client.query(`create role ${id(names.workstation)} login password ${client.escapeLiteral(scramVerifier(password))} in role ${app}`);
  } else {
    await client.query(`grant ${app} to ${id(names.workstation)}`);
  }

  // Nobody else connects, or makes temporary tables; nobody creates in the schema but its owner.
  await client.query(`revoke all on database ${database} from public`);
  await client.query(`revoke all on database ${database} from ${app}`);
  await client.query(`grant connect on database ${database} to ${app}`);
  await client.query(`revoke create on schema public from public`);
  await client.query(`revoke all on schema public from ${app}`);
  await client.query(`grant usage on schema public to ${app}`);
  await client.query(`revoke all on all tables in schema public from ${app}`);
  await client.query(`revoke all on all sequences in schema public from ${app}`);
  const { rows } = await client.query<{ name: string; kind: string }>(
    `select c.relname as name, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S') order by c.relname`,
  );
  for (const { name, kind } of rows) {
    const object = `${kind === 'S' ? 'sequence ' : ''}public.${id(name)}`;
    await client.query(`grant ${rightsOn(name, kind)} on ${object} to ${app}`);
  }
  // What a workstation reads at start to know the schema's version (migrate.ts).
  await client.query(`grant usage on schema drizzle to ${app}`);
  await client.query(`grant select on drizzle.__drizzle_migrations to ${app}`);
  return password;
}

/** The workstations' URL: the owner's, with the workstation role and its password instead. */
export function workstationUrl(ownerUrl: string, names: RoleNames, password: string): string {
  const url = new URL(ownerUrl);
  url.username = names.workstation;
  url.password = password;
  return url.toString();
}
