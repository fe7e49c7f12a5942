/**
 * Reading `Counted` items (contract.ts) whichever engine gave them: the file's rows one by one,
 * a list, or the server's pages. A consumer loops over pages and, within each, over items,
 * so that the file's rows cost no promise each and the server's come a page at a time.
 */
import type { Counted } from './contract';

/** The pages of `items`: a list or the file's rows are one page, read as it is iterated. */
export async function* pagesOf<T>(items: Counted<T>): AsyncGenerator<Iterable<T>> {
  if ('pages' in items) yield* items.pages();
  else yield items;
}

/** Each item as `map` makes it, read as `items` are read. */
export function mapped<T, U>(items: Counted<T>, map: (item: T) => U): Counted<U> {
  if ('pages' in items) {
    return {
      length: items.length,
      pages: async function* () {
        for await (const page of items.pages()) yield page.map(map);
      },
    };
  }
  return {
    length: items.length,
    [Symbol.iterator]: function* () {
      for (const item of items) yield map(item);
    },
  };
}

/** Every item, read now: for a caller that keeps them all anyway. */
export async function everyOf<T>(items: Counted<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pagesOf(items)) for (const item of page) all.push(item);
  return all;
}
