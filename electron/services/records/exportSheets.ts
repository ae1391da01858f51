/**
 * The four sheets of an HR export — 成绩汇总 (one row per attempt), 答题明细 (one row per answer), 章节得分
 * (attempt × chapter) and 题目分析 (item statistics) — as typed columns and rows, written to any
 * SheetWriter (streaming XLSX or CSV, see exportWriters.ts). Values stay typed here: numbers are numbers,
 * times are epoch ms, days are 'YYYY-MM-DD', shares are fractions; each writer renders them its way.
 */
import type { Db } from '../../../db/open';
import type { App } from '../app';
import type { RecordFilter } from '../../shared/calls/records';
import type { ItemStat, RecordRow } from '../../shared/recordTypes';
import type { QuestionKind, ResponseValue } from '../../shared/practiceTypes';
import { TYPE_NAMES } from '../bankRows';
import { AppError } from '../../shared/errors';
import { paperRecordLoader, withRecords, type ItemFacts, type PaperRecord } from './attemptRecord';
import { statsAccumulator } from './statistics';
import { chapterIndex } from './chapterIndex';
import { iterateRecordRows, type RecordScope } from './recordQuery';

export type ColumnKind = 'text' | 'number' | 'day' | 'datetime' | 'percent';
export type CellValue = string | number | null;

export interface SheetColumn {
  header: string;
  kind: ColumnKind;
}

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
}

/** Receives the sheets one after another (a streaming XLSX cannot go back to an earlier sheet). */
export interface SheetWriter {
  startSheet(spec: SheetSpec): void;
  row(values: CellValue[]): void;
  endSheet(): Promise<void>;
  /** A promise to wait for while what was written is still on its way to the file (a writer that compresses behind). */
  drain?(): Promise<void> | undefined;
}

/** Counts work done, yields to the event loop between batches and stops when the job is cancelled. */
export interface ExportProgress {
  setTotal(total: number): void;
  /** A promise when the export is to wait (a turn of the event loop); nothing otherwise. */
  step(n?: number): Promise<void> | undefined;
}

const col = (header: string, kind: ColumnKind = 'text'): SheetColumn => ({ header, kind });

export const SUMMARY_SHEET: SheetSpec = {
  name: '成绩汇总',
  columns: [
    col('场次编号'),
    col('场次'),
    col('考试日期', 'day'),
    col('工号'),
    col('姓名'),
    col('网点'),
    col('状态'),
    col('得分', 'number'),
    col('满分', 'number'),
    col('及格线', 'number'),
    col('得分率', 'percent'),
    col('是否通过'),
    col('交卷方式'),
    col('开始时间', 'datetime'),
    col('交卷时间', 'datetime'),
    col('考场'),
    col('来源'),
    col('记录ID'),
    col('试卷指纹'),
  ],
};

export const ANSWER_SHEET: SheetSpec = {
  name: '答题明细',
  columns: [
    col('记录ID'),
    col('工号'),
    col('姓名'),
    col('场次编号'),
    col('题号', 'number'),
    col('题目ID'),
    col('章节'),
    col('题型'),
    col('题干'),
    col('作答'),
    col('答案'),
    col('得分', 'number'),
    col('分值', 'number'),
    col('结果'),
    col('标记'),
  ],
};

export const CHAPTER_SHEET: SheetSpec = {
  name: '章节得分',
  columns: [col('记录ID'), col('场次编号'), col('工号'), col('姓名'), col('章节ID'), col('章节'), col('得分', 'number'), col('满分', 'number'), col('得分率', 'percent')],
};

export const ITEM_SHEET: SheetSpec = {
  name: '题目分析',
  columns: [
    col('题目ID'),
    col('章节'),
    col('题型'),
    col('题干'),
    col('作答人次', 'number'),
    col('易度指数', 'percent'),
    col('标准差', 'percent'),
    col('区分度指数', 'percent'),
    col('区分效率', 'percent'),
    col('提示'),
  ],
};

export const SHEETS = [SUMMARY_SHEET, ANSWER_SHEET, CHAPTER_SHEET, ITEM_SHEET] as const;

const STATE_NAMES: Record<RecordRow['state'], string> = {
  not_started: '未开始',
  in_progress: '作答中',
  pending_grading: '待阅卷',
  final: '已完成',
};
const SUBMIT_NAMES: Record<NonNullable<RecordRow['submitKind']>, string> = {
  candidate: '考生交卷',
  auto: '到时自动交卷',
  proctor: '监考收卷',
  focus_limit: '切屏超限收卷',
};
const OUTCOME_NAMES = { correct: '正确', partial: '部分正确', wrong: '错误', unanswered: '未作答', ungraded: '待阅卷' } as const;
const FLAG_NAMES: Record<NonNullable<ItemStat['flag']>, string> = { negative: '负区分度，请复核', weak: '区分度弱' };

/** A share as a fraction rounded to 0.1 %, so what a 0.0% format shows is exactly the stored value. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
const pct = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 1000);
const round2 = (x: number) => Math.round(x * 100) / 100;

export function passedText(passed: boolean | null): string {
  return passed === null ? '' : passed ? '通过' : '未通过';
}

export function summaryRow(r: RecordRow): CellValue[] {
  return [
    r.sessionCode,
    r.sessionTitle,
    r.examDate,
    r.employeeId,
    r.name,
    r.branch,
    STATE_NAMES[r.state],
    r.score,
    r.maxScore,
    r.passScore,
    r.score === null ? null : share(r.score, r.maxScore),
    passedText(r.passed),
    r.submitKind ? SUBMIT_NAMES[r.submitKind] : '',
    r.startedAt,
    r.submittedAt,
    r.room,
    r.origin === 'local' ? '本机' : '导入',
    r.uid,
    r.fingerprint,
  ];
}

function choiceText(type: QuestionKind, value: ResponseValue | (string | boolean)[]): string {
  if (typeof value === 'boolean') return value ? '正确' : '错误';
  if (typeof value === 'string') return value;
  if (type === 'truefalse') return value.map((v) => (v === true ? '正确' : v === false ? '错误' : String(v))).join('');
  // 多选 letters read as one answer ("ACD"); 填空 alternatives are separated.
  return type === 'fill' ? value.map(String).join(' / ') : value.map(String).join('');
}

export type ChapterTitles = (chapterId: string) => string;

export interface ChapterScoreRow {
  chapterId: string;
  chapterTitle: string;
  score: number;
  max: number;
}

/** Per-chapter subtotals of one attempt, in paper order of first appearance. */
export function chapterScores(record: PaperRecord, titleOf: ChapterTitles): ChapterScoreRow[] {
  const byChapter = new Map<string, ChapterScoreRow>();
  record.items.forEach((item, i) => {
    let c = byChapter.get(item.chapterId);
    if (!c) byChapter.set(item.chapterId, (c = { chapterId: item.chapterId, chapterTitle: titleOf(item.chapterId), score: 0, max: 0 }));
    c.score = round2(c.score + (record.grades?.[i]?.[1] ?? 0));
    c.max = round2(c.max + item.points);
  });
  return [...byChapter.values()];
}

/** The answer key as the answer sheet shows it (an 简答's reference answer). */
const keyText = (item: ItemFacts) => (item.type === 'essay' ? item.reference : choiceText(item.type, item.key));

/** One row per delivered question of the attempt. */
export function answerRows(record: PaperRecord, titleOf: ChapterTitles): CellValue[][] {
  const answers: (PaperRecord['answers'][number] | undefined)[] = [];
  for (const a of record.answers) answers[a[0]] = a;
  // Keys are shared by every attempt that drew the same delivery: rendered once per snapshot.
  return record.items.map((item, i) => {
    const answer = answers[i + 1];
    const grade = record.grades?.[i] ?? null;
    let key = keys.get(item);
    if (key === undefined) keys.set(item, (key = keyText(item)));
    return [
      record.uid,
      record.candidate.employeeId,
      record.candidate.name,
      record.session.code,
      i + 1,
      item.questionId,
      titleOf(item.chapterId),
      TYPE_NAMES[item.type].zh,
      item.stem,
      answer === undefined || answer[1] === null ? '' : choiceText(item.type, answer[1]),
      key,
      grade ? grade[1] : null,
      item.points,
      grade ? OUTCOME_NAMES[grade[0]] : '',
      answer?.[2] ? '已标记' : '',
    ];
  });
}
const keys = new WeakMap<ItemFacts, string>();

export function itemRow(s: ItemStat): CellValue[] {
  return [
    s.questionId,
    s.chapterTitle,
    TYPE_NAMES[s.type].zh,
    s.stem,
    s.attempts,
    pct(s.facility),
    pct(s.sd),
    pct(s.discrimination),
    pct(s.efficiency),
    s.flag ? FLAG_NAMES[s.flag] : '',
  ];
}

/** SQLite page cache while an export runs, in KiB (negative: the pragma's unit). */
const EXPORT_PAGE_CACHE = -2000;
const pageCacheUsers = new WeakMap<Db, { exports: number; before: number }>();

/**
 * Keeps SQLite's page cache small while exports run: it would fill with the pages of every record and
 * question read (16 MB on this build), each read once — counted in the export's peak memory for nothing.
 * Returns the function that puts the size back once the last running export ends.
 */
function smallPageCache(db: Db): () => void {
  let use = pageCacheUsers.get(db);
  if (!use) {
    pageCacheUsers.set(db, (use = { exports: 0, before: db.pragma('cache_size', { simple: true }) as number }));
    db.pragma(`cache_size = ${EXPORT_PAGE_CACHE}`);
  }
  use.exports += 1;
  return () => {
    if (--use.exports > 0) return;
    pageCacheUsers.delete(db);
    if (db.open) db.pragma(`cache_size = ${use.before}`);
  };
}

/** A record the export cannot read: named, rather than a TypeError from halfway through a sheet. */
function damaged(r: RecordRow, e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError('db_corrupt', {
    'zh-CN': `成绩记录 ${r.uid}（${r.name}）已损坏，无法导出。请运行 kb verify 检查数据。`,
    en: `The record ${r.uid} (${r.name}) is damaged and cannot be exported. Run kb verify to check the data.`,
  });
}

/** Rows of the four sheets, in order; `progress` counts one unit per attempt per pass plus one for the statistics. */
export async function writeRecordSheets(
  app: App,
  filter: RecordFilter,
  scope: RecordScope,
  writer: SheetWriter,
  progress: ExportProgress,
): Promise<{ attempts: number; answers: number }> {
  const restorePageCache = smallPageCache(app.user);
  try {
    return await writeSheets(app, filter, scope, writer, progress);
  } finally {
    restorePageCache();
  }
}

async function writeSheets(app: App, filter: RecordFilter, scope: RecordScope, writer: SheetWriter, progress: ExportProgress): Promise<{ attempts: number; answers: number }> {
  const load = paperRecordLoader(app);
  const stats = statsAccumulator(app);
  // Read the list at once: a better-sqlite3 iterator keeps the connection busy, and other calls (and the
  // record loader) must be able to use it between batches.
  const rows = [...iterateRecordRows(app.user, filter, scope)];
  progress.setTotal(rows.length * 2 + 1);
  const titleOf = chapterIndex(app).title;
  // An export of most imported records needs most of the stored questions: read them in one pass.
  const imported = rows.reduce((n, r) => n + (r.origin === 'imported' ? 1 : 0), 0);
  if (imported > 0 && imported * 2 >= (app.user.prepare('SELECT count(*) FROM imported_attempts').pluck().get() as number)) load.preloadAll();

  writer.startSheet(SUMMARY_SHEET);
  for (const r of rows) {
    writer.row(summaryRow(r));
    const stepping = progress.step();
    if (stepping) await stepping;
  }
  await writer.endSheet();

  // Chapter rows are small (attempts × chapters): kept until the answer sheet is done, so every record is
  // loaded once.
  const chapterRows: CellValue[][] = [];
  let answers = 0;
  writer.startSheet(ANSWER_SHEET);
  for (const [r, record] of withRecords(rows, load)) {
    let rowsOfRecord: CellValue[][];
    let chapters: ChapterScoreRow[];
    try {
      stats.add(r, record);
      rowsOfRecord = answerRows(record, titleOf);
      chapters = chapterScores(record, titleOf);
    } catch (e) {
      throw damaged(r, e);
    }
    for (const values of rowsOfRecord) writer.row(values);
    answers += rowsOfRecord.length;
    for (const c of chapters) {
      chapterRows.push([r.uid, r.sessionCode, r.employeeId, r.name, c.chapterId, c.chapterTitle, c.score, c.max, share(c.score, c.max)]);
    }
    // Awaited only when there is something to wait for: a microtask per attempt adds up.
    const draining = writer.drain?.();
    if (draining) await draining;
    const stepping = progress.step();
    if (stepping) await stepping;
  }
  await writer.endSheet();

  writer.startSheet(CHAPTER_SHEET);
  for (const values of chapterRows) writer.row(values);
  chapterRows.length = 0;
  await writer.endSheet();

  writer.startSheet(ITEM_SHEET);
  for (const s of stats.result(rows.length).items) writer.row(itemRow(s));
  await writer.endSheet();
  await progress.step();
  return { attempts: rows.length, answers };
}
