/**
 * Keeps the screens of a signed-in user current: when the record changes (a save here, or at
 * another workstation on the practice server), the reads it may have altered are made again,
 * so the follow-up list and the Review and To-sign counts follow the dermatologist's save.
 * An editor's own values are never replaced: a save on an older version is asked about instead.
 * On the practice server, the feed also says when the server stops answering and when it is back.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiName } from '@shared/api';
import { readsChangedBy } from '@shared/changes';
import { subscribeChanges } from '../api';
import { noteServerReachable } from '../components/settings/recordServerState';

export function useRecordChanges(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return undefined;
    return subscribeChanges((topics) => {
      const reads = readsChangedBy(topics);
      void queryClient.invalidateQueries({ predicate: (query) => reads.has(query.queryKey[0] as ApiName) });
    }, noteServerReachable);
  }, [enabled, queryClient]);
}
