/**
 * The record's changes for the browser mode's pages: each page holds one streamed GET open and
 * hears, one JSON list per line, the kinds of record each commit changed (this server's, and on
 * the practice server every workstation's), to refresh what it shows. Only the kinds, never
 * the content: what changed is read again through the API, by a signed-in session.
 */
import type { ServerResponse } from 'node:http';
import type { Store } from '../db/records';

/** A line now and then, so that nothing on the way takes the quiet stream for a dead one. */
const keepAliveMs = 25_000;

export function changeFeed() {
  const pages = new Set<ServerResponse>();
  let unfollow: (() => void) | null = null;
  // Whether the practice server answers, as the pages were last told (a file is always there).
  let reachable = true;
  const toAll = (line: string) => {
    for (const page of pages) page.write(line);
  };
  return {
    /** Follows a store's changes, and on the practice server whether it answers (again after a restore reopens it). */
    follow(store: Store): void {
      unfollow?.();
      const unfollowChanges = store.onChange((topics) => toAll(`${JSON.stringify(topics)}\n`));
      const unfollowServer = store.onReachability?.((now) => {
        reachable = now;
        toAll(`${JSON.stringify({ reachable: now })}\n`);
      });
      unfollow = () => {
        unfollowChanges();
        unfollowServer?.();
      };
    },
    /** Streams the changes to a page until it goes. */
    serve(response: ServerResponse): void {
      response.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      // The headers go at once: the page knows it is heard from now on.
      response.write('\n');
      // A page that joins while the server is away is told at once.
      if (!reachable) response.write(`${JSON.stringify({ reachable })}\n`);
      pages.add(response);
      const keepAlive = setInterval(() => response.write('\n'), keepAliveMs).unref();
      response.on('close', () => {
        pages.delete(response);
        clearInterval(keepAlive);
      });
    },
    close(): void {
      unfollow?.();
      unfollow = null;
      for (const page of pages) page.end();
      pages.clear();
    },
  };
}
