/**
 * Whether the practice server answers, as the change feed last said: one value for the whole
 * page, set by `useRecordChanges` and read by the banner above every screen.
 */
import { useSyncExternalStore } from 'react';

let reachable = true;
const watchers = new Set<() => void>();

export function noteServerReachable(now: boolean): void {
  if (now === reachable) return;
  reachable = now;
  for (const watcher of watchers) watcher();
}

export function useServerReachable(): boolean {
  return useSyncExternalStore(
    (watcher) => {
      watchers.add(watcher);
      return () => void watchers.delete(watcher);
    },
    () => reachable,
  );
}
