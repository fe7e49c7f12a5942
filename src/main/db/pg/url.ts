import type { ServerConnection } from '@shared/recordConnection';

/** The parameters of a PostgreSQL URL that carry a secret (libpq's, which node-postgres reads too). */
const secretParameters = ['password', 'sslpassword'];

/** The server's address as messages name it: the URL without its passwords, given before the host or as parameters (a module of its own, so that naming it loads no driver). */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    for (const name of secretParameters) parsed.searchParams.delete(name);
    return parsed.toString();
  } catch {
    return 'the practice server';
  }
}

/**
 * The PostgreSQL URL the driver connects with. `caFile` is the certificate's file (the text of
 * one given as PEM is written to a file first, by the caller); libpq's meaning of each sslmode
 * is asked for (`uselibpqcompat`), so "require" encrypts without checking, as the form says.
 */
export function connectionUrl(c: ServerConnection, password: string | null, caFile: string | null): string {
  const at = c.host.includes(':') && !c.host.startsWith('[') ? `[${c.host}]` : c.host;
  const url = new URL(`postgresql://${at}:${c.port}`);
  url.username = c.user;
  // Encoded whole: the setter would leave a % as it is, which the driver then decodes.
  if (password !== null) url.password = encodeURIComponent(password);
  url.pathname = `/${c.database}`;
  url.searchParams.set('sslmode', c.sslmode);
  if (c.sslmode !== 'disable') url.searchParams.set('uselibpqcompat', 'true');
  if (c.sslmode !== 'disable' && caFile) url.searchParams.set('sslrootcert', caFile);
  return url.toString();
}
