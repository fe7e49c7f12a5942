/**
 * Where the desktop app keeps its data, without asking Electron, so that the command line
 * finds the same file: Electron's userData folder for the app name "Milia Notes".
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const appName = 'Milia Notes';
const databaseFileName = 'milia-notes.db';

export function userDataFolder(): string {
  if (process.env.MILIA_USER_DATA) return process.env.MILIA_USER_DATA;
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appName);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', appName);
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), appName);
  }
}

/** The database the desktop app uses on this machine, and the command line by default. */
export const defaultDatabasePath = (): string => join(userDataFolder(), databaseFileName);
