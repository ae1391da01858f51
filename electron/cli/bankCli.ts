/** `kb import-questions`, `kb export-questions`, `kb question-template`: arguments in, files out. */
import fs from 'node:fs';
import path from 'node:path';
import { guessBankFormat, type BankFile, type BankFormat, type BankImportPreview } from '../shared/calls/bank';
import { AppError } from '../shared/errors';
import { option } from '../bridge/entry';
import { formatPack } from './format';

const VALUE_OPTIONS = new Set(['--data-dir', '--chapter', '--section', '--format', '--out', '--difficulty']);

/** The first plain argument after the command name (option values are skipped). */
function fileArgument(argv: string[]): string | undefined {
  const plain = argv.filter((a, i) => !a.startsWith('--') && !VALUE_OPTIONS.has(argv[i - 1]));
  return plain[1];
}

export function importInput(argv: string[]) {
  const file = fileArgument(argv);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file ?? '');
  } catch {
    throw new AppError('not_found', { 'zh-CN': `无法读取文件：${file ?? '（未指定）'}`, en: `Cannot read the file: ${file ?? '(none given)'}` });
  }
  const format = (option(argv, 'format') as BankFormat | undefined) ?? guessBankFormat(file!, bytes.toString('utf8'));
  const difficulty = option(argv, 'difficulty');
  return {
    format,
    fileBase64: bytes.toString('base64'),
    fileName: path.basename(file!),
    chapterId: option(argv, 'chapter'),
    sectionId: option(argv, 'section'),
    difficulty: difficulty === undefined ? undefined : Number(difficulty),
    validRowsOnly: argv.includes('--valid-only'),
  };
}

export function formatBankImport(p: BankImportPreview): string {
  const lines = [
    `${p.imported ? '已导入 / imported' : p.blocked ? '未导入 / not importable' : '预览 / preview'}: ${p.willImport} / ${p.rows} 题 questions → ${p.target}`,
    `有效行 / valid rows: ${p.validRows}; 错误 / errors: ${p.errorCount}; 提醒 / warnings: ${p.warnings.length}${p.replaced ? `; 替换上次导入 / replaces earlier import: ${p.replaced}` : ''}`,
    ...p.counts.map((c) => `  ${c.chapterTitle} (${c.chapterId}): ${c.total}  ${Object.entries(c.byType).filter(([, n]) => n).map(([t, n]) => `${t} ${n}`).join(', ')}`),
    ...p.notices.map((n) => `注意 / note: ${n['zh-CN']} / ${n.en}`),
    ...p.errors.map((e) => `✗ ${e.message['zh-CN']} / ${e.message.en}`),
    ...p.warnings.map((e) => `! ${e.message['zh-CN']} / ${e.message.en}`),
  ];
  if (p.pack) lines.push(formatPack(p.pack));
  if (p.blocked && p.errorCount && !p.validRowsOnly) lines.push('有错误时不导入任何题目；加 --valid-only 只导入有效行。/ Nothing is imported while rows fail; add --valid-only to import the valid rows.');
  return lines.join('\n');
}

/** Writes a file the API returned to --out (or its own name in the current folder). */
export function saveBankFile(value: unknown, argv: string[]): { file: string; bytes: number; questions: number } {
  const f = value as BankFile;
  const out = path.resolve(option(argv, 'out') ?? f.fileName);
  const data = Buffer.from(f.base64, 'base64');
  fs.writeFileSync(out, data);
  return { file: out, bytes: data.length, questions: f.questions };
}

export function formatSaved(v: unknown): string {
  const s = v as ReturnType<typeof saveBankFile>;
  return `已写入 / written: ${s.file} (${s.bytes} bytes${s.questions ? `, ${s.questions} 题 questions` : ''})`;
}
