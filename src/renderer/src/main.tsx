import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiFailure } from './api';
import { adoptMantineStyles } from './lib/mantineStyles';
import { sessionKey } from './session/context';
import { SessionGate } from './session/SessionGate';
import { theme } from './theme';

adoptMantineStyles();

/**
 * A call refused because the session is locked or has ended (idle on the server, signed out
 * elsewhere, the user deactivated) asks for the session's state again, which brings up the
 * lock or the sign-in screen.
 */
const onFailure = (error: unknown) => {
  if (error instanceof ApiFailure && (error.error.kind === 'locked' || error.error.kind === 'unauthenticated')) {
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  }
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onFailure }),
  mutationCache: new MutationCache({ onError: onFailure }),
  // A refused call is shown, not retried: the answer will not change by asking again.
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <SessionGate />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
