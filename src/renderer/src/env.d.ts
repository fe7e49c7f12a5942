/// <reference types="vite/client" />
import type { ApiClient } from '@shared/api';
import type { ChangesBridge } from '@shared/apiNames';

declare global {
  interface Window {
    /** Exposed by the preload; absent when the page is opened outside the desktop app. */
    milia?: ApiClient;
    /** The record's changes, from the preload; absent outside the desktop app. */
    miliaChanges?: ChangesBridge;
  }
}
