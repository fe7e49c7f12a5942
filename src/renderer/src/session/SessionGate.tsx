/**
 * What opens first: the first-run screen on a record with no users, the sign-in screen when
 * nobody is signed in, else the app for the signed-in user, with the lock screen over it
 * while the session is locked (idle, or locked by hand).
 */
import { lazy, Suspense, useEffect } from 'react';
import { useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { SignInScreen } from '../screens/SignInScreen';

/** Its own chunk (with the form library and the schemas): a record is set up once, and the sign-in screen needs neither. */
const FirstRunScreen = lazy(() => import('../screens/FirstRunScreen').then((m) => ({ default: m.FirstRunScreen })));

/** The signed-in app's chunk; asked for once the first screen shows, and again (the same promise) when it is needed. */
const loadSignedIn = () => import('./SignedIn').then((m) => ({ default: m.SignedIn }));
const SignedIn = lazy(loadSignedIn);

export function SessionGate() {
  const session = useApiQuery('session.status', {}, { staleTime: Infinity });
  const settled = session.data !== undefined;
  // After the sign-in screen has painted: its form is shown first, the app's code fetched while it is filled in.
  useEffect(() => {
    if (settled) void loadSignedIn();
  }, [settled]);
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
  // A different user gets a fresh app: nothing of the last one's screens is kept.
  return (
    <Suspense fallback={<Loading label="Opening Milia Notes…" />}>
      <SignedIn key={state.user.userId ?? state.user.username} session={state} user={state.user} />
    </Suspense>
  );
}
