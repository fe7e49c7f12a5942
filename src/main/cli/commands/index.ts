/**
 * The command table: one module per command. A command missing here is unknown to the
 * command line, and the error lists the ones there are.
 */
import type { Command } from '../support';
import { audit } from './audit';
import { backup } from './backup';
import { call } from './call';
import { check } from './check';
import { exportFile } from './export';
import { handout } from './handout';
import { importFile } from './import';
import { init } from './init';
import { restore } from './restore';
import { seedPatients } from './seed';
import { server } from './server';
import { stats } from './stats';
import { user } from './user';

export const commands: Record<string, Command> = {
  init,
  import: importFile,
  export: exportFile,
  seed: seedPatients,
  check,
  handout,
  stats,
  backup,
  restore,
  audit,
  user,
  call,
  server,
};
