/**
 * Result bundle import figures (issue "Score records", Measured: importing a bundle of 10,000 attempts
 * ≤ 5 s; report peak memory):
 * - one real certification attempt is taken through the API on PC A (answered, submitted, 简答 graded),
 *   then its record is cloned 10,000 times with new uids, candidates and scores straight into a bundle
 *   signed by A (the same delivered paper, so its fingerprint stays valid and items.jsonl stays small);
 * - PC B, which trusts A, imports it with every check (signature, file and line hashes, zod per record,
 *   item hashes, paper fingerprints, dedupe) and writes it in one transaction; the verification alone is
 *   timed too;
 * - baseline in the same run: a bare unzip + JSON.parse of every line of the same bundle;
 * - and a bundle of 10,000 attempts in which every candidate drew a paper of their own (as in a real exam
 *   room), imported by a third PC: more distinct questions to check, and each fingerprint its own.
 * Peak RSS is sampled every 2 ms by a worker thread (RSS is the whole process's), so it includes whatever
 * the process held before the phase: the start RSS is reported beside it.
 * `benchBundles()` returns the figures; run this file directly to print them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { unzipSync } from 'fflate';
import { createGateway, type Gateway } from '../electron/api/gateway';
import { openApp, type App } from '../electron/services/app';
import { importBundle } from '../electron/services/bundles/bundleImport';
import { parseResultBundle, RESULT_BUNDLE, type ResultManifest } from '../electron/services/bundles/resultBundle';
import { sha256, writeSignedZip } from '../electron/services/bundles/signedZip';
import { exportIdentityFile, trustInstallation } from '../electron/services/bundles/trust';
import { drawPaper, paperFingerprint, type Paper } from '../electron/services/paper';
import { compactRecord, ItemTable, loadRecord, type AttemptRecord } from '../electron/services/records/attemptRecord';
import { loadBank, loadBlueprint } from '../electron/services/questionBank';
import type { ResponseValue } from '../electron/shared/practiceTypes';
import { contentDb } from './exports';

export interface PhaseFigures {
  ms: number;
  startRssMb: number;
  peakRssMb: number;
}

export interface BundleBenchResult {
  attempts: number;
  bundleMb: number;
  /** Uncompressed attempts.jsonl + items.jsonl. */
  unpackedMb: number;
  distinctItems: number;
  baseline: PhaseFigures;
  /** parseResultBundle alone: every check, nothing written. */
  verify: PhaseFigures;
  /** importBundle: checks + one transaction (10,000 imported_attempts rows, items, audit). */
  import: PhaseFigures;
  /** The same import of a bundle in which every candidate drew a paper of their own (distinctPapersBundle). */
  distinctPapers: { bundleMb: number; unpackedMb: number; distinctItems: number; import: PhaseFigures };
  targetMs: number;
  /** Both imports within the target. */
  meetsTarget: boolean;
}

const mb = (bytes: number) => bytes / 2 ** 20;

async function unwrap<T>(p: Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error?.code);
  return r.value as T;
}

function answerFor(item: Paper['items'][number], i: number): ResponseValue {
  if (item.type === 'truefalse') return item.key[0] as boolean;
  if (item.type === 'fill') return String(item.key[0]);
  if (item.type === 'essay') return '先安抚客户情绪，再了解问题，提出解决方案并跟进。';
  if (item.type === 'multiple') return item.key as string[];
  return i % 4 === 0 ? 'A' : (item.key[0] as string);
}

/** One finished, graded certification attempt taken through the API on `app`; returns its uid. */
export async function oneFinishedAttempt(gateway: Gateway, app: App): Promise<string> {
  const admin = await unwrap<{ session: string }>(gateway.call('auth.setupAdmin', { employeeId: 'A001', name: '管理员', password: 'admin-pass-1' }));
  await unwrap(gateway.call('accounts.create', { employeeId: 'P001', name: '监考', branch: '', role: 'proctor', password: 'proctor-pass-1' }, admin.session));
  const proctor = (await unwrap<{ session: string }>(gateway.call('auth.staffSignIn', { employeeId: 'P001', password: 'proctor-pass-1' }))).session;
  const s = await unwrap<{ id: number; code: string }>(
    gateway.call('proctor.createSession', { blueprintId: 'certification', title: '基准测试场次', date: '2025-06-02', timeLimitMinutes: 600, passScore: 60, roster: [{ employeeId: 'E0001', name: '考生', branch: '城东营业厅' }] }, proctor),
  );
  await unwrap(gateway.call('proctor.setSessionStatus', { sessionId: s.id, action: 'open' }, proctor));
  const token = (await unwrap<{ session: string }>(gateway.call('exam.signIn', { employeeId: 'E0001', code: s.code }))).session;
  await unwrap(gateway.call('exam.start', {}, token));
  const { id, paper } = app.user.prepare('SELECT id, paper FROM exam_attempts').get() as { id: number; paper: string };
  const items = (JSON.parse(paper) as Paper).items;
  for (const [i, item] of items.entries()) await unwrap(gateway.call('exam.saveAnswer', { no: item.no, response: answerFor(item, i) }, token));
  await unwrap(gateway.call('exam.submit', {}, token));
  for (const item of items.filter((it) => it.type === 'essay')) {
    await unwrap(gateway.call('proctor.gradeEssay', { attemptId: id, no: item.no, awards: item.keyPoints.map((k) => k.score), comment: '' }, proctor));
  }
  return app.user.prepare('SELECT uid FROM exam_attempts WHERE id = ?').pluck().get(id) as string;
}

/** The records' lines and their questions signed by `app` as a result bundle of one session. */
function signedBundle(app: App, lines: string[], attempts: ResultManifest['attempts'], table: ItemTable, session: AttemptRecord['session']) {
  const attemptsBytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  const itemsBytes = Buffer.from(table.snapshots.map((item) => `${JSON.stringify(item)}\n`).join(''), 'utf8');
  const sessions = [{ code: session.code, title: session.title, date: session.date, attempts: lines.length }];
  const zip = writeSignedZip(app, RESULT_BUNDLE, { attempts, sessions, items: table.hashes }, [
    { path: 'attempts.jsonl', bytes: attemptsBytes },
    { path: 'items.jsonl', bytes: itemsBytes },
  ]);
  return { zip, unpacked: attemptsBytes.length + itemsBytes.length, distinctItems: table.hashes.length };
}

/** A bundle of `n` clones of one real record, signed by `app` (new uid, candidate and score each). */
export function cloneBundle(app: App, uid: string, n: number): { zip: Uint8Array; unpacked: number; distinctItems: number } {
  const table = new ItemTable();
  const record = compactRecord(loadRecord(app, uid), table);
  const lines: string[] = [];
  const attempts: ResultManifest['attempts'] = [];
  for (let i = 0; i < n; i++) {
    const clone = {
      ...record,
      uid: crypto.randomBytes(16).toString('hex'),
      candidate: { ...record.candidate, employeeId: `B${String(i).padStart(5, '0')}`, name: `考生${i}` },
      score: Math.round((record.score ?? 0) * (0.4 + (0.6 * ((i * 7919) % 1000)) / 1000)),
    };
    const line = JSON.stringify(clone);
    lines.push(line);
    attempts.push({ uid: clone.uid, sha256: sha256(line) });
  }
  return signedBundle(app, lines, attempts, table, record.session);
}

/**
 * A bundle of `n` attempts as a branch PC holds them when every candidate drew a paper of their own (the
 * real paper drawer, one seed each, options shuffled): items.jsonl then holds every distinct delivery, and
 * each record's fingerprint is checked against questions of its own. Answers and grades are made up per
 * paper; everything else is the real record of `uid`.
 */
export function distinctPapersBundle(app: App, uid: string, n: number): { zip: Uint8Array; unpacked: number; distinctItems: number } {
  const base = loadRecord(app, uid);
  const bank = loadBank(app.content);
  const blueprint = loadBlueprint(app.content, base.session.blueprintId);
  const table = new ItemTable();
  const lines: string[] = [];
  const attempts: ResultManifest['attempts'] = [];
  for (let i = 0; i < n; i++) {
    const paper = drawPaper(blueprint, bank.questions, i + 1, bank.version);
    const right = (k: number) => (i * 31 + k * 17) % 10 < 7;
    const grades = paper.items.map((it, k) => (right(k) ? { outcome: 'correct' as const, score: it.points } : { outcome: 'wrong' as const, score: 0 }));
    const record: AttemptRecord = {
      ...base,
      uid: crypto.randomBytes(16).toString('hex'),
      candidate: { ...base.candidate, employeeId: `D${String(i).padStart(5, '0')}`, name: `考生${i}` },
      seed: paper.seed,
      contentVersion: paper.contentVersion,
      fingerprint: paperFingerprint(paper),
      maxScore: paper.maxScore,
      score: grades.reduce((s, g) => s + g.score, 0),
      items: paper.items,
      grades,
      answers: paper.items.map((it, k) => ({ no: it.no, response: right(k) ? (it.type === 'truefalse' ? Boolean(it.key[0]) : String(it.key[0] ?? '')) : '不知道', flagged: false, savedAt: base.startedAt + it.no * 20_000 })),
      essayGrades: [],
    };
    const line = JSON.stringify(compactRecord(record, table));
    lines.push(line);
    attempts.push({ uid: record.uid, sha256: sha256(line) });
  }
  return signedBundle(app, lines, attempts, table, base.session);
}

const SAMPLER = `
const { parentPort } = require('node:worker_threads');
let peak = process.memoryUsage.rss();
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 2);
parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); });
parentPort.postMessage('ready');`;

/** Runs `fn` (synchronous work) while a worker samples the process RSS. */
async function measured(fn: () => void): Promise<PhaseFigures> {
  const worker = new Worker(SAMPLER, { eval: true });
  await new Promise((resolve) => worker.once('message', resolve));
  const startRss = process.memoryUsage.rss();
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 10));
  const peak = await new Promise<number>((resolve) => {
    worker.once('message', resolve);
    worker.postMessage('stop');
  });
  await worker.terminate();
  return { ms, startRssMb: mb(startRss), peakRssMb: mb(peak) };
}

export async function benchBundles(opts: { attempts?: number } = {}): Promise<BundleBenchResult> {
  const n = opts.attempts ?? 10_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-bundles-'));
  const apps: App[] = [];
  try {
    const content = contentDb(dir);
    const a = await openApp({ dataDir: path.join(dir, 'pc-a'), bundledContentDb: content });
    apps.push(a);
    const b = await openApp({ dataDir: path.join(dir, 'pc-b'), bundledContentDb: content });
    apps.push(b);
    const uid = await oneFinishedAttempt(createGateway(a), a);
    const { zip, unpacked, distinctItems } = cloneBundle(a, uid, n);

    await unwrap(createGateway(b).call('auth.setupAdmin', { employeeId: 'A001', name: '人事管理员', password: 'admin-pass-1' }));
    const hr = b.user.prepare("SELECT id FROM people WHERE role = 'admin'").pluck().get() as number;
    trustInstallation(b, hr, exportIdentityFile(a).base64, 'bench');

    let parsedLines = 0;
    const baseline = await measured(() => {
      const files = unzipSync(zip);
      for (const name of ['attempts.jsonl', 'items.jsonl']) {
        const text = Buffer.from(files[name]).toString('utf8');
        for (const line of text.slice(0, -1).split('\n')) {
          JSON.parse(line);
          parsedLines += 1;
        }
      }
    });
    if (parsedLines !== n + distinctItems) throw new Error('baseline parsed the wrong number of lines');
    const verify = await measured(() => {
      if (parseResultBundle(zip).records.length !== n) throw new Error('verify: wrong count');
    });
    let added = 0;
    const imported = await measured(() => {
      added = importBundle(b, hr, zip).added;
    });
    if (added !== n || (b.user.prepare('SELECT count(*) FROM attempt_records').pluck().get() as number) !== n) throw new Error('import: wrong count');

    // Every candidate a paper of their own, imported by a third PC that trusts A.
    const c = await openApp({ dataDir: path.join(dir, 'pc-c'), bundledContentDb: content });
    apps.push(c);
    await unwrap(createGateway(c).call('auth.setupAdmin', { employeeId: 'A001', name: '人事管理员', password: 'admin-pass-1' }));
    const hrC = c.user.prepare("SELECT id FROM people WHERE role = 'admin'").pluck().get() as number;
    trustInstallation(c, hrC, exportIdentityFile(a).base64, 'bench');
    const distinct = distinctPapersBundle(a, uid, n);
    let addedDistinct = 0;
    const distinctImport = await measured(() => {
      addedDistinct = importBundle(c, hrC, distinct.zip).added;
    });
    if (addedDistinct !== n) throw new Error('import (distinct papers): wrong count');
    const targetMs = 5_000;
    return {
      attempts: n,
      bundleMb: mb(zip.length),
      unpackedMb: mb(unpacked),
      distinctItems,
      baseline,
      verify,
      import: imported,
      distinctPapers: { bundleMb: mb(distinct.zip.length), unpackedMb: mb(distinct.unpacked), distinctItems: distinct.distinctItems, import: distinctImport },
      targetMs,
      meetsTarget: imported.ms <= targetMs && distinctImport.ms <= targetMs,
    };
  } finally {
    for (const app of apps) app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatBundleBench(r: BundleBenchResult): string {
  const phase = (name: string, p: PhaseFigures) => `  ${name.padEnd(34)} ${(p.ms / 1000).toFixed(2)} s   RSS ${p.startRssMb.toFixed(0)} → peak ${p.peakRssMb.toFixed(0)} MB`;
  return [
    `Result bundle import: ${r.attempts.toLocaleString('en')} attempts, ${r.bundleMb.toFixed(1)} MB zip (${r.unpackedMb.toFixed(1)} MB unpacked, ${r.distinctItems} distinct question snapshots)`,
    phase('baseline: unzip + JSON.parse', r.baseline),
    phase('verify only (parseResultBundle)', r.verify),
    phase('import (verify + one transaction)', r.import),
    `  every candidate a different paper: ${r.distinctPapers.bundleMb.toFixed(1)} MB zip (${r.distinctPapers.unpackedMb.toFixed(1)} MB unpacked, ${r.distinctPapers.distinctItems.toLocaleString('en')} distinct question snapshots)`,
    phase('import (verify + one transaction)', r.distinctPapers.import),
    `  target ≤ ${(r.targetMs / 1000).toFixed(0)} s: ${r.meetsTarget ? 'met' : 'NOT met'} (${(r.import.ms / r.baseline.ms).toFixed(1)}× the bare unzip + parse of the first bundle)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatBundleBench(await benchBundles()));
}
