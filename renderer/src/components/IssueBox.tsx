import type { Locale } from '../../../electron/shared/errors';
import { ApiError } from '../api/client';
import { errorText } from './errorText';

export interface IssueError {
  text: string;
  issues: string[];
}

/** A failed call's message and every field problem the server listed with it. */
export function issueError(err: unknown, locale: Locale): IssueError {
  return { text: errorText(err, locale), issues: err instanceof ApiError ? (err.body.issues ?? []).map((i) => `${i.path}: ${i.message}`) : [] };
}

export function IssueBox({ error }: { error: IssueError }) {
  return (
    <div className="error-box" role="alert">
      <p>{error.text}</p>
      {error.issues.length > 0 && (
        <ul className="issues">
          {error.issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
