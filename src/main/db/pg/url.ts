/** The server's address as messages name it: the URL without its password (a module of its own, so that naming it loads no driver). */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the practice server';
  }
}
