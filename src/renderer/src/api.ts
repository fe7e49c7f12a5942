/** The API client: the only way screens reach data. `null` outside the desktop app. */
import type { ApiClient } from '../../shared/api';

export const apiClient = (): ApiClient | null => window.milia ?? null;
