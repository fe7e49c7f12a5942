/**
 * `user add|list|deactivate|reset-password`: the users of Settings → Users, for IT. A
 * password comes on standard input only (typed without echo on a terminal), never as an
 * option, and is never printed.
 */
import type { ApiName } from '@shared/api';
import { AppError } from '@shared/errors';
import type { User } from '@shared/types';
import { roles } from '@shared/vocabulary';
import { parseInput } from '../../api/handlers';
import { jsonText, printable } from '../json';
import { readPassword } from '../password';
import { UsageError, cliActor, inOptionTerms, withServices, writeOut, type Command } from '../support';

const actions = ['add', 'list', 'deactivate', 'reset-password'] as const;
type Action = (typeof actions)[number];

/** The options each action takes; any other is refused. */
const accepted: Record<Action, readonly string[]> = {
  add: ['username', 'role', 'name', 'password-stdin', 'clinical-role', 'title', 'registration'],
  list: [],
  deactivate: [],
  'reset-password': ['password-stdin'],
};

/** The service's field names as the options that carry them. */
const optionOf: Record<string, string> = {
  username: '--username',
  name: '--name',
  role: '--role',
  password: 'The password',
  'clinician.role': '--clinical-role',
  'clinician.title': '--title',
  'clinician.registrationNumber': '--registration',
};

const usage = 'npm run cli -- user add --username U --role R --name "Display Name" --password-stdin';

function needsPasswordStdin(values: Record<string, unknown>, action: string): void {
  if (values['password-stdin'] !== true) {
    throw new UsageError(`user ${action} reads the password from standard input: add --password-stdin (it is never taken as an option).`);
  }
}

/** A user by username (case ignored), or a refusal naming the list. */
function find(users: readonly User[], username: string): User {
  const user = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (!user) throw new UsageError(`There is no user "${printable(username)}". See the users with: npm run cli -- user list`);
  return user;
}

async function refusedAsAsked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.kind === 'conflict') throw new UsageError(error.message);
    throw error;
  }
}

/** One line per user: username, role, active or not, name and clinician profile. */
function table(users: readonly User[]): string[] {
  // Names come from the database: shown with their control characters escaped.
  const rows = users.map((u) =>
    [
      u.username,
      roles.label(u.role),
      u.active ? 'active' : 'deactivated',
      u.name,
      u.clinician ? `${roles.label(u.clinician.role)} (${u.clinician.key})` : '',
    ].map(printable),
  );
  const all = [['USERNAME', 'ROLE', 'STATUS', 'NAME', 'CLINICIAN PROFILE'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => `${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd() + '\n');
}

export const user: Command = {
  usage: 'user add|list|deactivate|reset-password [USERNAME]',
  summary: 'adds, lists, deactivates users, or resets a password',
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'clinical-role': { type: 'string' },
    title: { type: 'string' },
    registration: { type: 'string' },
  },
  positionals: { min: 1, max: 2 },
  details: [
    [
      'user add --username U --role R --name "Display Name" --password-stdin [--clinical-role dermatologist|nurse] [--title T] [--registration N]',
      `R is one of ${roles.codes.join(', ')}. A dermatologist or a nurse gets a clinician profile (what visits name); --clinical-role gives one to an administrator or a practice manager too. --title and --registration go on the profile.`,
    ],
    ['user list', 'every user, with role and status'],
    ['user deactivate U', 'U can no longer sign in (users are never deleted)'],
    ['user reset-password U --password-stdin', 'a new password for U; it also lifts a lockout'],
    '',
    'The password is read from standard input (typed without echo on a terminal), at least 12 characters and not a common one; it is never printed. Without --as, the command acts as this operating-system account, with full rights.',
  ],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [action, username] = positionals as [string, string | undefined];
    if (!(actions as readonly string[]).includes(action)) {
      throw new UsageError(`There is no "user ${printable(action)}". Use user add, user list, user deactivate or user reset-password.`);
    }
    const act = action as Action;
    const extra = Object.keys(values).filter((k) => k in user.options! && values[k] !== undefined && !accepted[act].includes(k));
    if (extra.length > 0) throw new UsageError(`user ${act} does not take --${extra[0]}. Run user --help for the options.`);
    const named = act === 'deactivate' || act === 'reset-password';
    if (named && username === undefined) throw new UsageError(`Say whose account: npm run cli -- user ${act} USERNAME`);
    if (!named && username !== undefined) throw new UsageError(`user ${act} does not take "${printable(username)}". Usage: ${usage}`);
    if (act === 'add' || act === 'reset-password') needsPasswordStdin(values, act);
    // Read before the database is opened: nothing waits on a person typing.
    const password = act === 'add' || act === 'reset-password' ? await readPassword() : '';

    // A taken username or the last administrator is a refusal of what was asked: exit 2.
    return withServices(ctx, (services) =>
      refusedAsAsked(async () => {
        const actor = cliActor();
        const call = <N extends ApiName>(name: N, input: unknown) => inOptionTerms(optionOf, values, async () => parseInput(name, input));
        let shown: User;
        switch (act) {
          case 'list':
            return writeOut(table(await services.users.list(actor)));
          case 'add': {
            for (const option of ['username', 'role', 'name'] as const) {
              if (typeof values[option] !== 'string') throw new UsageError(`Say the new user's ${option}: ${usage}`);
            }
            const clinicalRole = values['clinical-role'];
            const profile = typeof clinicalRole === 'string' || values.title !== undefined || values.registration !== undefined;
            if (profile && typeof clinicalRole !== 'string' && !['dermatologist', 'nurse'].includes(String(values.role))) {
              throw new UsageError('--title and --registration go on a clinician profile: add --clinical-role dermatologist or nurse.');
            }
            const input = {
              username: values.username,
              name: values.name,
              role: values.role,
              password,
              clinician: profile ? { role: clinicalRole ?? values.role, title: values.title ?? '', registrationNumber: values.registration ?? '' } : null,
            };
            shown = await services.users.create(actor, await call('users.create', input));
            break;
          }
          case 'deactivate': {
            const found = find(await services.users.list(actor), username!);
            shown = await services.users.setActive(actor, await call('users.setActive', { id: found.id, active: false }));
            break;
          }
          case 'reset-password': {
            const found = find(await services.users.list(actor), username!);
            shown = await services.users.resetPassword(actor, await call('users.resetPassword', { id: found.id, password }));
            break;
          }
        }
        await writeOut([jsonText(shown)]);
      }),
    );
  },
};
