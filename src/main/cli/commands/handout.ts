import { resolve } from 'node:path';
import { UsageError, cliActor, withServices, writeBytesAtomic, type Command } from '../support';

export const handout: Command = {
  usage: 'handout --visit ID [--out FILE] [--large-print]',
  summary: "writes the aftercare handout PDF for a visit's treatments and records it like the app does",
  options: { visit: { type: 'string' }, out: { type: 'string' }, 'large-print': { type: 'boolean' } },
  details: [
    '--visit ID       the visit (its number in the app)',
    '--out FILE       the PDF to write (default: handout-<ID>.pdf); replaced only once complete',
    '--large-print    body text in 16 pt for readers who need it larger',
  ],
  run({ db, values }) {
    const visit = values.visit;
    if (typeof visit !== 'string') throw new UsageError('Say which visit: handout --visit ID.');
    if (!/^\d+$/.test(visit) || Number(visit) < 1) throw new UsageError(`--visit must be a visit id, a whole number, not "${visit}".`);
    const visitId = Number(visit);
    const out = resolve(typeof values.out === 'string' ? values.out : `handout-${visitId}.pdf`);
    return withServices(db, async (services) => {
      const actor = cliActor();
      // Stored first, as in the app, so the file written is the recorded handout byte for byte.
      const record = await services.handouts.create(actor, { visitId, largePrint: values['large-print'] === true });
      writeBytesAtomic(out, services.handouts.pdf(actor, { id: record.id }).bytes);
    });
  },
};
