import type { CallName } from '../shared/contract';
import { AppError, type Result } from '../shared/errors';

/** Further calls a command makes after its first (e.g. polling an export job and fetching the file). */
export type CliCall = (name: CallName, input: unknown) => Promise<Result<unknown>>;

/** The value of a further call, or its refusal as the error it was. */
export async function resultOf<T>(result: Promise<Result<unknown>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new AppError(r.error.code, r.error.message);
  return r.value as T;
}
