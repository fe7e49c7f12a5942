/**
 * What the server sent for the files it keeps at one-use addresses (handouts, exports). The
 * address cannot be fetched a second time to look at the file, and Chromium reports its PDF
 * viewer's own page under the handout's address, so the one fetch is passed through a route
 * that keeps a copy of the server's answer on its way to the tab.
 */
import type { BrowserContext } from '@playwright/test';

export interface Sent {
  url: string;
  status: number;
  contentType: string;
  bytes: Buffer;
}

/** Passes every request under `/handouts/` to the server, noting each answer; `stop` removes the route. */
export async function recordHandouts(context: BrowserContext): Promise<{ sent: Sent[]; stop(): Promise<void> }> {
  const sent: Sent[] = [];
  const pattern = '**/handouts/**';
  await context.route(pattern, async (route) => {
    const response = await route.fetch();
    sent.push({ url: route.request().url(), status: response.status(), contentType: response.headers()['content-type'] ?? '', bytes: await response.body() });
    await route.fulfill({ response });
  });
  return { sent, stop: () => context.unroute(pattern) };
}
