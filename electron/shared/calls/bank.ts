import { z } from 'zod';
import type { Messages } from '../errors';
import type { QuestionKind } from '../practiceTypes';
import type { PackSummary } from '../types';
import { ADMIN, noInput, returns, slugId, text, type CallSpec } from './define';

export type BankFormat = 'xlsx' | 'gift' | 'aiken';
export type BankExportFormat = 'xlsx' | 'gift';

/** Columns of the XLSX template, in order. */
export const BANK_COLUMNS = ['type', 'chapter', 'section', 'difficulty', 'stem', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'answer', 'explanation', 'reference', 'keyPoints'] as const;
/** A template column, or "options" / "question" for problems that concern several columns or the whole item. */
export type BankColumn = (typeof BANK_COLUMNS)[number] | 'options' | 'question';

export interface BankRowIssue {
  /** Spreadsheet row (the header is row 1) or, for GIFT and Aiken, the line the question starts on. */
  row: number;
  column: BankColumn | null;
  /** error: the row is wrong; unsupported: the item has no counterpart here (e.g. GIFT matching); warning: imported anyway. */
  kind: 'error' | 'unsupported' | 'warning';
  /** The whole sentence, e.g. "第12行 答案列: 选项 E 不存在" / "row 12, answer: option E does not exist". */
  message: Messages;
}

export interface BankChapterCount {
  chapterId: string;
  chapterTitle: string;
  byType: Record<QuestionKind, number>;
  total: number;
}

export interface BankImportPreview {
  format: BankFormat;
  /** The file of the course's pack the questions go to: `questions/imported-<name>.yaml`. */
  target: string;
  /** Question rows (or items) read from the file. */
  rows: number;
  validRows: number;
  /** Errors and unsupported items, at most 500 (errorCount has them all). */
  errors: BankRowIssue[];
  errorCount: number;
  warnings: BankRowIssue[];
  /** Notes about the whole file, e.g. explanations filled in for a format that has none. */
  notices: Messages[];
  validRowsOnly: boolean;
  /** Nothing would be imported: some row failed and "import the valid rows" is off, or no row is valid. */
  blocked: boolean;
  willImport: number;
  /** Questions of an earlier import of a file with the same name that this import replaces. */
  replaced: number;
  counts: BankChapterCount[];
  /** The id each imported row gets. */
  questions: { row: number; id: string; type: QuestionKind; chapterId: string; sectionId: string }[];
  /** What the course would become (preview) or became (import); null when blocked. */
  pack: PackSummary | null;
  imported: boolean;
}

export interface BankFile {
  fileName: string;
  mimeType: string;
  base64: string;
  questions: number;
}

/** The format of a chosen file: XLSX by extension; text with braces is GIFT, text with ANSWER lines Aiken. */
export function guessBankFormat(fileName: string, text: string): BankFormat {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.gift(\.txt)?$/i.test(fileName)) return 'gift';
  return /^\s*(ANSWER|答案)\s*[:：]/im.test(text) && !/\{[\s\S]*\}/.test(text) ? 'aiken' : 'gift';
}

/** Both the preview and the import take the same input. */
export const bankImportInput = z
  .strictObject({
    format: z.enum(['xlsx', 'gift', 'aiken']),
    /** The file as base64 (XLSX always; GIFT/Aiken as UTF-8 or GB18030 bytes). */
    fileBase64: z.string().min(1).max(7_800_000).optional(),
    /** GIFT or Aiken text, for scripts. */
    text: text(5_000_000, 1).optional(),
    /** The original file name: an import of the same name replaces the earlier one. */
    fileName: text(200, 1).optional(),
    /** Chapter and section for items that do not say (GIFT, Aiken, or blank cells). */
    chapterId: slugId.optional(),
    sectionId: slugId.optional(),
    /** Difficulty for formats that have none (GIFT, Aiken). */
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    validRowsOnly: z.boolean().optional(),
  })
  .refine((i) => (i.fileBase64 === undefined) !== (i.text === undefined), { message: 'give exactly one of fileBase64 or text', path: ['fileBase64'] })
  .refine((i) => i.format !== 'xlsx' || i.fileBase64 !== undefined, { message: 'an XLSX file is sent as fileBase64', path: ['fileBase64'] });

export const bankCalls = {
  /** The XLSX template: header row, an instructions sheet, the chapters and sections, a list of types. */
  'bank.template': { input: noInput, output: returns<BankFile>(), roles: ADMIN },
  /** Reads and checks a question file; says what importing it would do. Changes nothing. */
  'bank.previewImport': { input: bankImportInput, output: returns<BankImportPreview>(), roles: ADMIN },
  /** Adds the questions to the course through the content-pack path (validated, backed up, swapped). */
  'bank.import': { input: bankImportInput, output: returns<BankImportPreview>(), roles: ADMIN },
  /** The whole question bank as XLSX (the template's columns) or Moodle GIFT. */
  'bank.export': { input: z.strictObject({ format: z.enum(['xlsx', 'gift']) }), output: returns<BankFile>(), roles: ADMIN },
} as const satisfies Record<string, CallSpec>;
