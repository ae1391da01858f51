/**
 * HR exports read back as users' tools read them: the XLSX with exceljs and LibreOffice, the CSV as bytes
 * (BOM) and through an RFC 4180 parser, the PDFs with pdftotext and pdftoppm. Jobs: progress while the
 * app keeps answering, cancel leaves no file, a proctor stays within their sessions.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportTmpDir } from '../../electron/services/records/exportJobs';
import { recordStats } from '../../electron/services/records/statistics';
import { localRecord } from '../../electron/services/records/attemptRecord';
import type { ExportJob } from '../../electron/shared/recordTypes';
import { tempDir } from '../helpers/app';
import { examWorld, type ExamWorld } from '../helpers/exam';
import { libreOfficeSheets, parseCsv, pdfPng, pdfText } from '../helpers/exports';
import { ROOT } from '../helpers/paths';
import { storeImported, takeSession } from '../helpers/records';

const SHEET_NAMES = ['成绩汇总', '答题明细', '章节得分', '题目分析'];
const OUT = path.join(ROOT, 'test-results', 'exports');

async function admin(w: ExamWorld): Promise<string> {
  return (await w.api.call('auth.staffSignIn', { employeeId: 'A001', password: 'admin-pass-1' })).session;
}

async function finished(w: ExamWorld, job: ExportJob, session: string): Promise<ExportJob> {
  let j = job;
  for (let i = 0; j.state === 'running' && i < 1200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    j = await w.api.call('records.exportStatus', { id: j.id }, session);
  }
  return j;
}

async function download(w: ExamWorld, job: ExportJob, session: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ; ) {
    const c = await w.api.call('records.exportFetch', { id: job.id, offset }, session);
    const b = Buffer.from(c.base64, 'base64');
    parts.push(b);
    offset += b.length;
    if (c.done) break;
  }
  return Buffer.concat(parts);
}

/** The export's file as the app hands it over, saved under a temp folder with its own name. */
async function exportFile(w: ExamWorld, session: string, input: Parameters<ExamWorld['api']['call']>[1], call: 'records.exportStart' | 'records.reportStart' = 'records.exportStart') {
  const started = (await w.api.call(call, input as never, session)) as ExportJob;
  const job = await finished(w, started, session);
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  const bytes = await download(w, job, session);
  expect(bytes.length).toBe(job.bytes);
  const file = path.join(tempDir('kb-export-'), job.fileName);
  fs.writeFileSync(file, bytes);
  return { job, file, bytes };
}

const scoresOf = (w: ExamWorld, uids: string[]) =>
  new Map(uids.map((uid) => [uid, w.api.app.user.prepare('SELECT score FROM exam_attempts WHERE uid = ?').pluck().get(uid) as number]));

const close = (a: number, b: number) => Math.abs(a - b) < 0.005;
const sum = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 100) / 100;

describe('XLSX and CSV exports', { timeout: 180_000 }, () => {
  it('XLSX: four sheets, typed cells, frozen header, autofilter, widths; exceljs and LibreOffice read the same numbers; the CSV zip says the same', async () => {
    const w = await examWorld();
    const t = await takeSession(w, { count: 12 });
    const a = await admin(w);
    const scores = scoresOf(w, t.uids);
    const items = new Map(t.uids.map((uid) => [uid, localRecord(w.api.app, w.api.app.user.prepare('SELECT id FROM exam_attempts WHERE uid = ?').pluck().get(uid) as number)]));
    const answerCount = [...items.values()].reduce((s, r) => s + r.items.length, 0);

    const { job, file } = await exportFile(w, a, { format: 'xlsx', filter: { sessionCode: t.code } });
    expect(job.fileName).toMatch(new RegExp(`^成绩记录_${t.code}_\\d{8}-\\d{4}\\.xlsx$`));
    fs.mkdirSync(OUT, { recursive: true });
    fs.copyFileSync(file, path.join(OUT, 'export.xlsx'));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(SHEET_NAMES);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      headers.forEach((h, i) => {
        const width = ws.getColumn(i + 1).width!;
        expect(width).toBeGreaterThanOrEqual([...h].length * 2);
        expect(width).toBeLessThanOrEqual(60);
      });
    }

    const summary = wb.getWorksheet('成绩汇总')!;
    const head = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as string[]).slice(1);
    const colOf = (ws: ExcelJS.Worksheet, name: string) => head(ws).indexOf(name) + 1;
    expect(head(summary).slice(0, 15)).toEqual(['场次编号', '场次', '考试日期', '工号', '姓名', '网点', '状态', '得分', '满分', '及格线', '得分率', '是否通过', '交卷方式', '开始时间', '交卷时间']);
    expect(summary.rowCount).toBe(13);
    const uidCol = colOf(summary, '记录ID');
    for (let r = 2; r <= 13; r++) {
      const row = summary.getRow(r);
      const uid = row.getCell(uidCol).value as string;
      const score = row.getCell(colOf(summary, '得分')).value;
      expect(typeof score).toBe('number');
      expect(score).toBe(scores.get(uid));
      expect(typeof row.getCell(colOf(summary, '满分')).value).toBe('number');
      expect(row.getCell(colOf(summary, '考试日期')).value).toEqual(new Date(Date.UTC(2025, 5, 2)));
      const started = row.getCell(colOf(summary, '开始时间')).value as Date;
      expect(started).toBeInstanceOf(Date);
      expect(row.getCell(colOf(summary, '开始时间')).numFmt).toBe('yyyy-mm-dd hh:mm');
      const record = items.get(uid)!;
      // Local wall time stored as the cell's (zone-less) value.
      expect(started.getTime()).toBe(record.startedAt - new Date(record.startedAt).getTimezoneOffset() * 60_000);
      const rate = row.getCell(colOf(summary, '得分率'));
      expect(rate.numFmt).toBe('0.0%');
      expect(rate.value).toBeCloseTo(record.score! / record.maxScore, 3);
      expect(row.getCell(colOf(summary, '是否通过')).value).toBe(record.score! >= record.session.passScore ? '通过' : '未通过');
    }
    const xlsxTotal = sum(Array.from({ length: 12 }, (_, i) => summary.getRow(i + 2).getCell(colOf(summary, '得分')).value as number));
    expect(xlsxTotal).toBe(sum([...scores.values()]));

    const answers = wb.getWorksheet('答题明细')!;
    expect(answers.rowCount - 1).toBe(answerCount);
    const perUid = new Map<string, number>();
    for (let r = 2; r <= answers.rowCount; r++) {
      const row = answers.getRow(r);
      const s = row.getCell(colOf(answers, '得分')).value;
      expect(typeof s).toBe('number');
      expect(typeof row.getCell(colOf(answers, '题号')).value).toBe('number');
      const uid = row.getCell(1).value as string;
      perUid.set(uid, (perUid.get(uid) ?? 0) + (s as number));
    }
    for (const [uid, s] of perUid) expect(close(s, scores.get(uid)!), `${uid}: ${s} vs ${scores.get(uid)}`).toBe(true);

    const chapters = wb.getWorksheet('章节得分')!;
    const perUidChapters = new Map<string, number>();
    for (let r = 2; r <= chapters.rowCount; r++) {
      const row = chapters.getRow(r);
      perUidChapters.set(row.getCell(1).value as string, (perUidChapters.get(row.getCell(1).value as string) ?? 0) + (row.getCell(colOf(chapters, '得分')).value as number));
      expect(row.getCell(colOf(chapters, '得分率')).numFmt).toBe('0.0%');
    }
    for (const [uid, s] of perUidChapters) expect(close(s, scores.get(uid)!)).toBe(true);

    const analysis = wb.getWorksheet('题目分析')!;
    const stats = recordStats(w.api.app, { sessionCode: t.code }, { role: 'admin', personId: -1 });
    expect(analysis.rowCount - 1).toBe(stats.items.length);
    expect(stats.items.length).toBeGreaterThan(0);
    for (let r = 2; r <= analysis.rowCount; r++) {
      const row = analysis.getRow(r);
      const s = stats.items.find((i) => i.questionId === row.getCell(1).value)!;
      expect(row.getCell(colOf(analysis, '作答人次')).value).toBe(s.attempts);
      expect(row.getCell(colOf(analysis, '易度指数')).value).toBeCloseTo(s.facility / 100, 2); // the sheet keeps 0.1 %
    }

    // LibreOffice, as a user without Excel opens it: the same numbers on every sheet.
    const lo = libreOfficeSheets(file, SHEET_NAMES);
    const loSummary = lo['成绩汇总'];
    expect(loSummary[0].slice(0, 8)).toEqual(['场次编号', '场次', '考试日期', '工号', '姓名', '网点', '状态', '得分']);
    expect(loSummary).toHaveLength(13);
    expect(sum(loSummary.slice(1).map((r) => Number(r[7])))).toBe(xlsxTotal);
    expect(loSummary[1][2]).toBe('2025-06-02');
    expect(loSummary[1][13]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(loSummary[1][10]).toMatch(/^\d{1,3}\.\d%$/);
    expect(lo['答题明细']).toHaveLength(answerCount + 1);
    expect(sum(lo['答题明细'].slice(1).map((r) => Number(r[11])))).toBe(xlsxTotal);
    expect(sum(lo['章节得分'].slice(1).map((r) => Number(r[6])))).toBe(xlsxTotal);
    expect(lo['题目分析']).toHaveLength(stats.items.length + 1);

    // The CSV export: a zip of one file per sheet, each UTF-8 with a BOM; it parses back to what LibreOffice
    // read from the XLSX (times carry seconds in the CSV).
    const csv = await exportFile(w, a, { format: 'csv', filter: { sessionCode: t.code } });
    expect(csv.job.fileName).toMatch(/\.zip$/);
    const entries = unzipSync(new Uint8Array(csv.bytes));
    const base = csv.job.fileName.replace(/\.zip$/, '');
    expect(Object.keys(entries).sort()).toEqual(SHEET_NAMES.map((s) => `${base}_${s}.csv`).sort());
    for (const sheet of SHEET_NAMES) {
      const bytes = Buffer.from(entries[`${base}_${sheet}.csv`]);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      fs.writeFileSync(path.join(OUT, `export_${sheet}.csv`), bytes);
      const rows = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(rows).toHaveLength(lo[sheet].length);
      rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          const shown = lo[sheet][r][c];
          if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(cell)) expect(cell.slice(0, 16), `${sheet} ${r}:${c}`).toBe(shown);
          else expect(cell, `${sheet} ${r}:${c}`).toBe(shown);
        }),
      );
    }
  });

  it('shows progress while the app keeps answering; cancel stops the job and leaves no file', async () => {
    const w = await examWorld();
    const t = await takeSession(w, { count: 4 });
    const a = await admin(w);
    // Many more attempts, fast: the finished records cloned as imported attempts (as a result bundle adds them).
    const app = w.api.app;
    const cloned = Array.from({ length: 800 }, (_, i) => {
      const source = localRecord(app, t.attemptIds[i % t.attemptIds.length]);
      const candidate = { ...source.candidate, employeeId: `C${i}`, name: `导入${i}`, branch: '城北营业厅' };
      return { ...source, uid: `c${i.toString(16).padStart(31, '0')}`, session: { ...source.session, code: 'IMPORT', room: '' }, candidate };
    });
    storeImported(app, 'x', 1, cloned);

    const job = await w.api.call('records.exportStart', { format: 'xlsx', filter: {} }, a);
    expect(job.state).toBe('running');
    let status = job;
    for (let i = 0; i < 500 && status.done === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
      status = await w.api.call('records.exportStatus', { id: job.id }, a);
    }
    // Mid-way: the bridge answered, the job shows rows done out of a known total, and is still running.
    expect(status.state).toBe('running');
    expect(status.done).toBeGreaterThan(0);
    expect(status.total).toBe(804 * 2 + 1);
    expect(status.done).toBeLessThan(status.total);
    expect((await w.api.call('records.list', { filter: { sessionCode: t.code } }, a)).total).toBe(4);
    expect(fs.readdirSync(exportTmpDir(app))).toHaveLength(1);

    const cancelled = await w.api.call('records.exportCancel', { id: job.id }, a);
    expect(cancelled.state).toBe('cancelled');
    expect(fs.readdirSync(exportTmpDir(app))).toEqual([]);
    await expect(w.api.call('records.exportStatus', { id: job.id }, a)).rejects.toMatchObject({ code: 'not_found' });

    // Run to the end, it delivers every attempt, and the file is gone after the last chunk.
    const whole = await exportFile(w, a, { format: 'csv', filter: {} });
    const summary = Object.entries(unzipSync(new Uint8Array(whole.bytes))).find(([n]) => n.endsWith('_成绩汇总.csv'))![1];
    expect(parseCsv(Buffer.from(summary).subarray(3).toString('utf8'))).toHaveLength(805);
    expect(fs.readdirSync(exportTmpDir(app))).toEqual([]);
  });

  it('a proctor exports only their own sessions', async () => {
    const w = await examWorld();
    const t = await takeSession(w, { count: 3 });
    const a = await admin(w);
    await w.api.call('accounts.create', { employeeId: 'P002', name: '赵监考', branch: '', role: 'proctor', password: 'proctor-pass-2' }, a);
    const other = (await w.api.call('auth.staffSignIn', { employeeId: 'P002', password: 'proctor-pass-2' })).session;

    await expect(w.api.call('records.exportStart', { format: 'xlsx', filter: { sessionCode: t.code } }, other)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(w.api.call('records.reportStart', { report: 'session', sessionCode: t.code }, other)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(w.api.call('records.reportStart', { report: 'attempt', uid: t.uids[0] }, other)).rejects.toMatchObject({ code: 'forbidden' });
    // Without a session filter their export holds nothing of the other proctor's.
    const mine = await exportFile(w, other, { format: 'csv', filter: {} });
    const summary = Object.entries(unzipSync(new Uint8Array(mine.bytes))).find(([n]) => n.endsWith('_成绩汇总.csv'))![1];
    expect(parseCsv(Buffer.from(summary).subarray(3).toString('utf8'))).toHaveLength(1);

    // The owner may; another proctor cannot even see the owner's job.
    const job = await w.api.call('records.exportStart', { format: 'xlsx', filter: { sessionCode: t.code } }, w.proctor);
    await expect(w.api.call('records.exportStatus', { id: job.id }, other)).rejects.toMatchObject({ code: 'not_found' });
    await expect(w.api.call('records.exportFetch', { id: job.id, offset: 0 }, other)).rejects.toMatchObject({ code: 'not_found' });
    expect((await finished(w, job, w.proctor)).state).toBe('done');
    // Candidates have no export calls at all.
    const candidate = await w.signIn('E001', (await w.openSession()).code);
    await expect(w.api.call('records.exportStart', { format: 'csv', filter: {} }, candidate)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('PDF reports', { timeout: 180_000 }, () => {
  it('score report, session report and certificate: Chinese text, score, certificate number and code; one PNG each', async () => {
    const w = await examWorld();
    const t = await takeSession(w, { count: 12 });
    const a = await admin(w);
    const app = w.api.app;
    const records = t.attemptIds.map((id) => localRecord(app, id));
    const passed = records.filter((r) => r.score! >= r.session.passScore).at(-1)!;
    const failed = records.find((r) => r.score! < r.session.passScore)!;
    expect(passed).toBeTruthy();
    expect(failed).toBeTruthy();
    fs.mkdirSync(OUT, { recursive: true });
    const squash = (s: string) => s.replace(/\s+/g, '');

    try {
      const report = await exportFile(w, a, { report: 'attempt', uid: passed.uid }, 'records.reportStart');
      expect(report.job.fileName).toMatch(new RegExp(`^成绩单_${t.code}_${passed.candidate.employeeId}_${passed.candidate.name}_\\d{8}-\\d{4}\\.pdf$`));
      const text = pdfText(report.file);
      expect(text).toContain(passed.candidate.name);
      expect(text).toContain('成绩单');
      expect(text).toContain(String(passed.score));
      expect(text).toContain('各章节得分');
      expect(squash(text)).toContain(passed.fingerprint);
      const detail = await w.api.call('records.attempt', { uid: passed.uid }, a);
      expect(text).toContain(detail.certificate!.number);
      expect(pdfPng(report.file, path.join(OUT, 'report-attempt.png')).length).toBeGreaterThan(1000);

      const cert = await exportFile(w, a, { report: 'certificate', uid: passed.uid }, 'records.reportStart');
      const certText = pdfText(cert.file);
      expect(squash(certText)).toContain('岗位技能认证证书');
      expect(certText).toContain(passed.candidate.name);
      expect(certText).toContain(passed.candidate.employeeId);
      expect(certText).toContain(String(passed.score));
      expect(certText).toContain(detail.certificate!.number);
      expect(squash(certText)).toContain(detail.certificate!.code);
      // The code printed is one the app verifies.
      const check = await w.api.call('records.verifyCertificate', { number: detail.certificate!.number, code: detail.certificate!.code }, a);
      expect(check.valid).toBe(true);
      expect(pdfPng(cert.file, path.join(OUT, 'report-certificate.png')).length).toBeGreaterThan(1000);

      const session = await exportFile(w, a, { report: 'session', sessionCode: t.code }, 'records.reportStart');
      const sessionText = pdfText(session.file);
      expect(sessionText).toContain('场次报告');
      expect(sessionText).toContain('考生1 ');
      expect(sessionText).toContain('考生12');
      expect(sessionText).toContain('通过率');
      expect(pdfPng(session.file, path.join(OUT, 'report-session.png')).length).toBeGreaterThan(1000);

      // No certificate for an attempt that did not pass.
      await expect(w.api.call('records.reportStart', { report: 'certificate', uid: failed.uid }, a)).rejects.toMatchObject({ code: 'invalid_input' });
    } finally {
      await app.pdf.close();
    }
  });
});
