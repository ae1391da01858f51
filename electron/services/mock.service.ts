/**
 * 模拟考试: the `mock` blueprint drawn for a learner, timed by the server (the deadline is stored),
 * answers saved one by one, graded on submit, and reviewed afterwards. Mock attempts live in their
 * own practice tables (mock_attempts, mock_answers): they are never certification records.
 */
import { AppError } from '../shared/errors';
import type {
  MockAttemptSummary,
  MockAttemptView,
  MockItemReview,
  MockSaved,
  ResponseValue,
} from '../shared/practiceTypes';
import type { App } from './app';
import { checkResponse, expectedAnswer, gradePaper, isBlank, type PaperGrades } from './grading';
import { drawPaper, newSeed, paperFingerprint, type Paper } from './paper';
import { loadBank, loadBlueprint, sectionLink } from './questionBank';

export const MOCK_BLUEPRINT_ID = 'mock';

interface AttemptRow {
  id: number;
  person_id: number;
  blueprint_id: string;
  seed: number;
  content_version: string;
  paper: string;
  fingerprint: string;
  started_at: number;
  deadline: number;
  submitted_at: number | null;
  auto_submitted: 0 | 1;
  score: number | null;
  grades: string | null;
}

type StoredGrades = Omit<PaperGrades, 'score'>;

const notFound = (id: number) => new AppError('not_found', { 'zh-CN': `找不到模拟考试记录：${id}`, en: `No such mock exam attempt: ${id}` });

/** The learner's own attempt; someone else's is reported as not found. */
function loadAttempt(app: App, personId: number, attemptId: number): AttemptRow {
  const row = app.user.prepare('SELECT * FROM mock_attempts WHERE id = ? AND person_id = ?').get(attemptId, personId) as AttemptRow | undefined;
  if (!row) throw notFound(attemptId);
  return row;
}

function responses(app: App, attemptId: number): Map<number, ResponseValue> {
  const rows = app.user.prepare('SELECT item_no, response FROM mock_answers WHERE attempt_id = ?').all(attemptId) as { item_no: number; response: string }[];
  return new Map(rows.map((r) => [r.item_no, JSON.parse(r.response) as ResponseValue]));
}

/** Grades and closes an open attempt (in one transaction). Refuses one that is already submitted. */
function finalize(app: App, row: AttemptRow, auto: boolean): AttemptRow {
  return app.user.transaction(() => {
    const current = app.user.prepare('SELECT submitted_at FROM mock_attempts WHERE id = ?').pluck().get(row.id) as number | null;
    if (current !== null) throw new AppError('attempt_submitted');
    const paper = JSON.parse(row.paper) as Paper;
    const chapters = new Map(
      (app.content.prepare('SELECT id, ord, title FROM chapters').all() as { id: string; ord: number; title: string }[]).map((c) => [c.id, c]),
    );
    const { score, ...stored } = gradePaper(paper, responses(app, row.id), (id) => chapters.get(id)?.title ?? id);
    stored.byChapter.sort((a, b) => (chapters.get(a.chapterId)?.ord ?? 1e9) - (chapters.get(b.chapterId)?.ord ?? 1e9));
    const submittedAt = auto ? row.deadline : app.now();
    app.user
      .prepare('UPDATE mock_attempts SET submitted_at = ?, auto_submitted = ?, score = ?, grades = ? WHERE id = ? AND submitted_at IS NULL')
      .run(submittedAt, auto ? 1 : 0, score, JSON.stringify(stored), row.id);
    return app.user.prepare('SELECT * FROM mock_attempts WHERE id = ?').get(row.id) as AttemptRow;
  })();
}

/** An open attempt whose deadline has passed is finalised with its saved answers ("自动交卷"). */
function settle(app: App, row: AttemptRow): AttemptRow {
  if (row.submitted_at === null && app.now() >= row.deadline) return finalize(app, row, true);
  return row;
}

function settleAll(app: App, personId: number): void {
  const open = app.user.prepare('SELECT * FROM mock_attempts WHERE person_id = ? AND submitted_at IS NULL').all(personId) as AttemptRow[];
  for (const row of open) settle(app, row);
}

function view(app: App, row: AttemptRow): MockAttemptView {
  const paper = JSON.parse(row.paper) as Paper;
  const answers = responses(app, row.id);
  const items = paper.items.map((it) => ({
    no: it.no,
    type: it.type,
    stem: it.stem,
    options: [...it.options],
    points: it.points,
    response: answers.get(it.no) ?? null,
  }));
  const base = {
    id: row.id,
    title: paper.title,
    startedAt: row.started_at,
    deadline: row.deadline,
    serverNow: app.now(),
    timeLimitMinutes: paper.timeLimitMinutes,
    passScore: paper.passScore,
    maxScore: paper.maxScore,
    items,
  };
  if (row.submitted_at === null) return { ...base, status: 'open', result: null, review: null };

  const stored = JSON.parse(row.grades!) as StoredGrades;
  const review = paper.items.map(
    (it, i): MockItemReview => ({
      ...items[i],
      questionId: it.questionId,
      section: sectionLink(app.content, it.chapterId, it.sectionId),
      outcome: stored.grades[i].outcome,
      score: stored.grades[i].score,
      expected: expectedAnswer(it),
      explanation: it.explanation,
    }),
  );
  return {
    ...base,
    status: 'submitted',
    result: {
      score: row.score!,
      maxScore: paper.maxScore,
      passScore: paper.passScore,
      passed: row.score! >= paper.passScore,
      autoSubmitted: row.auto_submitted === 1,
      submittedAt: row.submitted_at,
      byChapter: stored.byChapter,
      ungraded: stored.ungraded,
      fingerprint: row.fingerprint,
    },
    review,
  };
}

/** Starts a mock exam, or resumes the learner's attempt that is still running. */
export function startMock(app: App, personId: number, seed: number = newSeed()): MockAttemptView {
  settleAll(app, personId);
  const open = app.user.prepare('SELECT * FROM mock_attempts WHERE person_id = ? AND submitted_at IS NULL ORDER BY id DESC LIMIT 1').get(personId) as
    | AttemptRow
    | undefined;
  if (open) return view(app, open);
  const bank = loadBank(app.content);
  const paper = drawPaper(loadBlueprint(app.content, MOCK_BLUEPRINT_ID), bank.questions, seed, bank.version);
  const now = app.now();
  const { lastInsertRowid } = app.user
    .prepare(
      'INSERT INTO mock_attempts (person_id, blueprint_id, seed, content_version, paper, fingerprint, started_at, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(personId, paper.blueprintId, paper.seed, paper.contentVersion, JSON.stringify(paper), paperFingerprint(paper), now, now + paper.timeLimitMinutes * 60_000);
  return view(app, loadAttempt(app, personId, Number(lastInsertRowid)));
}

export function getMock(app: App, personId: number, attemptId: number): MockAttemptView {
  return view(app, settle(app, loadAttempt(app, personId, attemptId)));
}

export function listMocks(app: App, personId: number): MockAttemptSummary[] {
  settleAll(app, personId);
  const rows = app.user.prepare('SELECT * FROM mock_attempts WHERE person_id = ? ORDER BY started_at DESC, id DESC LIMIT 50').all(personId) as AttemptRow[];
  return rows.map((r) => {
    const paper = JSON.parse(r.paper) as Pick<Paper, 'title' | 'maxScore' | 'passScore'>;
    return {
      id: r.id,
      title: paper.title,
      status: r.submitted_at === null ? 'open' : 'submitted',
      startedAt: r.started_at,
      deadline: r.deadline,
      submittedAt: r.submitted_at,
      score: r.score,
      maxScore: paper.maxScore,
      passed: r.score === null ? null : r.score >= paper.passScore,
    };
  });
}

/** Saves (or, with a blank response, clears) one answer. Refused once submitted or past the deadline. */
export function saveMockAnswer(app: App, personId: number, attemptId: number, no: number, response: ResponseValue | null): MockSaved {
  const row = loadAttempt(app, personId, attemptId);
  if (row.submitted_at !== null) throw new AppError('attempt_submitted');
  if (app.now() >= row.deadline) {
    finalize(app, row, true);
    throw new AppError('attempt_expired');
  }
  const paper = JSON.parse(row.paper) as Paper;
  const item = paper.items[no - 1];
  if (!item) throw new AppError('invalid_input', { 'zh-CN': `试卷上没有第 ${no} 题。`, en: `The paper has no question ${no}.` });
  const canonical = response === null ? null : checkResponse(item, response);
  const savedAt = app.now();
  const answered = app.user.transaction(() => {
    if (isBlank(canonical)) app.user.prepare('DELETE FROM mock_answers WHERE attempt_id = ? AND item_no = ?').run(attemptId, no);
    else
      app.user
        .prepare('INSERT INTO mock_answers (attempt_id, item_no, response, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT (attempt_id, item_no) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at')
        .run(attemptId, no, JSON.stringify(canonical), savedAt);
    return app.user.prepare('SELECT count(*) FROM mock_answers WHERE attempt_id = ?').pluck().get(attemptId) as number;
  })();
  return { no, savedAt, answered };
}

/** Submits and grades. A second submit is refused and changes nothing; after the deadline it counts as 自动交卷. */
export function submitMock(app: App, personId: number, attemptId: number): MockAttemptView {
  const row = loadAttempt(app, personId, attemptId);
  if (row.submitted_at !== null) throw new AppError('attempt_submitted');
  return view(app, finalize(app, row, app.now() >= row.deadline));
}
