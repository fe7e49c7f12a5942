/**
 * The app for a signed-in user: the router and its screens, the idle lock, and the lock screen
 * over them while the session is locked. Its own chunk (the router, the layout, the Patients
 * screen), fetched while the sign-in screen shows, so that the sign-in form needs none of it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import type { Actor, SessionState } from '@shared/types';
import { router } from '../routes';
import { ActorContext, sessionKey, useSessionCall } from './context';
import { LockScreen } from './LockScreen';
import { useIdleLock } from './useIdleLock';
import { useRecordChanges } from './useRecordChanges';

/** Whether someone has been signed in since the page loaded: the next one starts on their own landing page. */
let signedInBefore = false;

export function SignedIn({ session, user }: { session: SessionState; user: Actor }) {
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
  // Not while locked: what the screens hide then is read again at the unlock.
  useRecordChanges(!locked);
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
