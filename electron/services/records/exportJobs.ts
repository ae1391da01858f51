/**
 * Export jobs: XLSX / CSV exports and PDF reports written in the background to <dataDir>/exports/tmp,
 * yielding to the event loop between batches so the app keeps answering (and exportStatus shows
 * progress). A job can be cancelled (its partial file is deleted); a finished file is fetched in chunks
 * of ≤ 4 MiB and dropped after the last one. Jobs live with their App; files left by a process that has
 * gone are removed when the next job is created.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordFilter } from '../../shared/calls/records';
import { AppError, type Messages } from '../../shared/errors';
import type { ExportChunk, ExportFormat, ExportJob, RecordRow } from '../../shared/recordTypes';
import type { App } from '../app';
import { safeFilePart, stamp } from '../fileNames';
import { removeStaleFiles } from '../processFiles';
import { loadRecord, paperRecordOf, recordPassed, type AttemptRecord } from './attemptRecord';
import { certificateOf } from './certificate';
import { chapterIndex } from './chapterIndex';
import { chapterScores, writeRecordSheets, type ExportProgress } from './exportSheets';
import { csvFolderWriter, csvZipWriter, xlsxWriter, type FinishingWriter } from './exportWriters';
import { iterateRecordRows, recordRowIn, type RecordScope } from './recordQuery';
import { attemptReportHtml, certificateHtml, sessionReportHtml } from './reportTemplates';
import { recordStats } from './statistics';

export const CHUNK_BYTES = 4 << 20;

interface Job {
  info: ExportJob;
  file: string;
  owner: RecordScope;
  cancelled: boolean;
  /** Settles when the job stops running (done, failed or cancelled). */
  finished: Promise<void>;
}

const jobsOf = new WeakMap<App, Map<string, Job>>();

function jobs(app: App): Map<string, Job> {
  let map = jobsOf.get(app);
  if (!map) jobsOf.set(app, (map = new Map()));
  return map;
}

export function exportTmpDir(app: App): string {
  return path.join(app.paths.dataDir, 'exports', 'tmp');
}

/** Removes files of processes that have gone and of this process's jobs that no longer exist. */
export function removeStaleExports(app: App): void {
  removeStaleFiles(exportTmpDir(app), new Set([...jobs(app).values()].map((j) => path.basename(j.file))));
}

// ---- file names ----

/** What the filter selects, for the file name: the session, the date range, or 全部. */
export function filterLabel(f: RecordFilter): string {
  const parts: string[] = [];
  if (f.sessionCode) parts.push(f.sessionCode);
  if (f.from && f.to) parts.push(f.from === f.to ? f.from : `${f.from}_至_${f.to}`);
  else if (f.from) parts.push(`${f.from}起`);
  else if (f.to) parts.push(`至${f.to}`);
  if (f.blueprintId) parts.push(f.blueprintId);
  if (f.branch) parts.push(f.branch);
  if (f.person) parts.push(f.person);
  if (f.result) parts.push(f.result === 'passed' ? '通过' : '未通过');
  if (f.state) parts.push({ in_progress: '作答中', pending_grading: '待阅卷', final: '已完成' }[f.state]);
  if (f.origin) parts.push(f.origin === 'local' ? '本机' : '导入');
  return parts.length ? parts.map(safeFilePart).join('_') : '全部';
}

export function exportFileName(format: ExportFormat, filter: RecordFilter, now: number): string {
  return `成绩记录_${filterLabel(filter)}_${stamp(now)}.${format === 'xlsx' ? 'xlsx' : 'zip'}`;
}

/** CSV entries: the export's base name and the sheet, e.g. 成绩记录_全部_20250602-0900_成绩汇总.csv. */
export function csvEntryName(baseName: string): (sheet: string) => string {
  const base = baseName.replace(/\.(zip|csv|xlsx)$/i, '');
  return (sheet) => `${base}_${sheet}.csv`;
}

// ---- running ----

const CANCELLED = Symbol('cancelled');

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Longest stretch of export work between two turns of the event loop (the app answers in between). */
const SLICE_MS = 16;

/**
 * Yields to the event loop once a slice of work has run, so the app keeps answering and a cancel is
 * seen (progressOf throws CANCELLED then): a turn after every attempt cost some 5 % of a 100,000-row CSV
 * export. The XLSX writer, whose zip needs the turns to keep up, waits for it itself (SheetWriter.drain).
 */
function slicer(): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < SLICE_MS) return undefined;
    return yieldToEventLoop().then(() => {
      since = performance.now();
    });
  };
}

function progressOf(job: Job): ExportProgress {
  const slice = slicer();
  const check = () => {
    if (job.cancelled) throw CANCELLED;
  };
  return {
    setTotal(total) {
      job.info.total = total;
    },
    step(n = 1) {
      job.info.done += n;
      return slice()?.then(check);
    },
  };
}

function failureMessage(e: unknown): Messages {
  if (e instanceof AppError) return e.toBody().message;
  const detail = e instanceof Error ? e.message : String(e);
  return { 'zh-CN': `导出失败：${detail}`, en: `The export failed: ${detail}` };
}

function newJob(app: App, owner: RecordScope, fileName: string, ext: string, total: number): Job {
  removeStaleExports(app);
  fs.mkdirSync(exportTmpDir(app), { recursive: true });
  const id = crypto.randomBytes(8).toString('hex');
  const job: Job = {
    info: { id, state: 'running', done: 0, total, fileName, bytes: 0, error: null },
    file: path.join(exportTmpDir(app), `${process.pid}-${id}.${ext}`),
    owner,
    cancelled: false,
    finished: Promise.resolve(),
  };
  jobs(app).set(id, job);
  return job;
}

/** Runs `work` after the current call has returned; the job ends done, failed or cancelled. */
function run(job: Job, work: () => Promise<void>): void {
  job.finished = (async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      if (job.cancelled) throw CANCELLED;
      await work();
      if (job.cancelled) throw CANCELLED;
      job.info.bytes = fs.statSync(job.file).size;
      job.info.done = job.info.total;
      job.info.state = 'done';
    } catch (e) {
      fs.rmSync(job.file, { force: true });
      if (e === CANCELLED || job.cancelled) {
        job.info.state = 'cancelled';
      } else {
        job.info.state = 'failed';
        job.info.error = failureMessage(e);
      }
    }
  })();
}

/** Writes the sheets through `writer`, aborting it (and letting go of the file) on failure or cancel. */
async function writeSheets(app: App, filter: RecordFilter, scope: RecordScope, writer: FinishingWriter, progress: ExportProgress) {
  try {
    await writeRecordSheets(app, filter, scope, writer, progress);
    await writer.finish();
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

export function startExport(app: App, scope: RecordScope, format: ExportFormat, filter: RecordFilter): ExportJob {
  checkSessionScope(app, scope, filter.sessionCode);
  const fileName = exportFileName(format, filter, app.now());
  const job = newJob(app, scope, fileName, format === 'xlsx' ? 'xlsx' : 'zip', 0);
  run(job, async () => {
    const writer = format === 'xlsx' ? await xlsxWriter(job.file) : csvZipWriter(job.file, csvEntryName(fileName));
    await writeSheets(app, filter, scope, writer, progressOf(job));
  });
  return { ...job.info };
}

/** The CLI's export: the same sheets straight into files (CSV: one per sheet in `dir`). Returns the paths. */
export async function exportToFiles(
  app: App,
  scope: RecordScope,
  format: ExportFormat,
  filter: RecordFilter,
  out: { file?: string; dir?: string },
  onProgress: (done: number, total: number) => void,
): Promise<string[]> {
  const fileName = exportFileName(format, filter, app.now());
  const dir = out.dir ?? path.dirname(out.file!);
  fs.mkdirSync(dir, { recursive: true });
  let done = 0;
  let total = 0;
  let last = 0;
  const slice = slicer();
  const progress: ExportProgress = {
    setTotal: (t) => (total = t),
    step(n = 1) {
      done += n;
      return slice()?.then(() => {
        if (performance.now() - last > 200) {
          last = performance.now();
          onProgress(done, total);
        }
      });
    },
  };
  const written: string[] = [];
  let writer: FinishingWriter;
  if (format === 'xlsx') {
    const file = out.file ?? path.join(dir, fileName);
    writer = await xlsxWriter(file);
    written.push(file);
  } else if (out.file) {
    writer = csvZipWriter(out.file, csvEntryName(path.basename(out.file)));
    written.push(out.file);
  } else {
    writer = csvFolderWriter(dir, csvEntryName(fileName), written);
  }
  try {
    await writeSheets(app, filter, scope, writer, progress);
  } catch (e) {
    for (const f of written) fs.rmSync(f, { force: true });
    throw e;
  }
  onProgress(total, total);
  return written;
}

// ---- PDF reports ----

export type ReportRequest = { report: 'attempt' | 'certificate'; uid: string } | { report: 'session'; sessionCode: string };

const NOT_FOUND = new AppError('not_found', { 'zh-CN': '找不到该成绩记录。', en: 'No such record.' });
const NOT_YOURS = new AppError('forbidden', {
  'zh-CN': '只能导出您本人创建的考试场次的成绩。',
  en: 'You may export only the results of sessions you created.',
});

/** A proctor naming another proctor's session is refused, not handed an empty file. */
function checkSessionScope(app: App, scope: RecordScope, sessionCode: string | undefined): void {
  if (scope.role === 'admin' || sessionCode === undefined) return;
  const owners = app.user.prepare('SELECT DISTINCT session_owner FROM attempt_records WHERE session_code = ?').pluck().all(sessionCode) as (number | null)[];
  if (owners.length && !owners.includes(scope.personId)) throw NOT_YOURS;
}
const NOT_PASSED = new AppError('invalid_input', {
  'zh-CN': '该考试未通过（或尚未阅卷完成），不能出具证书。',
  en: 'This attempt did not pass (or is not fully graded yet): no certificate can be issued.',
});

/** The record of `uid` if the caller may see it (a proctor: only their own sessions). */
function visibleRecord(app: App, scope: RecordScope, uid: string): { row: RecordRow; record: AttemptRecord } {
  const row = recordRowIn(app.user, scope, uid);
  if (row === undefined) throw NOT_FOUND;
  if (row === 'outside') throw NOT_YOURS;
  return { row, record: loadRecord(app, uid) };
}

/** The report's HTML and file name, checked before the job starts (so a refusal is the call's error). */
export function reportHtml(app: App, scope: RecordScope, req: ReportRequest): { html: string; fileName: string } {
  const now = app.now();
  if (req.report === 'session') {
    checkSessionScope(app, scope, req.sessionCode);
    const filter = { sessionCode: req.sessionCode };
    const rows = [...iterateRecordRows(app.user, filter, scope)].sort((a, b) => a.employeeId.localeCompare(b.employeeId));
    if (!rows.length) throw NOT_FOUND;
    const first = rows[0];
    const html = sessionReportHtml({
      session: { code: first.sessionCode, title: first.sessionTitle, date: first.examDate, room: first.room, blueprintId: first.blueprintId },
      rows,
      stats: recordStats(app, filter, scope),
      generatedAt: now,
    });
    return { html, fileName: `场次报告_${safeFilePart(first.sessionCode)}_${stamp(now)}.pdf` };
  }
  const { record } = visibleRecord(app, scope, req.uid);
  const passed = recordPassed(record);
  const certificate = passed ? certificateOf(app, record) : null;
  if (req.report === 'certificate') {
    if (!certificate) throw NOT_PASSED;
    return { html: certificateHtml({ record, certificate }), fileName: `证书_${safeFilePart(certificate.number)}_${safeFilePart(record.candidate.name)}.pdf` };
  }
  const html = attemptReportHtml({ record, passed, chapters: chapterScores(paperRecordOf(record), chapterIndex(app).title), certificate, generatedAt: now });
  return { html, fileName: `成绩单_${safeFilePart(record.session.code)}_${safeFilePart(record.candidate.employeeId)}_${safeFilePart(record.candidate.name)}_${stamp(now)}.pdf` };
}

export function startReport(app: App, scope: RecordScope, req: ReportRequest): ExportJob {
  const { html, fileName } = reportHtml(app, scope, req);
  const job = newJob(app, scope, fileName, 'pdf', 1);
  run(job, async () => {
    const pdf = await app.pdf.render(html);
    if (job.cancelled) return;
    fs.writeFileSync(job.file, pdf);
  });
  return { ...job.info };
}

// ---- status, cancel, fetch ----

function jobFor(app: App, scope: RecordScope, id: string): Job {
  const job = jobs(app).get(id);
  // Another person's job is reported as missing, not as forbidden: its id says nothing.
  if (!job || job.owner.role !== scope.role || job.owner.personId !== scope.personId) {
    throw new AppError('not_found', { 'zh-CN': '找不到该导出任务（可能已取走或已过期）。', en: 'No such export job (it may have been fetched already).' });
  }
  return job;
}

export function exportStatus(app: App, scope: RecordScope, id: string): ExportJob {
  return { ...jobFor(app, scope, id).info };
}

export async function cancelExport(app: App, scope: RecordScope, id: string): Promise<ExportJob> {
  const job = jobFor(app, scope, id);
  if (job.info.state === 'running') {
    job.cancelled = true;
    await job.finished;
  } else if (job.info.state === 'done') {
    job.info.state = 'cancelled';
    fs.rmSync(job.file, { force: true });
  }
  const info = { ...job.info };
  jobs(app).delete(id);
  return info;
}

export function fetchExport(app: App, scope: RecordScope, id: string, offset: number): ExportChunk {
  const job = jobFor(app, scope, id);
  if (job.info.state !== 'done') {
    throw new AppError('conflict', { 'zh-CN': '导出尚未完成，暂不能下载。', en: 'The export has not finished yet.' });
  }
  const bytes = job.info.bytes;
  if (offset > bytes) throw new AppError('invalid_input', { 'zh-CN': '下载位置超出文件大小。', en: 'The offset is past the end of the file.' });
  const length = Math.min(CHUNK_BYTES, bytes - offset);
  const buffer = Buffer.alloc(length);
  const fd = fs.openSync(job.file, 'r');
  try {
    fs.readSync(fd, buffer, 0, length, offset);
  } finally {
    fs.closeSync(fd);
  }
  const done = offset + length >= bytes;
  if (done) {
    jobs(app).delete(id);
    fs.rmSync(job.file, { force: true });
  }
  return { base64: buffer.toString('base64'), offset, bytes, done };
}

/** Waits for a job to stop running (tests and the CLI). */
export async function settledJob(app: App, scope: RecordScope, id: string): Promise<ExportJob> {
  await jobFor(app, scope, id).finished;
  return exportStatus(app, scope, id);
}
