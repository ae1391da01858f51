import type { z } from 'zod';
import type { CallName, CallOutput, Contract } from '../shared/contract';
import type { Role } from '../shared/types';
import type { App } from '../services/app';
import type { Sessions } from './sessions';
import { getChapter, listChapters } from '../services/content.service';
import { systemInfo } from '../services/system.service';

export interface Caller {
  role: Role;
  personId: number | null;
}

export interface CallContext {
  app: App;
  caller: Caller;
  sessions: Sessions;
  sessionToken?: string;
}

export type Handlers = {
  [N in CallName]: (input: z.output<Contract[N]['input']>, ctx: CallContext) => CallOutput<N> | Promise<CallOutput<N>>;
};

/** One handler per contract call; the type makes a missing one a compile error. */
export const handlers: Handlers = {
  'system.info': (_input, { app }) => systemInfo(app),
  'content.listChapters': (_input, { app }) => listChapters(app.content),
  'content.getChapter': ({ chapterId }, { app }) => getChapter(app.content, chapterId),
};
