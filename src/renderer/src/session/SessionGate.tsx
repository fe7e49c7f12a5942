/**
 * What opens first: the first-run screen on a record with no users, the sign-in screen when
 * nobody is signed in, else the app for the signed-in user, with the lock screen over it
 * while the session is locked (idle, or locked by hand).
 */
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import type { Actor, SessionState } from '@shared/types';
import { useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { router } from '../routes';
import { SignInScreen } from '../screens/SignInScreen';
import { ActorContext, sessionKey, useSessionCall } from './context';
import { LockScreen } from './LockScreen';
import { useIdleLock } from './useIdleLock';

/** Its own chunk (with the form library and the schemas): a record is set up once, and the sign-in screen needs neither. */
const FirstRunScreen = lazy(() => import('../screens/FirstRunScreen').then((m) => ({ default: m.FirstRunScreen })));

export function SessionGate() {
  const session = useApiQuery('session.status', {}, { staleTime: Infinity });
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
  return <SignedIn key={state.user.userId ?? state.user.username} session={state} user={state.user} />;
}

/** Whether someone has been signed in since the page loaded: the next one starts on their own landing page. */
let signedInBefore = false;

function SignedIn({ session, user }: { session: SessionState; user: Actor }) {
  const queryClient = useQueryClient();
  const lock = useSessionCall('session.lock');
  // A page opened at an address keeps it; after a sign-out or a switch of user, the new user
  // starts on their landing page, moved there before any screen of the last one can load.
  const [ready, setReady] = useState(() => !signedInBefore);
  useEffect(() => {
    signedInBefore = true;
    if (!ready) void router.navigate('/', { replace: true }).then(() => setReady(true));
  }, [ready]);

  const locked = session.locked;
  useIdleLock({
    idleMinutes: session.idleMinutes,
    enabled: !locked,
    onIdle: () => {
      if (!lock.isPending) lock.mutate({ idle: true });
    },
    onActivity: (state) => queryClient.setQueryData(sessionKey, state),
  });

  // Screens that failed while locked (the server refused them) ask again once unlocked.
  useEffect(() => {
    if (!locked) void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
  }, [locked, queryClient]);

  // Dialogs and notifications live outside the app's element: hidden too while locked.
  useEffect(() => {
    document.body.toggleAttribute('data-locked', locked);
    return () => document.body.removeAttribute('data-locked');
  }, [locked]);

  if (!ready) return null;
  return (
    <ActorContext value={user}>
      <div className="app-root" inert={locked} aria-hidden={locked || undefined}>
        <RouterProvider router={router} />
      </div>
      {locked && <LockScreen user={user} />}
    </ActorContext>
  );
}
