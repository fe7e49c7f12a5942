import { parseInput } from '../../api/handlers';
import { auditCsvPieces } from '../../auditExport/csv';
import { jsonText, printable, terminalCsv } from '../json';
import { UsageError, cliActor, inOptionTerms, outPath, placeFilled, withServices, writeFileDurably, writeOut, type Command } from '../support';

const formats = ['json', 'csv'] as const;
type Format = (typeof formats)[number];

/** The query's field names as the options that carry them. */
const optionOf: Record<string, string> = { from: '--from', to: '--to', username: '--user', patientId: '--patient', action: '--action' };

export const audit: Command = {
  usage: 'audit --from DATE --to DATE [--format json|csv] [--user U] [--patient ID] [--action A] [--out FILE]',
  summary: 'the audit trail of a period, newest first: who did what, as JSON or CSV (the export is itself audited)',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'json' },
    user: { type: 'string' },
    patient: { type: 'string' },
    action: { type: 'string' },
    out: { type: 'string' },
  },
  details: [
    ['--from DATE', 'the first day, YYYY-MM-DD (included); days are UTC, as the events are stored'],
    ['--to DATE', 'the last day, YYYY-MM-DD (included)'],
    ['--format F', 'json (an array of events, the default) or csv (a header row, then one row per event)'],
    ['--user U', 'only the events of that username (case ignored)'],
    ['--patient ID', 'only the events about that patient (the id the API and the chart use)'],
    ['--action A', 'only that action: read, search, create, update, sign, print, export, sign_in, forbidden...'],
    [
      '--out FILE',
      'the file to write; replaced only once complete. Without it the events go to standard output (csv without the byte-order mark that a file gets for Excel)',
    ],
  ],
  async run(ctx) {
    const { db, values } = ctx;
    const { from, to, out, user, patient, action } = values;
    if (typeof from !== 'string' || typeof to !== 'string') {
      throw new UsageError('Say which days: audit --from YYYY-MM-DD --to YYYY-MM-DD (both days included).');
    }
    const format = values.format as string;
    if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be json or csv, not "${printable(format)}".`);
    if (typeof patient === 'string' && !/^[1-9]\d{0,15}$/.test(patient)) {
      throw new UsageError(`--patient must be the patient's id, a whole number such as 42, not "${printable(patient)}".`);
    }
    const query = {
      from,
      to,
      ...(typeof user === 'string' ? { username: user } : {}),
      ...(typeof patient === 'string' ? { patientId: Number(patient) } : {}),
      ...(typeof action === 'string' ? { action } : {}),
    };
    // Judged before any work: a refused --out costs nothing and changes nothing.
    const target = typeof out === 'string' ? outPath(out, db, { purpose: 'the audit export', example: `milia-audit-${from}-to-${to}.${format}` }) : null;

    return withServices(ctx, async (services) => {
      if (format === 'csv' && target !== null) {
        // Written as it is read (no save held back) beside the target, which takes its name once the export is audited.
        const saved = { savedTo: target, url: null };
        await inOptionTerms(optionOf, query, async () =>
          services.audit.export(cliActor(), parseInput('audit.search', query), async () => ({
            save: async (bytes) => (writeFileDurably(target, bytes), saved),
            saveFilled: async (fill) => (await placeFilled(target, fill), saved),
          })),
        );
        return;
      }
      const events = await inOptionTerms(optionOf, query, async () => services.audit.events(cliActor(), parseInput('audit.search', query), format as Format));
      if (format === 'json') {
        const text = jsonText(events);
        if (target !== null) writeFileDurably(target, text);
        else await writeOut([text]);
        return;
      }
      // A terminal is not a page: what a name holds is shown escaped there; a pipe gets the CSV's bytes.
      for await (const piece of auditCsvPieces(events, { bom: false })) await writeOut([process.stdout.isTTY ? terminalCsv(piece.toString('utf8')) : piece]);
    });
  },
};
