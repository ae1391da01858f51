/** `npm run kb -- export …` as an administrator runs it: a real CLI process on the app's data folder. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { localRecord } from '../../electron/services/records/attemptRecord';
import { tempDir } from '../helpers/app';
import { examWorld } from '../helpers/exam';
import { parseCsv, pdfText } from '../helpers/exports';
import { ROOT } from '../helpers/paths';
import { takeSession } from '../helpers/records';

function kb(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/kb.ts', ...args, '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kb export', { timeout: 300_000 }, () => {
  it('writes XLSX, CSV files per sheet and a PDF where --out says, with progress on stderr', async () => {
    const w = await examWorld();
    const t = await takeSession(w, { count: 6 });
    const dataDir = w.api.app.paths.dataDir;
    const scores = t.attemptIds.map((id) => localRecord(w.api.app, id));
    const out = tempDir('kb-cli-out-');

    const xlsx = kb(['export', '--format', 'xlsx', '--session', t.code, '--out', out], dataDir);
    expect(xlsx.code, xlsx.err).toBe(0);
    expect(xlsx.err).toContain('导出中 / exporting:');
    const file = xlsx.out.trim().split('\n').at(-1)!.replace('已导出 / written: ', '');
    expect(path.dirname(file)).toBe(out);
    expect(path.basename(file)).toMatch(new RegExp(`^成绩记录_${t.code}_\\d{8}-\\d{4}\\.xlsx$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const summary = wb.getWorksheet('成绩汇总')!;
    expect(summary.rowCount).toBe(7);
    const total = Array.from({ length: 6 }, (_, i) => summary.getRow(i + 2).getCell(8).value as number).reduce((s, x) => s + x, 0);
    expect(total).toBeCloseTo(scores.reduce((s, r) => s + r.score!, 0), 5);

    // A named file: only that person's attempts.
    const named = path.join(out, '张三.xlsx');
    expect(kb(['export', '--format', 'xlsx', '--person', 'R0002', '--out', named], dataDir).code).toBe(0);
    await wb.xlsx.readFile(named);
    expect(wb.getWorksheet('成绩汇总')!.rowCount).toBe(2);

    const csvDir = path.join(out, 'csv');
    const csv = kb(['export', '--format', 'csv', '--from', '2025-06-01', '--to', '2025-06-30', '--result', 'passed', '--out', `${csvDir}/`], dataDir);
    expect(csv.code, csv.err).toBe(0);
    const files = fs.readdirSync(csvDir).sort();
    expect(files).toHaveLength(4);
    expect(files.every((f) => f.startsWith('成绩记录_2025-06-01_至_2025-06-30_通过_'))).toBe(true);
    const summaryCsv = fs.readFileSync(path.join(csvDir, files.find((f) => f.endsWith('_成绩汇总.csv'))!));
    expect([...summaryCsv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(summaryCsv.subarray(3).toString('utf8'));
    const passed = scores.filter((r) => r.score! >= r.session.passScore);
    expect(rows).toHaveLength(passed.length + 1);
    expect(rows.slice(1).map((r) => Number(r[7])).sort()).toEqual(passed.map((r) => r.score!).sort());

    const best = passed.at(-1)!;
    const pdf = kb(['export', '--format', 'pdf', '--report', 'certificate', '--uid', best.uid, '--out', path.join(out, 'cert.pdf')], dataDir);
    expect(pdf.code, pdf.err).toBe(0);
    const text = pdfText(path.join(out, 'cert.pdf'));
    expect(text).toContain(best.candidate.name);
    expect(text).toContain(`KF-20250602-${best.uid.slice(0, 8).toUpperCase()}`);

    const failed = scores.find((r) => r.score! < r.session.passScore)!;
    const refused = kb(['export', '--format', 'pdf', '--report', 'certificate', '--uid', failed.uid, '--out', out], dataDir);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('不能出具证书');
  });
});
