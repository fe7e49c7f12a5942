/**
 * The API client: the only way screens reach data. In the desktop app it is the preload's
 * `window.milia`; in the browser mode the same calls go over HTTP to the local server, with
 * the token from the address the server printed. Queries and mutations go through TanStack
 * Query so that screens refresh after a write.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { ApiClient, ApiInput, ApiName, ApiOutput } from '@shared/api';
import { changesPath, parseReachable, parseTopics, type RecordTopic } from '@shared/changes';
import type { ApiError, Envelope } from '@shared/errors';

/** A refused call, carrying the message fit to show and any field issues. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

const tokenKey = 'milia-token';

/**
 * The browser mode's token: taken from `?token=` once and kept for this tab only, and the
 * address is rewritten without it, so the browser's history never holds it. Files the
 * server keeps (handouts, exports) need no token: their one-use address is their credential.
 */
function browserToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return sessionStorage.getItem(tokenKey);
}

const sessionKey = 'milia-session';

/**
 * The browser mode's session id for this tab: random, kept in the tab's sessionStorage, so
 * that each tab signs in on its own (and a reload keeps the tab signed in).
 */
function tabSession(): string {
  let id = sessionStorage.getItem(sessionKey);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    id = btoa(String.fromCharCode(...bytes))
      .replaceAll('+', '-')
      .replaceAll('/', '_');
    sessionStorage.setItem(sessionKey, id);
  }
  return id;
}

function httpClient(): ApiClient {
  const token = browserToken();
  const session = tabSession();
  return new Proxy({} as ApiClient, {
    get: (_target, name: string) => async (input: unknown) => {
      try {
        const response = await fetch(`/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-milia-token': token ?? '', 'x-milia-session': session },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { kind: 'storage', message: 'The Milia Notes server is not answering. Check that it is still running, then try again.' } };
      }
    },
  });
}

let cached: ApiClient | null = null;
const apiClient = (): ApiClient => (cached ??= window.milia ?? httpClient());

/** Calls the API and returns the value, or throws an ApiFailure with the message to show. */
export async function call<N extends ApiName>(name: N, input: ApiInput<N>): Promise<ApiOutput<N>> {
  const result = (await apiClient()[name](input)) as Envelope<ApiOutput<N>>;
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}

export function useApiQuery<N extends ApiName>(
  name: N,
  input: ApiInput<N>,
  options: Omit<UseQueryOptions<ApiOutput<N>, ApiFailure>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<ApiOutput<N>, ApiFailure>({ queryKey: [name, input], queryFn: () => call(name, input), ...options });
}

/** A write; on success every cached query is refreshed, since one write can change many screens. */
export function useApiMutation<N extends ApiName>(name: N) {
  const queryClient = useQueryClient();
  return useMutation<ApiOutput<N>, ApiFailure, ApiInput<N>>({
    mutationFn: (input) => call(name, input),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

/** How long after the changes stream ends (the server restarting, the network) the page asks again. */
const rejoinMs = 2000;

/**
 * Hears the record's changes, and on the practice server whether it answers: from the preload
 * in the desktop app, else from the browser mode's server, over one streamed request asked
 * again whenever it ends. Returns the unsubscribe.
 */
export function subscribeChanges(listener: (topics: RecordTopic[]) => void, onReachable: (reachable: boolean) => void = () => undefined): () => void {
  const heard = (topics: readonly string[]) => {
    const known = parseTopics(JSON.stringify(topics));
    if (known) listener(known);
  };
  const bridge = window.miliaChanges;
  if (bridge) {
    const unsubscribe = [bridge.subscribe(heard), bridge.reachability(onReachable)];
    return () => unsubscribe.forEach((undo) => undo());
  }
  const token = browserToken() ?? '';
  const controller = new AbortController();
  const follow = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(changesPath, { headers: { 'x-milia-token': token }, signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let pending = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const lines = (pending + value).split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            const reachable = parseReachable(line);
            if (reachable !== null) onReachable(reachable);
            const topics = parseTopics(line);
            if (topics) listener(topics);
          }
        }
      } catch {
        // Ended or refused: asked again below, unless the page has stopped listening.
      }
      if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, rejoinMs));
    }
  };
  void follow();
  return () => controller.abort();
}
