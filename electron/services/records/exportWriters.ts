/**
 * Writers of the export sheets: a streaming XLSX (exceljs WorkbookWriter — rows are committed as they
 * come, never an in-memory workbook) and CSV (UTF-8 with BOM, RFC 4180, one file per sheet) into a folder
 * or into one .zip (fflate's container; entries deflated by node:zlib off this thread). Dates become Excel
 * date cells in the local time zone; shares become numbers with a % format.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type ExcelJS from 'exceljs';
import { Zip, type AsyncFlateStreamHandler, type FlateError, type ZipInputFile } from 'fflate';
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
    // Figures, dates and times come out in ASCII with no comma, quote or line break: never quoted.
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

const BOM = '\uFEFF';
/** Rows are written into a buffer of this many UTF-8 bytes before it goes to the file or the zip. */
const CHUNK_BYTES = 1 << 20;
/** Distinct texts whose CSV bytes a writer remembers (then it starts over). */
const ENCODED_TEXTS = 50_000;
/** Byte strings shorter than this are copied byte by byte: cheaper than a call to TypedArray.set. */
const SHORT_COPY = 24;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Where CSV bytes go: one entry (file) per sheet. */
interface CsvSink {
  open(name: string): void;
  /** `bytes` are only valid during the call (the writer fills the same buffer again). */
  write(bytes: Uint8Array): void;
  close(): void;
  /** Settles once everything written is in the file. */
  finish(): Promise<void> | void;
  abort(): void;
  /** A promise to wait for while written bytes pile up behind a slower consumer (see SheetWriter.drain). */
  drain?(): Promise<void> | undefined;
}

/**
 * Rows go straight into a chunk of UTF-8 bytes. A text cell repeats across rows (a candidate on each of
 * their answer rows, a stem on every paper that drew it): it is checked, quoted and encoded once, then
 * its bytes are copied. Figures and times are ASCII and written as they are formatted. Building each
 * line as a string first cost a third more, most of it in garbage to collect.
 */
function csvWriter(sink: CsvSink, fileNameOf: (sheet: string) => string): FinishingWriter {
  let columns: SheetColumn[] = [];
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const encoded = new Map<string, Buffer>();
  const flush = () => {
    if (used) sink.write(chunk.subarray(0, used));
    used = 0;
  };
  /** Makes room for `n` more bytes in the chunk (n ≤ CHUNK_BYTES). */
  const room = (n: number) => {
    if (used + n > CHUNK_BYTES) flush();
  };
  const putBytes = (bytes: Uint8Array) => {
    const n = bytes.length;
    if (n > CHUNK_BYTES) {
      flush();
      sink.write(bytes);
      return;
    }
    room(n);
    if (n < SHORT_COPY) for (let k = 0; k < n; k++) chunk[used++] = bytes[k];
    else {
      chunk.set(bytes, used);
      used += n;
    }
  };
  const putString = (text: string) => {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (text.length * 3 > CHUNK_BYTES) putBytes(Buffer.from(text, 'utf8'));
    else {
      room(text.length * 3);
      used += chunk.write(text, used, 'utf8');
    }
  };
  /** A figure or a time as csvField renders it: ASCII only. */
  const putAscii = (text: string) => {
    room(text.length);
    for (let k = 0; k < text.length; k++) chunk[used++] = text.charCodeAt(k);
  };
  const putText = (text: string) => {
    let bytes = encoded.get(text);
    if (bytes === undefined) {
      if (encoded.size >= ENCODED_TEXTS) encoded.clear();
      encoded.set(text, (bytes = Buffer.from(csvField('text', text), 'utf8')));
    }
    putBytes(bytes);
  };
  return {
    startSheet(spec) {
      columns = spec.columns;
      sink.open(fileNameOf(spec.name));
      putString(BOM + csvLine(columns.map((c) => ({ ...c, kind: 'text' })), columns.map((c) => c.header)));
    },
    row(values) {
      for (let i = 0; i < columns.length; i++) {
        if (i) {
          room(1);
          chunk[used++] = COMMA;
        }
        const v = values[i] ?? null;
        const kind = columns[i].kind;
        if (v === null) continue;
        if (typeof v === 'number') putAscii(csvField(kind, v));
        else if (kind === 'text') putText(v);
        else putString(csvField(kind, v));
      }
      room(2);
      chunk[used++] = CR;
      chunk[used++] = LF;
    },
    async endSheet() {
      flush();
      sink.close();
    },
    drain: () => sink.drain?.(),
    async finish() {
      await sink.finish();
    },
    async abort() {
      used = 0;
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

/** Bytes an entry may hold back, not yet deflated, before the writer waits for it. */
const ZIP_BACKLOG = 4 << 20;

/**
 * A zip entry deflated by node:zlib, in libuv's thread pool: the next rows are built on this thread while
 * the last ones are compressed. (fflate's ZipDeflate deflates in JS on this thread, which took as long
 * as building the CSV.) Size and CRC go into the entry's data descriptor, as for any streamed entry.
 */
class NativeZipDeflate implements ZipInputFile {
  size = 0;
  crc = 0;
  readonly compression = 8;
  readonly mtime = new Date();
  ondata?: AsyncFlateStreamHandler;
  readonly stream = zlib.createDeflateRaw({ level: 1, chunkSize: 1 << 18 });

  constructor(readonly filename: string) {
    // fflate's handler type asks for an ArrayBuffer-backed chunk, and a chunk even with an error.
    const emit = (err: Error | null, chunk: Uint8Array | null, final: boolean) => this.ondata!(err as FlateError | null, chunk as Uint8Array<ArrayBuffer>, final);
    this.stream.on('data', (chunk: Buffer) => emit(null, chunk, false));
    this.stream.on('end', () => emit(null, new Uint8Array(0), true));
    this.stream.on('error', (e) => emit(e, null, true));
  }

  push(bytes: Uint8Array, final = false): void {
    if (bytes.length) {
      this.crc = zlib.crc32(bytes, this.crc);
      this.size += bytes.length;
      this.stream.write(Buffer.from(bytes)); // a copy: zlib reads it later
    }
    if (final) this.stream.end();
  }

  /** Waits while more than ZIP_BACKLOG bytes wait for zlib. */
  drain(): Promise<void> | undefined {
    const stream = this.stream;
    if (stream.writableLength <= ZIP_BACKLOG) return undefined;
    return new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done).off('close', done);
        resolve();
      };
      stream.on('drain', done).on('close', done);
    });
  }

  terminate(): void {
    this.stream.destroy();
  }
}

/** All sheets as CSV files inside one .zip written to `file` as it goes. */
export function csvZipWriter(file: string, fileNameOf: (sheet: string) => string): FinishingWriter {
  const fd = fs.openSync(file, 'w');
  let closed = false;
  let failure: Error | null = null;
  const entries: NativeZipDeflate[] = [];
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const written = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  written.catch(() => undefined); // finish() reports it; after an abort nobody waits
  const closeFile = () => {
    if (closed) return;
    closed = true;
    fs.closeSync(fd);
  };
  const stop = () => {
    for (const e of entries) e.terminate();
    closeFile();
  };
  const fail = (e: Error) => {
    failure ??= e;
    stop();
    settle.reject(failure);
  };
  // Called from zlib's events: a failure (a full disk) is kept for the writer to throw, never thrown here.
  const zip = new Zip((err, chunk, final) => {
    if (closed) return;
    if (err) return fail(err);
    try {
      fs.writeSync(fd, chunk);
    } catch (e) {
      return fail(e as Error);
    }
    if (final) {
      closeFile();
      settle.resolve();
    }
  });
  const check = () => {
    if (failure) throw failure;
  };
  return csvWriter(
    {
      open(name) {
        check();
        const entry = new NativeZipDeflate(name);
        entries.push(entry);
        zip.add(entry);
      },
      write(bytes) {
        check();
        entries.at(-1)!.push(bytes);
      },
      close() {
        entries.at(-1)!.push(new Uint8Array(0), true);
      },
      drain: () => entries.at(-1)?.drain(),
      finish() {
        check();
        zip.end();
        return written;
      },
      abort: stop,
    },
    fileNameOf,
  );
}
