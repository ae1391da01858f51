/** `kb verify`, `kb bundle-export`, `kb bundle-import`: arguments in, files out, reports printed. */
import fs from 'node:fs';
import path from 'node:path';
import { uploadParts, type BundleFile, type BundleImportReport, type BundlePreview, type IntegrityReport } from '../shared/bundleTypes';
import { AppError } from '../shared/errors';
import { option } from '../bridge/entry';
import { resultOf, type CliCall } from './cliCall';

const VALUE_OPTIONS = new Set(['--data-dir', '--out', '--session']);

/** The bundle named on the command line, in the parts bundles.upload takes: read once for both steps of the command. */
let named: { key: string; parts: Uint8Array[] } | undefined;
function bundleParts(argv: string[]): Uint8Array[] {
  const file = argv.filter((a, i) => !a.startsWith('--') && !VALUE_OPTIONS.has(argv[i - 1]))[1];
  try {
    const st = fs.statSync(file ?? '');
    const key = `${path.resolve(file)}:${st.size}:${st.mtimeMs}`;
    if (named?.key !== key) named = { key, parts: uploadParts(fs.readFileSync(file)) };
  } catch {
    throw new AppError('not_found', { 'zh-CN': `无法读取文件：${file ?? '（未指定）'}`, en: `Cannot read the file: ${file ?? '(none given)'}` });
  }
  return named.parts;
}

const base64 = (part: Uint8Array) => Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('base64');

/** The first call of `bundle-import`: the bundle's first part (the rest follow in importUploaded). */
export function bundleUploadStart(argv: string[]): { offset: number; base64: string } {
  return { offset: 0, base64: base64(bundleParts(argv)[0]) };
}

/** Sends the bundle's remaining parts, then previews (--dry-run) or imports it. */
export async function importUploaded(started: unknown, argv: string[], call: CliCall): Promise<unknown> {
  let { uploadId, bytes } = started as { uploadId: string; bytes: number };
  for (const part of bundleParts(argv).slice(1)) {
    ({ uploadId, bytes } = await resultOf<{ uploadId: string; bytes: number }>(call('bundles.upload', { uploadId, offset: bytes, base64: base64(part) })));
  }
  return resultOf(call(argv.includes('--dry-run') ? 'bundles.preview' : 'bundles.import', { uploadId }));
}

export function bundleExportInput(argv: string[]) {
  const session = option(argv, 'session');
  return { filter: session ? { sessionCode: session } : {} };
}

export function saveBundle(value: unknown, argv: string[]): { file: string; bytes: number; count: number } {
  const f = value as BundleFile;
  const out = path.resolve(option(argv, 'out') ?? f.fileName);
  const data = Buffer.from(f.base64, 'base64');
  fs.writeFileSync(out, data);
  return { file: out, bytes: data.length, count: f.count };
}

export const formatBundleSaved = (v: unknown) => {
  const s = v as ReturnType<typeof saveBundle>;
  return `已写入 / written: ${s.file} (${s.bytes} bytes, ${s.count} 条成绩 attempts)`;
};

const fp = (f: string) => f.replace(/(.{4})/g, '$1 ').trim();

export function formatBundleImport(v: unknown): string {
  if ('newAttempts' in (v as object)) {
    const p = v as BundlePreview;
    return [
      `签名电脑 / signer: ${p.signer.label}${p.signer.own ? '（本机 / this PC）' : p.signer.trusted ? '（受信任 / trusted）' : '（未登记 / NOT trusted）'}`,
      `指纹 / fingerprint: ${fp(p.signer.fingerprint)}`,
      `成绩 / attempts: ${p.attempts}；新增 / new: ${p.newAttempts}；更新 / updated: ${p.updates}；已存在 / already here: ${p.duplicates}；冲突 / conflicts: ${p.conflicts}`,
      ...p.sessions.map((s) => `  ${s.code} ${s.date} ${s.title}: ${s.attempts}`),
      ...p.changes.map(
        (c) => `  ${c.kind === 'update' ? '更新 / update' : '冲突 / conflict'} ${c.uid} ${c.employeeId} ${c.name} (${c.sessionCode}): ${c.scoreBefore ?? '-'} → ${c.scoreAfter ?? '-'}`,
      ),
      p.needsApproval ? '导入后需管理员批准 / needs an administrator’s approval after import' : '',
    ]
      .filter(Boolean)
      .join('\n');
  }
  const r = v as BundleImportReport;
  return [`${r.message['zh-CN']}\n${r.message.en}`, `结果包 / bundle #${r.bundleId}; 签名电脑 / signer: ${r.signer.label} ${fp(r.signer.fingerprint)}`].join('\n');
}

export function formatIntegrity(v: unknown): string {
  const r = v as IntegrityReport;
  const head = `审计日志 / audit entries: ${r.auditEntries}; 结果包 / bundles: ${r.bundles}; 导入成绩 / imported records: ${r.records}`;
  if (r.ok) return `${head}\n校验通过 / verified: OK`;
  return [head, `发现 ${r.problems.length} 个问题 / ${r.problems.length} problem(s):`, ...r.problems.map((p) => `✗ ${p['zh-CN']}\n  ${p.en}`)].join('\n');
}

export const integrityExitCode = (v: unknown) => ((v as IntegrityReport).ok ? 0 : 1);
