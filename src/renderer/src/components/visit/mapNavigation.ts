/**
 * The keyboard model the face and body maps share: the whole map is one Tab stop (a roving
 * tabindex), the arrow keys move to the nearest region in that direction on the drawing,
 * Home and End to the first and last region, and Enter or Space choose (each region's own
 * handler). Neighbours come from where the regions are drawn, so that a new region needs no
 * table of who is next to whom.
 */
import { useRef, useState, type KeyboardEvent } from 'react';

/** A region of a map, at a point on its visible part (in the drawing's units). */
export interface MapPlace {
  key: string;
  x: number;
  y: number;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

const vectors: Record<Direction, readonly [number, number]> = { up: [0, -1], down: [0, 1], left: [-1, 0], right: [1, 0] };
const arrows: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

/**
 * The nearest place in a direction: within about 60° of it, a step sideways costing twice a
 * step forward, so that "down" from an eye goes to the cheek below rather than the nose beside.
 */
export function neighbour(places: readonly MapPlace[], from: string, direction: Direction): string | undefined {
  const origin = places.find((p) => p.key === from);
  if (!origin) return undefined;
  const [dx, dy] = vectors[direction];
  let best: string | undefined;
  let bestCost = Infinity;
  for (const p of places) {
    const vx = p.x - origin.x;
    const vy = p.y - origin.y;
    const along = vx * dx + vy * dy;
    const across = Math.abs(vx * dy - vy * dx);
    if (p.key === from || along <= 0 || across > along * 2) continue;
    const cost = along + 2 * across;
    if (cost < bestCost) {
      bestCost = cost;
      best = p.key;
    }
  }
  return best;
}

/** The roving tabindex over a map's places; `initial` holds the Tab stop until another region is focused. */
export function useRovingMap(places: readonly MapPlace[], initial: string) {
  const [active, setActive] = useState(initial);
  const elements = useRef(new Map<string, HTMLElement | SVGElement>());
  const current = places.some((p) => p.key === active) ? active : places[0]?.key;

  const moveFrom = (key: string, event: KeyboardEvent) => {
    const direction = arrows[event.key];
    let next: string | undefined;
    if (direction) next = neighbour(places, key, direction);
    else if (event.key === 'Home') next = places[0]?.key;
    else if (event.key === 'End') next = places.at(-1)?.key;
    else return;
    // The arrows would otherwise scroll the page, even at the map's edge.
    event.preventDefault();
    if (next === undefined) return;
    setActive(next);
    elements.current.get(next)?.focus();
  };

  /** What one region needs: its place in the Tab order, its element, and the keys. */
  return (key: string) => ({
    tabIndex: key === current ? 0 : -1,
    ref: (element: HTMLElement | SVGElement | null) => {
      if (element) elements.current.set(key, element);
      else elements.current.delete(key);
    },
    onFocus: () => setActive(key),
    onKeyDown: (event: KeyboardEvent) => moveFrom(key, event),
  });
}
