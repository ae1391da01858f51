import fs from 'node:fs';
import type { CallName } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { CliCall } from './cliCall';
import type { BackupEntry, CheckReport, PackSummary, SystemInfo } from '../shared/types';
import { formatCheck, formatInfo, formatPack } from './format';
import { formatSearch, searchInput } from './formatSearch';
import type { SearchResult } from '../shared/calls/search';
import type { BankImportPreview } from '../shared/calls/bank';
import { option } from '../bridge/entry';
import { formatBankImport, formatSaved, importInput, saveBankFile } from './bankCli';
import { exportCall, formatExported, saveExport } from './exportCli';
import { bundleExportInput, bundleUploadStart, formatBundleImport, formatBundleSaved, formatIntegrity, importUploaded, integrityExitCode, saveBundle } from './bundleCli';

export interface CliCommand {
  name: string;
  usage: string;
  help: string;
  toCall(args: string[], argv: string[]): { call: CallName; input: unknown };
  /** Runs on the call's value before it is printed (e.g. writes a returned file to --out). */
  afterCall?(value: unknown, argv: string[], call: CliCall): unknown;
  format(value: unknown): string;
  /** The process exit code for a value (default 0), e.g. 1 when `verify` finds a problem. */
  exitCode?(value: unknown): number;
}

/** CLI commands; each is a thin mapping onto one contract call. */
export const commands: CliCommand[] = [
  {
    name: 'info',
    usage: 'info',
    help: '数据库路径、版本与课程统计 / database paths, versions and course counts',
    toCall: () => ({ call: 'system.info', input: {} }),
    format: (v) => formatInfo(v as SystemInfo),
  },
  {
    name: 'search',
    usage: 'search "<query>" [--limit N]',
    help: '搜索课程与练习题（支持拼音、首字母、繁体）/ search the course and questions (pinyin, initials, Traditional)',
    toCall: (_args, argv) => ({ call: 'search.query', input: searchInput(argv) }),
    format: (v) => formatSearch(v as SearchResult),
  },
  {
    name: 'backup',
    usage: 'backup',
    help: '立即备份 user.db（校验后保存）/ back up user.db now (verified)',
    toCall: () => ({ call: 'maintenance.backup', input: {} }),
    format: (v) => `备份完成 / backup written: ${(v as BackupEntry).file} (${(v as BackupEntry).bytes} bytes, ok)`,
  },
  {
    name: 'check',
    usage: 'check',
    help: '检查数据库完整性、审计链和备份 / check databases, audit chain and backups',
    toCall: () => ({ call: 'maintenance.check', input: {} }),
    format: (v) => formatCheck(v as CheckReport),
  },
  {
    name: 'import-pack',
    usage: 'import-pack <file.kbpack> [--dry-run]',
    help: '导入内容包（先校验、备份）/ import a content pack (validated, backed up first)',
    toCall: (args, argv) => ({
      call: argv.includes('--dry-run') ? 'content.previewPack' : 'content.importPack',
      input: { pack: readArg(args[0]) },
    }),
    format: (v) => formatPack(v as PackSummary),
  },
  {
    name: 'import-questions',
    usage: 'import-questions <file.xlsx|gift|txt> [--valid-only] [--dry-run] [--chapter ID --section ID] [--format xlsx|gift|aiken]',
    help: '导入题目（XLSX 模板、Moodle GIFT/Aiken），逐行校验 / import questions (XLSX template, Moodle GIFT/Aiken), every row checked',
    toCall: (_args, argv) => ({ call: argv.includes('--dry-run') ? 'bank.previewImport' : 'bank.import', input: importInput(argv) }),
    format: (v) => formatBankImport(v as BankImportPreview),
  },
  {
    name: 'export-questions',
    usage: 'export-questions --format xlsx|gift --out <path>',
    help: '导出整个题库 / export the whole question bank',
    toCall: (_args, argv) => ({ call: 'bank.export', input: { format: option(argv, 'format') ?? 'xlsx' } }),
    afterCall: saveBankFile,
    format: formatSaved,
  },
  {
    name: 'question-template',
    usage: 'question-template --out <path.xlsx>',
    help: '下载题库导入模板（XLSX）/ write the question import template (XLSX)',
    toCall: () => ({ call: 'bank.template', input: {} }),
    afterCall: saveBankFile,
    format: formatSaved,
  },
  {
    name: 'verify',
    usage: 'verify',
    help: '校验审计链和已导入结果包的签名与记录 / verify the audit chain and the signatures and records of imported bundles',
    toCall: () => ({ call: 'bundles.verify', input: {} }),
    format: formatIntegrity,
    exitCode: integrityExitCode,
  },
  {
    name: 'bundle-export',
    usage: 'bundle-export --out <file.kfbundle> [--session CODE]',
    help: '把本机已定分的成绩签名导出为结果包 / sign this PC\'s final results into a result bundle',
    toCall: (_args, argv) => ({ call: 'bundles.export', input: bundleExportInput(argv) }),
    afterCall: saveBundle,
    format: formatBundleSaved,
  },
  {
    name: 'bundle-import',
    usage: 'bundle-import <file.kfbundle> [--dry-run]',
    help: '校验并导入结果包（未登记的签名电脑需管理员批准）/ verify and import a result bundle (an unknown signer waits for approval)',
    toCall: (_args, argv) => ({ call: 'bundles.upload', input: bundleUploadStart(argv) }),
    afterCall: importUploaded,
    format: formatBundleImport,
  },
  {
    name: 'export',
    usage: 'export --format xlsx|csv|pdf [--from D --to D --session CODE --branch X --person X --result passed|failed] [--report attempt|session|certificate --uid UID] --out <path>',
    help: '导出成绩（XLSX、CSV）或 PDF 成绩单、场次报告、证书 / export results (XLSX, CSV) or PDF score reports, session reports, certificates',
    toCall: (_args, argv) => exportCall(argv),
    afterCall: saveExport,
    format: formatExported,
  },
  {
    name: 'restore',
    usage: 'restore <backup-file>',
    help: '用备份替换损坏的 user.db（原文件另存）/ restore a backup over a damaged user.db (the old file is kept aside)',
    toCall: (args) => ({ call: 'recovery.restore', input: { backup: args[0] ?? '', employeeId: 'cli', password: 'cli' } }),
    format: (v) => {
      const r = v as { restored: string; keptAside: string | null };
      return `已恢复 / restored: ${r.restored}${r.keptAside ? `\n原文件另存为 / damaged file kept as: ${r.keptAside}` : ''}`;
    },
  },
];

function readArg(file: string | undefined): string {
  try {
    return fs.readFileSync(file ?? '', 'utf8');
  } catch {
    throw new AppError('not_found', { 'zh-CN': `无法读取文件：${file ?? '（未指定）'}`, en: `Cannot read the file: ${file ?? '(none given)'}` });
  }
}
