/**
 * The attempt record: one certification attempt as a self-contained document — the session it belongs
 * to, the candidate, the delivered paper (snapshot with keys), every answer, grades, focus events and the
 * attempt's audit entries. Records of this PC are built from the exam tables; records imported from a
 * result bundle are stored as they were signed (their paper items by content hash, see compactRecord).
 * Detail views, exports and result bundles all read attempts through `loadRecord`.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../../db/open';
import { AppError } from '../../shared/errors';
import type { App } from '../app';
import { getAttempt, getCandidate, getSession, paperOf, settingsOf, sql } from '../examStore';
import type { PaperItem } from '../paper';

const nullableNumber = z.number().nullable();
const response = z.union([z.string(), z.array(z.string()), z.boolean()]);

const paperItem = z.strictObject({
  no: z.number().int().positive(),
  questionId: z.string(),
  chapterId: z.string(),
  sectionId: z.string(),
  type: z.enum(['single', 'multiple', 'truefalse', 'fill', 'scenario', 'essay']),
  difficulty: z.number(),
  stem: z.string(),
  options: z.array(z.string()),
  optionOrder: z.array(z.number().int()),
  key: z.array(z.union([z.string(), z.boolean()])),
  points: z.number(),
  explanation: z.string(),
  reference: z.string(),
  keyPoints: z.array(z.strictObject({ point: z.string(), score: z.number() })),
  contentVersion: z.string(),
});

const recordBody = {
  format: z.literal('kefucert-attempt'),
  version: z.literal(1),
  uid: z.string().regex(/^[0-9a-f]{32}$/),
  session: z.strictObject({
    code: z.string(),
    title: z.string(),
    blueprintId: z.string(),
    date: z.string(),
    room: z.string(),
    timeLimitMinutes: z.number(),
    passScore: z.number(),
    settings: z.record(z.string(), z.unknown()),
  }),
  candidate: z.strictObject({ employeeId: z.string(), name: z.string(), branch: z.string(), walkIn: z.boolean() }),
  seed: z.number().int(),
  contentVersion: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  scoring: z.enum(['all_or_nothing', 'partial']),
  maxScore: z.number(),
  startedAt: z.number(),
  deadline: z.number(),
  status: z.enum(['in_progress', 'submitted']),
  submittedAt: nullableNumber,
  submitKind: z.enum(['candidate', 'auto', 'proctor', 'focus_limit']).nullable(),
  score: nullableNumber,
  pendingEssays: z.number().int().min(0),
  extraMs: z.number(),
  reopenCount: z.number().int().min(0),
  grades: z.array(z.strictObject({ outcome: z.enum(['correct', 'partial', 'wrong', 'unanswered', 'ungraded']), score: z.number() })).nullable(),
  answers: z.array(z.strictObject({ no: z.number().int().positive(), response: response.nullable(), flagged: z.boolean(), savedAt: z.number() })),
  /** Every save of an answer in order (the time spent per item is read from it). */
  answerLog: z.array(z.strictObject({ no: z.number().int().positive(), at: z.number() })),
  essayGrades: z.array(
    z.strictObject({ no: z.number().int().positive(), awards: z.array(z.number()), score: z.number(), comment: z.string(), gradedBy: z.string(), gradedAt: z.number() }),
  ),
  focusEvents: z.array(z.strictObject({ at: z.number(), kind: z.enum(['blur', 'hidden']) })),
  audit: z.array(z.strictObject({ at: z.number(), actor: z.string().nullable(), action: z.string(), details: z.record(z.string(), z.unknown()) })),
};

export const attemptRecordSchema = z.strictObject({ ...recordBody, items: z.array(paperItem).min(1) });
/** As stored in a bundle and in imported_attempts: items by the SHA-256 of their snapshot (see itemHash). */
export const compactRecordSchema = z.strictObject({
  ...recordBody,
  items: z.array(z.strictObject({ no: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) })).min(1),
});

export type AttemptRecord = z.infer<typeof attemptRecordSchema>;
export type CompactRecord = z.infer<typeof compactRecordSchema>;
export type ItemSnapshot = Omit<PaperItem, 'no'>;

/** Content address of a delivered question (its position excluded, so identical deliveries share one entry). */
export function itemHash(item: ItemSnapshot): string {
  return crypto.createHash('sha256').update(JSON.stringify(itemSnapshot(item))).digest('hex');
}

/** The snapshot with its keys in one fixed order, whatever order the object was built in. */
export function itemSnapshot(item: ItemSnapshot): ItemSnapshot {
  return {
    questionId: item.questionId,
    chapterId: item.chapterId,
    sectionId: item.sectionId,
    type: item.type,
    difficulty: item.difficulty,
    stem: item.stem,
    options: item.options,
    optionOrder: item.optionOrder,
    key: item.key,
    points: item.points,
    explanation: item.explanation,
    reference: item.reference,
    keyPoints: item.keyPoints,
    contentVersion: item.contentVersion,
  };
}

export function compactRecord(record: AttemptRecord): { record: CompactRecord; items: Map<string, ItemSnapshot> } {
  const items = new Map<string, ItemSnapshot>();
  const refs = record.items.map(({ no, ...rest }) => {
    const snapshot = itemSnapshot(rest);
    const hash = itemHash(snapshot);
    items.set(hash, snapshot);
    return { no, hash };
  });
  return { record: { ...record, items: refs }, items };
}

export function expandRecord(record: CompactRecord, itemOf: (hash: string) => ItemSnapshot | undefined): AttemptRecord {
  return {
    ...record,
    items: record.items.map(({ no, hash }) => {
      const item = itemOf(hash);
      if (!item) throw new AppError('db_corrupt', { 'zh-CN': `成绩记录缺少题目快照：${hash.slice(0, 12)}`, en: `A record lacks a question snapshot: ${hash.slice(0, 12)}` });
      return { no, ...item };
    }),
  };
}

const NOT_FOUND = (uid: string) => new AppError('not_found', { 'zh-CN': `找不到成绩记录：${uid}`, en: `No such record: ${uid}` });

/** The record of any attempt, local or imported. */
export function loadRecord(app: App, uid: string): AttemptRecord {
  return recordLoader(app)(uid);
}

/** Snapshots kept by one loader (a few thousand questions' worth), so a long export stays small. */
const ITEM_CACHE_SIZE = 5_000;

/**
 * A loader for many records in a row (exports, statistics, bundles): statements prepared once, and the
 * question snapshots of imported records — shared by every attempt that drew the question — parsed once.
 */
export function recordLoader(app: App, cacheSize = ITEM_CACHE_SIZE): (uid: string) => AttemptRecord {
  const localId = app.user.prepare('SELECT id FROM exam_attempts WHERE uid = ?').pluck();
  const imported = app.user.prepare('SELECT record FROM imported_attempts WHERE uid = ?').pluck();
  const itemsStmt = app.user.prepare('SELECT hash, item FROM imported_items WHERE hash IN (SELECT value FROM json_each(?))');
  const items = new Map<string, ItemSnapshot>();
  return (uid) => {
    const local = localId.get(uid) as number | undefined;
    if (local !== undefined) return localRecord(app, local);
    const text = imported.get(uid) as string | undefined;
    if (text === undefined) throw NOT_FOUND(uid);
    const record = JSON.parse(text) as CompactRecord;
    if (items.size > cacheSize) items.clear();
    const missing = record.items.filter((it) => !items.has(it.hash)).map((it) => it.hash);
    if (missing.length) {
      for (const row of itemsStmt.all(JSON.stringify(missing)) as { hash: string; item: string }[]) items.set(row.hash, JSON.parse(row.item) as ItemSnapshot);
    }
    return expandRecord(record, (hash) => items.get(hash));
  };
}

const personName = (db: Db) => {
  const stmt = db.prepare('SELECT employee_id, name FROM people WHERE id = ?');
  return (id: number | null): string | null => {
    if (id === null) return null;
    const p = stmt.get(id) as { employee_id: string; name: string } | undefined;
    return p ? `${p.name} (${p.employee_id})` : String(id);
  };
};

/** Builds the record of an attempt taken on this PC from the exam tables. */
export function localRecord(app: App, attemptId: number): AttemptRecord {
  const db = app.user;
  const a = getAttempt(db, attemptId);
  const uid = sql(db, 'SELECT uid FROM exam_attempts WHERE id = ?').pluck().get(attemptId) as string;
  const s = getSession(db, a.session_id);
  const c = getCandidate(db, a.candidate_id);
  const paper = paperOf(db, attemptId);
  const nameOf = personName(db);
  const stored = a.grades ? (JSON.parse(a.grades) as { grades: AttemptRecord['grades'] }) : null;
  const answers = sql(db, 'SELECT item_no, response, flagged, saved_at FROM exam_answers WHERE attempt_id = ? ORDER BY item_no')
    .all(attemptId) as { item_no: number; response: string | null; flagged: number; saved_at: number }[];
  const answerLog = sql(db, 'SELECT item_no, at FROM exam_answer_log WHERE attempt_id = ? ORDER BY id').all(attemptId) as { item_no: number; at: number }[];
  const essays = sql(db, 'SELECT item_no, awards, score, comment, graded_by, graded_at FROM exam_essay_grades WHERE attempt_id = ? ORDER BY item_no')
    .all(attemptId) as { item_no: number; awards: string; score: number; comment: string; graded_by: number; graded_at: number }[];
  const focus = sql(db, 'SELECT at, kind FROM exam_focus_events WHERE attempt_id = ? ORDER BY at, id').all(attemptId) as { at: number; kind: 'blur' | 'hidden' }[];
  const audit = sql(db, 'SELECT at, actor_id, action, details FROM audit_log WHERE target = ? ORDER BY id')
    .all(`exam-attempt:${attemptId}`) as { at: number; actor_id: number | null; action: string; details: string }[];
  return {
    format: 'kefucert-attempt',
    version: 1,
    uid,
    session: {
      code: s.code,
      title: s.title,
      blueprintId: s.blueprint_id,
      date: s.exam_date,
      room: s.room,
      timeLimitMinutes: s.time_limit_minutes,
      passScore: paper.passScore,
      settings: { ...settingsOf(s) },
    },
    candidate: { employeeId: c.employee_id, name: c.name, branch: c.branch, walkIn: c.walk_in === 1 },
    seed: a.seed,
    contentVersion: a.content_version,
    fingerprint: a.fingerprint,
    scoring: paper.scoring,
    maxScore: paper.maxScore,
    startedAt: a.started_at,
    deadline: a.deadline,
    status: a.status,
    submittedAt: a.submitted_at,
    submitKind: a.submit_kind,
    score: a.score,
    pendingEssays: a.pending_essays,
    extraMs: a.extra_ms,
    reopenCount: a.reopen_count,
    grades: stored?.grades ?? null,
    items: paper.items,
    answers: answers.map((r) => ({ no: r.item_no, response: r.response === null ? null : JSON.parse(r.response), flagged: r.flagged === 1, savedAt: r.saved_at })),
    answerLog: answerLog.map((r) => ({ no: r.item_no, at: r.at })),
    essayGrades: essays.map((e) => ({
      no: e.item_no,
      awards: JSON.parse(e.awards) as number[],
      score: e.score,
      comment: e.comment,
      gradedBy: nameOf(e.graded_by) ?? '',
      gradedAt: e.graded_at,
    })),
    focusEvents: focus,
    audit: audit.map((e) => ({ at: e.at, actor: nameOf(e.actor_id), action: e.action, details: JSON.parse(e.details) as Record<string, unknown> })),
  };
}

/** Passed once final (no 简答 waiting) and at or above the pass mark; null before that. */
export function recordPassed(r: Pick<AttemptRecord, 'status' | 'pendingEssays' | 'score' | 'session'>): boolean | null {
  return r.status === 'submitted' && r.pendingEssays === 0 && r.score !== null ? r.score >= r.session.passScore : null;
}
