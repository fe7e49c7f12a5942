/**
 * Another process writing to a database: saves visits in a loop through the services and
 * prints the id of each one once it is committed, until it is killed, its standard input
 * closes, or a minute passes. Run with tsx: `visitWriter.ts DB PATIENT CLINICIAN`.
 */
import { systemActor } from '@shared/permissions';
import { openStore } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import { parsingServices } from './surface';

const [dbPath, patientArg, clinicianArg] = process.argv.slice(2);
const patientId = Number(patientArg);
const clinicianId = Number(clinicianArg);
const store = openStore(dbPath!);
const services = parsingServices(createServices(store));
const actor = systemActor('Writer process', 'cli');

let stop = false;
process.stdin.on('end', () => (stop = true)).resume();
process.on('SIGTERM', () => (stop = true));
const until = Date.now() + 60_000;

async function main(): Promise<void> {
  for (let n = 0; !stop && Date.now() < until; n++) {
    const visit = await services.visits.save(actor, {
      patientId,
      date: '2026-02-10',
      clinicianId,
      notes: `Visit ${n} saved by the writer process.`,
      presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 1 + (n % 20) }],
      treatments: [
        { kind: 'extraction', site: 'cheek', side: 'left', lesionsTreated: 1 + (n % 20), anesthesia: 'none', consent: true, performedBy: clinicianId },
      ],
      followUps: [],
    });
    process.stdout.write(`${visit.id}\n`);
    // Lets the signal and standard input be noticed between saves.
    await new Promise((resolve) => setImmediate(resolve));
  }
  store.close();
}

void main();
