/**
 * The attempt record: one certification attempt as a self-contained document — the session it belongs
 * to, the candidate, the delivered paper (snapshot with keys), every answer, grades, focus events and the
 * attempt's audit entries. Records of this PC are built from the exam tables; records imported from a
 * result bundle are stored as they were signed (their paper items by index into the bundle's item table,
 * see compactRecord).
 * Detail views, exports and result bundles all read attempts through `loadRecord`.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../../db/open';
import { ITEM_FACT_FIELDS } from '../../../db/migrations/user';
import { AppError } from '../../shared/errors';
import type { App } from '../app';
import { getAttempt, getCandidate, getSession, paperOf, settingsOf, sql } from '../examStore';
import type { PaperItem } from '../paper';

const nullableNumber = z.number().nullable();
const response = z.union([z.string(), z.array(z.string()), z.boolean()]);

const paperItem = z.strictObject({
  no: z.number().int().positive(),
  questionId: z.string(),
  chapterId: z.string(),
  sectionId: z.string(),
  type: z.enum(['single', 'multiple', 'truefalse', 'fill', 'scenario', 'essay']),
  difficulty: z.number(),
  stem: z.string(),
  options: z.array(z.string()),
  optionOrder: z.array(z.number().int()),
  key: z.array(z.union([z.string(), z.boolean()])),
  points: z.number(),
  explanation: z.string(),
  reference: z.string(),
  keyPoints: z.array(z.strictObject({ point: z.string(), score: z.number() })),
  contentVersion: z.string(),
});

const recordBody = {
  format: z.literal('kefucert-attempt'),
  version: z.literal(1),
  uid: z.string().regex(/^[0-9a-f]{32}$/),
  session: z.strictObject({
    code: z.string(),
    title: z.string(),
    blueprintId: z.string(),
    date: z.string(),
    room: z.string(),
    timeLimitMinutes: z.number(),
    passScore: z.number(),
    settings: z.record(z.string(), z.unknown()),
  }),
  candidate: z.strictObject({ employeeId: z.string(), name: z.string(), branch: z.string(), walkIn: z.boolean() }),
  seed: z.number().int(),
  contentVersion: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  scoring: z.enum(['all_or_nothing', 'partial']),
  maxScore: z.number(),
  startedAt: z.number(),
  deadline: z.number(),
  status: z.enum(['in_progress', 'submitted']),
  submittedAt: nullableNumber,
  submitKind: z.enum(['candidate', 'auto', 'proctor', 'focus_limit']).nullable(),
  score: nullableNumber,
  pendingEssays: z.number().int().min(0),
  extraMs: z.number(),
  reopenCount: z.number().int().min(0),
  grades: z.array(z.strictObject({ outcome: z.enum(['correct', 'partial', 'wrong', 'unanswered', 'ungraded']), score: z.number() })).nullable(),
  answers: z.array(z.strictObject({ no: z.number().int().positive(), response: response.nullable(), flagged: z.boolean(), savedAt: z.number() })),
  /** Every save of an answer in order (the time spent per item is read from it). */
  answerLog: z.array(z.strictObject({ no: z.number().int().positive(), at: z.number() })),
  essayGrades: z.array(
    z.strictObject({ no: z.number().int().positive(), awards: z.array(z.number()), score: z.number(), comment: z.string(), gradedBy: z.string(), gradedAt: z.number() }),
  ),
  focusEvents: z.array(z.strictObject({ at: z.number(), kind: z.enum(['blur', 'hidden']) })),
  audit: z.array(z.strictObject({ at: z.number(), actor: z.string().nullable(), action: z.string(), details: z.record(z.string(), z.unknown()) })),
};

export const attemptRecordSchema = z.strictObject({ ...recordBody, items: z.array(paperItem).min(1) });

type Outcome = NonNullable<AttemptRecord['grades']>[number]['outcome'];
type Response = AttemptRecord['answers'][number]['response'];
const OUTCOMES: ReadonlySet<unknown> = new Set(recordBody.grades.unwrap().element.shape.outcome.options);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isResponse = (v: unknown): v is Response =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
/**
 * A list of rows checked by one predicate per row: what z.tuple would check, without its per-element
 * bookkeeping — zod's tuples were half the time of reading a 10,000-attempt bundle.
 */
const rows = <T>(what: string, isRow: (row: unknown[]) => boolean) =>
  z.custom<T[]>((v) => Array.isArray(v) && v.every((row) => Array.isArray(row) && isRow(row)), { message: `invalid ${what}` });

/**
 * As stored in a bundle and in imported_attempts: the same record with its long repeated lists written
 * as rows rather than objects — a paper is indices into the bundle's item table (items.jsonl, whose
 * content hashes the signed manifest lists in order), entry k being the question numbered k + 1; grades
 * are [outcome, score] per question, answers [no, response, flagged, savedAt], the answer log [no, at].
 * A record is then ~60 % smaller (an index is a few bytes where a SHA-256 took 64, and the field names
 * are not repeated 72 times), which is what a bundle of 10,000 attempts spends its time reading.
 */
export const compactRecordSchema = z.strictObject({
  ...recordBody,
  items: z.custom<number[]>((v) => Array.isArray(v) && v.length > 0 && v.every((i) => Number.isSafeInteger(i) && i >= 0), { message: 'invalid items' }),
  grades: rows<[Outcome, number]>('grades', (g) => g.length === 2 && OUTCOMES.has(g[0]) && isNumber(g[1])).nullable(),
  answers: rows<[number, Response, boolean, number]>('answers', (a) => a.length === 4 && isCount(a[0]) && isResponse(a[1]) && typeof a[2] === 'boolean' && isNumber(a[3])),
  answerLog: rows<[number, number]>('answerLog', (e) => e.length === 2 && isCount(e[0]) && isNumber(e[1])),
});

export type AttemptRecord = z.infer<typeof attemptRecordSchema>;
export type CompactRecord = z.infer<typeof compactRecordSchema>;
export type ItemSnapshot = Omit<PaperItem, 'no'>;

/** Content address of a delivered question (its position excluded, so identical deliveries share one entry). */
export function itemHash(item: ItemSnapshot): string {
  return crypto.createHash('sha256').update(JSON.stringify(itemSnapshot(item))).digest('hex');
}

/** The snapshot with its keys in one fixed order, whatever order the object was built in. */
export function itemSnapshot(item: ItemSnapshot): ItemSnapshot {
  return {
    questionId: item.questionId,
    chapterId: item.chapterId,
    sectionId: item.sectionId,
    type: item.type,
    difficulty: item.difficulty,
    stem: item.stem,
    options: item.options,
    optionOrder: item.optionOrder,
    key: item.key,
    points: item.points,
    explanation: item.explanation,
    reference: item.reference,
    keyPoints: item.keyPoints,
    contentVersion: item.contentVersion,
  };
}

/** The delivered question numbered `no` (an explicit literal: far cheaper than a spread, 100,000 times over). */
function paperItemOf(no: number, s: ItemSnapshot): PaperItem {
  return {
    no,
    questionId: s.questionId,
    chapterId: s.chapterId,
    sectionId: s.sectionId,
    type: s.type,
    difficulty: s.difficulty,
    stem: s.stem,
    options: s.options,
    optionOrder: s.optionOrder,
    key: s.key,
    points: s.points,
    explanation: s.explanation,
    reference: s.reference,
    keyPoints: s.keyPoints,
    contentVersion: s.contentVersion,
  };
}

/** The distinct question snapshots of a bundle in order, with their hashes: records refer to them by index. */
export class ItemTable {
  readonly hashes: string[] = [];
  readonly snapshots: ItemSnapshot[] = [];
  private readonly indexOf = new Map<string, number>();

  add(item: ItemSnapshot): number {
    const snapshot = itemSnapshot(item);
    const hash = itemHash(snapshot);
    let index = this.indexOf.get(hash);
    if (index === undefined) {
      index = this.hashes.length;
      this.indexOf.set(hash, index);
      this.hashes.push(hash);
      this.snapshots.push(snapshot);
    }
    return index;
  }

  /** [hash, snapshot] of each, in order (what storeItems takes). */
  entries(): [string, ItemSnapshot][] {
    return this.snapshots.map((snapshot, i) => [this.hashes[i], snapshot]);
  }
}

export function compactRecord(record: AttemptRecord, table: ItemTable): CompactRecord {
  const items = record.items.map(({ no, ...snapshot }, i) => {
    // Papers are numbered 1..n in order (drawPaper): the position is the number.
    if (no !== i + 1) throw new Error(`paper of ${record.uid} is not numbered in order`);
    return table.add(snapshot);
  });
  return { ...record, ...asRows(record), items };
}

/** A record's grades, answers and answer log as the rows compact and paper records hold. */
function asRows(record: AttemptRecord): Pick<CompactRecord, 'grades' | 'answers' | 'answerLog'> {
  return {
    grades: record.grades && record.grades.map((g) => [g.outcome, g.score]),
    answers: record.answers.map((a) => [a.no, a.response, a.flagged, a.savedAt]),
    answerLog: record.answerLog.map((e) => [e.no, e.at]),
  };
}

const corruptRecord = (uid: string, what: string, whatEn: string) =>
  new AppError('db_corrupt', {
    'zh-CN': `成绩记录 ${uid} 已损坏（${what}），无法读取。请运行 kb verify 检查数据。`,
    en: `The record ${uid} is damaged (${whatEn}) and cannot be read. Run kb verify to check the data.`,
  });

export function expandRecord(record: CompactRecord, itemAt: (index: number) => ItemSnapshot | undefined): AttemptRecord {
  return expandPaper(record, record.items.map(itemAt));
}

/** The full record from its compact form and its questions' snapshots in paper order. */
function expandPaper(record: CompactRecord, paper: readonly (ItemSnapshot | undefined)[]): AttemptRecord {
  const items = new Array<PaperItem>(paper.length);
  for (let k = 0; k < paper.length; k++) items[k] = paperItemOf(k + 1, paper[k] ?? missingItem(record.uid, k));
  return {
    ...record,
    items,
    grades: record.grades && record.grades.map(([outcome, score]) => ({ outcome, score })),
    answers: record.answers.map(([no, response, flagged, savedAt]) => ({ no, response, flagged, savedAt })),
    answerLog: record.answerLog.map(([no, at]) => ({ no, at })),
  };
}

const missingItem = (uid: string, k: number): never => {
  throw corruptRecord(uid, `缺少第 ${k + 1} 题的题目快照`, `the question snapshot of item ${k + 1} is missing`);
};

/**
 * A stored record parsed, with the shape its readers rely on checked (cheaply: every stored record was
 * verified against its schema and signature when its bundle was imported, and kb verify re-checks them;
 * this only turns a damaged row into a clear error rather than a crash halfway through an export).
 */
export function storedRecord(uid: string, text: string): CompactRecord {
  let r: CompactRecord;
  try {
    r = JSON.parse(text) as CompactRecord;
  } catch {
    throw corruptRecord(uid, '不是有效的 JSON', 'not valid JSON');
  }
  const ok =
    typeof r === 'object' &&
    r !== null &&
    r.uid === uid &&
    typeof r.session === 'object' &&
    r.session !== null &&
    typeof r.candidate === 'object' &&
    r.candidate !== null &&
    Array.isArray(r.items) &&
    r.items.length > 0 &&
    r.items.every((i) => Number.isInteger(i) && i >= 0) &&
    Array.isArray(r.answers) &&
    r.answers.every((a) => Array.isArray(a) && a.length === 4 && Number.isInteger(a[0])) &&
    (r.grades === null || (Array.isArray(r.grades) && r.grades.every((g) => Array.isArray(g) && g.length === 2 && typeof g[1] === 'number'))) &&
    Array.isArray(r.answerLog) &&
    r.answerLog.every((e) => Array.isArray(e) && e.length === 2) &&
    Array.isArray(r.essayGrades) &&
    Array.isArray(r.focusEvents) &&
    Array.isArray(r.audit);
  if (!ok) throw corruptRecord(uid, '内容不完整', 'its contents are incomplete');
  return r;
}

const NOT_FOUND = (uid: string) => new AppError('not_found', { 'zh-CN': `找不到成绩记录：${uid}`, en: `No such record: ${uid}` });

/** The record of any attempt, local or imported. */
export function loadRecord(app: App, uid: string): AttemptRecord {
  return recordLoader(app)(uid);
}

/**
 * Questions kept decoded by one loader: 100,000 answers hold about 12,500 distinct snapshots (each
 * candidate's options are shuffled), ~1 KB each in memory, and 1,555 distinct facts.
 */
const ITEM_CACHE_SIZE = 20_000;

/** Records loaded per query when many are read in a row (a few hundred KB of JSON). */
const LOAD_BATCH = 64;

/** Each row with its record, read LOAD_BATCH at a time through a batch loader (recordBatchLoader, paperRecordLoader). */
export function* withRecords<R extends { uid: string }, T>(rows: readonly R[], load: (uids: readonly string[]) => T[]): Generator<[R, T]> {
  for (let start = 0; start < rows.length; start += LOAD_BATCH) {
    const batch = rows.slice(start, start + LOAD_BATCH);
    const records = load(batch.map((r) => r.uid));
    for (const [i, r] of batch.entries()) yield [r, records[i]];
  }
}

/** A loader of one record at a time (see recordBatchLoader). */
export function recordLoader(app: App, cacheSize = ITEM_CACHE_SIZE): (uid: string) => AttemptRecord {
  const load = recordBatchLoader(app, cacheSize);
  return (uid) => load([uid])[0];
}

/** Full snapshots, by the content hashes the bundle's signed manifest lists. */
const snapshotCodec: ItemCodec<ItemSnapshot> = {
  keys: "SELECT json_extract(manifest, '$.items') FROM result_bundles WHERE id = ?",
  byKey: 'SELECT hash, item FROM imported_items WHERE hash IN (SELECT value FROM json_each(?))',
  all: 'SELECT hash, item FROM imported_items LIMIT ?',
  decode: (text) => JSON.parse(text) as ItemSnapshot,
};

/** Full records, many in a row (see batchReader). */
export function recordBatchLoader(app: App, cacheSize = ITEM_CACHE_SIZE): (uids: readonly string[]) => AttemptRecord[] {
  const reader = batchReader(app, snapshotCodec, cacheSize);
  return (uids) => reader.read(uids).map((r) => (typeof r === 'number' ? localRecord(app, r) : expandPaper(r.record, r.paper)));
}

/** What exports and statistics read of a delivered question. */
export type ItemFacts = Pick<ItemSnapshot, (typeof ITEM_FACT_FIELDS)[number]>;

/**
 * A record with its paper resolved to the facts of its questions, shared with every other record that
 * drew the same delivery (item k is question k + 1), and its grades and answers as rows: what exports and
 * statistics read, without building a copy of every question and answer of every attempt.
 */
export type PaperRecord = Omit<CompactRecord, 'items'> & { items: readonly ItemFacts[] };

export function paperRecordOf(record: AttemptRecord): PaperRecord {
  return { ...record, ...asRows(record) };
}

/** The facts of a snapshot as item_facts holds them (user.db migration 10). */
export const itemFactsText = (item: ItemSnapshot): string => JSON.stringify(ITEM_FACT_FIELDS.map((f) => item[f]));

/**
 * Stores the question snapshots of a merged bundle's item table (those already stored are left as they
 * are) and what exports read of them: each distinct facts text once in item_facts, and the bundle's list
 * of facts ids in item-table order (bundle_item_facts). `items` has one entry per index of the table: the
 * entry's hash and snapshot, or null for one not stored (no new record of the bundle uses it).
 * Snapshots go in hash order: the table is keyed by hash, and an insert then lands next to the one
 * before (a fifth less time for 18,000 snapshots than in paper order). Call inside a transaction.
 */
export function storeItems(db: Db, bundleId: number | bigint, items: readonly ([hash: string, snapshot: ItemSnapshot] | null)[]): void {
  const insertItem = db.prepare('INSERT OR IGNORE INTO imported_items (hash, item) VALUES (?, ?)');
  const insertFacts = db.prepare('INSERT OR IGNORE INTO item_facts (facts) VALUES (?)');
  const factsId = db.prepare('SELECT id FROM item_facts WHERE facts = ?').pluck();
  const stored = items.filter((entry) => entry !== null);
  for (const [hash, snapshot] of stored.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) insertItem.run(hash, JSON.stringify(snapshot));
  const ids = new Map<string, number>();
  const idOf = (text: string) => {
    let id = ids.get(text);
    if (id === undefined) {
      const inserted = insertFacts.run(text);
      ids.set(text, (id = inserted.changes ? Number(inserted.lastInsertRowid) : (factsId.get(text) as number)));
    }
    return id;
  };
  const list = items.map((entry) => (entry === null ? null : idOf(itemFactsText(entry[1]))));
  db.prepare('INSERT INTO bundle_item_facts (bundle_id, facts) VALUES (?, ?)').run(bundleId, JSON.stringify(list));
}

/** The facts taken out of each snapshot as it was stored (item_facts): options, explanation and scoring points are not read. */
const factsCodec: ItemCodec<ItemFacts> = {
  keys: 'SELECT facts FROM bundle_item_facts WHERE bundle_id = ?',
  byKey: 'SELECT id, facts FROM item_facts WHERE id IN (SELECT value FROM json_each(?))',
  all: 'SELECT id, facts FROM item_facts LIMIT ?',
  decode(text) {
    const [questionId, chapterId, type, stem, key, reference, points] = JSON.parse(text) as [string, string, ItemFacts['type'], string, ItemFacts['key'], string, number];
    return { questionId, chapterId, type, stem, key, reference, points };
  },
};

export interface PaperRecordLoader {
  (uids: readonly string[]): PaperRecord[];
  /**
   * For an export of most imported records: reads the facts of every stored question in one pass when
   * they all fit the cache. Otherwise it lets go of what it read, and they are looked up batch by batch.
   */
  preloadAll(): void;
}

/** Paper records, many in a row (see batchReader). */
export function paperRecordLoader(app: App, cacheSize = ITEM_CACHE_SIZE): PaperRecordLoader {
  const reader = batchReader(app, factsCodec, cacheSize);
  const load = (uids: readonly string[]) =>
    reader.read(uids).map((r): PaperRecord => {
      if (typeof r === 'number') return paperRecordOf(localRecord(app, r));
      const items = r.paper.map((item, k) => item ?? missingItem(r.record.uid, k));
      return { ...r.record, items };
    });
  return Object.assign(load, { preloadAll: reader.preloadAll });
}

/** What identifies a stored question in a bundle's item table: its snapshot's hash, or its facts' id. */
type ItemKey = string | number;

/**
 * How one kind of loader reads stored questions (SQL): `keys` — a bundle's list of keys in item-table
 * order (JSON; an entry may be null: nothing stored); `byKey` — [key, text] of the keys in a JSON array;
 * `all` — every [key, text], up to a limit. `decode` turns a text into the question.
 */
interface ItemCodec<T> {
  keys: string;
  byKey: string;
  all: string;
  decode(text: string): T;
}

/** A local attempt's id, or an imported record with its questions in paper order (undefined: missing). */
type ReadRecord<T> = number | { record: CompactRecord; paper: (T | undefined)[] };

const damagedItems = (e: unknown) =>
  new AppError('db_corrupt', {
    'zh-CN': `题目快照已损坏，无法读取（${e instanceof Error ? e.message : String(e)}）。请运行 kb verify 检查数据。`,
    en: `A question snapshot is damaged and cannot be read (${e instanceof Error ? e.message : String(e)}). Run kb verify to check the data.`,
  });

/**
 * Reads many records in a row (exports, statistics, bundles), in the order asked: one query per batch
 * for the records and one for the questions they lack (a single lookup costs more than the row it
 * reads), each bundle's list of keys read once, and the questions of imported records — shared by the
 * attempts that drew the same delivery — decoded once while they stay in the cache (oldest dropped first).
 */
function batchReader<T>(app: App, codec: ItemCodec<T>, cacheSize: number) {
  const db = app.user;
  // Rows as arrays (raw): cheaper than better-sqlite3's object rows.
  const localIds = db.prepare('SELECT uid, id FROM exam_attempts WHERE uid IN (SELECT value FROM json_each(?))').raw();
  const importedRows = db.prepare('SELECT uid, record, bundle_id FROM imported_attempts WHERE uid IN (SELECT value FROM json_each(?))').raw();
  const keysStmt = db.prepare(codec.keys).pluck();
  const itemsStmt = db.prepare(codec.byKey).raw();
  const tables = new Map<number, (ItemKey | null)[]>();
  const cache = new Map<ItemKey, T>();
  const keysOf = (uid: string, bundleId: number): (ItemKey | null)[] => {
    let keys = tables.get(bundleId);
    if (!keys) {
      try {
        keys = JSON.parse((keysStmt.get(bundleId) as string | null | undefined) ?? 'null') as (ItemKey | null)[];
      } catch {
        // a damaged list: reported below
      }
      if (!Array.isArray(keys)) throw corruptRecord(uid, `结果包 #${bundleId} 的题目清单无法读取`, `the question list of bundle #${bundleId} cannot be read`);
      tables.set(bundleId, keys);
    }
    return keys;
  };
  /**
   * After preloadAll the text of every stored question is at hand, decoded when a bundle's item table is
   * first resolved (one that no record reads is never decoded); a paper is then read by index (100,000
   * answers need no lookup by key).
   */
  let preloaded: Map<ItemKey, string> | null = null;
  const resolved = new Map<number, (T | undefined)[]>();
  const preloadedItem = (key: ItemKey | null): T | undefined => {
    if (key === null) return undefined;
    let item = cache.get(key);
    const text = item === undefined ? preloaded!.get(key) : undefined;
    if (text !== undefined) {
      try {
        item = codec.decode(text);
      } catch (e) {
        throw damagedItems(e);
      }
      cache.set(key, item);
    }
    return item;
  };
  const resolvedTable = (uid: string, bundleId: number) => {
    let table = resolved.get(bundleId);
    if (!table) resolved.set(bundleId, (table = keysOf(uid, bundleId).map(preloadedItem)));
    return table;
  };

  /** The papers of imported records, from the cache or one query for the questions it lacks. */
  const lookUp = (stored: Map<string, { record: CompactRecord; keys: (ItemKey | null)[] }>): Map<string, (T | undefined)[]> => {
    const missing = new Set<ItemKey>();
    for (const { record, keys } of stored.values()) {
      for (const index of record.items) {
        const key = keys[index];
        if (key != null && !cache.has(key)) missing.add(key);
      }
    }
    const fetched = new Map<ItemKey, T>();
    if (missing.size) {
      // A failure while reading the rows or decoding one is a damaged question.
      try {
        for (const [key, text] of itemsStmt.all(JSON.stringify([...missing])) as [ItemKey, string][]) fetched.set(key, codec.decode(text));
      } catch (e) {
        throw damagedItems(e);
      }
    }
    // Resolved now, from the cache or this batch, before the cache lets go of anything.
    const papers = new Map<string, (T | undefined)[]>();
    for (const [uid, { record, keys }] of stored) {
      papers.set(
        uid,
        record.items.map((index) => {
          const key = keys[index];
          return key == null ? undefined : (cache.get(key) ?? fetched.get(key));
        }),
      );
    }
    for (const [key, item] of fetched) {
      cache.set(key, item);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    }
    return papers;
  };

  const read = (uids: readonly string[]): ReadRecord<T>[] => {
    const list = JSON.stringify(uids);
    const local = new Map(localIds.all(list) as [string, number][]);
    const imported = new Map<string, { record: CompactRecord; paper: (T | undefined)[] }>();
    const stored = new Map<string, { record: CompactRecord; keys: (ItemKey | null)[] }>();
    if (local.size < uids.length) {
      for (const [uid, text, bundleId] of importedRows.all(list) as [string, string, number][]) {
        const record = storedRecord(uid, text);
        const table = preloaded && resolvedTable(uid, bundleId);
        const paper = table && record.items.map((index) => table[index]);
        // A question not preloaded (a damaged list, or a bundle merged since) is looked up by key.
        if (paper && !paper.includes(undefined)) imported.set(uid, { record, paper });
        else stored.set(uid, { record, keys: keysOf(uid, bundleId) });
      }
    }
    if (stored.size) {
      const papers = lookUp(stored);
      for (const [uid, { record }] of stored) imported.set(uid, { record, paper: papers.get(uid)! });
    }
    return uids.map((uid): ReadRecord<T> => {
      const id = local.get(uid);
      if (id !== undefined) return id;
      const found = imported.get(uid);
      if (!found) throw NOT_FOUND(uid);
      return found;
    });
  };

  const preloadAll = () => {
    if (preloaded) return;
    // Not counted first: counting a table reads all of it, as much I/O as the pass itself.
    let rows: [ItemKey, string][];
    try {
      rows = db.prepare(codec.all).raw().all(cacheSize + 1) as [ItemKey, string][];
    } catch (e) {
      throw damagedItems(e);
    }
    if (rows.length > 0 && rows.length <= cacheSize) preloaded = new Map(rows);
  };

  return { read, preloadAll };
}

const personName = (db: Db) => {
  const stmt = db.prepare('SELECT employee_id, name FROM people WHERE id = ?');
  return (id: number | null): string | null => {
    if (id === null) return null;
    const p = stmt.get(id) as { employee_id: string; name: string } | undefined;
    return p ? `${p.name} (${p.employee_id})` : String(id);
  };
};

/** Builds the record of an attempt taken on this PC from the exam tables. */
export function localRecord(app: App, attemptId: number): AttemptRecord {
  const db = app.user;
  const a = getAttempt(db, attemptId);
  const uid = sql(db, 'SELECT uid FROM exam_attempts WHERE id = ?').pluck().get(attemptId) as string;
  const s = getSession(db, a.session_id);
  const c = getCandidate(db, a.candidate_id);
  const paper = paperOf(db, attemptId);
  const nameOf = personName(db);
  const stored = a.grades ? (JSON.parse(a.grades) as { grades: AttemptRecord['grades'] }) : null;
  const answers = sql(db, 'SELECT item_no, response, flagged, saved_at FROM exam_answers WHERE attempt_id = ? ORDER BY item_no')
    .all(attemptId) as { item_no: number; response: string | null; flagged: number; saved_at: number }[];
  const answerLog = sql(db, 'SELECT item_no, at FROM exam_answer_log WHERE attempt_id = ? ORDER BY id').all(attemptId) as { item_no: number; at: number }[];
  const essays = sql(db, 'SELECT item_no, awards, score, comment, graded_by, graded_at FROM exam_essay_grades WHERE attempt_id = ? ORDER BY item_no')
    .all(attemptId) as { item_no: number; awards: string; score: number; comment: string; graded_by: number; graded_at: number }[];
  const focus = sql(db, 'SELECT at, kind FROM exam_focus_events WHERE attempt_id = ? ORDER BY at, id').all(attemptId) as { at: number; kind: 'blur' | 'hidden' }[];
  const audit = sql(db, 'SELECT at, actor_id, action, details FROM audit_log WHERE target = ? ORDER BY id')
    .all(`exam-attempt:${attemptId}`) as { at: number; actor_id: number | null; action: string; details: string }[];
  return {
    format: 'kefucert-attempt',
    version: 1,
    uid,
    session: {
      code: s.code,
      title: s.title,
      blueprintId: s.blueprint_id,
      date: s.exam_date,
      room: s.room,
      timeLimitMinutes: s.time_limit_minutes,
      passScore: paper.passScore,
      settings: { ...settingsOf(s) },
    },
    candidate: { employeeId: c.employee_id, name: c.name, branch: c.branch, walkIn: c.walk_in === 1 },
    seed: a.seed,
    contentVersion: a.content_version,
    fingerprint: a.fingerprint,
    scoring: paper.scoring,
    maxScore: paper.maxScore,
    startedAt: a.started_at,
    deadline: a.deadline,
    status: a.status,
    submittedAt: a.submitted_at,
    submitKind: a.submit_kind,
    score: a.score,
    pendingEssays: a.pending_essays,
    extraMs: a.extra_ms,
    reopenCount: a.reopen_count,
    grades: stored?.grades ?? null,
    items: paper.items,
    answers: answers.map((r) => ({ no: r.item_no, response: r.response === null ? null : JSON.parse(r.response), flagged: r.flagged === 1, savedAt: r.saved_at })),
    answerLog: answerLog.map((r) => ({ no: r.item_no, at: r.at })),
    essayGrades: essays.map((e) => ({
      no: e.item_no,
      awards: JSON.parse(e.awards) as number[],
      score: e.score,
      comment: e.comment,
      gradedBy: nameOf(e.graded_by) ?? '',
      gradedAt: e.graded_at,
    })),
    focusEvents: focus,
    audit: audit.map((e) => ({ at: e.at, actor: nameOf(e.actor_id), action: e.action, details: JSON.parse(e.details) as Record<string, unknown> })),
  };
}

/** Passed once final (no 简答 waiting) and at or above the pass mark; null before that. */
export function recordPassed(r: Pick<AttemptRecord, 'status' | 'pendingEssays' | 'score' | 'session'>): boolean | null {
  return r.status === 'submitted' && r.pendingEssays === 0 && r.score !== null ? r.score >= r.session.passScore : null;
}
