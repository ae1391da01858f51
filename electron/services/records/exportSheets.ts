/**
 * The four sheets of an HR export — 成绩汇总 (one row per attempt), 答题明细 (one row per answer), 章节得分
 * (attempt × chapter) and 题目分析 (item statistics) — as typed columns and rows, written to any
 * SheetWriter (streaming XLSX or CSV, see exportWriters.ts). Values stay typed here: numbers are numbers,
 * times are epoch ms, days are 'YYYY-MM-DD', shares are fractions; each writer renders them its way.
 */
import type { App } from '../app';
import type { RecordFilter } from '../../shared/calls/records';
import type { ItemStat, RecordRow } from '../../shared/recordTypes';
import type { QuestionKind, ResponseValue } from '../../shared/practiceTypes';
import { TYPE_NAMES } from '../bankRows';
import { recordLoader, type AttemptRecord } from './attemptRecord';
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
}

/** Counts work done, yields to the event loop between batches and stops when the job is cancelled. */
export interface ExportProgress {
  setTotal(total: number): void;
  step(n?: number): Promise<void>;
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
export function chapterScores(record: AttemptRecord, titleOf: ChapterTitles): ChapterScoreRow[] {
  const byChapter = new Map<string, ChapterScoreRow>();
  record.items.forEach((item, i) => {
    const c = byChapter.get(item.chapterId) ?? { chapterId: item.chapterId, chapterTitle: titleOf(item.chapterId), score: 0, max: 0 };
    c.score = round2(c.score + (record.grades?.[i]?.score ?? 0));
    c.max = round2(c.max + item.points);
    byChapter.set(item.chapterId, c);
  });
  return [...byChapter.values()];
}

/** One row per delivered question of the attempt. */
export function answerRows(record: AttemptRecord, titleOf: ChapterTitles): CellValue[][] {
  const answers = new Map(record.answers.map((a) => [a.no, a]));
  return record.items.map((item, i) => {
    const answer = answers.get(item.no);
    const grade = record.grades?.[i] ?? null;
    const key = item.type === 'essay' ? item.reference : choiceText(item.type, item.key);
    return [
      record.uid,
      record.candidate.employeeId,
      record.candidate.name,
      record.session.code,
      item.no,
      item.questionId,
      titleOf(item.chapterId),
      TYPE_NAMES[item.type].zh,
      item.stem,
      answer?.response === null || answer === undefined ? '' : choiceText(item.type, answer.response),
      key,
      grade ? grade.score : null,
      item.points,
      grade ? OUTCOME_NAMES[grade.outcome] : '',
      answer?.flagged ? '已标记' : '',
    ];
  });
}

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

/** Rows of the four sheets, in order; `progress` counts one unit per attempt per pass plus one for the statistics. */
export async function writeRecordSheets(
  app: App,
  filter: RecordFilter,
  scope: RecordScope,
  writer: SheetWriter,
  progress: ExportProgress,
): Promise<{ attempts: number; answers: number }> {
  const load = recordLoader(app);
  const stats = statsAccumulator(app);
  // Read the list at once: a better-sqlite3 iterator keeps the connection busy, and other calls (and
  // loadRecord) must be able to use it between batches.
  const rows = [...iterateRecordRows(app.user, filter, scope)];
  progress.setTotal(rows.length * 2 + 1);
  const titleOf = chapterIndex(app).title;

  writer.startSheet(SUMMARY_SHEET);
  for (const r of rows) {
    writer.row(summaryRow(r));
    await progress.step();
  }
  await writer.endSheet();

  // Chapter rows are small (attempts × chapters): kept until the answer sheet is done, so every record is
  // loaded once.
  const chapterRows: CellValue[][] = [];
  let answers = 0;
  writer.startSheet(ANSWER_SHEET);
  for (const r of rows) {
    const record = load(r.uid);
    stats.add(r, record);
    for (const values of answerRows(record, titleOf)) {
      writer.row(values);
      answers++;
    }
    for (const c of chapterScores(record, titleOf)) {
      chapterRows.push([r.uid, r.sessionCode, r.employeeId, r.name, c.chapterId, c.chapterTitle, c.score, c.max, share(c.score, c.max)]);
    }
    await progress.step();
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
