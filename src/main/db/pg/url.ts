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
