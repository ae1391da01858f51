/**
 * Result bundles (.kfbundle): signed zips of certification attempts for HR's PC.
 * - `items.jsonl`: the delivered questions once each (one snapshot per line), content-addressed: the
 *   signed manifest lists each line's itemHash in order — a paper of 50 questions delivered to 10,000
 *   candidates is stored once per distinct snapshot.
 * - `attempts.jsonl`: one CompactRecord per line, its paper as indices into items.jsonl; the manifest
 *   lists each line's uid and SHA-256, so a single record can be re-checked later against the stored,
 *   signed manifest (`kb verify`), and resolved through the manifest's item hashes.
 * Only attempts taken on this PC and final (submitted, every 简答 graded) are exported: this PC's key
 * vouches for what it recorded itself, and a final result does not change behind HR's back. Imported
 * records are not forwarded (HR already holds them with the original signer's manifest).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { RecordFilter } from '../../shared/calls/records';
import type { BundleFile } from '../../shared/bundleTypes';
import type { App } from '../app';
import { fingerprintItemText } from '../paper';
import { attemptRecordSchema, compactRecord, compactRecordSchema, itemHash, ItemTable, recordBatchLoader, withRecords, type CompactRecord, type ItemSnapshot } from '../records/attemptRecord';
import { iterateRecordRows, type RecordScope } from '../records/recordQuery';
import { stamp } from '../fileNames';
import { manifestHead, openSignedZip, sha256, writeSignedZip, type OpenedZip, type SignedZipKind } from './signedZip';
import { refuse } from './trust';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const resultManifest = z.strictObject({
  format: z.literal('kefucert-results'),
  ...manifestHead,
  attempts: z.array(z.strictObject({ uid: z.string().regex(/^[0-9a-f]{32}$/), sha256: hex64 })).max(1_000_000),
  sessions: z.array(z.strictObject({ code: z.string().max(16), title: z.string().max(200), date: z.string().max(10), attempts: z.number().int().min(0) })).max(100_000),
  /** itemHash of each line of items.jsonl, in order. */
  items: z.array(hex64).max(10_000_000),
});
export type ResultManifest = z.infer<typeof resultManifest>;

export const RESULT_BUNDLE: SignedZipKind<ResultManifest> = {
  format: 'kefucert-results',
  // 2: papers refer to items.jsonl by index (1 referred to each question by its 64-hex hash).
  version: 2,
  name: { 'zh-CN': '成绩结果包', en: 'result bundle' },
  files: ['attempts.jsonl', 'items.jsonl'],
  manifest: resultManifest,
};

const itemSchema = attemptRecordSchema.shape.items.element.omit({ no: true });

/** The list columns of imported_attempts, as the record says they should be. */
export function importedColumns(r: CompactRecord) {
  return {
    session_code: r.session.code,
    session_title: r.session.title,
    blueprint_id: r.session.blueprintId,
    exam_date: r.session.date,
    room: r.session.room,
    employee_id: r.candidate.employeeId,
    name: r.candidate.name,
    branch: r.candidate.branch,
    score: r.score,
    max_score: r.maxScore,
    pass_score: r.session.passScore,
    state: importedState(r),
    submit_kind: r.submitKind,
    fingerprint: r.fingerprint,
    started_at: r.startedAt,
    submitted_at: r.submittedAt,
  };
}
export type ImportedColumns = ReturnType<typeof importedColumns>;

export function importedState(r: { status: string; pendingEssays: number }): 'in_progress' | 'pending_grading' | 'final' {
  return r.status === 'in_progress' ? 'in_progress' : r.pendingEssays > 0 ? 'pending_grading' : 'final';
}

/**
 * A checked record: its place in attempts.jsonl (the bytes are written as they are, so a bundle of
 * 10,000 attempts is not held in memory twice), its hash, list columns and item indices.
 */
export interface BundleRecord {
  uid: string;
  sha256: string;
  start: number;
  end: number;
  columns: ImportedColumns;
  items: number[];
}

export interface ParsedBundle {
  zip: OpenedZip<ResultManifest>;
  records: BundleRecord[];
  /** Each snapshot of items.jsonl, in order (hashes in zip.manifest.items). */
  snapshots: ItemSnapshot[];
  /** The line exactly as signed (stored as imported_attempts.record), as UTF-8 bytes. */
  lineOf(r: BundleRecord): Buffer;
}

// ---- export ---------------------------------------------------------------------------------------

export function exportResultBundle(app: App, filter: RecordFilter, scope: RecordScope): { bytes: Uint8Array; count: number; fileName: string } {
  const lines: string[] = [];
  const attempts: ResultManifest['attempts'] = [];
  const table = new ItemTable();
  const sessions = new Map<string, ResultManifest['sessions'][number]>();
  // Read the list at once: loading a record uses the connection the list would keep busy.
  const rows = [...iterateRecordRows(app.user, { ...filter, origin: 'local', state: 'final' }, scope)];
  for (const [, full] of withRecords(rows, recordBatchLoader(app))) {
    const record = compactRecord(full, table);
    const line = JSON.stringify(record);
    lines.push(line);
    attempts.push({ uid: record.uid, sha256: sha256(line) });
    const s = sessions.get(record.session.code) ?? { code: record.session.code, title: record.session.title, date: record.session.date, attempts: 0 };
    s.attempts += 1;
    sessions.set(s.code, s);
  }
  if (lines.length === 0) {
    throw refuse('没有可导出的成绩：只导出本机考试中已交卷且阅卷完成的记录。', 'Nothing to export: bundles hold attempts taken on this PC that are submitted and fully graded.');
  }
  const bytes = writeSignedZip(app, RESULT_BUNDLE, { attempts, sessions: [...sessions.values()], items: table.hashes }, [
    { path: 'attempts.jsonl', bytes: Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8') },
    { path: 'items.jsonl', bytes: Buffer.from(table.snapshots.map((it) => `${JSON.stringify(it)}\n`).join(''), 'utf8') },
  ]);
  const only = sessions.size === 1 ? `_${[...sessions.keys()][0]}` : '';
  return { bytes, count: lines.length, fileName: `成绩结果包${only}_${stamp(app.now())}.kfbundle` };
}

export function bundleFile(b: { bytes: Uint8Array; count: number; fileName: string }): BundleFile {
  return { fileName: b.fileName, mimeType: 'application/zip', base64: Buffer.from(b.bytes).toString('base64'), count: b.count };
}

// ---- import checks --------------------------------------------------------------------------------

/** [start, end) of each line; every line ends with \n. */
function lineRanges(bytes: Buffer, file: string): [number, number][] {
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) throw refuse(`成绩结果包的 ${file} 不完整（最后一行被截断）。`, `The bundle's ${file} is incomplete (its last line is cut off).`);
  const ranges: [number, number][] = [];
  for (let start = 0, nl = bytes.indexOf(10); nl !== -1; start = nl + 1, nl = bytes.indexOf(10, start)) ranges.push([start, nl]);
  return ranges;
}

const altered = (what: string, whatEn: string) => refuse(`成绩结果包已被修改：${what}`, `The result bundle was altered: ${whatEn}`);

/**
 * Adds the UTF-8 bytes paper.ts's fingerprint hashes for question `index` of items.jsonl standing at
 * number `no`, from pieces made once: `[no,` and the rest of fingerprintItemText, which does not depend on where
 * the question stands. A bundle in which every candidate drew a different paper then encodes each
 * distinct question once, not once per paper. Falls back to the whole text if that text ever stops
 * starting with its number.
 */
function fingerprintPieces(snapshots: readonly ItemSnapshot[]) {
  const rests: (Buffer | null | undefined)[] = new Array(snapshots.length);
  const heads: Buffer[] = [];
  return (no: number, index: number, into: Buffer[]): void => {
    let rest = rests[index];
    if (rest === undefined) {
      const text = fingerprintItemText({ no: 0, ...snapshots[index] });
      rests[index] = rest = text.startsWith('[0,') ? Buffer.from(text.slice(3)) : null;
    }
    if (rest === null) into.push(Buffer.from(fingerprintItemText({ no, ...snapshots[index] })));
    else into.push((heads[no] ??= Buffer.from(`[${no},`)), rest);
  };
}

/** paper.ts's fingerprintOfTexts: the SHA-256 of the head, then each question's text in paper order. */
function paperFingerprintOf(r: CompactRecord, texts: Buffer[]): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([r.session.blueprintId, r.seed, r.contentVersion]))
    .update(Buffer.concat(texts))
    .digest('hex');
}

/** Opens a bundle and checks every byte of it; throws an AppError a person can act on, or returns the records. */
export function parseResultBundle(zipBytes: Uint8Array): ParsedBundle {
  const zip = openSignedZip(zipBytes, RESULT_BUNDLE);
  const { manifest } = zip;

  const itemBytes = zip.files.get('items.jsonl')!;
  const itemLines = lineRanges(itemBytes, 'items.jsonl');
  if (itemLines.length !== manifest.items.length) {
    throw altered(`items.jsonl 有 ${itemLines.length} 道题，清单写的是 ${manifest.items.length} 道。`, `items.jsonl holds ${itemLines.length} questions but the manifest lists ${manifest.items.length}.`);
  }
  if (new Set(manifest.items).size !== manifest.items.length) throw altered('清单中的题目快照重复。', 'the manifest lists a question snapshot twice.');
  const snapshots: ItemSnapshot[] = [];
  for (const [i, [start, end]] of itemLines.entries()) {
    let item: ItemSnapshot;
    try {
      item = itemSchema.parse(JSON.parse(itemBytes.toString('utf8', start, end)));
    } catch {
      throw altered(`items.jsonl 第 ${i + 1} 行不是有效的题目快照。`, `line ${i + 1} of items.jsonl is not a valid question snapshot.`);
    }
    if (itemHash(item) !== manifest.items[i]) throw altered(`items.jsonl 第 ${i + 1} 行的题目内容与其校验值不符。`, `the question on line ${i + 1} of items.jsonl does not match its hash.`);
    snapshots.push(item);
  }

  const bytes = zip.files.get('attempts.jsonl')!;
  const lines = lineRanges(bytes, 'attempts.jsonl');
  if (lines.length !== manifest.attempts.length) {
    throw altered(`attempts.jsonl 有 ${lines.length} 条记录，清单写的是 ${manifest.attempts.length} 条。`, `attempts.jsonl holds ${lines.length} records but the manifest lists ${manifest.attempts.length}.`);
  }
  const uids = new Set<string>();
  const used = new Uint8Array(snapshots.length);
  const textOf = fingerprintPieces(snapshots);
  const sessionCounts = new Map<string, number>();
  const records: BundleRecord[] = lines.map(([start, end], i) => {
    const listed = manifest.attempts[i];
    const hash = sha256(bytes.subarray(start, end));
    if (hash !== listed.sha256) throw altered(`attempts.jsonl 第 ${i + 1} 条记录的校验值不符。`, `record ${i + 1} in attempts.jsonl does not match its checksum.`);
    let record: CompactRecord;
    try {
      record = compactRecordSchema.parse(JSON.parse(bytes.toString('utf8', start, end)));
    } catch {
      throw altered(`attempts.jsonl 第 ${i + 1} 条记录格式不对。`, `record ${i + 1} in attempts.jsonl is not a valid attempt record.`);
    }
    if (record.uid !== listed.uid || uids.has(record.uid)) throw altered(`attempts.jsonl 第 ${i + 1} 条记录的编号与清单不符或重复。`, `record ${i + 1}'s uid differs from the manifest or repeats.`);
    uids.add(record.uid);
    if (record.status !== 'submitted') throw altered(`第 ${i + 1} 条记录尚未交卷，结果包只收已交卷的成绩。`, `record ${i + 1} is not submitted; bundles hold submitted attempts only.`);
    const texts: Buffer[] = [];
    for (const [k, index] of record.items.entries()) {
      if (index >= snapshots.length) throw altered(`第 ${i + 1} 条记录引用的题目快照不在 items.jsonl 中。`, `record ${i + 1} refers to a question snapshot missing from items.jsonl.`);
      used[index] = 1;
      textOf(k + 1, index, texts);
    }
    if (paperFingerprintOf(record, texts) !== record.fingerprint) {
      throw altered(`第 ${i + 1} 条记录（${record.candidate.name}）的试卷指纹与题目快照不符。`, `the paper fingerprint of record ${i + 1} (${record.candidate.name}) does not match its questions.`);
    }
    sessionCounts.set(record.session.code, (sessionCounts.get(record.session.code) ?? 0) + 1);
    return { uid: record.uid, sha256: hash, start, end, columns: importedColumns(record), items: record.items };
  });
  if (used.includes(0)) throw altered('items.jsonl 含有未被任何记录引用的题目快照。', 'items.jsonl holds question snapshots no record uses.');
  const summary = new Map(manifest.sessions.map((s) => [s.code, s.attempts]));
  if (summary.size !== sessionCounts.size || [...sessionCounts].some(([code, n]) => summary.get(code) !== n)) {
    throw altered('清单中的场次汇总与记录不符。', "the manifest's session summary does not match the records.");
  }
  return { zip, records, snapshots, lineOf: (r) => bytes.subarray(r.start, r.end) };
}
