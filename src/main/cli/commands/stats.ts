import { parseInput } from '../../api/handlers';
import { jsonText, printable } from '../json';
import {
  UsageError,
  cliActor,
  inOptionTerms,
  outPath,
  progressLine,
  fillTemporary,
  placeFilled,
  withServices,
  writeFileDurably,
  writeOut,
  type Command,
} from '../support';

const formats = ['json', 'csv', 'xlsx'] as const;
type Format = (typeof formats)[number];

/** The service's field names as the options that carry them. */
const optionOf: Record<string, string> = { from: '--from', to: '--to', asOf: '--as-of', format: '--format' };

export const stats: Command = {
  usage: 'stats --from DATE --to DATE [--as-of DATE] [--format json|csv|xlsx] [--out FILE]',
  summary: 'the treatment statistics of a period: the summary as JSON, or the treatments as CSV or XLSX',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'json' },
    out: { type: 'string' },
  },
  details: [
    ['--from DATE', 'the first day of the period, YYYY-MM-DD (included)'],
    ['--to DATE', 'the last day of the period, YYYY-MM-DD (included)'],
    ['--as-of DATE', 'the day "overdue" is judged on (default: today)'],
    [
      '--format F',
      'json (the summary, the default), csv (one row per treatment) or xlsx (the summary, the months and the treatments); exports carry no names, MRNs, dates of birth or contact details: patients appear as P-00001...',
    ],
    [
      '--out FILE',
      'the file to write; replaced only once complete. Without it, json and csv go to standard output (csv without the byte-order mark that a file gets for Excel) and xlsx goes to milia-statistics-<from>-to-<to>.xlsx here; csv shown on a terminal has its control characters escaped (\\u000a)',
    ],
  ],
  async run(ctx) {
    const { db, values } = ctx;
    const { from, to, out } = values;
    const asOf = values['as-of'];
    if (typeof from !== 'string' || typeof to !== 'string') {
      throw new UsageError('Say which period: stats --from YYYY-MM-DD --to YYYY-MM-DD (both days included).');
    }
    const format = values.format as string;
    if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be json, csv or xlsx, not "${printable(format)}".`);
    const period = { from, to, ...(typeof asOf === 'string' ? { asOf } : {}) };
    const given = { ...period };
    const purpose = { purpose: 'the statistics', example: `milia-statistics-${from}-to-${to}.${format}` };
    // The export writers (csv-stringify, the XLSX's zip) are loaded only for an export.
    const files = format === 'json' ? undefined : await import('../../stats/formats');
    // The period judged first, as the XLSX's own file is named after it.
    const exported =
      format === 'json'
        ? null
        : await inOptionTerms(optionOf, given, async () => parseInput('stats.export', { ...period, format: format as Exclude<Format, 'json'> }));
    // Judged before any work: a refused file costs nothing, changes nothing and audits no export.
    const target =
      typeof out === 'string' ? outPath(out, db, purpose) : exported?.format === 'xlsx' ? outPath(files!.exportFileName('xlsx', exported), db, purpose) : null;

    return withServices(ctx, async (services) => {
      const actor = cliActor();
      if (format === 'json') {
        const summary = await inOptionTerms(optionOf, given, async () => services.stats.summary(actor, parseInput('stats.summary', period)));
        // Escapes only (the value parses the same): a clinician's name cannot act on a terminal.
        const text = jsonText(summary);
        if (target !== null) writeFileDurably(target, text);
        else await writeOut([text]);
        return;
      }
      const progress = progressLine('Exporting');
      try {
        if (target !== null) {
          // Written as it is read into a file beside the target, which takes its name once the export is audited.
          await placeFilled(target, (temporary) =>
            inOptionTerms(optionOf, given, async () =>
              services.stats.exportStreamed(actor, exported!, async (input) => {
                await fillTemporary(temporary, files!.exportPieces(input, progress.onProgress));
              }),
            ),
          );
          return;
        }
        // Standard output (CSV only): the rows are read and audited first, as output once written cannot be taken back.
        const data = await inOptionTerms(optionOf, given, async () => services.stats.exportData(actor, exported!));
        // A terminal shows control characters escaped; a pipe gets the CSV's bytes.
        const terminal = process.stdout.isTTY === true ? printable : undefined;
        for await (const piece of files!.csvPieces(data.rows, { bom: false, onProgress: progress.onProgress, terminal })) await writeOut([piece]);
      } finally {
        progress.end();
      }
    });
  },
};
