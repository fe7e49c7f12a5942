import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createOrMigrate } from '../database';
import { checkDatabasePath } from '../paths';
import { fileOnly, type Command } from '../support';

export const init: Command = {
  usage: 'init',
  summary: 'creates the database, or migrates it to the current schema',
  run(ctx) {
    const db = fileOnly(ctx, 'init', 'A practice server is set up with: npm run cli -- server init --url URL --admin USERNAME --password-stdin');
    // A missing file is made; an empty one, a folder or a device is refused, never turned into a database.
    checkDatabasePath(db, { create: true });
    mkdirSync(dirname(db), { recursive: true });
    createOrMigrate(db);
  },
};
