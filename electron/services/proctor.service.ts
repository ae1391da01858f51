/**
 * 监考 — exam sessions from a certification blueprint, their rosters, and the proctor's actions on them
 * (open / pause / resume / close; per attempt: extend, credit time, force-submit, reopen, grade 简答).
 * Every action is written to the audit log in the transaction of the change, with who, when, what, why.
 */
import crypto from 'node:crypto';
import { AppError } from '../shared/errors';
import type {
  AttemptDetail,
  AuditEntryView,
  BlueprintChoice,
  ExamSessionSummary,
  ExamSessionView,
  ExamSettings,
  RosterEntry,
  RosterImportReport,
} from '../shared/examTypes';
import type { App } from './app';
import { appendAudit } from './audit';
import { essayScore } from './examGrading';
import { finalizeAttempt, regrade } from './examLifecycle';
import {
  ATTEMPT_COLUMNS,
  attemptTarget,
  getAttempt,
  getCandidate,
  getSession,
  paperOf,
  sessionTarget,
  settingsOf,
  type AttemptRow,
  type CandidateRow,
  type SessionRow,
} from './examStore';
import { attemptCounts, attemptDetail, attemptSummary, blueprintSize, candidateInfo, sessionSummary } from './examViews';
import { drawPaper } from './paper';
import { parseCsv, parseXlsx, readRoster, type RosterCandidate } from './proctorRoster';
import { loadBank, loadBlueprint, type BlueprintSpec } from './questionBank';

const msg = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** No 0/O, 1/I/L: easy to read aloud and to type. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function newCode(app: App): string {
  for (;;) {
    const code = Array.from({ length: 6 }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join('');
    if (!app.user.prepare('SELECT 1 FROM exam_sessions WHERE code = ?').get(code)) return code;
  }
}

function certificationBlueprints(app: App): BlueprintSpec[] {
  const ids = app.content.prepare('SELECT id FROM blueprints ORDER BY id').pluck().all() as string[];
  return ids.map((id) => loadBlueprint(app.content, id)).filter((b) => b.kind === 'certification');
}

export function listBlueprints(app: App): BlueprintChoice[] {
  return certificationBlueprints(app).map((b) => ({
    id: b.id,
    title: b.title,
    timeLimitMinutes: b.timeLimitMinutes,
    passScore: b.passScore,
    multipleScoring: b.multipleChoiceScoring,
    ...blueprintSize(app.content, b.id),
  }));
}

export interface NewSession {
  blueprintId: string;
  title: string;
  date: string;
  room: string;
  timeLimitMinutes: number;
  passScore: number;
  settings: ExamSettings;
  roster: RosterCandidate[];
}

function insertCandidate(app: App, sessionId: number, c: RosterCandidate, walkIn: boolean): number {
  const taken = app.user.prepare('SELECT 1 FROM exam_candidates WHERE session_id = ? AND employee_id = ?').get(sessionId, c.employeeId);
  if (taken) throw new AppError('conflict', msg(`工号 ${c.employeeId} 已在本场考生名单中。`, `Employee id ${c.employeeId} is already on this roster.`));
  const { lastInsertRowid } = app.user
    .prepare('INSERT INTO exam_candidates (session_id, employee_id, name, branch, walk_in, added_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(sessionId, c.employeeId, c.name, c.branch, walkIn ? 1 : 0, app.now());
  return Number(lastInsertRowid);
}

export function createSession(app: App, actorId: number, input: NewSession): ExamSessionView {
  const blueprint = certificationBlueprints(app).find((b) => b.id === input.blueprintId);
  if (!blueprint) throw new AppError('not_found', msg(`找不到认证考试组卷方案：${input.blueprintId}`, `No certification blueprint ${input.blueprintId}.`));
  const bank = loadBank(app.content);
  drawPaper(blueprint, bank.questions, 1, bank.version); // the bank must be able to fill it: fail now, not at the first candidate
  const { maxScore } = blueprintSize(app.content, blueprint.id);
  if (input.passScore > maxScore) {
    throw new AppError('invalid_input', msg(`合格分数不能高于满分 ${maxScore}。`, `The pass mark cannot exceed the maximum of ${maxScore}.`));
  }
  const db = app.user;
  const id = db.transaction(() => {
    const now = app.now();
    const code = newCode(app);
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO exam_sessions (code, blueprint_id, title, exam_date, room, time_limit_minutes, pass_score, settings, status, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
      )
      .run(code, blueprint.id, input.title, input.date, input.room, input.timeLimitMinutes, input.passScore, JSON.stringify(input.settings), actorId, now);
    const sessionId = Number(lastInsertRowid);
    for (const c of input.roster) insertCandidate(app, sessionId, c, false);
    appendAudit(db, now, {
      actorId,
      action: 'exam.session_create',
      target: sessionTarget(sessionId),
      details: { code, blueprintId: blueprint.id, title: input.title, date: input.date, room: input.room, timeLimitMinutes: input.timeLimitMinutes, passScore: input.passScore, settings: input.settings, roster: input.roster.length },
    });
    return sessionId;
  })();
  return sessionView(app, id);
}

export function listSessions(app: App): ExamSessionSummary[] {
  const rows = app.user.prepare('SELECT * FROM exam_sessions ORDER BY created_at DESC, id DESC LIMIT 200').all() as SessionRow[];
  return rows.map((s) => sessionSummary(app.user, s));
}

export function sessionView(app: App, sessionId: number): ExamSessionView {
  const db = app.user;
  const s = getSession(db, sessionId);
  const candidates = db.prepare('SELECT * FROM exam_candidates WHERE session_id = ? ORDER BY employee_id').all(sessionId) as CandidateRow[];
  const attempts = new Map(
    (db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE session_id = ?`).all(sessionId) as AttemptRow[]).map((a) => [a.candidate_id, a]),
  );
  const size = blueprintSize(app.content, s.blueprint_id);
  return {
    ...sessionSummary(db, s),
    blueprintId: s.blueprint_id,
    timeLimitMinutes: s.time_limit_minutes,
    passScore: s.pass_score,
    maxScore: size.maxScore,
    settings: settingsOf(s),
    pausedAt: s.paused_at,
    roster: candidates.map((c) => rosterEntry(app, s, c, attempts.get(c.id) ?? null)),
  };
}

function rosterEntry(app: App, s: SessionRow, c: CandidateRow, a: AttemptRow | null): RosterEntry {
  return { candidateId: c.id, ...candidateInfo(c), walkIn: c.walk_in === 1, attempt: a ? attemptSummary(app, s, a, attemptCounts(app.user, a.id)) : null };
}

function openSession(app: App, sessionId: number): SessionRow {
  const s = getSession(app.user, sessionId);
  if (s.status === 'closed') throw new AppError('conflict', msg('本场考试已关闭，不能再修改。', 'This session is closed and can no longer be changed.'));
  return s;
}

export function addCandidate(app: App, actorId: number, sessionId: number, c: RosterCandidate): RosterEntry {
  const db = app.user;
  return db.transaction(() => {
    const s = openSession(app, sessionId);
    const walkIn = s.status !== 'draft';
    const id = insertCandidate(app, sessionId, c, walkIn);
    appendAudit(db, app.now(), { actorId, action: 'exam.roster_add', target: sessionTarget(sessionId), details: { ...c, walkIn } });
    return rosterEntry(app, s, getCandidate(db, id), null);
  })();
}

export async function importRoster(app: App, actorId: number, sessionId: number, format: 'csv' | 'xlsx', data: string): Promise<RosterImportReport> {
  openSession(app, sessionId);
  let table: string[][];
  try {
    table = format === 'csv' ? parseCsv(data) : await parseXlsx(Buffer.from(data, 'base64'));
  } catch {
    throw new AppError('invalid_input', msg('无法读取该文件，请确认是 CSV 或 XLSX 格式。', 'The file cannot be read: is it CSV or XLSX?'));
  }
  const parsed = readRoster(table);
  const db = app.user;
  return db.transaction(() => {
    const s = openSession(app, sessionId);
    const errors = [...parsed.errors];
    let added = 0;
    for (const { row, candidate } of parsed.rows) {
      if (db.prepare('SELECT 1 FROM exam_candidates WHERE session_id = ? AND employee_id = ?').get(sessionId, candidate.employeeId)) {
        errors.push({ row, message: msg(`第 ${row} 行：工号 ${candidate.employeeId} 已在名单中。`, `Row ${row}: employee id ${candidate.employeeId} is already on the roster.`) });
        continue;
      }
      insertCandidate(app, sessionId, candidate, s.status !== 'draft');
      added++;
    }
    errors.sort((a, b) => a.row - b.row);
    appendAudit(db, app.now(), { actorId, action: 'exam.roster_import', target: sessionTarget(sessionId), details: { format, added, errors: errors.length } });
    return { added, errors };
  })();
}

export function removeCandidate(app: App, actorId: number, candidateId: number): null {
  const db = app.user;
  db.transaction(() => {
    const c = getCandidate(db, candidateId);
    openSession(app, c.session_id);
    if (db.prepare('SELECT 1 FROM exam_attempts WHERE candidate_id = ?').get(candidateId)) {
      throw new AppError('conflict', msg('该考生已开始作答，不能移出名单。', 'This candidate has started and cannot be removed.'));
    }
    db.prepare('DELETE FROM exam_candidates WHERE id = ?').run(candidateId);
    appendAudit(db, app.now(), { actorId, action: 'exam.roster_remove', target: sessionTarget(c.session_id), details: { employeeId: c.employee_id, name: c.name } });
  })();
  return null;
}

type SessionAction = 'open' | 'pause' | 'resume' | 'close';
const ALLOWED: Record<SessionAction, readonly string[]> = {
  open: ['draft'],
  pause: ['open'],
  resume: ['paused'],
  close: ['draft', 'open', 'paused'],
};
const STATUS_NAMES: Record<string, string> = { draft: '未开考', open: '进行中', paused: '已暂停', closed: '已关闭' };

/**
 * open: candidates may sign in. pause: every running clock stops (answers are refused, deadlines do not
 * pass). resume: running attempts get the paused time added to their deadline. close: running attempts
 * are submitted (by the proctor) and nobody can sign in any more.
 */
export function setSessionStatus(app: App, actorId: number, sessionId: number, action: SessionAction, reason = ''): ExamSessionView {
  const db = app.user;
  const ended: number[] = [];
  db.transaction(() => {
    const s = getSession(db, sessionId);
    if (!ALLOWED[action].includes(s.status)) {
      throw new AppError('conflict', msg(`场次当前为“${STATUS_NAMES[s.status]}”，不能执行此操作。`, `The session is ${s.status}: cannot ${action} it.`));
    }
    const now = app.now();
    const details: Record<string, unknown> = { from: s.status, ...(reason ? { reason } : {}) };
    if (action === 'open') db.prepare("UPDATE exam_sessions SET status = 'open' WHERE id = ?").run(sessionId);
    if (action === 'pause') db.prepare("UPDATE exam_sessions SET status = 'paused', paused_at = ? WHERE id = ?").run(now, sessionId);
    if (action === 'resume') {
      const pausedMs = Math.max(0, now - (s.paused_at ?? now));
      const r = db.prepare("UPDATE exam_attempts SET deadline = deadline + ?, last_seen_at = max(last_seen_at, ?) WHERE session_id = ? AND status = 'in_progress'").run(pausedMs, now, sessionId);
      db.prepare("UPDATE exam_sessions SET status = 'open', paused_at = NULL WHERE id = ?").run(sessionId);
      Object.assign(details, { pausedMs, attemptsExtended: r.changes });
    }
    if (action === 'close') {
      if (s.status === 'paused') db.prepare('UPDATE exam_sessions SET paused_at = NULL WHERE id = ?').run(sessionId);
      db.prepare("UPDATE exam_sessions SET status = 'closed' WHERE id = ?").run(sessionId);
      const running = db.prepare("SELECT id FROM exam_attempts WHERE session_id = ? AND status = 'in_progress'").pluck().all(sessionId) as number[];
      for (const id of running) {
        finalizeAttempt(app, id, { kind: 'proctor', actorId, reason: `session closed${reason ? `: ${reason}` : ''}` });
        ended.push(id);
      }
      details.attemptsSubmitted = running.length;
    }
    appendAudit(db, now, { actorId, action: `exam.session_${action}`, target: sessionTarget(sessionId), details });
  })();
  return sessionView(app, sessionId);
}

function detail(app: App, attemptId: number): AttemptDetail {
  const a = getAttempt(app.user, attemptId);
  return attemptDetail(app, getSession(app.user, a.session_id), getCandidate(app.user, a.candidate_id), a);
}

export function getAttemptDetail(app: App, attemptId: number): AttemptDetail {
  return detail(app, attemptId);
}

function running(app: App, attemptId: number): AttemptRow {
  const a = getAttempt(app.user, attemptId);
  if (a.status !== 'in_progress') {
    throw new AppError('conflict', msg('该考生已交卷；如需继续作答，请先“重新开放”。', 'This attempt is submitted; reopen it first.'));
  }
  return a;
}

/** Extends a running attempt (`kind` extend) or gives back time lost to a crash (`credit`). */
export function addTime(app: App, actorId: number, attemptId: number, minutes: number, reason: string, kind: 'extend' | 'credit'): AttemptDetail {
  const db = app.user;
  db.transaction(() => {
    const a = running(app, attemptId);
    const ms = minutes * 60_000;
    db.prepare('UPDATE exam_attempts SET deadline = deadline + ?, extra_ms = extra_ms + ? WHERE id = ?').run(ms, ms, attemptId);
    appendAudit(db, app.now(), {
      actorId,
      action: kind === 'extend' ? 'exam.extend' : 'exam.credit',
      target: attemptTarget(attemptId),
      details: { minutes, reason, deadlineBefore: a.deadline, deadlineAfter: a.deadline + ms },
    });
  })();
  return detail(app, attemptId);
}

export function forceSubmit(app: App, actorId: number, attemptId: number, reason: string): AttemptDetail {
  running(app, attemptId);
  finalizeAttempt(app, attemptId, { kind: 'proctor', actorId, reason });
  return detail(app, attemptId);
}

/**
 * Reopens a submitted attempt with `minutes` on the clock. Answers are kept; the score and any 简答
 * grades are cleared (the answers may change), and the attempt is graded again when it is submitted.
 */
export function reopenAttempt(app: App, actorId: number, attemptId: number, minutes: number, reason: string): AttemptDetail {
  const db = app.user;
  db.transaction(() => {
    const a = getAttempt(db, attemptId);
    if (a.status !== 'submitted') throw new AppError('conflict', msg('该考生仍在作答，无需重新开放。', 'This attempt is still running.'));
    const s = getSession(db, a.session_id);
    if (s.status === 'closed') throw new AppError('conflict', msg('本场考试已关闭，不能重新开放作答。', 'The session is closed: attempts cannot be reopened.'));
    const now = app.now();
    const grades = db.prepare('SELECT item_no, score FROM exam_essay_grades WHERE attempt_id = ?').all(attemptId);
    db.prepare('DELETE FROM exam_essay_grades WHERE attempt_id = ?').run(attemptId);
    db.prepare(
      `UPDATE exam_attempts SET status = 'in_progress', deadline = ?, last_seen_at = ?, submitted_at = NULL, submit_kind = NULL,
         score = NULL, grades = NULL, pending_essays = 0, reopen_count = reopen_count + 1 WHERE id = ?`,
    ).run(now + minutes * 60_000, now, attemptId);
    appendAudit(db, now, {
      actorId,
      action: 'exam.reopen',
      target: attemptTarget(attemptId),
      details: { minutes, reason, previous: { submittedAt: a.submitted_at, submitKind: a.submit_kind, score: a.score }, clearedEssayGrades: grades },
    });
  })();
  // No lock here: the kiosk locks when the candidate signs in again at the exam PC.
  return detail(app, attemptId);
}

/** Records points per key point for one 简答 answer and grades the attempt again. */
export function gradeEssay(app: App, actorId: number, attemptId: number, no: number, awards: number[], comment: string): AttemptDetail {
  const db = app.user;
  db.transaction(() => {
    const a = getAttempt(db, attemptId);
    if (a.status !== 'submitted') throw new AppError('conflict', msg('考生交卷后才能阅卷。', 'Grade after the attempt is submitted.'));
    const item = paperOf(db, attemptId).items[no - 1];
    if (!item || item.type !== 'essay') throw new AppError('invalid_input', msg(`第 ${no} 题不是简答题。`, `Question ${no} is not an essay question.`));
    const answered = db.prepare('SELECT response FROM exam_answers WHERE attempt_id = ? AND item_no = ? AND response IS NOT NULL').get(attemptId, no);
    if (!answered) throw new AppError('conflict', msg('该题未作答，记 0 分，无需阅卷。', 'This question was not answered: it scores 0 and needs no grading.'));
    const score = essayScore(item, awards);
    const now = app.now();
    const before = db.prepare('SELECT score FROM exam_essay_grades WHERE attempt_id = ? AND item_no = ?').pluck().get(attemptId, no) as number | undefined;
    db.prepare(
      `INSERT INTO exam_essay_grades (attempt_id, item_no, awards, score, comment, graded_by, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (attempt_id, item_no) DO UPDATE SET awards = excluded.awards, score = excluded.score, comment = excluded.comment,
         graded_by = excluded.graded_by, graded_at = excluded.graded_at`,
    ).run(attemptId, no, JSON.stringify(awards), score, comment, actorId, now);
    const total = regrade(app, a);
    appendAudit(db, now, {
      actorId,
      action: 'exam.grade_essay',
      target: attemptTarget(attemptId),
      details: { no, questionId: item.questionId, awards, score, previousScore: before ?? null, comment, attemptScore: total.score, pendingEssays: total.pendingEssays },
    });
  })();
  return detail(app, attemptId);
}

interface AuditRow {
  id: number;
  at: number;
  actor: string | null;
  action: string;
  target: string | null;
  details: string;
}

/** The session's audit trail: session and attempt entries, and clock changes logged since it was created. */
export function sessionAudit(app: App, sessionId: number): AuditEntryView[] {
  getSession(app.user, sessionId);
  const rows = app.user
    .prepare(
      `SELECT l.id, l.at, p.name AS actor, l.action, l.target, l.details FROM audit_log l LEFT JOIN people p ON p.id = l.actor_id
       WHERE l.target = @session
          OR l.target IN (SELECT 'exam-attempt:' || id FROM exam_attempts WHERE session_id = @id)
          OR (l.action = 'exam.clock_change' AND l.id >= (SELECT min(id) FROM audit_log WHERE target = @session))
       ORDER BY l.id DESC LIMIT 1000`,
    )
    .all({ session: sessionTarget(sessionId), id: sessionId }) as AuditRow[];
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
