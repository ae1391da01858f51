/**
 * Result bundles (.kfbundle): signed zips of certification attempts for HR's PC.
 * - `attempts.jsonl`: one CompactRecord per line; the manifest lists each line's uid and SHA-256, so a
 *   single record can be re-checked later against the stored, signed manifest (`kb verify`).
 * - `items.jsonl`: the delivered questions once each, `{hash, item}`, content-addressed by itemHash — a
 *   paper of 50 questions delivered to 10,000 candidates is stored once per distinct snapshot.
 * Only attempts taken on this PC and final (submitted, every 简答 graded) are exported: this PC's key
 * vouches for what it recorded itself, and a final result does not change behind HR's back. Imported
 * records are not forwarded (HR already holds them with the original signer's manifest).
 */
import { z } from 'zod';
import type { RecordFilter } from '../../shared/calls/records';
import type { BundleFile } from '../../shared/bundleTypes';
import type { App } from '../app';
import { fingerprintItemText, fingerprintOfTexts } from '../paper';
import { attemptRecordSchema, compactRecord, compactRecordSchema, itemHash, loadRecord, type CompactRecord, type ItemSnapshot } from '../records/attemptRecord';
import { iterateRecordRows, type RecordScope } from '../records/recordQuery';
import { manifestHead, openSignedZip, sha256, stamp, writeSignedZip, type OpenedZip, type SignedZipKind } from './signedZip';
import { refuse } from './trust';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const resultManifest = z.strictObject({
  format: z.literal('kefucert-results'),
  ...manifestHead,
  attempts: z.array(z.strictObject({ uid: z.string().regex(/^[0-9a-f]{32}$/), sha256: hex64 })).max(1_000_000),
  sessions: z.array(z.strictObject({ code: z.string().max(16), title: z.string().max(200), date: z.string().max(10), attempts: z.number().int().min(0) })).max(100_000),
});
export type ResultManifest = z.infer<typeof resultManifest>;

export const RESULT_BUNDLE: SignedZipKind<ResultManifest> = {
  format: 'kefucert-results',
  name: { 'zh-CN': '成绩结果包', en: 'result bundle' },
  files: ['attempts.jsonl', 'items.jsonl'],
  manifest: resultManifest,
};

const itemSchema = attemptRecordSchema.shape.items.element.omit({ no: true });
const itemLine = z.strictObject({ hash: hex64, item: itemSchema });

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
 * A checked record: its place in attempts.jsonl (the text is decoded again when written, so a bundle of
 * 10,000 attempts is not held in memory twice), its hash, list columns and question hashes.
 */
export interface BundleRecord {
  uid: string;
  sha256: string;
  start: number;
  end: number;
  columns: ImportedColumns;
  itemHashes: string[];
}

export interface ParsedBundle {
  zip: OpenedZip<ResultManifest>;
  records: BundleRecord[];
  /** Item JSON text by content hash. */
  items: Map<string, string>;
  /** The line exactly as signed (stored as imported_attempts.record). */
  lineOf(r: BundleRecord): string;
}

// ---- export ---------------------------------------------------------------------------------------

export function exportResultBundle(app: App, filter: RecordFilter, scope: RecordScope): { bytes: Uint8Array; count: number; fileName: string } {
  const lines: string[] = [];
  const attempts: ResultManifest['attempts'] = [];
  const items = new Map<string, ItemSnapshot>();
  const sessions = new Map<string, ResultManifest['sessions'][number]>();
  for (const row of iterateRecordRows(app.user, { ...filter, origin: 'local', state: 'final' }, scope)) {
    const { record, items: its } = compactRecord(loadRecord(app, row.uid));
    for (const [h, it] of its) items.set(h, it);
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
  const itemText = [...items].map(([hash, item]) => `${JSON.stringify({ hash, item })}\n`).join('');
  const bytes = writeSignedZip(
    app,
    { format: RESULT_BUNDLE.format, attempts, sessions: [...sessions.values()] },
    [
      { path: 'attempts.jsonl', bytes: Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8') },
      { path: 'items.jsonl', bytes: Buffer.from(itemText, 'utf8') },
    ],
  );
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

/** Opens a bundle and checks every byte of it; throws an AppError a person can act on, or returns the records. */
export function parseResultBundle(zipBytes: Uint8Array): ParsedBundle {
  const zip = openSignedZip(zipBytes, RESULT_BUNDLE);
  const { manifest } = zip;

  const items = new Map<string, string>();
  const snapshots = new Map<string, ItemSnapshot>();
  const itemBytes = Buffer.from(zip.files.get('items.jsonl')!);
  for (const [i, [start, end]] of lineRanges(itemBytes, 'items.jsonl').entries()) {
    let parsed: z.infer<typeof itemLine>;
    try {
      parsed = itemLine.parse(JSON.parse(itemBytes.toString('utf8', start, end)));
    } catch {
      throw altered(`items.jsonl 第 ${i + 1} 行不是有效的题目快照。`, `line ${i + 1} of items.jsonl is not a valid question snapshot.`);
    }
    if (itemHash(parsed.item) !== parsed.hash) throw altered(`items.jsonl 第 ${i + 1} 行的题目内容与其校验值不符。`, `the question on line ${i + 1} of items.jsonl does not match its hash.`);
    if (snapshots.has(parsed.hash)) throw altered(`items.jsonl 中题目快照重复（第 ${i + 1} 行）。`, `items.jsonl repeats a question snapshot (line ${i + 1}).`);
    snapshots.set(parsed.hash, parsed.item);
    items.set(parsed.hash, JSON.stringify(parsed.item));
  }

  const bytes = Buffer.from(zip.files.get('attempts.jsonl')!);
  const lines = lineRanges(bytes, 'attempts.jsonl');
  if (lines.length !== manifest.attempts.length) {
    throw altered(`attempts.jsonl 有 ${lines.length} 条记录，清单写的是 ${manifest.attempts.length} 条。`, `attempts.jsonl holds ${lines.length} records but the manifest lists ${manifest.attempts.length}.`);
  }
  const uids = new Set<string>();
  const used = new Set<string>();
  // Papers share their questions: each (position, snapshot) is serialised for the fingerprint once.
  const fingerprintTexts = new Map<string, string>();
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
    const texts = record.items.map(({ no, hash: h }) => {
      const key = `${no}:${h}`;
      let text = fingerprintTexts.get(key);
      if (text === undefined) {
        const item = snapshots.get(h);
        if (!item) throw altered(`第 ${i + 1} 条记录引用的题目快照不在 items.jsonl 中。`, `record ${i + 1} refers to a question snapshot missing from items.jsonl.`);
        used.add(h);
        fingerprintTexts.set(key, (text = fingerprintItemText({ no, ...item })));
      }
      return text;
    });
    if (fingerprintOfTexts({ blueprintId: record.session.blueprintId, seed: record.seed, contentVersion: record.contentVersion }, texts) !== record.fingerprint) {
      throw altered(`第 ${i + 1} 条记录（${record.candidate.name}）的试卷指纹与题目快照不符。`, `the paper fingerprint of record ${i + 1} (${record.candidate.name}) does not match its questions.`);
    }
    sessionCounts.set(record.session.code, (sessionCounts.get(record.session.code) ?? 0) + 1);
    return { uid: record.uid, sha256: hash, start, end, columns: importedColumns(record), itemHashes: record.items.map((it) => it.hash) };
  });
  if (used.size !== snapshots.size) throw altered('items.jsonl 含有未被任何记录引用的题目快照。', 'items.jsonl holds question snapshots no record uses.');
  const summary = new Map(manifest.sessions.map((s) => [s.code, s.attempts]));
  if (summary.size !== sessionCounts.size || [...sessionCounts].some(([code, n]) => summary.get(code) !== n)) {
    throw altered('清单中的场次汇总与记录不符。', "the manifest's session summary does not match the records.");
  }
  return { zip, records, items, lineOf: (r) => bytes.toString('utf8', r.start, r.end) };
}
