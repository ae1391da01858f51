/**
 * HR export figures (issue "Score records…", Measured): 100,000 answer rows exported to CSV and XLSX
 * (all four sheets, as `kb export` writes them, item statistics included) beside exceljs's bare streaming
 * writer writing the same answer rows, in the same run. Each case runs in its own process, so its peak
 * RSS (VmHWM) is its own. Targets: XLSX ≤ 1.5× the bare streaming write and ≤ 250 MB peak; CSV ≤ 0.5 s.
 *
 * The records are synthetic certification attempts written straight into imported_attempts (as a merged
 * result bundle stores them): papers drawn by the real paper drawer from the real bank, one distinct paper
 * per attempt, answers and grades at random — no exams run through the API.
 * `benchExports()` returns the figures; run this file directly to print them.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { compileContent, formatIssues } from '../db/content/compile';
import { CONTENT_SCHEMA_VERSION } from '../db/content/schema';
import { writeContentDb } from '../db/content/writeDb';
import { createPerson } from '../electron/services/accounts.service';
import { openApp } from '../electron/services/app';
import { drawPaper, sfc32 } from '../electron/services/paper';
import { loadBank, loadBlueprint } from '../electron/services/questionBank';
import { importedColumns } from '../electron/services/bundles/resultBundle';
import { compactRecord, ItemTable, storeItems, type AttemptRecord } from '../electron/services/records/attemptRecord';
import { median } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface ExportCase {
  /** median wall time of the export itself (process start and imports excluded) */
  ms: number;
  /** largest peak RSS over the rounds */
  maxRssMiB: number;
  bytes: number;
}

export interface ExportBenchResult {
  attempts: number;
  answerRows: number;
  rounds: number;
  csv: ExportCase;
  /** the app's CSV download: the same files deflated into one .zip */
  csvZip: ExportCase;
  xlsx: ExportCase;
  bareXlsx: ExportCase;
  /** the answer rows alone, already in memory, formatted and written as one CSV file */
  bareCsv: ExportCase;
  /** xlsx / bare (target ≤ 1.5) */
  ratio: number;
  meetsTarget: { xlsxRatio: boolean; xlsxRss: boolean; csv: boolean };
}

/** dist/content/content.db when it is built and of the current layout; else the course compiled into `dir`. */
export function contentDb(dir: string): string {
  const built = path.resolve(ROOT, 'dist', 'content', 'content.db');
  if (fs.existsSync(built)) {
    const db = new Database(built, { readonly: true });
    const current = db.pragma('user_version', { simple: true }) === CONTENT_SCHEMA_VERSION;
    db.close();
    if (current) return built;
  }
  const { course, issues } = compileContent(path.resolve(ROOT, 'content'));
  if (!course) throw new Error(formatIssues(issues));
  const file = path.join(dir, 'content.db');
  writeContentDb(course, file);
  return file;
}

/** Writes attempts with `rows` answer rows in all into imported_attempts; returns the attempt count. */
export async function seed(dataDir: string, content: string, rows: number): Promise<number> {
  const app = await openApp({ dataDir, bundledContentDb: content });
  try {
    const db = app.user;
    const admin = createPerson(db, Date.now(), null, { employeeId: 'A001', name: '人事管理员', branch: '', role: 'admin', secret: 'bench-pass-1' });
    const bank = loadBank(app.content);
    const blueprint = loadBlueprint(app.content, 'certification');
    const rand = sfc32(42);
    const random = () => rand() / 2 ** 32;
    const bundle = db
      .prepare(
        "INSERT INTO result_bundles (sha256, signer_fingerprint, signer_public_key, signer_label, manifest, signature, status, attempt_count, received_by, received_at) VALUES ('bench', 'bench', 'bench', '基准', '{}', 'bench', 'merged', 0, ?, 0)",
      )
      .run(admin.id).lastInsertRowid;
    const insert = db.prepare(
      `INSERT INTO imported_attempts (uid, bundle_id, record, record_sha256, session_code, session_title, blueprint_id, exam_date, room, employee_id, name, branch, score, max_score, pass_score, state, submit_kind, fingerprint, started_at, submitted_at)
       VALUES (@uid, @bundle, @record, @sha256, @session_code, @session_title, @blueprint_id, @exam_date, @room, @employee_id, @name, @branch, @score, @max_score, @pass_score, @state, @submit_kind, @fingerprint, @started_at, @submitted_at)`,
    );
    // As a merged bundle stores them: the signed manifest lists each record's hash and the item table.
    const table = new ItemTable();
    const listed: { uid: string; sha256: string }[] = [];
    let written = 0;
    let attempts = 0;
    db.transaction(() => {
      while (written < rows) {
        const paper = drawPaper(blueprint, bank.questions, attempts + 1, bank.version);
        const items = paper.items.slice(0, rows - written);
        const ability = 0.3 + 0.65 * random();
        const grades = items.map((it) => (random() < ability ? { outcome: 'correct' as const, score: it.points } : { outcome: 'wrong' as const, score: 0 }));
        const score = Math.round(grades.reduce((s, g) => s + g.score, 0) * 100) / 100;
        const maxScore = items.reduce((s, it) => s + it.points, 0);
        const startedAt = Date.UTC(2025, 5, 2 + (attempts % 28), 1) + attempts * 1000;
        const uid = `b${attempts.toString(16).padStart(31, '0')}`;
        const record: AttemptRecord = {
          format: 'kefucert-attempt',
          version: 1,
          uid,
          session: { code: `S${String(Math.floor(attempts / 40)).padStart(4, '0')}`, title: '2025年6月客服代表认证', blueprintId: 'certification', date: `2025-06-${String(2 + (attempts % 28)).padStart(2, '0')}`, room: '培训室A', timeLimitMinutes: 90, passScore: paper.passScore, settings: {} },
          candidate: { employeeId: `E${String(attempts).padStart(6, '0')}`, name: `考生${attempts}`, branch: ['城东营业厅', '城西营业厅', '城南营业厅'][attempts % 3], walkIn: false },
          seed: paper.seed,
          contentVersion: paper.contentVersion,
          fingerprint: 'f'.repeat(64),
          scoring: paper.scoring,
          maxScore,
          startedAt,
          deadline: startedAt + 90 * 60_000,
          status: 'submitted',
          submittedAt: startedAt + 40 * 60_000,
          submitKind: 'candidate',
          score,
          pendingEssays: 0,
          extraMs: 0,
          reopenCount: 0,
          grades,
          items,
          answers: items.map((it, i) => ({ no: it.no, response: grades[i].score > 0 ? (it.type === 'truefalse' ? Boolean(it.key[0]) : String(it.key[0])) : '不知道', flagged: false, savedAt: startedAt + it.no * 20_000 })),
          answerLog: [],
          essayGrades: [],
          focusEvents: [],
          audit: [],
        };
        const compact = compactRecord(record, table);
        const line = JSON.stringify(compact);
        const sha256 = crypto.createHash('sha256').update(line).digest('hex');
        listed.push({ uid, sha256 });
        insert.run({ uid, bundle, record: line, sha256, ...importedColumns(compact) });
        written += items.length;
        attempts++;
      }
      storeItems(db, bundle, table.entries());
      const manifest = { format: 'kefucert-results', version: 2, attempts: listed, sessions: [], items: table.hashes };
      db.prepare('UPDATE result_bundles SET manifest = ?, attempt_count = ?, added_count = ? WHERE id = ?').run(JSON.stringify(manifest, null, 1), attempts, attempts, bundle);
    })();
    return attempts;
  } finally {
    app.close();
  }
}

function child(mode: string, content: string, dataDir: string): { ms: number; rows: number; bytes: number; maxRssMiB: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `kb-bench-export-${mode}-`));
  try {
    const text = execFileSync(process.execPath, ['--import', 'tsx', path.join('bench', 'exports.child.ts'), mode, content, dataDir, out], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
    return JSON.parse(text.trim().split('\n').pop()!) as { ms: number; rows: number; bytes: number; maxRssMiB: number };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export async function benchExports(opts: { rows?: number; rounds?: number } = {}): Promise<ExportBenchResult> {
  const rows = opts.rows ?? 100_000;
  const rounds = opts.rounds ?? 5;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-exports-'));
  try {
    const content = contentDb(dir);
    const dataDir = path.join(dir, 'data');
    const attempts = await seed(dataDir, content, rows);
    // Each case and the child mode that measures it.
    const modes = { csv: 'csv', csvZip: 'csv-zip', xlsx: 'xlsx', bareXlsx: 'bare', bareCsv: 'bare-csv' } as const;
    type Case = keyof typeof modes;
    const cases = Object.keys(modes) as Case[];
    const runs = Object.fromEntries(cases.map((c) => [c, [] as ReturnType<typeof child>[]])) as Record<Case, ReturnType<typeof child>[]>;
    // Interleaved, so a slow spell of the machine hits every case alike.
    for (let r = 0; r < rounds; r++) for (const c of cases) runs[c].push(child(modes[c], content, dataDir));
    const summarize = (xs: { ms: number; bytes: number; maxRssMiB: number }[]): ExportCase => ({
      ms: median(xs.map((x) => x.ms)),
      maxRssMiB: Math.max(...xs.map((x) => x.maxRssMiB)),
      bytes: xs[0].bytes,
    });
    const result = Object.fromEntries(cases.map((c) => [c, summarize(runs[c])])) as Record<Case, ExportCase>;
    const ratio = result.xlsx.ms / result.bareXlsx.ms;
    return {
      attempts,
      answerRows: rows,
      rounds,
      ...result,
      ratio,
      meetsTarget: { xlsxRatio: ratio <= 1.5, xlsxRss: result.xlsx.maxRssMiB * 1.048576 <= 250, csv: result.csv.ms <= 500 },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatExportBench(r: ExportBenchResult): string {
  const line = (name: string, c: ExportCase) => `  ${name.padEnd(34)} ${(c.ms / 1000).toFixed(2).padStart(6)} s   peak RSS ${c.maxRssMiB.toFixed(0).padStart(4)} MiB   ${(c.bytes / 2 ** 20).toFixed(1)} MiB`;
  return [
    `HR exports: ${r.answerRows.toLocaleString('en')} answer rows from ${r.attempts.toLocaleString('en')} attempts (median of ${r.rounds} rounds, each in its own process)`,
    line('CSV, 4 sheets (kb export)', r.csv),
    line('CSV, 4 sheets in one .zip (app)', r.csvZip),
    line('XLSX, 4 sheets, streaming', r.xlsx),
    line('bare exceljs streaming, answers', r.bareXlsx),
    line('bare CSV, answers', r.bareCsv),
    `  XLSX / bare: ${r.ratio.toFixed(2)}× (target ≤ 1.5×); XLSX peak ${(r.xlsx.maxRssMiB * 1.048576).toFixed(0)} MB (≤ 250 MB); CSV ${(r.csv.ms / 1000).toFixed(2)} s (≤ 0.5 s; ${(r.csv.ms / r.bareCsv.ms).toFixed(2)}× the bare CSV write)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchExports({ rounds: Number(process.argv[2] ?? 3) });
  console.log(formatExportBench(r));
}
