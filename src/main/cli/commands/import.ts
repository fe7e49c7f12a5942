import { jsonText, parseJson, printable } from '../json';
import { readInputText } from '../input';
import { cliActor, UsageError, withProgress, withServices, writeOut, type Command } from '../support';

/** The largest file imported unless --max-size says otherwise, in MB (a whole record of 100,000 patients is about 150 MB). */
const defaultMaxMegabytes = 256;

/** --max-size as bytes: a whole number of MB. */
function maxBytes(value: string | boolean | undefined): number {
  if (value === undefined) return defaultMaxMegabytes * 1024 * 1024;
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 0;
  if (n < 1) throw new UsageError(`--max-size must be a whole number of MB from 1 to 999999, not "${printable(String(value))}".`);
  return n * 1024 * 1024;
}

/** The file's JSON (FILE `-`: standard input); a syntax error names the line and column, as an editor shows them. */
async function readJson(file: string, limitBytes: number, limitGiven: boolean): Promise<unknown> {
  const what = file === '-' ? 'The input on standard input' : printable(file);
  const megabytes = limitBytes / 1024 / 1024;
  const text = await readInputText(file, {
    what,
    option: 'import',
    again: 'import it again',
    limit: {
      bytes: limitBytes,
      said: `${megabytes} MB${limitGiven ? ' (the --max-size limit)' : ''}`,
      remedy: limitGiven ? 'raise --max-size' : `give a larger limit with --max-size MB (the default is ${defaultMaxMegabytes})`,
    },
  });
  return parseJson(
    text,
    (where, reason) => new UsageError(`${what} is not valid JSON${where}: ${reason}. Fix the file and import it again; nothing was imported.`),
  );
}

export const importFile: Command = {
  usage: 'import FILE [--max-size MB]',
  summary: 'imports an interchange file (milia-notes/1 to /5), all or nothing',
  options: { 'max-size': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  details: [
    ['FILE', 'the interchange file, in UTF-8; "-" reads it from standard input'],
    ['--max-size MB', `the largest input read (default ${defaultMaxMegabytes}); a larger file is refused before it is read, and a stream is read no further`],
  ],
  async run(ctx) {
    const { positionals, values } = ctx;
    const limit = maxBytes(values['max-size']);
    // Read before the database is opened: a refused file costs nothing and changes nothing.
    const doc = await readJson(positionals[0]!, limit, values['max-size'] !== undefined);
    return withServices(ctx, async (services) => {
      const summary = await withProgress('Importing', (onProgress) => services.interchange.import(cliActor(), doc, { onProgress }));
      await writeOut([jsonText(summary)]);
    });
  },
};
