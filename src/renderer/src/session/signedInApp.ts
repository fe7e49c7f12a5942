/**
 * The signed-in app's chunk (the router, the layout, the Patients screen), fetched once. It is
 * asked for at the first key typed into the sign-in form, so that it comes while the person
 * types (not at the page's load, beside the start-up checks, nor at the Enter, beside the
 * password check), and at once for a tab that is already signed in.
 */
export type SignedInApp = typeof import('./SignedIn').SignedIn;

let loading: Promise<SignedInApp> | null = null;

export function loadSignedInApp(): Promise<SignedInApp> {
  if (loading) return loading;
  const attempt = import('./SignedIn').then((m) => m.SignedIn);
  loading = attempt;
  // A fetch that failed is made again at the next ask.
  attempt.catch(() => {
    if (loading === attempt) loading = null;
  });
  return attempt;
}
