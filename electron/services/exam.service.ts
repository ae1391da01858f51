/**
 * 岗位技能认证 — the candidate's side: sign in with employee id + session code, start (the paper is drawn
 * with a recorded seed and snapshotted), save answers one durable transaction at a time, flag, report
 * leaving the window, submit. The server owns the clock: the deadline is in user.db and every call
 * first runs the exam tick (clock-jump check, expired attempts finalised).
 */
import { AppError } from '../shared/errors';
import type { CandidateExamState, CandidateSignIn, ExamSaved, FocusKind, FocusReport } from '../shared/examTypes';
import type { ResponseValue } from '../shared/practiceTypes';
import { staffSignIn } from './accounts.service';
import type { App } from './app';
import { appendAudit } from './audit';
import { readClock } from './examClock';
import { examEvents, finalizeAttempt } from './examLifecycle';
import {
  attemptOfCandidate,
  attemptTarget,
  getCandidate,
  getSession,
  newAttemptUid,
  paperOf,
  settingsOf,
  sql,
  type AttemptRow,
  type CandidateRow,
  type SessionRow,
} from './examStore';
import { candidateInfo, candidateState, examInfo } from './examViews';
import { checkResponse, isBlank } from './grading';
import { drawPaper, newSeed, paperFingerprint } from './paper';
import { loadBank, loadBlueprint } from './questionBank';

const msg = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const PAUSED = () => new AppError('forbidden', msg('考试已暂停，请等待监考老师恢复考试。', 'The exam is paused; wait for the proctor to resume it.'));
const NOT_STARTED = () => new AppError('not_found', msg('尚未开始作答。', 'The attempt has not been started.'));

/** A finished attempt refuses further changes; one ended by the deadline says so. */
function finishedError(a: AttemptRow): AppError {
  return new AppError(a.submit_kind === 'auto' ? 'attempt_expired' : 'attempt_submitted');
}

interface Ctx {
  candidate: CandidateRow;
  session: SessionRow;
  attempt: AttemptRow | null;
}

function context(app: App, candidateId: number): Ctx {
  const candidate = getCandidate(app.user, candidateId);
  return { candidate, session: getSession(app.user, candidate.session_id), attempt: attemptOfCandidate(app.user, candidateId) };
}

/**
 * The running attempt a change applies to. Refused when not started, submitted, paused, or past the
 * deadline (then it is finalised first: 自动交卷).
 */
function liveAttempt(app: App, ctx: Ctx): AttemptRow {
  const a = ctx.attempt;
  if (!a) throw NOT_STARTED();
  if (a.status !== 'in_progress') throw finishedError(a);
  if (ctx.session.status === 'paused') throw PAUSED();
  if (app.now() >= a.deadline) {
    try {
      finalizeAttempt(app, a.id, { kind: 'auto' });
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'attempt_submitted')) throw e;
    }
    throw new AppError('attempt_expired');
  }
  return a;
}

const touch = (app: App, attemptId: number) => sql(app.user, 'UPDATE exam_attempts SET last_seen_at = ? WHERE id = ?').run(app.now(), attemptId);

export interface SignInInput {
  employeeId: string;
  code: string;
  proctor?: { employeeId: string; password: string };
  creditGap?: boolean;
}

/** Checks a candidate's sign-in; the caller opens the candidate session for the returned candidate. */
export function signInCandidate(
  app: App,
  input: SignInInput,
): { kind: 'ok'; candidateId: number; result: Omit<Extract<CandidateSignIn, { kind: 'signed_in' }>, 'session'> } | Extract<CandidateSignIn, { kind: 'needs_proctor' }> {
  const db = app.user;
  const session = db.prepare('SELECT * FROM exam_sessions WHERE code = ?').get(input.code) as SessionRow | undefined;
  if (!session) throw new AppError('not_found', msg('考试场次代码不正确，请核对监考老师公布的代码。', 'Wrong session code: check the code the proctor announced.'));
  if (session.status === 'draft') throw new AppError('forbidden', msg('本场考试尚未开考，请等待监考老师开考。', 'This exam has not been opened yet; wait for the proctor.'));
  if (session.status === 'closed') throw new AppError('forbidden', msg('本场考试已经结束。', 'This exam session is closed.'));
  const candidate = db.prepare('SELECT * FROM exam_candidates WHERE session_id = ? AND employee_id = ?').get(session.id, input.employeeId) as CandidateRow | undefined;
  if (!candidate) throw new AppError('not_found', msg('你不在本场考试的考生名单中，请联系监考老师。', 'You are not on the roster of this exam; ask the proctor.'));
  const attempt = attemptOfCandidate(db, candidate.id);
  let resumed = false;
  if (attempt && attempt.status === 'in_progress') {
    const now = app.now();
    const gap = Math.max(0, now - attempt.last_seen_at);
    const settings = settingsOf(session);
    const needsProctor = gap > settings.resumeGapMinutes * 60_000;
    if (needsProctor && !input.proctor) return { kind: 'needs_proctor', gapMinutes: Math.ceil(gap / 60_000), candidate: candidateInfo(candidate) };
    const proctor = needsProctor ? staffSignIn(db, now, input.proctor!.employeeId, input.proctor!.password) : null;
    const credit = proctor && input.creditGap ? gap : 0;
    db.transaction(() => {
      db.prepare('UPDATE exam_attempts SET last_seen_at = ?, deadline = deadline + ?, extra_ms = extra_ms + ? WHERE id = ?').run(now, credit, credit, attempt.id);
      appendAudit(db, now, {
        actorId: proctor?.id ?? null,
        action: 'exam.resume',
        target: attemptTarget(attempt.id),
        details: { employeeId: candidate.employee_id, gapMs: gap, authorizedBy: proctor?.employeeId ?? null, creditedMs: credit },
      });
    })();
    resumed = true;
    examEvents.emit('exam', { type: 'attempt-active', attemptId: attempt.id });
  }
  return { kind: 'ok', candidateId: candidate.id, result: { kind: 'signed_in', candidate: candidateInfo(candidate), exam: examInfo(app, session), resumed } };
}

/** The candidate's state; a call from a running attempt also counts as a sign of life (for the resume gap). */
export function examState(app: App, candidateId: number): CandidateExamState {
  const ctx = context(app, candidateId);
  if (ctx.attempt?.status === 'in_progress' && ctx.session.status !== 'paused') touch(app, ctx.attempt.id);
  return candidateState(app, ctx.session, ctx.candidate, ctx.attempt);
}

/** Draws the paper (recorded seed, snapshot, fingerprint) and starts the clock; a running attempt is returned as it is. */
export function startExam(app: App, candidateId: number, seed: number = newSeed()): CandidateExamState {
  const db = app.user;
  const ctx = context(app, candidateId);
  if (ctx.attempt) return examState(app, candidateId);
  if (ctx.session.status === 'paused') throw PAUSED();
  if (ctx.session.status !== 'open') throw new AppError('forbidden', msg('本场考试当前不可作答。', 'This exam session is not open.'));
  const s = ctx.session;
  const settings = settingsOf(s);
  const bank = loadBank(app.content);
  const drawn = drawPaper(loadBlueprint(app.content, s.blueprint_id), bank.questions, seed, bank.version);
  const paper = { ...drawn, title: s.title, scoring: settings.multipleScoring, timeLimitMinutes: s.time_limit_minutes, passScore: s.pass_score };
  const fingerprint = paperFingerprint(paper);
  const now = app.now();
  const deadline = now + s.time_limit_minutes * 60_000;
  const attemptId = db.transaction(() => {
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO exam_attempts (uid, session_id, candidate_id, seed, content_version, paper, fingerprint, max_score, started_at, deadline, last_seen_at, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_progress')`,
      )
      .run(newAttemptUid(), s.id, candidateId, paper.seed, paper.contentVersion, JSON.stringify(paper), fingerprint, paper.maxScore, now, deadline, now);
    const id = Number(lastInsertRowid);
    appendAudit(db, now, {
      actorId: null,
      action: 'exam.start',
      target: attemptTarget(id),
      details: { employeeId: ctx.candidate.employee_id, sessionId: s.id, seed: paper.seed, contentVersion: paper.contentVersion, fingerprint, deadline },
    });
    return id;
  })();
  examEvents.emit('exam', { type: 'attempt-active', attemptId });
  return examState(app, candidateId);
}

function saved(app: App, attemptId: number, no: number, savedAt: number): ExamSaved {
  const row = sql(
    app.user,
    'SELECT (SELECT count(*) FROM exam_answers WHERE attempt_id = @a AND response IS NOT NULL) AS answered, (SELECT flagged FROM exam_answers WHERE attempt_id = @a AND item_no = @no) AS flagged',
  ).get({ a: attemptId, no }) as { answered: number; flagged: number | null };
  return { no, savedAt, answered: row.answered, flagged: row.flagged === 1 };
}

function writeItem(app: App, attemptId: number, no: number, change: { response?: string | null; flagged?: boolean }): ExamSaved {
  const db = app.user;
  const clock = readClock(app);
  return db.transaction(() => {
    const current = sql(db, 'SELECT response, flagged FROM exam_answers WHERE attempt_id = ? AND item_no = ?').get(attemptId, no) as
      | { response: string | null; flagged: 0 | 1 }
      | undefined;
    const response = change.response !== undefined ? change.response : (current?.response ?? null);
    const flagged = change.flagged !== undefined ? (change.flagged ? 1 : 0) : (current?.flagged ?? 0);
    sql(
      db,
      `INSERT INTO exam_answers (attempt_id, item_no, response, flagged, saved_at, saved_mono, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (attempt_id, item_no) DO UPDATE SET response = excluded.response, flagged = excluded.flagged,
         saved_at = excluded.saved_at, saved_mono = excluded.saved_mono, run_id = excluded.run_id`,
    ).run(attemptId, no, response, flagged, clock.wall, clock.mono, clock.runId);
    sql(db, 'INSERT INTO exam_answer_log (attempt_id, item_no, response, flagged, at, mono, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      attemptId,
      no,
      response,
      flagged,
      clock.wall,
      clock.mono,
      clock.runId,
    );
    sql(db, 'UPDATE exam_attempts SET last_seen_at = ? WHERE id = ?').run(clock.wall, attemptId);
    return saved(app, attemptId, no, clock.wall);
  })();
}

function itemOf(app: App, attemptId: number, no: number) {
  const item = paperOf(app.user, attemptId).items[no - 1];
  if (!item) throw new AppError('invalid_input', msg(`试卷上没有第 ${no} 题。`, `The paper has no question ${no}.`));
  return item;
}

/** Saves (or with a blank response clears) one answer: committed with synchronous=FULL before it returns. */
export function saveExamAnswer(app: App, candidateId: number, no: number, response: ResponseValue | null): ExamSaved {
  const attempt = liveAttempt(app, context(app, candidateId));
  const item = itemOf(app, attempt.id, no);
  const canonical = response === null ? null : checkResponse(item, response);
  return writeItem(app, attempt.id, no, { response: canonical === null || isBlank(canonical) ? null : JSON.stringify(canonical) });
}

export function setExamFlag(app: App, candidateId: number, no: number, flagged: boolean): ExamSaved {
  const attempt = liveAttempt(app, context(app, candidateId));
  itemOf(app, attempt.id, no);
  return writeItem(app, attempt.id, no, { flagged });
}

/** Counts a blur / visibility change with the server's time; past the session's limit the attempt is submitted. */
export function reportFocusLoss(app: App, candidateId: number, kind: FocusKind): FocusReport {
  const db = app.user;
  const ctx = context(app, candidateId);
  const limit = settingsOf(ctx.session).focusLossLimit;
  const a = ctx.attempt;
  const count = () => (a ? (db.prepare('SELECT count(*) FROM exam_focus_events WHERE attempt_id = ?').pluck().get(a.id) as number) : 0);
  if (!a || a.status !== 'in_progress') return { count: count(), limit, submitted: false };
  const now = app.now();
  const n = db.transaction(() => {
    db.prepare('INSERT INTO exam_focus_events (attempt_id, at, kind) VALUES (?, ?, ?)').run(a.id, now, kind);
    const total = count();
    appendAudit(db, now, { actorId: null, action: 'exam.focus_loss', target: attemptTarget(a.id), details: { kind, count: total, limit } });
    db.prepare('UPDATE exam_attempts SET last_seen_at = ? WHERE id = ?').run(now, a.id);
    return total;
  })();
  if (limit > 0 && n > limit) {
    finalizeAttempt(app, a.id, { kind: 'focus_limit', reason: `focus lost ${n} times (limit ${limit})` });
    return { count: n, limit, submitted: true };
  }
  return { count: n, limit, submitted: false };
}

/** Submits once. A second submit, or one after the deadline has ended the attempt, is refused and changes nothing. */
export function submitExam(app: App, candidateId: number): CandidateExamState {
  const ctx = context(app, candidateId);
  const a = ctx.attempt;
  if (!a) throw NOT_STARTED();
  if (a.status !== 'in_progress') throw finishedError(a);
  if (ctx.session.status === 'paused') throw PAUSED();
  finalizeAttempt(app, a.id, { kind: app.now() >= a.deadline ? 'auto' : 'candidate' });
  return examState(app, candidateId);
}

/** A proctor's password at the exam PC lets it leave kiosk mode (audited with the reason). */
export function unlockKiosk(app: App, candidateId: number, proctor: { employeeId: string; password: string }, reason: string): { unlocked: true } {
  const db = app.user;
  const now = app.now();
  const staff = staffSignIn(db, now, proctor.employeeId, proctor.password);
  const ctx = context(app, candidateId);
  const attemptId = ctx.attempt?.id ?? null;
  db.transaction(() =>
    appendAudit(db, now, {
      actorId: staff.id,
      action: 'exam.kiosk_unlock',
      target: attemptId ? attemptTarget(attemptId) : `exam-candidate:${candidateId}`,
      details: { employeeId: ctx.candidate.employee_id, reason },
    }),
  )();
  examEvents.emit('exam', { type: 'kiosk-unlock', attemptId });
  return { unlocked: true };
}
