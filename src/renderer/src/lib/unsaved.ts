/**
 * Which screens hold work not yet saved, so that locking, switching user or signing out can
 * ask before it is lost. A screen with a form registers while it is dirty; the rest of the
 * app only asks whether anything is.
 */
import { useEffect, useId } from 'react';

const dirty = new Set<string>();

export const hasUnsavedChanges = (): boolean => dirty.size > 0;

/** Registers this component's unsaved work while `unsaved` is true (and forgets it on unmount). */
export function useUnsavedChanges(unsaved: boolean): void {
  const id = useId();
  useEffect(() => {
    if (!unsaved) return;
    dirty.add(id);
    return () => {
      dirty.delete(id);
    };
  }, [id, unsaved]);
}
