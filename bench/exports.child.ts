/**
 * One export measurement in a fresh process (run by bench/exports.ts), so its peak RSS is its own:
 * `csv` / `xlsx` — the real export (exportToFiles, the CLI's path: all four sheets incl. item statistics);
 * `csv-zip` — the app's CSV download (one .zip); `bare` — exceljs's streaming writer alone, writing the
 * same answer rows (built before the clock starts); `bare-csv` — the same rows formatted by csvLine and
 * written to one file, nothing else. Prints JSON { ms, rows, bytes, maxRssMiB }.
 */
import fs from 'node:fs';
import path from 'node:path';

const [mode, contentDb, dataDir, outDir] = process.argv.slice(2);
const { openApp } = await import('../electron/services/app');
const { exportToFiles, startExport, settledJob } = await import('../electron/services/records/exportJobs');
const { answerRows, ANSWER_SHEET } = await import('../electron/services/records/exportSheets');
const { csvLine, xlsxCells, loadExcel } = await import('../electron/services/records/exportWriters');
const { paperRecordLoader } = await import('../electron/services/records/attemptRecord');
const { chapterIndex } = await import('../electron/services/records/chapterIndex');
const Excel = await loadExcel();
const app = await openApp({ dataDir, bundledContentDb: contentDb });
const scope = { role: 'admin', personId: -1 } as const;
const size = (files: string[]) => files.reduce((s, f) => s + fs.statSync(f).size, 0);
/** Every answer row of every record, built before a bare writer's clock starts. */
const allAnswerRows = () => {
  const title = chapterIndex(app).title;
  const uids = app.user.prepare('SELECT uid FROM attempt_records').pluck().all() as string[];
  return paperRecordLoader(app)(uids).flatMap((record) => answerRows(record, title));
};

let ms: number;
let rows: number;
let bytes: number;
if (mode === 'bare') {
  const all = allAnswerRows().map((r) => xlsxCells(ANSWER_SHEET.columns, r));
  const file = path.join(outDir, 'bare.xlsx');
  const t0 = performance.now();
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(ANSWER_SHEET.name);
  ws.addRow(ANSWER_SHEET.columns.map((c) => c.header)).commit();
  for (const r of all) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  ms = performance.now() - t0;
  rows = all.length;
  bytes = size([file]);
} else if (mode === 'bare-csv') {
  const all = allAnswerRows();
  const file = path.join(outDir, 'bare.csv');
  const t0 = performance.now();
  const out = fs.createWriteStream(file);
  out.write(`\uFEFF${ANSWER_SHEET.columns.map((c) => c.header).join(',')}\r\n`);
  for (let i = 0; i < all.length; i += 1000) {
    if (!out.write(all.slice(i, i + 1000).map((r) => csvLine(ANSWER_SHEET.columns, r)).join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  ms = performance.now() - t0;
  rows = all.length;
  bytes = size([file]);
} else if (mode === 'csv-zip') {
  const t0 = performance.now();
  const job = startExport(app, scope, 'csv', {});
  const done = await settledJob(app, scope, job.id);
  ms = performance.now() - t0;
  bytes = done.bytes;
  rows = app.user.prepare('SELECT count(*) FROM attempt_records').pluck().get() as number;
} else {
  const t0 = performance.now();
  const files = await exportToFiles(app, scope, mode === 'xlsx' ? 'xlsx' : 'csv', {}, { dir: outDir }, () => {});
  ms = performance.now() - t0;
  bytes = size(files);
  rows = app.user.prepare('SELECT count(*) FROM attempt_records').pluck().get() as number;
}
app.close();
/**
 * This process's own peak RSS. Linux's getrusage maxRSS (process.resourceUsage) also holds the RSS the
 * parent had when it forked this process (it is kept across exec): the bench's, 245 MiB late in a run.
 */
function peakRssMiB(): number {
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!hwm) throw new Error('no VmHWM in /proc/self/status');
  return Number(hwm[1]) / 1024;
}
console.log(JSON.stringify({ ms, rows, bytes, maxRssMiB: peakRssMiB() }));
