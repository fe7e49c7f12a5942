import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { call } from './api';
import { sessionKey } from './session/context';
import { queryClient } from './session/queryClient';
import { SessionGate } from './session/SessionGate';
import { theme } from './theme';

/**
 * The nonce the page's policy gives the component library's <style> elements (theme variables,
 * responsive props); none while developing, where the dev server allows inline styles.
 */
const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
const styleNonce = /'nonce-([^']+)'/.exec(policy)?.[1];
const nonce = styleNonce === undefined ? {} : { getStyleNonce: () => styleNonce };

// Asked before React's first render, so that the answer that picks the first screen is on its
// way meanwhile; the gate's query (the same key) takes it over.
void queryClient.prefetchQuery({ queryKey: sessionKey, queryFn: () => call('session.status', {}), staleTime: Infinity });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} {...nonce}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <SessionGate />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
