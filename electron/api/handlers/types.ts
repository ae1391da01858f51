import type { z } from 'zod';
import type { CallName, CallOutput, Contract } from '../../shared/contract';
import type { Role } from '../../shared/types';
import type { App } from '../../services/app';
import type { Sessions } from '../sessions';

export interface Caller {
  role: Role;
  personId: number | null;
  /** A candidate's session is bound to one roster entry of one exam session (exam_candidates.id). */
  candidateId?: number;
}

export interface CallContext {
  app: App;
  caller: Caller;
  sessions: Sessions;
  sessionToken?: string;
}

export type Handler<N extends CallName> = (
  input: z.output<Contract[N]['input']>,
  ctx: CallContext,
) => CallOutput<N> | Promise<CallOutput<N>>;

/** Handlers for the calls of one domain list (e.g. `typeof searchCalls`). */
export type HandlersFor<Calls> = { [N in keyof Calls & CallName]: Handler<N> };
