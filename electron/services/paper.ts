/**
 * Papers drawn from a blueprint with a recorded seed. The same seed over the same bank gives the same
 * paper (question choice, question order and option order); each delivered question is snapshotted with
 * its key mapped to the delivered option order, so grading never looks at the bank again.
 * Used by mock exams now and by certification attempts later.
 */
import crypto from 'node:crypto';
import { eligibleQuestions } from '../../db/content/compile';
import { LETTERS, type DrawRule, type KeyPoint, type QuestionSource, type QuestionType } from '../../db/content/model';
import { AppError } from '../shared/errors';
import type { BlueprintSpec } from './questionBank';

export type Scoring = BlueprintSpec['multipleChoiceScoring'];

/** One delivered question, as stored with the attempt. */
export interface PaperItem {
  /** 1-based position on the paper. */
  no: number;
  questionId: string;
  chapterId: string;
  sectionId: string;
  type: QuestionType;
  difficulty: number;
  stem: string;
  /** Options in delivered order. */
  options: string[];
  /** Bank index of each delivered option (delivered A came from options[optionOrder[0]]). */
  optionOrder: number[];
  /** Letters in delivered order (sorted) for choice types, [true|false], accepted strings for fill, [] for essay. */
  key: (string | boolean)[];
  points: number;
  explanation: string;
  reference: string;
  keyPoints: KeyPoint[];
  contentVersion: string;
}

export interface Paper {
  blueprintId: string;
  title: string;
  seed: number;
  contentVersion: string;
  scoring: Scoring;
  timeLimitMinutes: number;
  passScore: number;
  maxScore: number;
  items: PaperItem[];
}

/** A fresh 32-bit seed, to be recorded with the attempt. */
export function newSeed(): number {
  return crypto.randomInt(0, 2 ** 32);
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) with its 128-bit state filled from the
 * 32-bit seed by splitmix32: fast, passes PractRand, and gives the same stream on every platform.
 */
export function sfc32(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Unbiased integer in [0, n) (rejection sampling; n ≤ 2^32). */
function below(rand: () => number, n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const x = rand();
    if (x < limit) return x % n;
  }
}

/** Fisher–Yates over the first `k` places: afterwards `arr[0..k)` is a uniform random k-subset in random order. */
function shuffleFirst<T>(arr: T[], k: number, rand: () => number): void {
  for (let i = 0; i < k; i++) {
    const j = i + below(rand, arr.length - i);
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
}

const CHOICE_TYPES: ReadonlySet<QuestionType> = new Set(['single', 'multiple', 'scenario']);

interface Bucket {
  rule: number;
  difficulty: number | undefined;
  need: number;
  /** Shared and cached: never reordered in place. */
  pool: readonly QuestionSource[];
}

// Per bank array (banks are never mutated: loadBank caches its result per content.db connection):
// questions by `type` / `type:difficulty`, and the eligible pool of each rule already seen, so a draw
// after the first does no filtering at all.
interface BankIndex {
  byType: Map<string, QuestionSource[]>;
  pools: Map<string, readonly QuestionSource[]>;
}
const indexes = new WeakMap<readonly QuestionSource[], BankIndex>();

function bankIndex(bank: readonly QuestionSource[]): BankIndex {
  let index = indexes.get(bank);
  if (!index) {
    const byType = new Map<string, QuestionSource[]>();
    for (const q of bank) {
      for (const k of [q.type, `${q.type}:${q.difficulty}`]) {
        const list = byType.get(k);
        if (list) list.push(q);
        else byType.set(k, [q]);
      }
    }
    index = { byType, pools: new Map() };
    indexes.set(bank, index);
  }
  return index;
}

function eligiblePool(index: BankIndex, rule: DrawRule, difficulty: number | undefined): readonly QuestionSource[] {
  const typeKey = difficulty === undefined ? rule.type : `${rule.type}:${difficulty}`;
  const key = `${typeKey}|${rule.chapters === 'all' ? '*' : rule.chapters.join(',')}`;
  let pool = index.pools.get(key);
  if (!pool) {
    // The compiler's own rule filter, so drawing and the build-time "can be drawn" check agree.
    pool = eligibleQuestions(rule, index.byType.get(typeKey) ?? [], difficulty);
    index.pools.set(key, pool);
  }
  return pool;
}

function buckets(draw: readonly DrawRule[], bank: readonly QuestionSource[]): Bucket[] {
  const index = bankIndex(bank);
  return draw.flatMap((rule, i) => {
    const parts = rule.difficulty
      ? Object.entries(rule.difficulty).map(([d, n]) => [Number(d), n ?? 0] as const)
      : [[undefined, rule.count] as const];
    return parts.map(([difficulty, need]) => ({ rule: i, difficulty, need, pool: eligiblePool(index, rule, difficulty) }));
  });
}

function deliver(q: QuestionSource, no: number, points: number, contentVersion: string, rand: () => number): PaperItem {
  let options = [...q.options];
  const optionOrder = options.map((_, i) => i);
  let key: (string | boolean)[] = [...q.answer];
  if (CHOICE_TYPES.has(q.type)) {
    shuffleFirst(optionOrder, optionOrder.length, rand);
    options = optionOrder.map((i) => q.options[i]);
    const deliveredIndex = new Map(optionOrder.map((orig, pos) => [orig, pos]));
    key = (q.answer as string[]).map((letter) => LETTERS[deliveredIndex.get(LETTERS.indexOf(letter))!]).sort();
  }
  return {
    no,
    questionId: q.id,
    chapterId: q.chapterId,
    sectionId: q.sectionId,
    type: q.type,
    difficulty: q.difficulty,
    stem: q.stem,
    options,
    optionOrder,
    key,
    points,
    explanation: q.explanation,
    reference: q.reference,
    keyPoints: q.keyPoints.map((k) => ({ ...k })),
    contentVersion,
  };
}

/**
 * Draws a paper. Questions keep the blueprint's section order (all 单选, then 多选, …) and are shuffled
 * within each draw rule; options of choice questions are shuffled. A question is never used twice.
 * The most constrained buckets (smallest pools) pick first, which keeps overlapping rules drawable.
 * `bank` must be in a stable order (loadBank's: by id) and not mutated afterwards (pools are cached per array).
 */
export function drawPaper(blueprint: BlueprintSpec, bank: readonly QuestionSource[], seed: number, contentVersion: string): Paper {
  const rand = sfc32(seed);
  const all = buckets(blueprint.draw, bank);
  const order = all.map((_, i) => i).sort((x, y) => all[x].pool.length - all[y].pool.length || x - y);
  const used = new Set<string>();
  const picked: QuestionSource[][] = blueprint.draw.map(() => []);
  for (const i of order) {
    const b = all[i];
    const pool = b.pool;
    let got = 0;
    // Fisher–Yates step by step over a virtual copy of the pool (only displaced slots are stored),
    // skipping questions an earlier bucket took: uniform over the unused ones, O(picks) not O(pool).
    const moved = new Map<number, number>();
    for (let k = 0; k < pool.length && got < b.need; k++) {
      const j = k + below(rand, pool.length - k);
      const pick = moved.get(j) ?? j;
      moved.set(j, moved.get(k) ?? k);
      const q = pool[pick];
      if (used.has(q.id)) continue;
      used.add(q.id);
      picked[b.rule].push(q);
      got++;
    }
    if (got < b.need) {
      const rule = blueprint.draw[b.rule];
      throw new AppError('not_found', {
        'zh-CN': `题库中的题目不足以按组卷方案 ${blueprint.id} 出题（第 ${b.rule + 1} 项：${rule.type}，需要 ${b.need} 道，可用 ${got} 道）。`,
        en: `The bank cannot fill blueprint ${blueprint.id}: draw ${b.rule + 1} (${rule.type}) needs ${b.need}, ${got} available.`,
      });
    }
  }
  const items: PaperItem[] = [];
  blueprint.draw.forEach((rule, r) => {
    const qs = picked[r];
    shuffleFirst(qs, qs.length, rand);
    for (const q of qs) items.push(deliver(q, items.length + 1, rule.points, contentVersion, rand));
  });
  return {
    blueprintId: blueprint.id,
    title: blueprint.title,
    seed: seed >>> 0,
    contentVersion,
    scoring: blueprint.multipleChoiceScoring,
    timeLimitMinutes: blueprint.timeLimitMinutes,
    passScore: blueprint.passScore,
    maxScore: items.reduce((s, it) => s + it.points, 0),
    items,
  };
}

/** What the fingerprint covers of one delivered question. */
export function fingerprintItemText(it: Pick<PaperItem, 'no' | 'questionId' | 'type' | 'stem' | 'options' | 'key' | 'points' | 'contentVersion'>): string {
  return JSON.stringify([it.no, it.questionId, it.type, it.stem, it.options, it.key, it.points, it.contentVersion]);
}

/** SHA-256 of the snapshot (everything delivered and the keys): shown on results and records. */
export function paperFingerprint(paper: Pick<Paper, 'blueprintId' | 'seed' | 'contentVersion' | 'items'>): string {
  return fingerprintOfTexts(paper, paper.items.map(fingerprintItemText));
}

/** The fingerprint from each question's fingerprintItemText, for callers that reuse them across papers. */
export function fingerprintOfTexts(paper: Pick<Paper, 'blueprintId' | 'seed' | 'contentVersion'>, itemTexts: readonly string[]): string {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify([paper.blueprintId, paper.seed, paper.contentVersion]));
  h.update(itemTexts.join(''));
  return h.digest('hex');
}
