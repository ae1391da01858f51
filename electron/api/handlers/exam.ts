import type { examCalls } from '../../shared/calls/exam';
import { AppError } from '../../shared/errors';
import { examTick } from '../../services/examLifecycle';
import {
  examState,
  reportFocusLoss,
  saveExamAnswer,
  setExamFlag,
  signInCandidate,
  startExam,
  submitExam,
  unlockKiosk,
} from '../../services/exam.service';
import type { Caller, CallContext, HandlersFor } from './types';

/** The roster entry a candidate session is bound to. */
export function candidateIdOf(caller: Caller): number {
  if (caller.role !== 'candidate' || caller.candidateId === undefined) throw new AppError('unauthenticated');
  return caller.candidateId;
}

/** Every exam call first settles the clock: jumps are logged, attempts past their deadline are finalised. */
const ticked = <I, O>(fn: (input: I, ctx: CallContext, candidateId: number) => O) => (input: I, ctx: CallContext): O => {
  const candidateId = candidateIdOf(ctx.caller);
  examTick(ctx.app);
  return fn(input, ctx, candidateId);
};

export const examHandlers: HandlersFor<typeof examCalls> = {
  'exam.signIn': (input, ctx) => {
    examTick(ctx.app);
    const r = signInCandidate(ctx.app, input);
    if (r.kind === 'needs_proctor') return r;
    ctx.sessions.close(ctx.sessionToken);
    // One live session per candidate: signing in again (after a crash, or on another PC) ends the earlier one.
    ctx.sessions.closeWhere((c) => c.role === 'candidate' && c.candidateId === r.candidateId);
    const session = ctx.sessions.open({ role: 'candidate', personId: null, candidateId: r.candidateId });
    return { ...r.result, session };
  },
  'exam.state': ticked((_i, { app }, id) => examState(app, id)),
  'exam.start': ticked((_i, { app }, id) => startExam(app, id)),
  'exam.saveAnswer': ticked(({ no, response }, { app }, id) => saveExamAnswer(app, id, no, response)),
  'exam.setFlag': ticked(({ no, flagged }, { app }, id) => setExamFlag(app, id, no, flagged)),
  'exam.reportFocusLoss': ticked(({ kind }, { app }, id) => reportFocusLoss(app, id, kind)),
  'exam.submit': ticked((_i, { app }, id) => submitExam(app, id)),
  'exam.unlockKiosk': ticked(({ proctor, reason }, { app }, id) => unlockKiosk(app, id, proctor, reason)),
};
