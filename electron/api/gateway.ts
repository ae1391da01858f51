import type { Result } from '../shared/errors';
import type { App } from '../services/app';
import { ANONYMOUS, createRouter } from './router';
import { Sessions } from './sessions';
import type { Caller } from './registry';

/** What transports talk to: resolves who is calling from a session token, then dispatches. */
export interface Gateway {
  call(name: string, input: unknown, sessionToken?: string): Promise<Result<unknown>>;
  /** For the CLI: whoever can run it on this PC already holds the data files, so it acts as an admin. */
  callAs(caller: Caller, name: string, input: unknown): Promise<Result<unknown>>;
  sessions: Sessions;
}

export function createGateway(app: App): Gateway {
  const sessions = new Sessions(app.now);
  const dispatch = createRouter(app, sessions);
  return {
    sessions,
    call: (name, input, token) => dispatch(name, input, sessions.resolve(token) ?? ANONYMOUS, token),
    callAs: (caller, name, input) => dispatch(name, input, caller),
  };
}
