import type { CallInput, CallName, CallOutput } from './contract';
import type { Result } from './errors';

/** What the preload exposes as `window.kb`: one function per contract call, nothing else. */
export type KbApi = {
  [N in CallName]: (input: CallInput<N>, sessionToken?: string) => Promise<Result<CallOutput<N>>>;
};

/** Each call travels on its own IPC channel, so the main side can refuse unknown channels outright. */
export const IPC_PREFIX = 'kb:';
export const ipcChannel = (name: CallName) => `${IPC_PREFIX}${name}`;

/** The IPC message: the input and the caller's session token. */
export interface IpcEnvelope {
  input: unknown;
  session?: string;
}
