import { readFileSync } from 'node:fs';
import { importDocument } from '../../interchange/import';
import { cliActor, UsageError, withProgress, withServices, writeOut, type Command } from '../support';

/** `line 3, column 5` for a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Where JSON.parse stopped. V8 gives the position, or for an unexpected token the text
 * around it: up to 10 characters either side, with "..." where it cut the text short.
 */
function errorOffset(message: string, text: string): number | undefined {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/end of JSON input/.test(message)) return text.length;
  const around = /^Unexpected token .*?, (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!around) return undefined;
  const [, cutBefore, snippet = '', cutAfter] = around;
  if (cutBefore) {
    const start = text.indexOf(snippet);
    return start < 0 ? undefined : start + 10;
  }
  return cutAfter ? snippet.length - 10 : undefined;
}

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
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = errorOffset(error.message, text);
    const reason = error.message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
      .replace(/^./, (c) => c.toLowerCase());
    const where = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`;
    throw new UsageError(`${file} is not valid JSON${where}: ${reason}. Fix the file and import it again; nothing was imported.`);
  }
}

export const importFile: Command = {
  usage: 'import FILE',
  summary: 'imports an interchange file (milia-notes/1), all or nothing',
  positionals: { min: 1, max: 1 },
  run({ db, positionals }) {
    return withServices(db, async (services) => {
      const doc = readJson(positionals[0]!);
      const summary = withProgress('Importing', (onProgress) => importDocument(services, cliActor(), doc, { onProgress }));
      await writeOut([`${JSON.stringify(summary, null, 2)}\n`]);
    });
  },
};
