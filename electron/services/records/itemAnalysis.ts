/**
 * Item analysis as Moodle's quiz statistics compute it (Moodle docs "Quiz statistics calculations" and
 * question/classes/statistics/questions/calculator.php, secondary_steps_walker / secondary_question_walker).
 * For an item i taken in the attempts S_i (those whose paper held it), with x the item score, max its
 * points and r = X − x the rest-of-test score:
 *   facility F     = 100 · mean(x) / max
 *   SD             = 100 · sqrt(Σ(x − x̄)² / (n − 1)) / max
 *   discrimination = 100 · C(x, r) / sqrt(V(x) · V(r))             (Pearson r of item vs rest of test)
 *   efficiency     = 100 · C(x, r) / C_max(x, r)                   (C_max: x and r each sorted ascending, then paired)
 * C and V divide by n − 1 as Moodle does; the ratios do not depend on that choice. Discrimination is null
 * when either variance is 0, efficiency when C_max is 0, both with fewer than 2 attempts (SD is then 0).
 * Questions drawn at random into different papers are analysed over the attempts that saw them, like
 * Moodle's random questions. If an item's points differ between papers, F and SD use the mean points.
 */

export interface ItemScore {
  score: number;
  max: number;
}

export interface AttemptScores {
  /** Score of each item on this attempt's paper, by question id. */
  itemScores: Map<string, ItemScore>;
  /** The attempt's total score (the sum of its item scores). */
  total: number;
}

export type DiscriminationFlag = 'negative' | 'weak' | null;

export interface ItemFigures {
  attempts: number;
  facility: number;
  /** 0 with fewer than 2 attempts. */
  sd: number;
  discrimination: number | null;
  efficiency: number | null;
  flag: DiscriminationFlag;
}

/** Below this discrimination index (in %) an item barely tells stronger from weaker candidates. */
export const WEAK_DISCRIMINATION = 10;

export function discriminationFlag(discrimination: number | null): DiscriminationFlag {
  if (discrimination === null) return null;
  if (discrimination < 0) return 'negative';
  return discrimination < WEAK_DISCRIMINATION ? 'weak' : null;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Σ (a_k − ā)(b_k − b̄) over paired values. */
function crossSum(a: ArrayLike<number>, b: ArrayLike<number>, meanA: number, meanB: number): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - meanA) * (b[k] - meanB);
  return s;
}

/** Figures of one item from its score, points and rest-of-test score on each attempt that had it. */
export function itemFigures(x: readonly number[], max: readonly number[], rest: readonly number[]): ItemFigures {
  const n = x.length;
  const maxMean = mean(max);
  const xMean = mean(x);
  const facility = maxMean > 0 ? (100 * xMean) / maxMean : 0;
  if (n < 2) return { attempts: n, facility, sd: 0, discrimination: null, efficiency: null, flag: null };
  const restMean = mean(rest);
  const df = n - 1;
  const varX = crossSum(x, x, xMean, xMean) / df;
  const varRest = crossSum(rest, rest, restMean, restMean) / df;
  const cov = crossSum(x, rest, xMean, restMean) / df;
  // Typed arrays sort numerically without a comparator call per comparison.
  const sortedX = Float64Array.from(x).sort();
  const sortedRest = Float64Array.from(rest).sort();
  const covMax = crossSum(sortedX, sortedRest, xMean, restMean) / df;
  // Sums of squares of equal values can come out as 1e-30 rather than 0: treat tiny variances as none.
  const EPS = 1e-12;
  const discrimination = varX > EPS && varRest > EPS ? (100 * cov) / Math.sqrt(varX * varRest) : null;
  const efficiency = covMax > EPS ? (100 * cov) / covMax : null;
  return {
    attempts: n,
    facility,
    sd: maxMean > 0 ? (100 * Math.sqrt(varX)) / maxMean : 0,
    discrimination,
    efficiency,
    flag: discriminationFlag(discrimination),
  };
}

/**
 * Gathers item scores attempt by attempt, straight into one set of columns per question (an export walks
 * 100,000 item scores: no map or row object per attempt). A question twice on one paper counts once,
 * with its scores and points summed.
 */
export function itemAnalysisBuilder() {
  const byQuestion = new Map<string, { x: number[]; max: number[]; rest: number[]; attempt: number }>();
  let attempt = 0;
  let total = 0;
  return {
    /** Starts the next attempt, whose total score is `attemptTotal`. */
    startAttempt(attemptTotal: number): void {
      attempt += 1;
      total = attemptTotal;
    },
    item(questionId: string, score: number, max: number): void {
      let c = byQuestion.get(questionId);
      if (!c) byQuestion.set(questionId, (c = { x: [], max: [], rest: [], attempt: 0 }));
      if (c.attempt === attempt) {
        const k = c.x.length - 1;
        c.x[k] += score;
        c.max[k] += max;
        c.rest[k] = total - c.x[k];
        return;
      }
      c.attempt = attempt;
      c.x.push(score);
      c.max.push(max);
      c.rest.push(total - score);
    },
    /** Item analysis of every question seen, by question id. */
    result(): Map<string, ItemFigures> {
      const out = new Map<string, ItemFigures>();
      for (const [questionId, c] of byQuestion) out.set(questionId, itemFigures(c.x, c.max, c.rest));
      return out;
    },
  };
}

/** Item analysis of every question that appears in the attempts, by question id. */
export function itemAnalysis(attempts: AttemptScores[]): Map<string, ItemFigures> {
  const builder = itemAnalysisBuilder();
  for (const a of attempts) {
    builder.startAttempt(a.total);
    for (const [questionId, s] of a.itemScores) builder.item(questionId, s.score, s.max);
  }
  return builder.result();
}
