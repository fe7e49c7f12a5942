/** The workstation's day and the moment, as the record writes them. */
import { format } from 'date-fns';

/** Today on this workstation's calendar, `YYYY-MM-DD`. */
export const today = (): string => format(new Date(), 'yyyy-MM-dd');

/** Now, ISO 8601 UTC. */
export const nowIso = (): string => new Date().toISOString();
