/**
 * The page's half of the idle lock: after `idleMinutes` without a key, a click, a mouse move,
 * a touch or a scroll it calls `onIdle`; while the user is active it tells the server now and
 * then (`session.activity`), so the server's own idle clock, which judges the session by its
 * last call, does not lock someone who is reading a chart without calling anything.
 * Measured against the wall clock, so a computer that slept past the limit locks on waking.
 */
import { useEffect, useRef } from 'react';
import type { SessionState } from '@shared/types';
import { call } from '../api';
import { noteSessionFailure } from './queryClient';

const inputEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;
/** How often the idle time is compared with the limit. */
const checkEveryMs = 5_000;
/** The most often activity is reported: once a minute at most, and several times within the limit. */
const pingEveryMs = (idleMinutes: number) => Math.min(60_000, (idleMinutes * 60_000) / 4);

interface IdleLockOptions {
  idleMinutes: number;
  /** False while locked: nothing to watch. */
  enabled: boolean;
  onIdle(): void;
  /** The session's state as the activity report answers it. */
  onActivity(state: SessionState): void;
}

export function useIdleLock({ idleMinutes, enabled, onIdle, onActivity }: IdleLockOptions): void {
  // The handlers change with every render; the listeners stay put and read the latest.
  const handlers = useRef({ onIdle, onActivity });
  useEffect(() => {
    handlers.current = { onIdle, onActivity };
  });

  useEffect(() => {
    if (!enabled) return;
    const limit = idleMinutes * 60_000;
    let lastInput = Date.now();
    let lastPing = lastInput;
    const onInput = () => {
      lastInput = Date.now();
      if (lastInput - lastPing < pingEveryMs(idleMinutes)) return;
      lastPing = lastInput;
      // A session ended meanwhile (signed out elsewhere, the user deactivated) shows at once.
      call('session.activity', {}).then((state) => handlers.current.onActivity(state), noteSessionFailure);
    };
    const check = setInterval(() => {
      if (Date.now() - lastInput >= limit) handlers.current.onIdle();
    }, checkEveryMs);
    for (const name of inputEvents) window.addEventListener(name, onInput, { capture: true, passive: true });
    return () => {
      clearInterval(check);
      for (const name of inputEvents) window.removeEventListener(name, onInput, { capture: true });
    };
  }, [enabled, idleMinutes]);
}
