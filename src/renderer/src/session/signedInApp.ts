/**
 * The signed-in app's chunk (the router, the layout, the Patients screen), fetched once. It is
 * asked for when a sign-in is sent, whose password check on the server takes longer than the
 * fetch, so that neither competes with the other for the machine while the form is filled in;
 * and at once for a tab that is already signed in.
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
