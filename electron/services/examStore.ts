/** Rows of the certification exam tables (migration 5) and the reads shared by the exam services. */
import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import type { Db } from '../../db/open';
import { AppError } from '../shared/errors';
import type { ExamSettings, SessionStatus, SubmitKind } from '../shared/examTypes';
import type { ResponseValue } from '../shared/practiceTypes';
import type { Paper } from './paper';

export interface SessionRow {
  id: number;
  code: string;
  blueprint_id: string;
  title: string;
  exam_date: string;
  room: string;
  time_limit_minutes: number;
  pass_score: number;
  settings: string;
  status: SessionStatus;
  paused_at: number | null;
  created_by: number;
  created_at: number;
}

export interface CandidateRow {
  id: number;
  session_id: number;
  employee_id: string;
  name: string;
  branch: string;
  walk_in: 0 | 1;
  added_at: number;
}

/** An attempt without its paper (the snapshot is read through `paperOf`, which caches it). */
export interface AttemptRow {
  id: number;
  session_id: number;
  candidate_id: number;
  seed: number;
  content_version: string;
  fingerprint: string;
  started_at: number;
  deadline: number;
  last_seen_at: number;
  status: 'in_progress' | 'submitted';
  submitted_at: number | null;
  submit_kind: SubmitKind | null;
  score: number | null;
  grades: string | null;
  pending_essays: number;
  extra_ms: number;
  reopen_count: number;
}

export interface AnswerRow {
  item_no: number;
  response: string | null;
  flagged: 0 | 1;
  saved_at: number;
}

export const ATTEMPT_COLUMNS =
  'id, session_id, candidate_id, seed, content_version, fingerprint, started_at, deadline, last_seen_at, status, submitted_at, submit_kind, score, grades, pending_essays, extra_ms, reopen_count';

export const DEFAULT_SETTINGS: ExamSettings = {
  multipleScoring: 'all_or_nothing',
  showScore: true,
  allowReview: false,
  focusLossLimit: 0,
  resumeGapMinutes: 2,
};

export const settingsOf = (s: SessionRow): ExamSettings => ({ ...DEFAULT_SETTINGS, ...(JSON.parse(s.settings) as Partial<ExamSettings>) });

/** An attempt's id across installations (result bundles dedupe by it): 128 random bits as hex. */
export const newAttemptUid = () => crypto.randomBytes(16).toString('hex');

export const attemptTarget = (id: number) => `exam-attempt:${id}`;
export const sessionTarget = (id: number) => `exam-session:${id}`;

export function getSession(db: Db, id: number): SessionRow {
  const row = db.prepare('SELECT * FROM exam_sessions WHERE id = ?').get(id) as SessionRow | undefined;
  if (!row) throw new AppError('not_found', { 'zh-CN': `找不到考试场次：${id}`, en: `No such exam session: ${id}` });
  return row;
}

export function getCandidate(db: Db, id: number): CandidateRow {
  const row = db.prepare('SELECT * FROM exam_candidates WHERE id = ?').get(id) as CandidateRow | undefined;
  if (!row) throw new AppError('not_found', { 'zh-CN': '找不到该考生。', en: 'No such candidate.' });
  return row;
}

export function getAttempt(db: Db, id: number): AttemptRow {
  const row = db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE id = ?`).get(id) as AttemptRow | undefined;
  if (!row) throw new AppError('not_found', { 'zh-CN': `找不到作答记录：${id}`, en: `No such attempt: ${id}` });
  return row;
}

export function attemptOfCandidate(db: Db, candidateId: number): AttemptRow | null {
  return (db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE candidate_id = ?`).get(candidateId) as AttemptRow | undefined) ?? null;
}

// A delivered paper never changes (reopening keeps it): parse each one once per connection.
const papers = new WeakMap<Db, Map<number, Paper>>();
const PAPER_CACHE_SIZE = 256;

export function paperOf(db: Db, attemptId: number): Paper {
  let cache = papers.get(db);
  if (!cache) papers.set(db, (cache = new Map()));
  const hit = cache.get(attemptId);
  if (hit) return hit;
  const text = db.prepare('SELECT paper FROM exam_attempts WHERE id = ?').pluck().get(attemptId) as string | undefined;
  if (text === undefined) throw new AppError('not_found', { 'zh-CN': `找不到作答记录：${attemptId}`, en: `No such attempt: ${attemptId}` });
  const paper = JSON.parse(text) as Paper;
  if (cache.size >= PAPER_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(attemptId, paper);
  return paper;
}

export function answerRows(db: Db, attemptId: number): AnswerRow[] {
  return db.prepare('SELECT item_no, response, flagged, saved_at FROM exam_answers WHERE attempt_id = ? ORDER BY item_no').all(attemptId) as AnswerRow[];
}

export function responsesOf(rows: readonly AnswerRow[]): Map<number, ResponseValue> {
  const map = new Map<number, ResponseValue>();
  for (const r of rows) if (r.response !== null) map.set(r.item_no, JSON.parse(r.response) as ResponseValue);
  return map;
}

export function chapterOrder(content: Db): (id: string) => number {
  const stmt = content.prepare('SELECT ord FROM chapters WHERE id = ?').pluck();
  return (id) => (stmt.get(id) as number | undefined) ?? Number.MAX_SAFE_INTEGER;
}

export function chapterTitles(content: Db): (id: string) => string {
  const stmt = content.prepare('SELECT title FROM chapters WHERE id = ?').pluck();
  return (id) => (stmt.get(id) as string | undefined) ?? id;
}

type Statement = Database.Statement<unknown[]>;
const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement compiled once per connection (the autosave path runs these on every answer). */
export function sql(db: Db, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = db.prepare<unknown[]>(text)));
  return stmt;
}
