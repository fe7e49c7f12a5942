import { resolve } from 'node:path';
import { documentText, exportDocument } from '../../interchange/export';
import { withProgress, withServices, writeFileAtomic, writeOut, type Command } from '../support';

export const exportFile: Command = {
  usage: 'export [--out FILE]',
  summary: 'writes the whole record as an interchange file (to standard output without --out)',
  options: { out: { type: 'string' } },
  details: ['--out FILE   the file to write; it is replaced only once the export is complete'],
  run({ db, values }) {
    return withServices(db, async (services) => {
      const doc = withProgress('Exporting', (onProgress) => exportDocument(services, { onProgress }));
      const out = values.out;
      if (typeof out === 'string') writeFileAtomic(resolve(out), documentText(doc));
      else await writeOut(documentText(doc));
    });
  },
};
