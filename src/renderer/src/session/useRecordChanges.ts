/**
 * Keeps the screens of a signed-in user current: when the record changes (a save here, or at
 * another workstation on the practice server), the reads it may have altered are made again,
 * so the follow-up list and the Review and To-sign counts follow the dermatologist's save.
 * An editor's own values are never replaced: a save on an older version is asked about instead.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiName } from '@shared/api';
import { readsChangedBy } from '@shared/changes';
import { subscribeChanges } from '../api';

export function useRecordChanges(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return undefined;
    return subscribeChanges((topics) => {
      const reads = readsChangedBy(topics);
      void queryClient.invalidateQueries({ predicate: (query) => reads.has(query.queryKey[0] as ApiName) });
    });
  }, [enabled, queryClient]);
}
