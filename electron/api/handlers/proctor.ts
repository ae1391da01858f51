import type { proctorCalls } from '../../shared/calls/proctor';
import { AppError } from '../../shared/errors';
import { examTick } from '../../services/examLifecycle';
import {
  addCandidate,
  addTime,
  createSession,
  forceSubmit,
  getAttemptDetail,
  gradeEssay,
  importRoster,
  listBlueprints,
  listSessions,
  removeCandidate,
  reopenAttempt,
  sessionAudit,
  sessionView,
  setSessionStatus,
} from '../../services/proctor.service';
import type { CallContext, HandlersFor } from './types';

/** The signed-in proctor or admin (audit entries name them). */
function staffId(ctx: CallContext): number {
  if (ctx.caller.personId === null) throw new AppError('unauthenticated');
  return ctx.caller.personId;
}

/** Proctor views are current: the exam tick runs first (clock check, expired attempts finalised). */
const ticked = <I, O>(fn: (input: I, ctx: CallContext) => O) => (input: I, ctx: CallContext): O => {
  examTick(ctx.app);
  return fn(input, ctx);
};

export const proctorHandlers: HandlersFor<typeof proctorCalls> = {
  'proctor.blueprints': (_i, { app }) => listBlueprints(app),
  'proctor.createSession': ticked((input, ctx) => createSession(ctx.app, staffId(ctx), input)),
  'proctor.listSessions': ticked((_i, { app }) => listSessions(app)),
  'proctor.getSession': ticked(({ sessionId }, { app }) => sessionView(app, sessionId)),
  'proctor.addCandidate': ticked(({ sessionId, candidate }, ctx) => addCandidate(ctx.app, staffId(ctx), sessionId, candidate)),
  'proctor.importRoster': ticked(({ sessionId, format, data }, ctx) => importRoster(ctx.app, staffId(ctx), sessionId, format, data)),
  'proctor.removeCandidate': ticked(({ candidateId }, ctx) => removeCandidate(ctx.app, staffId(ctx), candidateId)),
  'proctor.setSessionStatus': ticked(({ sessionId, action, reason }, ctx) => setSessionStatus(ctx.app, staffId(ctx), sessionId, action, reason)),
  'proctor.extendTime': ticked(({ attemptId, minutes, reason }, ctx) => addTime(ctx.app, staffId(ctx), attemptId, minutes, reason, 'extend')),
  'proctor.creditTime': ticked(({ attemptId, minutes, reason }, ctx) => addTime(ctx.app, staffId(ctx), attemptId, minutes, reason, 'credit')),
  'proctor.forceSubmit': ticked(({ attemptId, reason }, ctx) => forceSubmit(ctx.app, staffId(ctx), attemptId, reason)),
  'proctor.reopen': ticked(({ attemptId, minutes, reason }, ctx) => reopenAttempt(ctx.app, staffId(ctx), attemptId, minutes, reason)),
  'proctor.attempt': ticked(({ attemptId }, { app }) => getAttemptDetail(app, attemptId)),
  'proctor.gradeEssay': ticked(({ attemptId, no, awards, comment }, ctx) => gradeEssay(ctx.app, staffId(ctx), attemptId, no, awards, comment)),
  'proctor.audit': ticked(({ sessionId }, { app }) => sessionAudit(app, sessionId)),
};
