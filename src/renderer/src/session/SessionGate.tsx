/**
 * What opens first: the first-run screen on a record with no users, the sign-in screen when
 * nobody is signed in, else the app for the signed-in user, with the lock screen over it
 * while the session is locked (idle, or locked by hand).
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { SignInScreen } from '../screens/SignInScreen';
import { loadSignedInApp, type SignedInApp } from './signedInApp';

/** Its own chunk (with the form library and the schemas): a record is set up once, and the sign-in screen needs neither. */
const FirstRunScreen = lazy(() => import('../screens/FirstRunScreen').then((m) => ({ default: m.FirstRunScreen })));

/**
 * The signed-in app's chunk once someone is signed in, held here. Not React.lazy: a screen that
 * suspends is revealed up to 300 ms late (React's throttling of fallbacks).
 */
function useSignedInApp(wanted: boolean): { App?: SignedInApp; error?: unknown; retry(): void } {
  const [loaded, setLoaded] = useState<{ App?: SignedInApp; error?: unknown }>({});
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!wanted || loaded.App) return;
    let current = true;
    loadSignedInApp().then(
      (App) => current && setLoaded({ App }),
      (error: unknown) => current && setLoaded({ error }),
    );
    return () => {
      current = false;
    };
  }, [wanted, loaded.App, attempt]);
  return { ...loaded, retry: () => (setLoaded({}), setAttempt((n) => n + 1)) };
}

export function SessionGate() {
  const session = useApiQuery('session.status', {}, { staleTime: Infinity });
  const app = useSignedInApp(session.data?.user != null);
  if (session.isPending) return <Loading label="Opening Milia Notes…" />;
  if (session.isError) return <LoadFailure title="Milia Notes could not be opened" error={session.error} onRetry={() => void session.refetch()} />;
  const state = session.data;
  if (state.setupNeeded)
    return (
      <Suspense fallback={<Loading label="Opening Milia Notes…" />}>
        <FirstRunScreen session={state} />
      </Suspense>
    );
  if (!state.user) return <SignInScreen session={state} />;
  if (app.error !== undefined) return <LoadFailure title="Milia Notes could not be opened" error={app.error} onRetry={app.retry} />;
  if (!app.App) return <Loading label="Opening Milia Notes…" />;
  // A different user gets a fresh app: nothing of the last one's screens is kept.
  return <app.App key={state.user.userId ?? state.user.username} session={state} user={state.user} />;
}
