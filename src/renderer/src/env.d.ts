/// <reference types="vite/client" />
import type { ApiClient } from '@shared/api';

declare global {
  interface Window {
    /** Exposed by the preload; absent when the page is opened outside the desktop app. */
    milia?: ApiClient;
  }
}
