import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * A ref to the value of the latest render, for a handler that must stay the same function (so
 * that the memoised rows it is given are not drawn again) yet act on what the screen shows now.
 * React's `useEffectEvent` would do, but only for effects: a row's click may not call one.
 */
export function useLatest<T>(value: T): Readonly<RefObject<T>> {
  const latest = useRef(value);
  useLayoutEffect(() => {
    latest.current = value;
  });
  return latest;
}
