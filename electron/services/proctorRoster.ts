/**
 * Roster files: CSV (UTF-8, BOM optional; comma, semicolon or tab) or XLSX (first worksheet), with the
 * columns employee id, name, branch — in that order, or in any order under a header row (工号/姓名/网点 or
 * employee id/name/branch). Every bad row is reported with its row number; good rows are kept.
 */
import type { Messages } from '../shared/errors';

export interface RosterCandidate {
  employeeId: string;
  name: string;
  branch: string;
}

export interface ParsedRoster {
  rows: { row: number; candidate: RosterCandidate }[];
  errors: { row: number; message: Messages }[];
}

/** Splits CSV text into rows of fields (quoted fields may hold separators, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const sep = [',', ';', '\t'].reduce((best, s) => (firstLine.split(s).length > firstLine.split(best).length ? s : best), ',');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows of the first worksheet of an XLSX file, as text. */
export async function parseXlsx(data: Buffer): Promise<string[][]> {
  // exceljs takes half a second to load: only when someone imports a spreadsheet, not at every start.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(3, row.cellCount); c++) cells.push(row.getCell(c).text ?? '');
    rows.push(cells);
  }
  return rows;
}

const HEADERS: [keyof RosterCandidate, RegExp][] = [
  ['employeeId', /工号|员工编号|员工号|employee|^id$/i],
  ['name', /姓名|名字|^name$/i],
  ['branch', /网点|营业厅|部门|单位|branch/i],
];

const m = (zh: string, en: string): Messages => ({ 'zh-CN': zh, en });
const EMPLOYEE_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Checks each row (header recognised, blank rows skipped) against the rules of a roster entry. */
export function readRoster(table: string[][]): ParsedRoster {
  const out: ParsedRoster = { rows: [], errors: [] };
  let columns: Record<keyof RosterCandidate, number> = { employeeId: 0, name: 1, branch: 2 };
  let start = 0;
  const first = (table[0] ?? []).map((c) => c.trim());
  if (first.some((c) => HEADERS.some(([, re]) => re.test(c)))) {
    const found = Object.fromEntries(HEADERS.map(([key, re]) => [key, first.findIndex((c) => re.test(c))])) as Record<keyof RosterCandidate, number>;
    if (found.employeeId < 0 || found.name < 0) {
      out.errors.push({ row: 1, message: m('表头缺少“工号”或“姓名”列。', 'The header has no employee id or name column.') });
      return out;
    }
    columns = found;
    start = 1;
  }
  const seen = new Map<string, number>();
  for (let i = start; i < table.length; i++) {
    const rowNo = i + 1;
    const cells = table[i].map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    const employeeId = cells[columns.employeeId] ?? '';
    const name = cells[columns.name] ?? '';
    const branch = columns.branch >= 0 ? (cells[columns.branch] ?? '') : '';
    const error = (zh: string, en: string) => out.errors.push({ row: rowNo, message: m(`第 ${rowNo} 行：${zh}`, `Row ${rowNo}: ${en}`) });
    if (!employeeId) error('缺少工号。', 'the employee id is missing.');
    else if (!EMPLOYEE_ID.test(employeeId)) error(`工号“${employeeId.slice(0, 40)}”只能包含字母、数字、_ 和 -（最多 32 个字符）。`, `employee id "${employeeId.slice(0, 40)}" may hold only letters, digits, _ and - (32 at most).`);
    else if (!name) error('缺少姓名。', 'the name is missing.');
    else if (name.length > 40) error('姓名超过 40 个字符。', 'the name is longer than 40 characters.');
    else if (branch.length > 60) error('网点名称超过 60 个字符。', 'the branch is longer than 60 characters.');
    else if (seen.has(employeeId.toUpperCase())) error(`工号 ${employeeId} 与第 ${seen.get(employeeId.toUpperCase())} 行重复。`, `employee id ${employeeId} repeats row ${seen.get(employeeId.toUpperCase())}.`);
    else {
      seen.set(employeeId.toUpperCase(), rowNo);
      out.rows.push({ row: rowNo, candidate: { employeeId, name, branch } });
    }
  }
  if (!out.rows.length && !out.errors.length) out.errors.push({ row: 0, message: m('文件中没有考生。', 'The file lists no candidates.') });
  return out;
}
