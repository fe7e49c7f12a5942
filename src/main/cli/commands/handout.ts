import { printable } from '../json';
import { UsageError, cliActor, outPath, withServices, writeFileDurably, type Command } from '../support';

export const handout: Command = {
  usage: 'handout --visit ID [--out FILE] [--large-print]',
  summary: "writes the aftercare handout PDF for a visit's treatments and records it like the app does",
  options: { visit: { type: 'string' }, out: { type: 'string' }, 'large-print': { type: 'boolean' } },
  details: [
    ['--visit ID', 'the visit (its number in the app)'],
    ['--out FILE', 'the PDF to write (default: handout-<ID>.pdf); replaced only once complete, and the handout is recorded only once it is written'],
    ['--large-print', 'body text in 16 pt for readers who need it larger'],
  ],
  run(ctx) {
    const { db, values } = ctx;
    const visit = values.visit;
    if (typeof visit !== 'string') throw new UsageError('Say which visit: handout --visit ID.');
    if (!/^\d+$/.test(visit) || Number(visit) < 1) throw new UsageError(`--visit must be a visit id, a whole number, not "${printable(visit)}".`);
    const visitId = Number(visit);
    const example = `handout-${visitId}.pdf`;
    const out = outPath(typeof values.out === 'string' ? values.out : example, db, { purpose: 'the handout', example });
    return withServices(ctx, async (services) => {
      // The file first, then the record of exactly those bytes: the log never lists a handout
      // whose file could not be written.
      await services.handouts.create(
        cliActor(),
        { visitId, largePrint: values['large-print'] === true },
        { beforeRecord: (bytes) => writeFileDurably(out, bytes) },
      );
    });
  },
};
