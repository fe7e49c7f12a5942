import { documentText } from '../../interchange/export';
import { terminalSafeJson } from '../json';
import { cliActor, outPath, withProgress, withServices, writeFileDurably, writeOut, type Command } from '../support';

function* safePieces(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield terminalSafeJson(piece);
}

export const exportFile: Command = {
  usage: 'export [--out FILE]',
  access: 'read',
  summary: 'writes the whole record as an interchange file (to standard output without --out)',
  options: { out: { type: 'string' } },
  details: [
    [
      '--out FILE',
      'the file to write; it is replaced only once the export is complete. The database, its -wal, -shm and backup state files, a folder or a device are refused',
    ],
  ],
  run(ctx) {
    const { db, values } = ctx;
    // Judged before any work: a refused --out costs nothing and changes nothing.
    const out = typeof values.out === 'string' ? outPath(values.out, db, { purpose: 'the export', example: 'milia-notes-export.json' }) : null;
    return withServices(
      ctx,
      async (services) => {
        const doc = await withProgress('Exporting', (onProgress) => services.interchange.export(cliActor(), { onProgress }));
        if (out !== null) writeFileDurably(out, documentText(doc));
        // Names on a terminal: the characters a terminal acts on, escaped (the JSON's value is the same).
        else await writeOut(safePieces(documentText(doc)));
      },
      'read',
    );
  },
};
