import { readFileSync } from 'node:fs';
import { parseJson } from '../json';
import { cliActor, UsageError, withProgress, withServices, writeOut, type Command } from '../support';

/** The file's JSON; a syntax error names the line and column, as an editor shows them. */
function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`There is no file at ${file}. Check the path.`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder. Give the interchange file inside it.`);
    throw error;
  }
  return parseJson(
    text,
    (where, reason) => new UsageError(`${file} is not valid JSON${where}: ${reason}. Fix the file and import it again; nothing was imported.`),
  );
}

export const importFile: Command = {
  usage: 'import FILE',
  summary: 'imports an interchange file (milia-notes/1 or /2), all or nothing',
  positionals: { min: 1, max: 1 },
  run({ db, positionals }) {
    return withServices(db, async (services) => {
      const doc = readJson(positionals[0]!);
      const summary = await withProgress('Importing', (onProgress) => services.interchange.import(cliActor(), doc, { onProgress }));
      await writeOut([`${JSON.stringify(summary, null, 2)}\n`]);
    });
  },
};
