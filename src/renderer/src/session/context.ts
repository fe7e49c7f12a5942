/**
 * The signed-in user as every screen sees it, and what they may do. The screens ask the
 * permission table only to hide what the service would refuse; the service decides.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { ApiInput, ApiName } from '@shared/api';
import { may, type Permission } from '@shared/permissions';
import type { Actor, SessionState } from '@shared/types';
import { call, type ApiFailure } from '../api';

export const ActorContext = createContext<Actor | null>(null);

/** The signed-in user; only screens inside the signed-in app use it. */
export function useActor(): Actor {
  const actor = useContext(ActorContext);
  if (!actor) throw new Error('useActor is used outside the signed-in app.');
  return actor;
}

/** Whether the signed-in user may: `const can = useMay(); can('visits.sign')`. */
export function useMay(): (permission: Permission) => boolean {
  const actor = useActor();
  return (permission) => may(actor, permission);
}

/** The query key of the session's state, as `useApiQuery('session.status', {})` caches it. */
export const sessionKey = ['session.status', {}] as const;

type SessionCall = Extract<ApiName, 'session.signIn' | 'session.signOut' | 'session.lock' | 'session.unlock' | 'practice.setup'>;

/** Calls after which someone else may be signed in: what the last user loaded is forgotten. */
const newUser: ReadonlySet<SessionCall> = new Set(['session.signIn', 'session.signOut', 'practice.setup']);

/** A call that answers with the session's new state, which replaces the cached one. */
export function useSessionCall<N extends SessionCall>(name: N) {
  const queryClient = useQueryClient();
  return useMutation<SessionState, ApiFailure, ApiInput<N>>({
    mutationFn: (input) => call(name, input) as Promise<SessionState>,
    onSuccess: (state) => {
      if (newUser.has(name)) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, state);
    },
  });
}
