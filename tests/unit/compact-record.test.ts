/**
 * The compact form of an attempt record (as result bundles and imported_attempts hold it): papers as
 * indices into the bundle's item table, grades, answers and the answer log as rows. It must give back
 * exactly the record it was made from, and its schema must refuse what the row form leaves room for.
 */
import { describe, expect, it } from 'vitest';
import { createPerson } from '../../electron/services/accounts.service';
import { AppError } from '../../electron/shared/errors';
import { openTestApp } from '../helpers/app';
import { storeImported } from '../helpers/records';
import {
  attemptRecordSchema,
  compactRecord,
  compactRecordSchema,
  expandRecord,
  itemHash,
  ItemTable,
  paperRecordLoader,
  storedRecord,
  type AttemptRecord,
  type CompactRecord,
} from '../../electron/services/records/attemptRecord';

const question = (id: string, type: AttemptRecord['items'][number]['type'], key: (string | boolean)[]) => ({
  questionId: id,
  chapterId: 'ch1',
  sectionId: 'ch1-s1',
  type,
  difficulty: 2,
  stem: `题干 ${id}，"引号"与逗号`,
  options: type === 'single' ? ['甲', '乙', '丙', '丁'] : [],
  optionOrder: type === 'single' ? [2, 0, 3, 1] : [],
  key,
  points: 2,
  explanation: '解析',
  reference: type === 'essay' ? '参考答案' : '',
  keyPoints: type === 'essay' ? [{ point: '安抚', score: 1 }] : [],
  contentVersion: 'v1',
});

function record(uid: string, items = [question('Q1', 'single', ['B']), question('Q2', 'truefalse', [true]), question('Q3', 'essay', [])]): AttemptRecord {
  return {
    format: 'kefucert-attempt',
    version: 1,
    uid,
    session: { code: 'S1', title: '认证', blueprintId: 'certification', date: '2025-06-02', room: 'A', timeLimitMinutes: 60, passScore: 3, settings: { focusLimit: 3 } },
    candidate: { employeeId: 'E1', name: '张三', branch: '城东', walkIn: false },
    seed: 7,
    contentVersion: 'v1',
    fingerprint: 'a'.repeat(64),
    scoring: 'partial',
    maxScore: 6,
    startedAt: 1_000,
    deadline: 3_601_000,
    status: 'submitted',
    submittedAt: 90_000,
    submitKind: 'candidate',
    score: 3.5,
    pendingEssays: 0,
    extraMs: 0,
    reopenCount: 0,
    grades: [{ outcome: 'correct', score: 2 }, { outcome: 'wrong', score: 0 }, { outcome: 'partial', score: 1.5 }],
    items: items.map((it, i) => ({ no: i + 1, ...it })),
    answers: [
      { no: 1, response: 'B', flagged: false, savedAt: 20_000 },
      { no: 2, response: false, flagged: true, savedAt: 30_000 },
      { no: 3, response: '先安抚客户', flagged: false, savedAt: 80_000 },
    ],
    answerLog: [{ no: 1, at: 20_000 }, { no: 2, at: 30_000 }, { no: 1, at: 35_000 }, { no: 3, at: 80_000 }],
    essayGrades: [{ no: 3, awards: [1.5], score: 1.5, comment: '', gradedBy: '监考 (P001)', gradedAt: 100_000 }],
    focusEvents: [{ at: 50_000, kind: 'blur' }],
    audit: [{ at: 1_000, actor: null, action: 'exam.start', details: { seed: 7 } }],
  };
}

describe('compact attempt records', () => {
  it('give back exactly the record they were made from, sharing identical questions across records', () => {
    const table = new ItemTable();
    const a = record('0'.repeat(32));
    const b = record('1'.repeat(32), [question('Q1', 'single', ['B']), question('Q4', 'fill', ['投诉', '申诉']), question('Q3', 'essay', [])]);
    const ca = compactRecord(a, table);
    const cb = compactRecord(b, table);
    expect(ca.items).toEqual([0, 1, 2]);
    expect(cb.items).toEqual([0, 3, 2]);
    expect(table.hashes).toEqual(table.snapshots.map(itemHash));
    for (const [compact, full] of [[ca, a], [cb, b]] as const) {
      const text = JSON.stringify(compact);
      expect(text.length).toBeLessThan(JSON.stringify(full).length * 0.6);
      const parsed = compactRecordSchema.parse(JSON.parse(text));
      const back = expandRecord(parsed, (i) => table.snapshots[i]);
      expect(back).toEqual(full);
      expect(attemptRecordSchema.parse(back)).toEqual(full);
      expect(storedRecord(full.uid, text)).toEqual(parsed);
    }
    // A snapshot is the same whatever order its object was built in.
    const reordered = Object.fromEntries(Object.entries(question('Q1', 'single', ['B'])).reverse()) as ReturnType<typeof question>;
    expect(table.add(reordered)).toBe(0);
    expect(() => compactRecord({ ...a, items: [a.items[1], a.items[0]] }, table)).toThrow(/not numbered in order/);
  });

  it('the schema refuses rows of the wrong length or type, as the object form refused wrong fields', () => {
    const good = compactRecord(record('2'.repeat(32)), new ItemTable());
    const refused = (change: (r: Record<string, unknown>) => void) => {
      const r = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      change(r);
      return !compactRecordSchema.safeParse(r).success;
    };
    expect(refused(() => {})).toBe(false);
    const rows = (r: Record<string, unknown>, key: 'answers' | 'grades' | 'answerLog') => r[key] as unknown[][];
    expect(refused((r) => rows(r, 'answers')[0].push('extra'))).toBe(true);
    expect(refused((r) => rows(r, 'answers')[0].pop())).toBe(true);
    expect(refused((r) => (rows(r, 'answers')[0][0] = 0))).toBe(true);
    expect(refused((r) => (rows(r, 'answers')[0][0] = 1.5))).toBe(true);
    expect(refused((r) => (rows(r, 'answers')[0][1] = { text: 'A' }))).toBe(true);
    expect(refused((r) => (rows(r, 'answers')[0][1] = ['A', 1]))).toBe(true);
    expect(refused((r) => (rows(r, 'answers')[0][1] = null))).toBe(false);
    expect(refused((r) => (rows(r, 'answers')[0][2] = 0))).toBe(true);
    expect(refused((r) => (rows(r, 'answers')[0][3] = '20000'))).toBe(true);
    expect(refused((r) => (rows(r, 'grades')[0][0] = 'right'))).toBe(true);
    expect(refused((r) => (rows(r, 'grades')[0][1] = null))).toBe(true);
    expect(refused((r) => (r.grades = null))).toBe(false);
    expect(refused((r) => (rows(r, 'answerLog')[0] = [1, 2, 3]))).toBe(true);
    expect(refused((r) => (r.answerLog = [{ no: 1, at: 2 }]))).toBe(true);
    expect(refused((r) => (r.items = []))).toBe(true);
    expect(refused((r) => (r.items = [0, -1, 2]))).toBe(true);
    expect(refused((r) => (r.items = [0, 1.5, 2]))).toBe(true);
    expect(refused((r) => (r.items = [{ no: 1, hash: 'a'.repeat(64) }]))).toBe(true);
    expect(refused((r) => (r.extra = 1))).toBe(true);
  });

  it('a stored record that is not JSON or lacks what readers rely on is a clear error naming it', () => {
    const good = JSON.stringify(compactRecord(record('3'.repeat(32)), new ItemTable()));
    const uid = '3'.repeat(32);
    const refusal = (text: string) => {
      try {
        storedRecord(uid, text);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).toBody();
      }
      throw new Error('not refused');
    };
    expect(refusal(good.slice(0, 100))).toMatchObject({ code: 'db_corrupt', message: { 'zh-CN': expect.stringContaining(`成绩记录 ${uid} 已损坏（不是有效的 JSON）`) } });
    for (const change of [{ items: [] }, { answers: [{ no: 1 }] }, { grades: [['correct']] }, { candidate: null }, { uid: '4'.repeat(32) }]) {
      const text = JSON.stringify({ ...(JSON.parse(good) as CompactRecord), ...change });
      expect(refusal(text).message['zh-CN'], JSON.stringify(change)).toContain(`成绩记录 ${uid} 已损坏（内容不完整）`);
    }
  });

  it('a paper loader gives the same questions preloaded or not, and finds one merged after its preload', async () => {
    const app = await openTestApp();
    const admin = createPerson(app.user, 0, null, { employeeId: 'A1', name: '管理员', branch: '', role: 'admin', secret: 'admin-pass-1' });
    const stems = (uids: string[], preload: boolean, cacheSize?: number) => {
      const load = paperRecordLoader(app, cacheSize);
      if (preload) load.preloadAll();
      return load(uids).map((r) => r.items.map((item) => `${item.questionId} ${item.stem} ${JSON.stringify(item.key)}`));
    };

    const first = ['5'.repeat(32), '6'.repeat(32)];
    storeImported(app, 'b1', admin.id, [record(first[0]), record(first[1], [question('Q1', 'single', ['C']), question('Q4', 'fill', ['投诉'])])]);
    const expected = [
      ['Q1 题干 Q1，"引号"与逗号 ["B"]', 'Q2 题干 Q2，"引号"与逗号 [true]', 'Q3 题干 Q3，"引号"与逗号 []'],
      ['Q1 题干 Q1，"引号"与逗号 ["C"]', 'Q4 题干 Q4，"引号"与逗号 ["投诉"]'],
    ];
    expect(stems(first, false)).toEqual(expected);
    expect(stems(first, true)).toEqual(expected);
    // More stored questions (5) than the loader keeps: the preload lets go of them, the lookups still find them.
    expect(stems(first, true, 3)).toEqual(expected);

    // A bundle merged while an export runs (after its loader preloaded every stored question).
    const load = paperRecordLoader(app);
    load.preloadAll();
    expect(load(first).map((r) => r.items.length)).toEqual([3, 2]);
    const later = '7'.repeat(32);
    storeImported(app, 'b2', admin.id, [record(later, [question('Q9', 'truefalse', [false]), question('Q1', 'single', ['B'])])]);
    expect(load([later, first[0]]).map((r) => r.items.map((item) => item.questionId))).toEqual([['Q9', 'Q1'], ['Q1', 'Q2', 'Q3']]);
  });
});
