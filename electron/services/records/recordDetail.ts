/**
 * One attempt in full for HR and proctors: every question as delivered with its key, the answer, the
 * outcome and points, the time spent, focus losses, resume gaps, the audit entries and, for imported
 * records, the installation that signed the bundle. Built from the attempt record (local or imported).
 */
import { AppError } from '../../shared/errors';
import type { RecordDetail, RecordItemView, ResumeGap } from '../../shared/recordTypes';
import type { App } from '../app';
import { loadRecord, type AttemptRecord } from './attemptRecord';
import { certificateOf } from './certificate';
import { chapterIndex } from './chapterIndex';
import { recordRowIn, type RecordScope } from './recordQuery';

const NOT_FOUND = (uid: string) => new AppError('not_found', { 'zh-CN': `找不到成绩记录：${uid}`, en: `No such record: ${uid}` });
const FORBIDDEN = new AppError('forbidden', {
  'zh-CN': '只能查看自己创建的考场的成绩记录。',
  en: 'You can only see the records of exam sessions you created.',
});

/**
 * Time spent per item, by item number: from the previous save of any item (or the start) to the item's
 * first save. Later saves of an item (changed answers) are not added: the first visit is the one timed.
 */
export function timeSpent(record: Pick<AttemptRecord, 'startedAt' | 'answerLog'>): Map<number, number> {
  const out = new Map<number, number>();
  let previous = record.startedAt;
  const log = [...record.answerLog].sort((a, b) => a.at - b.at);
  for (const entry of log) {
    if (!out.has(entry.no)) out.set(entry.no, Math.max(0, entry.at - previous));
    previous = entry.at;
  }
  return out;
}

const numberOr = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export function resumeGaps(record: Pick<AttemptRecord, 'audit'>): ResumeGap[] {
  return record.audit
    .filter((e) => e.action === 'exam.resume')
    .map((e) => ({
      at: e.at,
      gapMs: numberOr(e.details.gapMs, 0),
      creditedMs: numberOr(e.details.creditedMs, 0),
      authorizedBy: typeof e.details.authorizedBy === 'string' ? e.details.authorizedBy : null,
    }));
}

function signerOf(app: App, uid: string): RecordDetail['signer'] {
  const row = app.user
    .prepare('SELECT b.signer_fingerprint AS fingerprint, b.signer_label AS label FROM imported_attempts i JOIN result_bundles b ON b.id = i.bundle_id WHERE i.uid = ?')
    .get(uid) as { fingerprint: string; label: string } | undefined;
  return row ?? null;
}

export function recordDetail(app: App, scope: RecordScope, uid: string): RecordDetail {
  const row = recordRowIn(app.user, scope, uid);
  if (row === undefined) throw NOT_FOUND(uid);
  if (row === 'outside') throw FORBIDDEN;
  const record = loadRecord(app, uid);
  const chapters = chapterIndex(app);
  const answers = new Map(record.answers.map((a) => [a.no, a]));
  const essays = new Map(record.essayGrades.map((e) => [e.no, e]));
  const spent = timeSpent(record);

  const items: RecordItemView[] = record.items.map((it, i) => {
    const answer = answers.get(it.no);
    const grade = record.grades?.[i] ?? null;
    return {
      no: it.no,
      questionId: it.questionId,
      chapterId: it.chapterId,
      chapterTitle: chapters.title(it.chapterId),
      type: it.type,
      stem: it.stem,
      options: [...it.options],
      key: [...it.key],
      reference: it.reference,
      points: it.points,
      response: answer?.response ?? null,
      flagged: answer?.flagged ?? false,
      outcome: grade?.outcome ?? null,
      score: grade?.score ?? null,
      timeSpentMs: spent.get(it.no) ?? null,
      essayComment: essays.get(it.no)?.comment ?? null,
    };
  });

  const byChapter = new Map<string, { chapterId: string; chapterTitle: string; score: number; max: number }>();
  for (const item of items) {
    let c = byChapter.get(item.chapterId);
    if (!c) byChapter.set(item.chapterId, (c = { chapterId: item.chapterId, chapterTitle: item.chapterTitle, score: 0, max: 0 }));
    c.score = Math.round((c.score + (item.score ?? 0)) * 100) / 100;
    c.max += item.points;
  }

  return {
    row,
    seed: record.seed,
    contentVersion: record.contentVersion,
    timeLimitMinutes: record.session.timeLimitMinutes,
    deadline: record.deadline,
    extraMs: record.extraMs,
    reopenCount: record.reopenCount,
    items,
    byChapter: [...byChapter.values()].sort((a, b) => chapters.order(a.chapterId) - chapters.order(b.chapterId) || a.chapterId.localeCompare(b.chapterId)),
    focusEvents: record.focusEvents.map((e) => ({ at: e.at, kind: e.kind })),
    resumeGaps: resumeGaps(record),
    audit: record.audit.map((e) => ({ at: e.at, actor: e.actor, action: e.action, details: e.details })),
    signer: row.origin === 'imported' ? signerOf(app, uid) : null,
    certificate: certificateOf(app, record),
  };
}
