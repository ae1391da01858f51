/**
 * Question-bank import: read the file (XLSX, GIFT, Aiken), check every row, then add the questions as
 * `questions/imported-<name>.yaml` to the pack of the course in use and go through the content-pack path
 * (compiled and validated like the built-in course, summarised, user.db backed up, content.db swapped).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import YAML from 'yaml';
import type { QuestionKind } from '../shared/practiceTypes';
import type { BankFormat, BankImportPreview, BankRowIssue } from '../shared/calls/bank';
import { AppError, type Messages } from '../shared/errors';
import type { PackSummary } from '../shared/types';
import type { App } from './app';
import { appendAudit } from './audit';
import { bilingual, checkRow, courseIndex, questionKey, QUESTION_KINDS, rowIssue, type BankQuestion, type CourseIndex, type RawRow } from './bankRows';
import { readAiken } from './bankAiken';
import { readGift } from './bankGift';
import { readBankXlsx } from './bankXlsx';
import { importPack, summarizePack } from './contentPack.service';
import type { ContentPack } from './contentPackFormat';
import { readCoursePack } from './coursePack';
import { loadBank } from './questionBank';

export interface BankImportInput {
  format: BankFormat;
  fileBase64?: string;
  text?: string;
  fileName?: string;
  chapterId?: string;
  sectionId?: string;
  difficulty?: 1 | 2 | 3;
  validRowsOnly?: boolean;
}

const MAX_LISTED = 500;

/** GIFT and Aiken files come as UTF-8, or as GB18030 when saved by Notepad on Chinese Windows. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function fileBytes(input: BankImportInput): Buffer {
  const b64 = input.fileBase64 ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw new AppError('invalid_input', bilingual('文件内容不是有效的 base64 编码。', 'The file content is not valid base64.'));
  }
  return Buffer.from(b64, 'base64');
}

async function readRows(input: BankImportInput): Promise<{ rows: RawRow[]; issues: BankRowIssue[] }> {
  if (input.format === 'xlsx') {
    try {
      return await readBankXlsx(fileBytes(input));
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('invalid_input', bilingual('无法读取该 XLSX 文件（文件已损坏或不是 Excel 工作簿）。', 'The XLSX file cannot be read (damaged, or not an Excel workbook).'));
    }
  }
  const text = input.text ?? decodeText(fileBytes(input));
  return input.format === 'gift' ? readGift(text, input) : readAiken(text, input);
}

/** `questions/imported-<name>.yaml`: names that lose characters on the way to ASCII get a short hash, so they stay apart. */
export function importTarget(fileName: string | undefined, format: BankFormat): string {
  const base = path.basename(fileName ?? format).replace(/(\.gift)?\.[^.]*$/i, '');
  const ascii = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const lossy = /[^\x20-\x7e]/.test(base) || base.length > 40;
  const hash = crypto.createHash('sha256').update(base).digest('hex').slice(0, 6);
  const name = !ascii ? `file-${hash}` : lossy ? `${ascii}-${hash}` : ascii;
  return `questions/imported-${name}.yaml`;
}

interface Previous {
  id: string;
  key: string;
}

function previousImport(pack: ContentPack, target: string): Previous[] {
  const text = pack.files[target];
  if (!text) return [];
  try {
    const items = YAML.parse(text) as { id: string; type: string; section: string; stem: string }[];
    return Array.isArray(items) ? items.map((q) => ({ id: q.id, key: questionKey({ chapterId: q.section.split('#')[0], type: q.type, stem: q.stem }) })) : [];
  } catch {
    return [];
  }
}

/** Ids `<chapterId>-iNNN`: a row that matches a question of the earlier import of this file keeps its id; others get new numbers never used. */
function assignIds(questions: BankQuestion[], previous: Previous[], used: readonly string[]): Map<BankQuestion, string> {
  const next = new Map<string, number>();
  for (const id of used) {
    const m = /^(.*)-i(\d+)$/.exec(id);
    if (m) next.set(m[1], Math.max(next.get(m[1]) ?? 1, Number(m[2]) + 1));
  }
  const reuse = new Map(previous.map((p) => [p.key, p.id]));
  const ids = new Map<BankQuestion, string>();
  for (const q of questions) {
    const old = reuse.get(questionKey(q));
    if (old?.startsWith(`${q.chapterId}-i`)) {
      reuse.delete(questionKey(q));
      ids.set(q, old);
      continue;
    }
    const n = next.get(q.chapterId) ?? 1;
    next.set(q.chapterId, n + 1);
    ids.set(q, `${q.chapterId}-i${String(n).padStart(3, '0')}`);
  }
  return ids;
}

function questionYaml(q: BankQuestion, id: string): Record<string, unknown> {
  const item: Record<string, unknown> = { id, type: q.type, section: `${q.chapterId}#${q.sectionId}`, difficulty: q.difficulty, stem: q.stem };
  if (q.options.length) item.options = q.options;
  if (q.type !== 'essay') item.answer = q.answer;
  item.explanation = q.explanation;
  if (q.type === 'essay') {
    item.reference = q.reference;
    item.key_points = q.keyPoints.map((k) => ({ point: k.point, score: k.score }));
  }
  item.source = 'imported';
  return item;
}

function withFile(pack: ContentPack, target: string, body: string | null): string {
  const files = { ...pack.files };
  if (body === null) delete files[target];
  else files[target] = body;
  const sha = (t: string) => crypto.createHash('sha256').update(t, 'utf8').digest('hex');
  const paths = Object.keys(files).sort();
  return JSON.stringify({
    ...pack,
    manifest: { ...pack.manifest, createdAt: new Date().toISOString(), files: paths.map((p) => ({ path: p, sha256: sha(files[p]), bytes: Buffer.byteLength(files[p]) })) },
    files: Object.fromEntries(paths.map((p) => [p, files[p]])),
  });
}

/** The compiler's reasons about the imported file ("<id>: reason"), turned back into row errors. */
function compileIssuesByRow(e: unknown, target: string, rowOf: Map<string, number>): BankRowIssue[] | null {
  if (!(e instanceof AppError) || !e.issues) return null;
  const out: BankRowIssue[] = [];
  for (const i of e.issues) {
    const m = /^([a-z0-9-]+): (.*)$/.exec(i.message);
    const row = m ? rowOf.get(m[1]) : undefined;
    if (!i.path.startsWith(`${target}:`) && row === undefined) continue;
    out.push(rowIssue(row ?? 0, null, 'error', `课程编译未通过：${m?.[2] ?? i.message}`, `the course does not compile: ${m?.[2] ?? i.message}`));
  }
  return out.length ? out : null;
}

interface Plan {
  preview: BankImportPreview;
}

function countByChapter(index: CourseIndex, questions: BankQuestion[]): BankImportPreview['counts'] {
  return index.chapters
    .map((c) => {
      const mine = questions.filter((q) => q.chapterId === c.id);
      const byType = Object.fromEntries(QUESTION_KINDS.map((k) => [k, mine.filter((q) => q.type === k).length])) as Record<QuestionKind, number>;
      return { chapterId: c.id, chapterTitle: c.title, byType, total: mine.length };
    })
    .filter((c) => c.total > 0);
}

/**
 * Reads and checks the file, then hands the course's pack with the imported file to `apply` (summarise
 * for a preview, import for an import). `apply` refuses a pack that does not compile before changing
 * anything; reasons about imported rows become row errors and, with "import the valid rows", those rows
 * are left out and the rest tried again.
 */
async function plan(app: App, input: BankImportInput, apply: (packText: string) => PackSummary | Promise<PackSummary>): Promise<Plan> {
  const { rows, issues: fileIssues } = await readRows(input);
  const index = courseIndex(app.content);
  const defaults = { chapterId: input.chapterId, sectionId: input.sectionId };
  const errors: BankRowIssue[] = [...fileIssues.filter((i) => i.kind !== 'warning')];
  const warnings: BankRowIssue[] = fileIssues.filter((i) => i.kind === 'warning');
  const notices: Messages[] = [];
  let valid: BankQuestion[] = [];
  const badRows = new Set(errors.map((e) => e.row));
  for (const raw of rows) {
    const { question, issues } = checkRow(raw, index, defaults);
    errors.push(...issues);
    if (question) valid.push(question);
    else badRows.add(raw.row);
  }

  const packText = readCoursePack(app.paths, app.content);
  const pack = JSON.parse(packText) as ContentPack;
  const target = importTarget(input.fileName, input.format);
  const previous = previousImport(pack, target);
  const replacedIds = new Set(previous.map((p) => p.id));

  // The same question twice in the file is a mistake; one already in the bank is worth a warning.
  const seen = new Map<string, number>();
  const inBank = new Map(loadBank(app.content).questions.filter((q) => !replacedIds.has(q.id)).map((q) => [questionKey(q), q.id]));
  valid = valid.filter((q) => {
    const key = questionKey(q);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(rowIssue(q.row, 'stem', 'error', `与第${first}行的题目重复`, `the same question as row ${first}`));
      badRows.add(q.row);
      return false;
    }
    seen.set(key, q.row);
    const existing = inBank.get(key);
    if (existing) warnings.push(rowIssue(q.row, 'stem', 'warning', `题库中已有相同题干的题目 ${existing}`, `the bank already holds a question with this stem (${existing})`));
    return true;
  });
  const explained = valid.filter((q) => q.explained).length;
  if (explained) {
    notices.push(bilingual(`${explained} 道题没有解析，已按答案自动填写（如“正确答案：B”），导入后可再修改。`, `${explained} questions had no explanation; one was written from the key (e.g. "正确答案：B").`));
  }

  const used = loadBank(app.content).questions.map((q) => q.id);
  const validRowsOnly = input.validRowsOnly ?? false;
  let pending = valid;
  let summary: PackSummary | null = null;
  let text: string | null = null;
  let ids = new Map<BankQuestion, string>();
  // The compiler has the last word (e.g. a blueprint that can no longer be drawn); its reasons become row errors.
  for (let round = 0; round < 3; round++) {
    const blocked = pending.length === 0 || (badRows.size > 0 && !validRowsOnly);
    if (blocked) {
      text = null;
      break;
    }
    ids = assignIds(pending, previous, used);
    const body = YAML.stringify(pending.map((q) => questionYaml(q, ids.get(q)!)), { lineWidth: 0 });
    text = withFile(pack, target, body);
    try {
      summary = await apply(text);
      break;
    } catch (e) {
      const rowOf = new Map(pending.map((q) => [ids.get(q)!, q.row]));
      const byRow = compileIssuesByRow(e, target, rowOf);
      if (!byRow) throw e;
      errors.push(...byRow);
      const failed = new Set(byRow.map((i) => i.row));
      for (const r of failed) badRows.add(r);
      pending = pending.filter((q) => !failed.has(q.row));
      text = null;
      summary = null;
    }
  }

  errors.sort((a, b) => a.row - b.row);
  warnings.sort((a, b) => a.row - b.row);
  const willImport = text ? pending.length : 0;
  return {
    preview: {
      format: input.format,
      target,
      rows: rows.length,
      validRows: valid.length,
      errors: errors.slice(0, MAX_LISTED),
      errorCount: errors.length,
      warnings: warnings.slice(0, MAX_LISTED),
      notices,
      validRowsOnly,
      blocked: !text,
      willImport,
      replaced: previous.length,
      counts: countByChapter(index, text ? pending : []),
      questions: text ? pending.map((q) => ({ row: q.row, id: ids.get(q)!, type: q.type, chapterId: q.chapterId, sectionId: q.sectionId })) : [],
      pack: summary,
      imported: false,
    },
  };
}

/** What the import would do; changes nothing. */
export async function previewBankImport(app: App, input: BankImportInput): Promise<BankImportPreview> {
  return (await plan(app, input, (text) => summarizePack(app, text))).preview;
}

function refusal(preview: BankImportPreview): AppError {
  const rowsWithErrors = new Set(preview.errors.map((e) => e.row)).size;
  const detail =
    preview.rows === 0
      ? bilingual('文件中没有题目，未导入任何内容。', 'The file holds no questions; nothing was imported.')
      : preview.validRows === 0 || preview.validRowsOnly
        ? bilingual('没有可导入的有效题目，未导入任何内容。', 'No valid question to import; nothing was imported.')
        : bilingual(
            `有 ${rowsWithErrors} 行未通过校验（共 ${preview.errorCount} 处错误），未导入任何题目。请修改后重新导入，或选择“只导入有效行”。`,
            `${rowsWithErrors} rows failed the checks (${preview.errorCount} problems); nothing was imported. Fix them and import again, or choose "import the valid rows".`,
          );
  return new AppError(
    'invalid_input',
    detail,
    preview.errors.slice(0, 50).map((e) => ({ path: `row ${e.row}`, message: `${e.message['zh-CN']} / ${e.message.en}` })),
  );
}

// One import at a time per open app: each one reads the course's pack and writes a new one.
const running = new WeakMap<App, Promise<unknown>>();

/** Adds the questions to the course; refuses (changing nothing) when the preview is blocked. */
export async function importBank(app: App, input: BankImportInput, actorId: number | null): Promise<BankImportPreview> {
  const before = running.get(app) ?? Promise.resolve();
  const job = before.catch(() => undefined).then(async () => {
    const { preview } = await plan(app, input, (text) => importPack(app, text, actorId));
    if (!preview.pack) throw refusal(preview);
    appendAudit(app.user, app.now(), {
      actorId,
      action: 'bank.import',
      target: preview.target,
      details: { format: input.format, fileName: input.fileName ?? null, imported: preview.willImport, replaced: preview.replaced, skippedRows: preview.errorCount ? new Set(preview.errors.map((e) => e.row)).size : 0 },
    });
    return { ...preview, imported: true };
  });
  running.set(app, job);
  return job;
}
