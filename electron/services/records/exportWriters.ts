/**
 * Writers of the export sheets: a streaming XLSX (exceljs WorkbookWriter — rows are committed as they
 * come, never an in-memory workbook) and CSV (UTF-8 with BOM, RFC 4180, one file per sheet) into a folder
 * or into one .zip (fflate, streamed). Dates become Excel date cells in the local time zone; shares become
 * numbers with a % format.
 */
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { Zip, ZipDeflate } from 'fflate';
import type { CellValue, ColumnKind, SheetColumn, SheetSpec, SheetWriter } from './exportSheets';

export interface FinishingWriter extends SheetWriter {
  /** Completes the file(s). */
  finish(): Promise<void>;
  /** Stops writing after a failure or a cancel and lets go of the file (the caller deletes it). */
  abort(): Promise<void>;
}

/** Rows measured for column widths before a sheet starts streaming. */
const WIDTH_SAMPLE = 1000;
const MAX_WIDTH = 60;

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  day: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  percent: '0.0%',
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall time, as HR reads it on the same PC. */
export function localDateTime(ms: number, seconds = true): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

/** Display width with CJK and other wide characters counted double. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000) ? 2 : 1;
  }
  return w;
}

function shownWidth(kind: ColumnKind, v: CellValue): number {
  if (v === null) return 0;
  if (kind === 'datetime') return 16;
  if (kind === 'day') return 10;
  if (kind === 'percent') return 6;
  // Long text is measured on its first line only, up to the cap.
  return displayWidth(String(v).split('\n', 1)[0].slice(0, MAX_WIDTH));
}

export function columnWidths(columns: SheetColumn[], rows: CellValue[][]): number[] {
  return columns.map((c, i) => {
    let w = displayWidth(c.header) + 2; // the autofilter button
    for (const r of rows) w = Math.max(w, shownWidth(c.kind, r[i]));
    // exceljs leaves out a column of exactly its default width (9), and readers then see no width at all.
    const width = Math.min(MAX_WIDTH, w + 2);
    return width === 9 ? 10 : width;
  });
}

/** Excel stores wall-clock time without a zone: shift epoch ms so the cell shows local time. */
function excelDate(ms: number): Date {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
}

function excelDay(day: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : day;
}

export function xlsxCells(columns: SheetColumn[], values: CellValue[]): ExcelJS.CellValue[] {
  return values.map((v, i) => {
    if (v === null) return null;
    const kind = columns[i].kind;
    if (kind === 'datetime' && typeof v === 'number') return excelDate(v);
    if (kind === 'day' && typeof v === 'string') return excelDay(v);
    return v;
  });
}

// exceljs takes half a second to load: only when someone exports.
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** A zip that takes nothing for this long is not waited for any more (the rows then pile up instead). */
const XLSX_STALL_MS = 2000;

/**
 * Bytes of a streaming sheet's XML written but not yet taken by the zip. exceljs (4.4, pinned) hands
 * each sheet's stream to archiver through a PassThrough and ignores its backpressure: rows written faster
 * than the zip deflates them pile up there (50 MB for 100,000 answer rows) unless the writer waits for
 * the zip to take each attempt's rows before the next are written (see drain).
 */
function xlsxBacklog(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { _stream?: { pipes?: { _writableState?: { length?: number } }[] } })._stream;
  return stream?.pipes?.[0]?._writableState?.length ?? 0;
}

export async function xlsxWriter(file: string): Promise<FinishingWriter> {
  const Excel = await loadExcel();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  workbook.creator = '客服岗位技能认证';
  let sheet: ExcelJS.Worksheet | null = null;
  let spec: SheetSpec | null = null;
  let sample: CellValue[][] | null = [];

  const startStreaming = () => {
    const ws = sheet!;
    const columns = spec!.columns;
    const widths = columnWidths(columns, sample!);
    ws.columns = columns.map((c, i) => ({ width: widths[i], style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {} }));
    const header = ws.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for (const r of sample!) ws.addRow(xlsxCells(columns, r)).commit();
    sample = null;
  };

  return {
    startSheet(next) {
      spec = next;
      sample = [];
      sheet = workbook.addWorksheet(next.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: next.columns.length } };
    },
    row(values) {
      if (sample) {
        sample.push(values);
        if (sample.length >= WIDTH_SAMPLE) startStreaming();
        return;
      }
      sheet!.addRow(xlsxCells(spec!.columns, values)).commit();
    },
    async endSheet() {
      if (sample) startStreaming();
      sheet!.commit();
      sheet = null;
    },
    drain() {
      if (!sheet || xlsxBacklog(sheet) === 0) return undefined;
      const ws = sheet;
      return (async () => {
        // Each turn of the event loop lets the zip take and deflate another chunk.
        let backlog = xlsxBacklog(ws);
        let since = performance.now();
        while (backlog > 0 && performance.now() - since < XLSX_STALL_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          const now = xlsxBacklog(ws);
          if (now < backlog) since = performance.now();
          backlog = now;
        }
      })();
    },
    async finish() {
      await workbook.commit();
    },
    async abort() {
      // Closing the zip lets go of the file handle (Windows cannot delete an open file).
      try {
        sheet?.commit();
        sheet = null;
        await workbook.commit();
      } catch {
        // the partial file is deleted by the caller whatever state it is in
      }
    },
  };
}

const NEEDS_QUOTES = /[",\r\n]/;
/** Text a spreadsheet would run as a formula (candidates type free text): kept as text with a leading '. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(kind: ColumnKind, v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'number') {
    // Digits, sign, point, exponent, %, - and : — nothing a CSV reader needs quoted.
    if (kind === 'datetime') return localDateTime(v);
    if (kind === 'percent') return `${(v * 100).toFixed(1)}%`;
    return String(v);
  }
  const s = kind === 'text' && FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(columns: SheetColumn[], values: CellValue[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) line += (i ? ',' : '') + csvField(columns[i].kind, values[i] ?? null);
  return `${line}\r\n`;
}

/** Distinct texts whose CSV form a writer remembers (then it starts over). */
const ESCAPED_TEXTS = 50_000;

/**
 * csvLine for many rows that repeat their texts — each attempt's candidate on every answer row, each
 * question's stem and key on every attempt that drew it: a text is checked and quoted once, and the
 * leading cells a row shares with the row before are not joined again.
 */
function csvLines(): (columns: SheetColumn[], values: CellValue[]) => string {
  const escaped = new Map<string, string>();
  let prevColumns: SheetColumn[] | null = null;
  let prev: CellValue[] = [];
  /** The previous row's line through each cell. */
  const through: string[] = [];
  return (columns, values) => {
    let same = 0;
    if (columns === prevColumns) while (same < columns.length - 1 && values[same] === prev[same]) same++;
    let line = same ? through[same - 1] : '';
    for (let i = same; i < columns.length; i++) {
      const v = values[i] ?? null;
      const kind = columns[i].kind;
      let field: string | undefined;
      if (typeof v === 'string' && kind === 'text') {
        field = escaped.get(v);
        if (field === undefined) {
          if (escaped.size >= ESCAPED_TEXTS) escaped.clear();
          escaped.set(v, (field = csvField(kind, v)));
        }
      } else {
        field = csvField(kind, v);
      }
      line = i ? `${line},${field}` : field;
      through[i] = line;
    }
    prevColumns = columns;
    prev = values;
    return `${line}\r\n`;
  };
}

const BOM = '\uFEFF';
/** Encoded lines are gathered in a buffer of this size before they go to the file or the zip. */
const CHUNK_BYTES = 1 << 18;
/** Lines are joined into runs of about this many characters, each encoded in one call. */
const RUN_CHARS = 1 << 14;

/** Where CSV bytes go: one entry (file) per sheet. */
interface CsvSink {
  open(name: string): void;
  write(bytes: Uint8Array): void;
  close(): void;
  finish(): void;
  abort(): void;
}

function csvWriter(sink: CsvSink, fileNameOf: (sheet: string) => string): FinishingWriter {
  let columns: SheetColumn[] = [];
  const line = csvLines();
  // Lines are joined into short runs, and each run is encoded straight into the chunk: joining a whole
  // sheet into one string first costs more than writing it (it has to be flattened to be encoded).
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let run = '';
  const encodeRun = () => {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (used + run.length * 3 > CHUNK_BYTES) flush();
    if (run.length * 3 > CHUNK_BYTES) sink.write(Buffer.from(run, 'utf8'));
    else used += chunk.write(run, used, 'utf8');
    run = '';
  };
  const flush = () => {
    if (used) sink.write(chunk.subarray(0, used));
    used = 0;
  };
  const put = (text: string) => {
    run += text;
    if (run.length >= RUN_CHARS) encodeRun();
  };
  return {
    startSheet(spec) {
      columns = spec.columns;
      sink.open(fileNameOf(spec.name));
      put(BOM + csvLine(columns.map((c) => ({ ...c, kind: 'text' })), columns.map((c) => c.header)));
    },
    row(values) {
      put(line(columns, values));
    },
    async endSheet() {
      if (run) encodeRun();
      flush();
      sink.close();
    },
    async finish() {
      sink.finish();
    },
    async abort() {
      used = 0;
      run = '';
      sink.abort();
    },
  };
}

/** One CSV file per sheet in `dir`; returns the paths written through `written`. */
export function csvFolderWriter(dir: string, fileNameOf: (sheet: string) => string, written: string[] = []): FinishingWriter {
  let fd: number | null = null;
  const closeFd = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
  };
  return csvWriter(
    {
      open(name) {
        const file = path.join(dir, name);
        fd = fs.openSync(file, 'w');
        written.push(file);
      },
      write(bytes) {
        fs.writeSync(fd!, bytes);
      },
      close: closeFd,
      finish: closeFd,
      abort: closeFd,
    },
    fileNameOf,
  );
}

/** All sheets as CSV files inside one .zip written to `file` as it goes. */
export function csvZipWriter(file: string, fileNameOf: (sheet: string) => string): FinishingWriter {
  const fd = fs.openSync(file, 'w');
  let failure: Error | null = null;
  let closed = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else if (!closed) {
      fs.writeSync(fd, chunk);
      if (final) {
        closed = true;
        fs.closeSync(fd);
      }
    }
  });
  let entry: ZipDeflate | null = null;
  const check = () => {
    if (failure) throw failure;
  };
  return csvWriter(
    {
      open(name) {
        entry = new ZipDeflate(name, { level: 1 });
        entry.mtime = new Date();
        zip.add(entry);
      },
      write(bytes) {
        entry!.push(bytes);
        check();
      },
      close() {
        entry!.push(new Uint8Array(0), true);
        entry = null;
        check();
      },
      finish() {
        zip.end();
        check();
      },
      abort() {
        if (!closed) {
          closed = true;
          fs.closeSync(fd);
        }
      },
    },
    fileNameOf,
  );
}
