import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openStore } from '../../db/open';
import type { Command } from '../support';

export const init: Command = {
  usage: 'init',
  summary: 'creates the database, or migrates it to the current schema',
  run({ db }) {
    mkdirSync(dirname(db), { recursive: true });
    openStore(db, { create: true }).close();
  },
};
