import { documentText } from '../../interchange/export';
import { cliActor, outPath, withProgress, withServices, writeFileDurably, writeOut, type Command } from '../support';

export const exportFile: Command = {
  usage: 'export [--out FILE]',
  summary: 'writes the whole record as an interchange file (to standard output without --out)',
  options: { out: { type: 'string' } },
  details: [
    '--out FILE   the file to write; it is replaced only once the export is complete. The',
    '             database, its -wal, -shm and backup state files, a folder or a device are refused',
  ],
  run({ db, values }) {
    // Judged before any work: a refused --out costs nothing and changes nothing.
    const out = typeof values.out === 'string' ? outPath(values.out, db, { purpose: 'the export', example: 'milia-notes-export.json' }) : null;
    return withServices(db, async (services) => {
      const doc = await withProgress('Exporting', (onProgress) => services.interchange.export(cliActor(), { onProgress }));
      if (out !== null) writeFileDurably(out, documentText(doc));
      else await writeOut(documentText(doc));
    });
  },
};
