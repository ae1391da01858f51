/**
 * Paper generation and grading figures (issue "Certification exams", Measured):
 * - drawing a 100-question paper from a 10,000-item bank (target ≤ 20 ms), beside the course's own
 *   mock and certification blueprints on the same bank, and the first draw on a bank (which builds
 *   the per-bank index the later draws reuse);
 * - reading that bank from a content.db once (the bank is cached per connection afterwards);
 * - grading 1,000 attempts of 100 questions.
 * `benchPaper()` returns the figures; run this file directly to print them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { compileContent, formatIssues } from '../db/content/compile';
import type { QuestionSource } from '../db/content/model';
import { contentSchemaSql } from '../db/content/schema';
import { gradePaper } from '../electron/services/grading';
import { drawPaper, sfc32, type Paper } from '../electron/services/paper';
import { loadBank, type BlueprintSpec } from '../electron/services/questionBank';
import type { ResponseValue } from '../electron/shared/practiceTypes';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PaperBenchResult {
  bankSize: number;
  runs: number;
  /** ms per paper */
  draw100: Percentiles;
  drawMock: Percentiles & { questions: number };
  drawCertification: Percentiles & { questions: number };
  /** ms of the first draw on a bank (builds its type index and rule pools, cached afterwards); median of 5 */
  firstDrawMs: number;
  /** ms to read the 10,000-item bank from content.db (first use per connection) */
  loadBankMs: number;
  grading: { attempts: number; questionsPerAttempt: number; totalMs: number; perAttemptMs: number };
  targetMs: number;
  meetsTarget: boolean;
}

const BLUEPRINT_100: BlueprintSpec = {
  id: 'bench-100',
  kind: 'certification',
  title: 'bench: 100 questions',
  timeLimitMinutes: 120,
  passScore: 60,
  multipleChoiceScoring: 'partial',
  draw: [
    { type: 'single', count: 40, points: 1, chapters: 'all', difficulty: { 1: 15, 2: 15, 3: 10 } },
    { type: 'multiple', count: 20, points: 2, chapters: 'all' },
    { type: 'truefalse', count: 20, points: 1, chapters: 'all' },
    { type: 'fill', count: 10, points: 1, chapters: 'all' },
    { type: 'scenario', count: 8, points: 2, chapters: 'all' },
    { type: 'essay', count: 2, points: 5, chapters: 'all' },
  ],
};

function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(s[s.length - 1]) };
}

/** The course's bank copied (same types, chapters and difficulties) until it holds `size` items. */
function scaledBank(base: QuestionSource[], size: number): QuestionSource[] {
  const out: QuestionSource[] = [];
  for (let copy = 0; out.length < size; copy++) {
    for (const q of base) {
      if (out.length >= size) break;
      out.push({ ...q, id: `${q.id}-x${String(copy).padStart(3, '0')}` });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function timeDraws(blueprint: BlueprintSpec, bank: QuestionSource[], runs: number): { stats: Percentiles; questions: number } {
  let questions = 0;
  for (let i = 0; i < 100; i++) questions = drawPaper(blueprint, bank, 1_000_000 + i, 'bench').items.length; // warm-up (JIT)
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    drawPaper(blueprint, bank, i + 1, 'bench');
    samples.push(performance.now() - t);
  }
  return { stats: percentiles(samples), questions };
}

function loadBankFromDb(bank: QuestionSource[]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-paper-'));
  try {
    const file = path.join(dir, 'content.db');
    const db = new Database(file);
    db.exec(contentSchemaSql);
    db.exec("INSERT INTO meta (key, value) VALUES ('content_version', 'bench')");
    const chapters = [...new Set(bank.map((q) => q.chapterId))];
    const ch = db.prepare("INSERT INTO chapters (id, ord, title, summary, intro, objectives, sources) VALUES (?, ?, ?, '', '', '[]', '[]')");
    const ins = db.prepare(
      `INSERT INTO questions (id, chapter_id, section_id, type, difficulty, stem, options, answer, explanation, reference, key_points, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      chapters.forEach((c, i) => ch.run(c, i, c));
      for (const q of bank) {
        ins.run(q.id, q.chapterId, q.sectionId, q.type, q.difficulty, q.stem, JSON.stringify(q.options), JSON.stringify(q.answer), q.explanation, q.reference, JSON.stringify(q.keyPoints), q.source);
      }
    })();
    db.close();
    const ro = new Database(file, { readonly: true });
    const t = performance.now();
    const loaded = loadBank(ro);
    const ms = performance.now() - t;
    if (loaded.questions.length !== bank.length) throw new Error('bank did not load fully');
    ro.close();
    return Math.round(ms * 100) / 100;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Responses of a middling candidate: mostly right, some wrong, a few blank. */
function responsesFor(paper: Paper, seed: number): Map<number, ResponseValue> {
  const rand = sfc32(seed);
  const out = new Map<number, ResponseValue>();
  for (const it of paper.items) {
    const roll = rand() % 10;
    if (roll === 0) continue;
    const right = roll < 7;
    switch (it.type) {
      case 'truefalse':
        out.set(it.no, right ? (it.key[0] as boolean) : !it.key[0]);
        break;
      case 'fill':
        out.set(it.no, right ? `${String(it.key[0])}。` : '不知道');
        break;
      case 'essay':
        out.set(it.no, '作答内容');
        break;
      case 'multiple':
        out.set(it.no, right ? (it.key as string[]).slice(0, 1 + (rand() % it.key.length)) : ['A', 'B']);
        break;
      default:
        out.set(it.no, right ? (it.key[0] as string) : it.key[0] === 'A' ? 'B' : 'A');
    }
  }
  return out;
}

export function benchPaper(opts: { contentDir?: string; bankSize?: number; runs?: number; attempts?: number } = {}): PaperBenchResult {
  const { course, issues } = compileContent(opts.contentDir ?? path.resolve('content'));
  if (!course) throw new Error(`content/ does not compile:\n${formatIssues(issues)}`);
  const bankSize = opts.bankSize ?? 10_000;
  const runs = opts.runs ?? 500;
  const bank = scaledBank(course.questions, bankSize);
  const spec = (id: string): BlueprintSpec => {
    const { file: _f, line: _l, drawLines: _d, ...b } = course.blueprints.find((x) => x.id === id)!;
    return b;
  };

  const d100 = timeDraws(BLUEPRINT_100, bank, runs);
  const mock = timeDraws(spec('mock'), bank, runs);
  const cert = timeDraws(spec('certification'), bank, runs);
  const loadBankMs = loadBankFromDb(bank);
  const cold = Array.from({ length: 5 }, (_, i) => {
    const fresh = [...bank]; // a new array: nothing cached for it yet
    const t0 = performance.now();
    drawPaper(BLUEPRINT_100, fresh, 9_000 + i, 'bench');
    return performance.now() - t0;
  });

  const attempts = opts.attempts ?? 1000;
  const papers = Array.from({ length: attempts }, (_, i) => drawPaper(BLUEPRINT_100, bank, 5_000 + i, 'bench'));
  const answers = papers.map((p, i) => responsesFor(p, i));
  gradePaper(papers[0], answers[0]); // warm-up
  const t = performance.now();
  let total = 0;
  for (let i = 0; i < attempts; i++) total += gradePaper(papers[i], answers[i]).score;
  const totalMs = performance.now() - t;
  if (!(total > 0)) throw new Error('grading produced no score');

  return {
    bankSize,
    runs,
    draw100: d100.stats,
    drawMock: { ...mock.stats, questions: mock.questions },
    drawCertification: { ...cert.stats, questions: cert.questions },
    firstDrawMs: Math.round(percentiles(cold).p50 * 1000) / 1000,
    loadBankMs,
    grading: { attempts, questionsPerAttempt: papers[0].items.length, totalMs: Math.round(totalMs * 100) / 100, perAttemptMs: Math.round((totalMs / attempts) * 1000) / 1000 },
    targetMs: 20,
    meetsTarget: d100.stats.p99 <= 20,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(JSON.stringify(benchPaper(), null, 2));
}
