/**
 * Ending attempts: submission by the candidate, by the deadline (自动交卷), by a proctor or by the
 * focus-loss limit; and the tick that runs before every exam call, at start-up and every few seconds:
 * clock-jump check, then every running attempt whose deadline has passed is finalised with its saved
 * answers (sessions on pause excepted: their clocks stand still).
 */
import { EventEmitter } from 'node:events';
import { AppError } from '../shared/errors';
import type { SubmitKind } from '../shared/examTypes';
import type { App } from './app';
import { appendAudit } from './audit';
import { checkClock } from './examClock';
import { essayGradeRows, gradeAttempt } from './examGrading';
import { answerRows, attemptTarget, chapterOrder, chapterTitles, getAttempt, paperOf, responsesOf, type AttemptRow } from './examStore';

/** What the Electron kiosk listens to: an attempt became active, ended, or a proctor unlocked the PC. */
export type ExamEvent = { type: 'attempt-active'; attemptId: number } | { type: 'attempt-ended'; attemptId: number } | { type: 'kiosk-unlock'; attemptId: number | null };
export const examEvents = new EventEmitter<{ exam: [ExamEvent] }>();

export interface FinalizeBy {
  kind: SubmitKind;
  actorId?: number | null;
  reason?: string;
}

const AUDIT_ACTION: Record<SubmitKind, string> = {
  candidate: 'exam.submit',
  auto: 'exam.auto_submit',
  proctor: 'exam.force_submit',
  focus_limit: 'exam.focus_limit_submit',
};

/** Grades the stored grades of an attempt again (after a 简答 grade) and writes score and pending count. */
export function regrade(app: App, attempt: AttemptRow): { score: number; pendingEssays: number } {
  const paper = paperOf(app.user, attempt.id);
  const g = gradeAttempt(paper, responsesOf(answerRows(app.user, attempt.id)), essayGradeRows(app.user, attempt.id), chapterTitles(app.content), chapterOrder(app.content));
  app.user
    .prepare('UPDATE exam_attempts SET score = ?, grades = ?, pending_essays = ? WHERE id = ?')
    .run(g.score, JSON.stringify({ grades: g.grades, byChapter: g.byChapter }), g.pendingEssays, attempt.id);
  return { score: g.score, pendingEssays: g.pendingEssays };
}

/**
 * Closes a running attempt and grades it, in one transaction with its audit entry. An automatic
 * submission is dated at the deadline, not at the moment the server noticed. A submitted attempt is
 * refused with attempt_submitted and nothing changes.
 */
export function finalizeAttempt(app: App, attemptId: number, by: FinalizeBy): AttemptRow {
  const db = app.user;
  const row = db.transaction(() => {
    const attempt = getAttempt(db, attemptId);
    if (attempt.status !== 'in_progress') throw new AppError('attempt_submitted');
    const now = app.now();
    const at = by.kind === 'auto' ? Math.min(attempt.deadline, now) : now;
    db.prepare("UPDATE exam_attempts SET status = 'submitted', submitted_at = ?, submit_kind = ? WHERE id = ? AND status = 'in_progress'").run(at, by.kind, attemptId);
    const { score, pendingEssays } = regrade(app, attempt);
    const answered = db.prepare('SELECT count(*) FROM exam_answers WHERE attempt_id = ? AND response IS NOT NULL').pluck().get(attemptId) as number;
    appendAudit(db, now, {
      actorId: by.actorId ?? null,
      action: AUDIT_ACTION[by.kind],
      target: attemptTarget(attemptId),
      details: { submittedAt: at, deadline: attempt.deadline, answered, score, pendingEssays, ...(by.reason ? { reason: by.reason } : {}) },
    });
    return getAttempt(db, attemptId);
  })();
  examEvents.emit('exam', { type: 'attempt-ended', attemptId });
  return row;
}

/** Finalises every running attempt whose deadline has passed (except in paused sessions). */
export function settleExpired(app: App): number[] {
  const due = app.user
    .prepare(
      `SELECT a.id FROM exam_attempts a JOIN exam_sessions s ON s.id = a.session_id
       WHERE a.status = 'in_progress' AND a.deadline <= ? AND s.status != 'paused'`,
    )
    .pluck()
    .all(app.now()) as number[];
  for (const id of due) finalizeAttempt(app, id, { kind: 'auto' });
  return due;
}

/** Runs before every exam and proctor call. */
export function examTick(app: App): void {
  checkClock(app);
  settleExpired(app);
}

/**
 * At start-up: attempts whose deadline passed while the app was down are finalised now; afterwards the
 * tick runs every `everyMs` so deadlines and clock jumps are handled even when nobody calls.
 */
export function startExamTicker(app: App, everyMs = 5_000, log: (e: unknown) => void = (e) => console.error(e)): () => void {
  examTick(app);
  const timer = setInterval(() => {
    try {
      examTick(app);
    } catch (e) {
      log(e);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
