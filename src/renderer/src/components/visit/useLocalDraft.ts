/**
 * The visit form, kept as it is typed, so that a reload or a crash loses nothing: each change
 * is written to localStorage (after half a second of quiet, or at once when the page goes) under the user, the patient and
 * the visit (or `new`). Reopening the editor with a stored draft offers to continue it.
 *
 * The desktop app keeps one localStorage whichever record it opens (Settings → Record), and
 * another record numbers its users and patients alike: so the key holds the username and the
 * patient's MRN beside their numbers, and a draft typed for one person is never offered on
 * another's chart. (A record moved to the practice server keeps its numbers and MRNs, and its
 * drafts with them.)
 *
 * Privacy: localStorage is the browser profile of the operating-system user who is signed in
 * to this computer, the same account that holds the database file (or reaches the practice
 * server); the draft is only what this user typed. It is removed when the editor is left on
 * purpose (saved, cancelled, discarded on leaving, signed out), after a week unopened, and
 * nothing is written while the session is locked, when the screen hides every patient detail.
 */
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { useApiQuery } from '../../api';
import { useActor } from '../../session/context';
import type { VisitValues } from './visitForm';

const prefix = 'milia-draft:';
/** A draft unopened this long is someone's abandoned work, not a crash to recover from. */
const keepMs = 7 * 24 * 60 * 60 * 1000;

interface StoredDraft {
  savedAt: string;
  values: VisitValues;
}

/** Reads a draft, or null when there is none or it cannot be read (written by another version, or edited by hand). */
function read(key: string): StoredDraft | null {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return null;
    const draft = JSON.parse(raw) as Partial<StoredDraft>;
    if (typeof draft.savedAt !== 'string' || typeof draft.values !== 'object' || draft.values === null) return null;
    return draft as StoredDraft;
  } catch {
    return null;
  }
}

/** Removes the drafts older than a week, whoever typed them (keys of older versions included). */
function sweep(): void {
  const now = Date.now();
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith(prefix)) continue;
    const draft = read(key);
    if (!draft || now - Date.parse(draft.savedAt) > keepMs) localStorage.removeItem(key);
  }
}

export interface LocalDraft {
  /** The stored draft still waiting for Continue or Discard; null once answered, or when there was none. */
  offer: { savedAt: string } | null;
  /** Puts the stored values into the form (the form then differs from the visit, so leaving it asks first). */
  restore(): void;
  /** Forgets the stored draft; the form stays as it is. */
  discard(): void;
}

export function useLocalDraft<T>(form: UseFormReturn<VisitValues, unknown, T>, patient: { id: number; mrn: string }, visitId: number | undefined): LocalDraft {
  const actor = useActor();
  const key = prefix + [actor.userId ?? '', actor.username, patient.id, patient.mrn, visitId ?? 'new'].map((part) => encodeURIComponent(part)).join(':');
  // The same cached query the session gate keeps (same key and options): no extra call.
  const session = useApiQuery('session.status', {}, { staleTime: Infinity });
  const locked = session.data?.locked ?? false;
  const [stored, setStored] = useState(() => {
    sweep();
    return read(key);
  });
  // Until the offer is answered, the stored draft is kept as it was: the blank form must not overwrite it.
  const waiting = stored !== null;

  const write = useDebouncedCallback(() => {
    localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: form.getValues() } satisfies StoredDraft));
  }, 500);

  const { watch } = form;
  useEffect(() => {
    if (waiting || locked) return;
    // Only a change made in the form writes: opening a visit and looking at it stores nothing.
    const subscription = watch(() => write());
    // A reload or a closed window within the half second still keeps the last keystrokes.
    const flush = () => write.flush();
    window.addEventListener('pagehide', flush);
    return () => {
      subscription.unsubscribe();
      window.removeEventListener('pagehide', flush);
      write.cancel();
    };
  }, [watch, write, waiting, locked]);

  // Leaving the editor within the app is deliberate (saved, cancelled, discarded on leaving,
  // signed out): the draft goes. A reload or a crash never runs this, so the draft stays.
  // Deferred, because React's development mode unmounts and mounts again at once.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      write.cancel();
      setTimeout(() => {
        if (!mounted.current) localStorage.removeItem(key);
      }, 0);
    };
  }, [key, write]);

  return {
    offer: stored && { savedAt: stored.savedAt },
    restore() {
      if (!stored) return;
      // Against the loaded visit's values, so that the form counts as changed and leaving it asks.
      form.reset({ ...form.getValues(), ...stored.values }, { keepDefaultValues: true });
      setStored(null);
    },
    discard() {
      localStorage.removeItem(key);
      setStored(null);
    },
  };
}
