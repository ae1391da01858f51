/**
 * `kb export`: score records to XLSX / CSV, PDF reports — through the same export jobs as the app
 * (records.exportStart / reportStart → exportStatus → exportFetch). Progress goes to stderr, the file
 * paths written to stdout. --out is a folder (the file keeps its generated name; CSV: one file per
 * sheet) or a file name (.xlsx, .pdf, or .zip for CSV).
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { option } from '../bridge/entry';
import type { CallName } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ExportChunk, ExportJob } from '../shared/recordTypes';
import { resultOf, type CliCall } from './cliCall';

const FILTER_OPTIONS = [
  ['from', 'from'],
  ['to', 'to'],
  ['session', 'sessionCode'],
  ['blueprint', 'blueprintId'],
  ['branch', 'branch'],
  ['person', 'person'],
  ['result', 'result'],
  ['state', 'state'],
  ['origin', 'origin'],
] as const;

export function exportFilter(argv: string[]): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const [flag, key] of FILTER_OPTIONS) {
    const value = option(argv, flag);
    if (value !== undefined) filter[key] = value;
  }
  return filter;
}

export function exportCall(argv: string[]): { call: CallName; input: unknown } {
  const format = option(argv, 'format') ?? 'xlsx';
  if (!option(argv, 'out')) throw new AppError('invalid_input', { 'zh-CN': '请用 --out 指定保存位置（文件或文件夹）。', en: 'Give --out: a file or a folder to write to.' });
  if (format !== 'pdf') return { call: 'records.exportStart', input: { format, filter: exportFilter(argv) } };
  const uid = option(argv, 'uid');
  const report = option(argv, 'report') ?? (uid ? 'attempt' : 'session');
  return {
    call: 'records.reportStart',
    input: report === 'session' ? { report, sessionCode: option(argv, 'session') ?? '' } : { report, uid: uid ?? '' },
  };
}

const isFolder = (out: string) => out.endsWith('/') || out.endsWith(path.sep) || (fs.existsSync(out) && fs.statSync(out).isDirectory()) || path.extname(out) === '';

/** Polls the job (progress on stderr), fetches the file and writes it where --out says. Returns the paths. */
export async function saveExport(started: unknown, argv: string[], call: CliCall): Promise<string[]> {
  let job = started as ExportJob;
  const tty = process.stderr.isTTY;
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = await resultOf<ExportJob>(call('records.exportStatus', { id: job.id }));
    const line = `导出中 / exporting: ${job.done}/${job.total}`;
    if (tty) process.stderr.write(`\r${line}`);
    else process.stderr.write(`${line}\n`);
  }
  if (tty) process.stderr.write('\n');
  if (job.state !== 'done') throw new AppError('internal', job.error ?? { 'zh-CN': '导出已取消。', en: 'The export was cancelled.' });

  const parts: Buffer[] = [];
  for (let offset = 0; ; ) {
    const chunk = await resultOf<ExportChunk>(call('records.exportFetch', { id: job.id, offset }));
    const bytes = Buffer.from(chunk.base64, 'base64');
    parts.push(bytes);
    offset += bytes.length;
    if (chunk.done) break;
  }
  const file = Buffer.concat(parts);
  const out = path.resolve(option(argv, 'out')!);
  const csvFolder = job.fileName.endsWith('.zip') && isFolder(out);
  if (csvFolder) {
    fs.mkdirSync(out, { recursive: true });
    return Object.entries(unzipSync(file)).map(([name, data]) => {
      const target = path.join(out, path.basename(name));
      fs.writeFileSync(target, data);
      return target;
    });
  }
  const target = isFolder(out) ? path.join(out, job.fileName) : out;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, file);
  return [target];
}

export function formatExported(v: unknown): string {
  return (v as string[]).map((f) => `已导出 / written: ${f}`).join('\n');
}
