/**
 * Reads every 10 ms until `done` holds of what was read, and hands that back; after `ms` it fails
 * saying what never happened. A deadline rather than a count of tries: on a loaded CI machine a
 * worker thread can take seconds to start, and a count of 10 ms sleeps lasts longer than it says.
 */
export async function pollUntil<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
