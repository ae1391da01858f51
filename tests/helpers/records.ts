/**
 * Finished certification attempts for the records, statistics, export and bundle tests: a session with a
 * roster of `count` candidates who answer through the real API — each candidate answers right with their
 * own probability (so scores spread and item statistics mean something) — submit, and get their 简答
 * graded by the proctor, so every attempt is final.
 */
import type { App } from '../../electron/services/app';
import type { Paper } from '../../electron/services/paper';
import { importedColumns } from '../../electron/services/bundles/resultBundle';
import { compactRecord, ItemTable, storeItems, type AttemptRecord } from '../../electron/services/records/attemptRecord';
import { sfc32 } from '../../electron/services/paper';
import type { ResponseValue } from '../../electron/shared/practiceTypes';
import type { ExamWorld } from './exam';

export interface TakenSession {
  sessionId: number;
  code: string;
  attemptIds: number[];
  /** Attempt uids in roster order. */
  uids: string[];
}

export function rightAnswer(item: Paper['items'][number]): ResponseValue {
  if (item.type === 'truefalse') return item.key[0] as boolean;
  if (item.type === 'fill') return String(item.key[0]);
  if (item.type === 'essay') return '先安抚客户情绪，再了解问题，提出解决方案并跟进。';
  if (item.type === 'multiple') return item.key as string[];
  return item.key[0] as string;
}

export function wrongAnswer(item: Paper['items'][number]): ResponseValue {
  if (item.type === 'truefalse') return !(item.key[0] as boolean);
  if (item.type === 'fill') return '完全不对的答案';
  if (item.type === 'essay') return '不知道';
  const wrong = 'ABCDEFGH'.slice(0, item.options.length).split('').find((l) => !item.key.includes(l))!;
  return item.type === 'multiple' ? [wrong] : wrong;
}

export async function takeSession(
  w: ExamWorld,
  opts: { count: number; seed?: number; title?: string; date?: string; branch?: (i: number) => string; gradeEssays?: boolean },
): Promise<TakenSession> {
  const next = sfc32(opts.seed ?? 7);
  const random = () => next() / 2 ** 32;
  const roster = Array.from({ length: opts.count }, (_, i) => ({
    employeeId: `R${String(i + 1).padStart(4, '0')}`,
    name: `考生${i + 1}`,
    branch: opts.branch?.(i) ?? ['城东营业厅', '城西营业厅', '城南营业厅'][i % 3],
  }));
  const { sessionId, code } = await w.openSession({ roster, title: opts.title ?? '2025年6月客服代表认证', date: opts.date ?? '2025-06-02' });
  const attemptIds: number[] = [];
  for (const [i, person] of roster.entries()) {
    const ability = 0.3 + (0.65 * i) / Math.max(1, opts.count - 1);
    const s = await w.signIn(person.employeeId, code);
    await w.api.call('exam.start', {}, s);
    const attemptId = w.api.app.user.prepare('SELECT a.id FROM exam_attempts a JOIN exam_candidates c ON c.id = a.candidate_id WHERE c.session_id = ? AND c.employee_id = ?').pluck().get(sessionId, person.employeeId) as number;
    const paper = JSON.parse(w.api.app.user.prepare('SELECT paper FROM exam_attempts WHERE id = ?').pluck().get(attemptId) as string) as Paper;
    for (const item of paper.items) {
      if (random() < 0.05) continue; // left unanswered now and then
      await w.api.call('exam.saveAnswer', { no: item.no, response: random() < ability ? rightAnswer(item) : wrongAnswer(item) }, s);
      w.clock.advance(20_000);
    }
    await w.api.call('exam.submit', {}, s);
    if (opts.gradeEssays !== false) {
      for (const item of paper.items.filter((it) => it.type === 'essay')) {
        const answered = w.api.app.user.prepare('SELECT response FROM exam_answers WHERE attempt_id = ? AND item_no = ?').pluck().get(attemptId, item.no);
        if (answered === undefined || answered === null) continue;
        const awards = item.keyPoints.map((k) => (random() < ability ? k.score : 0));
        await w.api.call('proctor.gradeEssay', { attemptId, no: item.no, awards, comment: '' }, w.proctor);
      }
    }
    attemptIds.push(attemptId);
  }
  const uids = attemptIds.map((id) => w.api.app.user.prepare('SELECT uid FROM exam_attempts WHERE id = ?').pluck().get(id) as string);
  return { sessionId, code, attemptIds, uids };
}

/**
 * Stores attempt records straight into the imported tables, as a merged result bundle leaves them (the
 * records in compact form, the bundle's item table in its manifest): many imported attempts without
 * signing and importing a bundle. The list columns are taken from each record, as an import takes them.
 */
export function storeImported(app: App, bundleSha: string, receivedBy: number, records: AttemptRecord[]): void {
  const table = new ItemTable();
  const insert = app.user.prepare(
    `INSERT INTO imported_attempts (uid, bundle_id, record, record_sha256, session_code, session_title, blueprint_id, exam_date, room, employee_id, name, branch, score, max_score, pass_score, state, submit_kind, fingerprint, started_at, submitted_at)
     VALUES (@uid, @bundle, @record, 'h', @session_code, @session_title, @blueprint_id, @exam_date, @room, @employee_id, @name, @branch, @score, @max_score, @pass_score, @state, @submit_kind, @fingerprint, @started_at, @submitted_at)`,
  );
  app.user.transaction(() => {
    const bundle = app.user
      .prepare("INSERT INTO result_bundles (sha256, signer_fingerprint, signer_public_key, signer_label, manifest, signature, status, attempt_count, received_by, received_at) VALUES (?, 'f', 'k', '测试', '{}', 's', 'merged', ?, ?, 0)")
      .run(bundleSha, records.length, receivedBy).lastInsertRowid;
    for (const r of records) {
      const compact = compactRecord(r, table);
      insert.run({ uid: r.uid, bundle, record: JSON.stringify(compact), ...importedColumns(compact) });
    }
    storeItems(app.user, bundle, table.entries());
    app.user.prepare('UPDATE result_bundles SET manifest = ? WHERE id = ?').run(JSON.stringify({ items: table.hashes }), bundle);
  })();
}
