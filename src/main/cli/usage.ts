/** The command or its input is wrong (exit status 2); the message says what to do. */
export class UsageError extends Error {
  override name = 'UsageError';
}
