/** The AppError a piece of work is refused with (any other error is thrown on), for the tests on both engines and their SQLite-file twins alike. */
import { AppError } from '@shared/errors';

export async function refusal(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('it was not refused');
}
