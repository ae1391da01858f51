import type { Locale } from '../../../electron/shared/errors';
import { ApiError } from '../api/client';

/** The message a person sees for a failed call, with the first field problem when there is one. */
export function errorText(e: unknown, locale: Locale): string {
  if (!(e instanceof ApiError)) return String(e);
  const issue = e.body.issues?.[0];
  return issue ? `${e.body.message[locale]}（${issue.path}: ${issue.message}）` : e.body.message[locale];
}
