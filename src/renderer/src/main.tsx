import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
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
