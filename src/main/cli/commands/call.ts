import { api, apiNames, maxInputBytes, type ApiName } from '@shared/api';
import type { ApiError } from '@shared/errors';
import { readInputText } from '../input';
import { jsonText, parseJson, printable } from '../json';
import { UsageError, cliActor, withApp, writeOut, type Command } from '../support';

/** Exit status 2 for an error that refuses the request as asked, 1 for a fault of the machine; every kind must be placed. */
const refusal: Record<ApiError['kind'], boolean> = {
  validation: true,
  not_found: true,
  conflict: true,
  stale: true,
  forbidden: true,
  unauthenticated: true,
  locked: true,
  storage: false,
  damaged: false,
  internal: false,
};

/** The call's input: `{}` without --input, standard input with `-`, else the file. */
async function readInput(input: string | boolean | undefined): Promise<unknown> {
  if (typeof input !== 'string') return {};
  const what = input === '-' ? 'The input on standard input' : printable(input);
  const megabytes = maxInputBytes / 1024 / 1024;
  const text = await readInputText(input, {
    what,
    option: '--input',
    again: 'call again',
    limit: { bytes: maxInputBytes, said: `${megabytes} MiB, more than any call takes`, remedy: 'give the input the call takes' },
  });
  return parseJson(text, (where, reason) => new UsageError(`${what} is not valid JSON${where}: ${reason}. Fix the JSON and call again; nothing was done.`));
}

export const call: Command = {
  usage: 'call NAME [--input FILE|-]',
  summary: 'makes one API call, as the app does, and prints its answer as JSON',
  options: { input: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  details: [
    ['--input FILE', 'the input of the call, as JSON; "-" reads it from standard input (at most 1 MiB). Without --input the input is {}'],
    '',
    'It prints the answer as {"ok": true, "value": ...} or {"ok": false, "error": {"kind", "message", "issues"}}. Exit status 0 when ok, 2 when the call was refused (validation, not_found, conflict, stale, forbidden), 1 for a fault of storage or of the app.',
    '',
    'The calls (src/shared/api.ts names the schema of each input):',
    ...apiNames.map((name) => `  ${name}`),
  ],
  async run(ctx) {
    const { values, positionals } = ctx;
    const name = positionals[0]!;
    if (!Object.hasOwn(api, name)) {
      throw new UsageError(`There is no API call "${printable(name)}". See every call's name with: npm run cli -- call --help`);
    }
    const input = await readInput(values.input);
    const envelope = await withApp(ctx, (app) => app.invoke(cliActor(), name as ApiName, input));
    await writeOut([jsonText(envelope)]);
    return envelope.ok ? 0 : refusal[envelope.error.kind] ? 2 : 1;
  },
};
