/**
 * What the exam calls return. The candidate views are built field by field from the snapshot (never by
 * spreading a PaperItem), so a key, explanation, reference or key point cannot slip into them.
 */
import type { Db } from '../../db/open';
import type {
  AttemptDetail,
  AttemptState,
  AttemptSummary,
  CandidateAttemptView,
  CandidateExamState,
  CandidateInfo,
  CandidateResult,
  ExamInfo,
  ExamSessionSummary,
  FocusKind,
} from '../shared/examTypes';
import type { ChapterScore, ResponseValue } from '../shared/practiceTypes';
import type { App } from './app';
import type { ItemGrade } from './examGrading';
import { essayGradeRows } from './examGrading';
import {
  answerRows,
  paperOf,
  settingsOf,
  type AttemptRow,
  type CandidateRow,
  type SessionRow,
} from './examStore';
import { loadBlueprint } from './questionBank';

interface StoredGrades {
  grades: ItemGrade[];
  byChapter: ChapterScore[];
}

const blueprintSizes = new WeakMap<Db, Map<string, { questionCount: number; maxScore: number }>>();

/** Question count and total points of a blueprint. */
export function blueprintSize(content: Db, id: string): { questionCount: number; maxScore: number } {
  let cache = blueprintSizes.get(content);
  if (!cache) blueprintSizes.set(content, (cache = new Map()));
  let size = cache.get(id);
  if (!size) {
    const bp = loadBlueprint(content, id);
    size = {
      questionCount: bp.draw.reduce((s, r) => s + r.count, 0),
      maxScore: bp.draw.reduce((s, r) => s + r.count * r.points, 0),
    };
    cache.set(id, size);
  }
  return size;
}

export const candidateInfo = (c: CandidateRow): CandidateInfo => ({ employeeId: c.employee_id, name: c.name, branch: c.branch });

export function examInfo(app: App, s: SessionRow): ExamInfo {
  const settings = settingsOf(s);
  const size = blueprintSize(app.content, s.blueprint_id);
  return {
    title: s.title,
    date: s.exam_date,
    room: s.room,
    sessionStatus: s.status,
    timeLimitMinutes: s.time_limit_minutes,
    passScore: s.pass_score,
    maxScore: size.maxScore,
    questionCount: size.questionCount,
    showScore: settings.showScore,
    allowReview: settings.allowReview,
    focusLossLimit: settings.focusLossLimit,
  };
}

export function attemptState(a: AttemptRow | null): AttemptState {
  if (!a) return 'not_started';
  if (a.status === 'in_progress') return 'in_progress';
  return a.pending_essays > 0 ? 'pending_grading' : 'final';
}

/** The server's "now" for an attempt: while its session is paused, time stands at the pause. */
export function attemptNow(app: App, s: SessionRow): number {
  return s.status === 'paused' && s.paused_at !== null ? s.paused_at : app.now();
}

function storedGrades(a: AttemptRow): StoredGrades | null {
  return a.grades ? (JSON.parse(a.grades) as StoredGrades) : null;
}

function focusCount(db: Db, attemptId: number): number {
  return db.prepare('SELECT count(*) FROM exam_focus_events WHERE attempt_id = ?').pluck().get(attemptId) as number;
}

function candidateResult(app: App, s: SessionRow, a: AttemptRow, responses: Map<number, ResponseValue>): CandidateResult {
  const settings = settingsOf(s);
  const paper = paperOf(app.user, a.id);
  const stored = storedGrades(a);
  const pending = a.pending_essays > 0;
  const show = settings.showScore;
  return {
    submittedAt: a.submitted_at!,
    submitKind: a.submit_kind!,
    fingerprint: a.fingerprint,
    answered: responses.size,
    total: paper.items.length,
    score: show ? a.score : null,
    maxScore: paper.maxScore,
    passScore: paper.passScore,
    passed: show && !pending && a.score !== null ? a.score >= paper.passScore : null,
    pendingGrading: pending,
    byChapter: show && stored ? stored.byChapter : null,
    review:
      settings.allowReview && stored
        ? paper.items.map((it, i) => ({
            no: it.no,
            type: it.type,
            stem: it.stem,
            response: responses.get(it.no) ?? null,
            outcome: stored.grades[i].outcome,
            score: stored.grades[i].score,
            points: it.points,
          }))
        : null,
  };
}

export function candidateAttemptView(app: App, s: SessionRow, a: AttemptRow): CandidateAttemptView {
  const paper = paperOf(app.user, a.id);
  const rows = answerRows(app.user, a.id);
  const byNo = new Map(rows.map((r) => [r.item_no, r]));
  const responses = new Map<number, ResponseValue>();
  const items = paper.items.map((it) => {
    const row = byNo.get(it.no);
    const response = row?.response ? (JSON.parse(row.response) as ResponseValue) : null;
    if (response !== null) responses.set(it.no, response);
    return { no: it.no, type: it.type, stem: it.stem, options: [...it.options], points: it.points, response, flagged: row?.flagged === 1 };
  });
  return {
    id: a.id,
    status: a.status,
    startedAt: a.started_at,
    deadline: a.deadline,
    serverNow: attemptNow(app, s),
    items,
    focusLosses: focusCount(app.user, a.id),
    result: a.status === 'submitted' ? candidateResult(app, s, a, responses) : null,
  };
}

export function candidateState(app: App, s: SessionRow, c: CandidateRow, a: AttemptRow | null): CandidateExamState {
  return { candidate: candidateInfo(c), exam: examInfo(app, s), attempt: a ? candidateAttemptView(app, s, a) : null };
}

interface AttemptCounts {
  answered: number;
  flagged: number;
  focusLosses: number;
  lastFocusLossAt: number | null;
}

export function attemptCounts(db: Db, attemptId: number): AttemptCounts {
  const a = db
    .prepare('SELECT count(response) AS answered, coalesce(sum(flagged), 0) AS flagged FROM exam_answers WHERE attempt_id = ?')
    .get(attemptId) as { answered: number; flagged: number };
  const f = db.prepare('SELECT count(*) AS n, max(at) AS last FROM exam_focus_events WHERE attempt_id = ?').get(attemptId) as { n: number; last: number | null };
  return { answered: a.answered, flagged: a.flagged, focusLosses: f.n, lastFocusLossAt: f.last };
}

export function attemptSummary(app: App, s: SessionRow, a: AttemptRow, counts: AttemptCounts = attemptCounts(app.user, a.id)): AttemptSummary {
  const paper = paperOf(app.user, a.id);
  const state = attemptState(a);
  return {
    id: a.id,
    state,
    startedAt: a.started_at,
    deadline: a.deadline,
    remainingMs: a.status === 'in_progress' ? Math.max(0, a.deadline - attemptNow(app, s)) : 0,
    answered: counts.answered,
    total: paper.items.length,
    flagged: counts.flagged,
    focusLosses: counts.focusLosses,
    lastFocusLossAt: counts.lastFocusLossAt,
    submittedAt: a.submitted_at,
    submitKind: a.submit_kind,
    score: a.score,
    maxScore: paper.maxScore,
    passed: state === 'final' && a.score !== null ? a.score >= paper.passScore : null,
    pendingEssays: a.pending_essays,
    fingerprint: a.fingerprint,
    extraMinutes: Math.round(a.extra_ms / 60_000),
    reopenCount: a.reopen_count,
    lastSeenAt: a.last_seen_at,
  };
}

export function sessionSummary(db: Db, s: SessionRow): ExamSessionSummary {
  const c = db
    .prepare(
      `SELECT (SELECT count(*) FROM exam_candidates WHERE session_id = @id) AS candidates,
              count(a.id) AS started,
              coalesce(sum(a.status = 'submitted'), 0) AS submitted,
              coalesce(sum(a.status = 'submitted' AND a.pending_essays > 0), 0) AS pending
       FROM exam_attempts a WHERE a.session_id = @id`,
    )
    .get({ id: s.id }) as { candidates: number; started: number; submitted: number; pending: number };
  return {
    id: s.id,
    code: s.code,
    title: s.title,
    date: s.exam_date,
    room: s.room,
    status: s.status,
    candidates: c.candidates,
    started: c.started,
    submitted: c.submitted,
    pendingGrading: c.pending,
    createdAt: s.created_at,
  };
}

export function attemptDetail(app: App, s: SessionRow, c: CandidateRow, a: AttemptRow): AttemptDetail {
  const db = app.user;
  const paper = paperOf(db, a.id);
  const rows = new Map(answerRows(db, a.id).map((r) => [r.item_no, r]));
  const essays = new Map(essayGradeRows(db, a.id).map((e) => [e.item_no, e]));
  const names = db.prepare('SELECT name FROM people WHERE id = ?').pluck();
  const stored = storedGrades(a);
  return {
    summary: attemptSummary(app, s, a),
    candidate: { ...candidateInfo(c), candidateId: c.id },
    sessionId: s.id,
    sessionTitle: s.title,
    seed: a.seed,
    contentVersion: a.content_version,
    items: paper.items.map((it, i) => {
      const row = rows.get(it.no);
      const essay = essays.get(it.no);
      return {
        no: it.no,
        questionId: it.questionId,
        chapterId: it.chapterId,
        type: it.type,
        stem: it.stem,
        options: [...it.options],
        key: [...it.key],
        points: it.points,
        reference: it.reference,
        keyPoints: it.keyPoints.map((k) => ({ point: k.point, score: k.score })),
        response: row?.response ? (JSON.parse(row.response) as ResponseValue) : null,
        flagged: row?.flagged === 1,
        savedAt: row?.saved_at ?? null,
        outcome: stored ? stored.grades[i].outcome : null,
        score: stored ? stored.grades[i].score : null,
        essayGrade: essay
          ? {
              awards: JSON.parse(essay.awards) as number[],
              score: essay.score,
              comment: essay.comment,
              gradedBy: (names.get(essay.graded_by) as string | undefined) ?? String(essay.graded_by),
              gradedAt: essay.graded_at,
            }
          : null,
      };
    }),
    byChapter: stored?.byChapter ?? null,
    focusEvents: db.prepare('SELECT at, kind FROM exam_focus_events WHERE attempt_id = ? ORDER BY at, id').all(a.id) as { at: number; kind: FocusKind }[],
  };
}
