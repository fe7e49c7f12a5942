import { passwords } from '../../services/passwords';
import { jsonText } from '../json';
import { cliActor, UsageError, withProgress, withServices, writeOut, type Command } from '../support';

function wholeNumber(value: string | boolean | undefined, option: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`--${option} must be a whole number from ${min} to ${max}, not "${String(value)}".`);
  return n;
}

export const seedPatients: Command = {
  usage: 'seed --patients N [--seed S]',
  permission: 'practice.manage',
  summary: 'adds N synthetic patients with visits, treatments and follow-ups; the same S gives the same data',
  options: { patients: { type: 'string' }, seed: { type: 'string', default: '1' } },
  details: [
    ['--patients N', 'how many patients to add (1 to 1000000)'],
    ['--seed S', 'the random seed (default 1); MRNs are SYN<S>-000001 on'],
    '',
    'Dates run up to today: the same S on another day gives the same record shifted in time.',
    "Into a record with no users yet it adds the demo's users too, with their published demo passwords (the sign-in screen shows them).",
  ],
  async run(ctx) {
    const { values } = ctx;
    if (values.patients === undefined) throw new UsageError('Say how many patients to add: seed --patients N.');
    const patients = wholeNumber(values.patients, 'patients', 1, 1_000_000);
    const seedNumber = wholeNumber(values.seed, 'seed', 0, 2 ** 31 - 1);
    // faker and its locales take a while to load: only when seeding.
    const { seed } = await import('../../seed');
    return withServices(ctx, async (services) => {
      const summary = await withProgress('Seeding', (onProgress) =>
        seed(services.store.records, cliActor(), { patients, seed: seedNumber, onProgress, hashPassword: passwords().hash }),
      );
      await writeOut([jsonText(summary)]);
    });
  },
};
