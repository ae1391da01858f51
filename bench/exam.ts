/**
 * Certification exam figures (issue "Certification exams", Measured):
 * - answer autosave through the whole API path — gateway → router (zod validation, role check) → exam
 *   tick (clock check, expired attempts) → service → one transaction (answer upsert, append-only answer
 *   log, last-seen) committed with synchronous=FULL — p50/p99, and the same over the HTTP bridge;
 * - beside a bare better-sqlite3 one-row upsert in WAL mode with synchronous=FULL, interleaved with
 *   the API saves on the same disk (the target: our p99 ≤ 3× the bare FULL p99), and with NORMAL;
 * - grading 1,000 certification attempts: in memory (gradeAttempt) and through the database as the
 *   server finalises them (read answers, grade, write, audit — one transaction each).
 * `benchExam()` returns the figures; run this file directly to print them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { compileContent, formatIssues } from '../db/content/compile';
import { writeContentDb } from '../db/content/writeDb';
import { openApp, type App } from '../electron/services/app';
import { createGateway, type Gateway } from '../electron/api/gateway';
import { startBridge } from '../electron/bridge/server';
import { gradeAttempt } from '../electron/services/examGrading';
import { finalizeAttempt } from '../electron/services/examLifecycle';
import { drawPaper, type Paper } from '../electron/services/paper';
import { loadBank, loadBlueprint } from '../electron/services/questionBank';
import type { ResponseValue } from '../electron/shared/practiceTypes';
import { percentiles, type Percentiles } from './stats';

export interface ExamBenchResult {
  samples: number;
  /** ms per saved answer */
  autosaveApi: Percentiles;
  autosaveHttp: Percentiles;
  bareUpsertFull: Percentiles;
  bareUpsertNormal: Percentiles;
  /** our API p99 / bare FULL p99 (target ≤ 3) */
  ratioP99: number;
  meetsTarget: boolean;
  grading: {
    attempts: number;
    questionsPerAttempt: number;
    inMemoryMs: number;
    /** finalising through user.db: read, grade, write and audit, one FULL-synchronous transaction each */
    throughDbMs: number;
    perAttemptDbMs: number;
  };
}

const now = () => performance.now();

function contentDb(dir: string): string {
  const built = path.resolve(import.meta.dirname, '..', 'dist', 'content', 'content.db');
  if (fs.existsSync(built)) return built;
  const { course, issues } = compileContent(path.resolve(import.meta.dirname, '..', 'content'));
  if (!course) throw new Error(formatIssues(issues));
  const file = path.join(dir, 'content.db');
  writeContentDb(course, file);
  return file;
}

function responseFor(item: Paper['items'][number], i: number): ResponseValue {
  switch (item.type) {
    case 'truefalse':
      return i % 2 === 0;
    case 'fill':
    case 'essay':
      return `答案${i}`;
    case 'multiple':
      return i % 2 ? ['A', 'B'] : ['A'];
    default:
      return 'ABCD'[i % Math.min(4, item.options.length)];
  }
}

async function unwrap<T>(p: Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error?.code);
  return r.value as T;
}

/** A proctor, an open session with `candidates` on the roster; returns the candidate session tokens. */
async function examSetup(gateway: Gateway, candidates: number): Promise<{ tokens: string[]; proctor: string }> {
  const admin = await unwrap<{ session: string }>(gateway.call('auth.setupAdmin', { employeeId: 'A001', name: '管理员', password: 'admin-pass-1' }));
  await unwrap(gateway.call('accounts.create', { employeeId: 'P001', name: '监考', branch: '', role: 'proctor', password: 'proctor-pass-1' }, admin.session));
  const proctor = (await unwrap<{ session: string }>(gateway.call('auth.staffSignIn', { employeeId: 'P001', password: 'proctor-pass-1' }))).session;
  const roster = Array.from({ length: candidates }, (_, i) => ({ employeeId: `E${String(i).padStart(4, '0')}`, name: `考生${i}`, branch: '' }));
  const s = await unwrap<{ id: number; code: string }>(
    gateway.call('proctor.createSession', { blueprintId: 'certification', title: 'bench', date: '2025-06-02', timeLimitMinutes: 600, passScore: 60, roster }, proctor),
  );
  await unwrap(gateway.call('proctor.setSessionStatus', { sessionId: s.id, action: 'open' }, proctor));
  const tokens: string[] = [];
  for (const c of roster) {
    const r = await unwrap<{ session: string }>(gateway.call('exam.signIn', { employeeId: c.employeeId, code: s.code }));
    await unwrap(gateway.call('exam.start', {}, r.session));
    tokens.push(r.session);
  }
  return { tokens, proctor };
}

/** A bare better-sqlite3 one-row upsert in WAL mode on its own file: `save()` times one commit. */
function bareUpsert(dir: string, synchronous: 'FULL' | 'NORMAL'): { save(i: number): number; close(): void } {
  const db = new Database(path.join(dir, `bare-${synchronous}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE answers (attempt_id INTEGER NOT NULL, item_no INTEGER NOT NULL, response TEXT, saved_at INTEGER NOT NULL, PRIMARY KEY (attempt_id, item_no)) WITHOUT ROWID');
  const upsert = db.prepare(
    'INSERT INTO answers (attempt_id, item_no, response, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT (attempt_id, item_no) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at',
  );
  return {
    save(i) {
      const t0 = now();
      upsert.run(1, (i % 72) + 1, JSON.stringify('ABCD'[i % 4]), Date.now());
      return now() - t0;
    },
    close: () => db.close(),
  };
}

export async function benchExam(opts: { samples?: number; warmup?: number; attempts?: number } = {}): Promise<ExamBenchResult> {
  const samples = opts.samples ?? 2000;
  const warmup = opts.warmup ?? 200;
  const attempts = opts.attempts ?? 1000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-exam-'));
  let app: App | null = null;
  try {
    app = await openApp({ dataDir: path.join(dir, 'data'), bundledContentDb: contentDb(dir) });
    const gateway = createGateway(app);
    const { tokens } = await examSetup(gateway, 1);
    const token = tokens[0];
    const state = await unwrap<{ attempt: { id: number } }>(gateway.call('exam.state', {}, token));
    const paper = JSON.parse(app.user.prepare('SELECT paper FROM exam_attempts WHERE id = ?').pluck().get(state.attempt.id) as string) as Paper;

    // ---- autosave through the API (in process: what the Electron IPC handler calls), each save followed
    // by a bare FULL upsert on the same disk, so that both see the same moments of the disk's latency
    const api: number[] = [];
    const bareFull: number[] = [];
    const full = bareUpsert(dir, 'FULL');
    try {
      for (let i = 0; i < warmup + samples; i++) {
        const item = paper.items[i % paper.items.length];
        const t0 = now();
        const r = await gateway.call('exam.saveAnswer', { no: item.no, response: responseFor(item, i) }, token);
        const dt = now() - t0;
        if (!r.ok) throw new Error(`saveAnswer: ${r.error.code}`);
        const bare = full.save(i);
        if (i >= warmup) {
          api.push(dt);
          bareFull.push(bare);
        }
      }
    } finally {
      full.close();
    }

    // ---- the same over the HTTP bridge (loopback, JSON, per-run token)
    const bridge = await startBridge({ gateway, rendererDir: dir });
    const http: number[] = [];
    try {
      for (let i = 0; i < warmup + samples; i++) {
        const item = paper.items[i % paper.items.length];
        const t0 = now();
        const res = await fetch(`http://127.0.0.1:${bridge.port}/api/exam.saveAnswer`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-KB-Token': bridge.token, 'X-KB-Session': token },
          body: JSON.stringify({ no: item.no, response: responseFor(item, i) }),
        });
        const body = (await res.json()) as { ok: boolean };
        const dt = now() - t0;
        if (!body.ok) throw new Error('saveAnswer over HTTP failed');
        if (i >= warmup) http.push(dt);
      }
    } finally {
      await bridge.close();
    }

    // ---- a bare upsert without the fsync, for scale
    const normal = bareUpsert(dir, 'NORMAL');
    const bareNormal = Array.from({ length: warmup + samples }, (_, i) => normal.save(i)).slice(warmup);
    normal.close();

    // ---- grading 1,000 attempts of the certification paper
    const bank = loadBank(app.content);
    const blueprint = loadBlueprint(app.content, 'certification');
    const papers = Array.from({ length: attempts }, (_, i) => drawPaper(blueprint, bank.questions, i + 1, bank.version));
    const answers = papers.map((p, i) => new Map(p.items.map((it) => [it.no, responseFor(it, it.no + i)] as const)));
    const title = (id: string) => id;
    let t0 = now();
    for (let i = 0; i < attempts; i++) gradeAttempt(papers[i], answers[i], [], title);
    const inMemoryMs = now() - t0;

    // Through the database: 1,000 attempts with 20 answers each, finalised by the server one by one.
    const db = app.user;
    const sessionId = db.prepare('SELECT session_id FROM exam_attempts WHERE id = ?').pluck().get(state.attempt.id) as number;
    const ids = db.transaction(() => {
      const out: number[] = [];
      const insertCandidate = db.prepare("INSERT INTO exam_candidates (session_id, employee_id, name, branch, walk_in, added_at) VALUES (?, ?, '考生', '', 0, 0)");
      const insertAttempt = db.prepare(
        "INSERT INTO exam_attempts (session_id, candidate_id, seed, content_version, paper, fingerprint, started_at, deadline, last_seen_at, status) VALUES (?, ?, ?, ?, ?, '', 0, ?, 0, 'in_progress')",
      );
      const insertAnswer = db.prepare("INSERT INTO exam_answers (attempt_id, item_no, response, flagged, saved_at, saved_mono, run_id) VALUES (?, ?, ?, 0, 0, 0, 'bench')");
      papers.forEach((p, i) => {
        const c = Number(insertCandidate.run(sessionId, `G${i}`).lastInsertRowid);
        const a = Number(insertAttempt.run(sessionId, c, p.seed, p.contentVersion, JSON.stringify(p), Date.now() + 3_600_000).lastInsertRowid);
        for (const it of p.items.slice(0, 20)) insertAnswer.run(a, it.no, JSON.stringify(answers[i].get(it.no)));
        out.push(a);
      });
      return out;
    })();
    t0 = now();
    for (const id of ids) finalizeAttempt(app, id, { kind: 'proctor', actorId: null, reason: 'bench' });
    const throughDbMs = now() - t0;

    const autosaveApi = percentiles(api);
    const bareUpsertFull = percentiles(bareFull);
    const ratioP99 = autosaveApi.p99 / bareUpsertFull.p99;
    return {
      samples,
      autosaveApi,
      autosaveHttp: percentiles(http),
      bareUpsertFull,
      bareUpsertNormal: percentiles(bareNormal),
      ratioP99,
      meetsTarget: ratioP99 <= 3,
      grading: { attempts, questionsPerAttempt: papers[0].items.length, inMemoryMs, throughDbMs, perAttemptDbMs: throughDbMs / attempts },
    };
  } finally {
    app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatExamBench(r: ExamBenchResult): string {
  const f = (p: Percentiles) => `p50 ${p.p50.toFixed(3)} / p95 ${p.p95.toFixed(3)} / p99 ${p.p99.toFixed(3)} ms`;
  return [
    `answer autosave, ${r.samples} samples each (synchronous=FULL unless noted):`,
    `  API path (gateway → router → tick → service → transaction): ${f(r.autosaveApi)}`,
    `  same over the HTTP bridge (loopback):                      ${f(r.autosaveHttp)}`,
    `  bare better-sqlite3 one-row upsert, FULL:                  ${f(r.bareUpsertFull)}`,
    `  bare better-sqlite3 one-row upsert, NORMAL:                ${f(r.bareUpsertNormal)}`,
    `  API p99 / bare FULL p99 = ${r.ratioP99.toFixed(2)} (target ≤ 3: ${r.meetsTarget ? 'met' : 'NOT met'})`,
    `grading ${r.grading.attempts} certification attempts of ${r.grading.questionsPerAttempt} questions:`,
    `  in memory ${r.grading.inMemoryMs.toFixed(1)} ms; finalised through user.db ${r.grading.throughDbMs.toFixed(0)} ms (${r.grading.perAttemptDbMs.toFixed(2)} ms each)`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const r = await benchExam({ samples: Number(process.env.SAMPLES ?? 2000) });
  console.log(formatExamBench(r));
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
}
