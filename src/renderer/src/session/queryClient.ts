/**
 * The app's query cache, and what happens when a call is refused because the session is
 * locked or has ended (idle on the server, signed out elsewhere, the user deactivated): the
 * session's state is asked for again, which brings up the lock or the sign-in screen.
 * Queries and mutations report here by themselves; code that calls the API directly (a long
 * export, a batch of handouts) reports its failures with `noteSessionFailure`.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiFailure } from '../api';
import { sessionKey } from './context';

export function noteSessionFailure(error: unknown): void {
  if (error instanceof ApiFailure && (error.error.kind === 'locked' || error.error.kind === 'unauthenticated')) {
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: noteSessionFailure }),
  mutationCache: new MutationCache({ onError: noteSessionFailure }),
  // A refused call is shown, not retried: the answer will not change by asking again.
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});
