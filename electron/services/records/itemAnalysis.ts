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

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Σ (a_k − ā)(b_k − b̄) over paired values. */
function crossSum(a: number[], b: number[], meanA: number, meanB: number): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - meanA) * (b[k] - meanB);
  return s;
}

/** Figures of one item from its (score, points, rest-of-test) triples. */
export function itemFigures(rows: { score: number; max: number; rest: number }[]): ItemFigures {
  const n = rows.length;
  const x = rows.map((r) => r.score);
  const rest = rows.map((r) => r.rest);
  const maxMean = mean(rows.map((r) => r.max));
  const xMean = mean(x);
  const facility = maxMean > 0 ? (100 * xMean) / maxMean : 0;
  if (n < 2) return { attempts: n, facility, sd: 0, discrimination: null, efficiency: null, flag: null };
  const restMean = mean(rest);
  const df = n - 1;
  const varX = crossSum(x, x, xMean, xMean) / df;
  const varRest = crossSum(rest, rest, restMean, restMean) / df;
  const cov = crossSum(x, rest, xMean, restMean) / df;
  const sortedX = [...x].sort((a, b) => a - b);
  const sortedRest = [...rest].sort((a, b) => a - b);
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

/** Item analysis of every question that appears in the attempts, by question id. */
export function itemAnalysis(attempts: AttemptScores[]): Map<string, ItemFigures> {
  const rows = new Map<string, { score: number; max: number; rest: number }[]>();
  for (const a of attempts) {
    for (const [questionId, s] of a.itemScores) {
      let list = rows.get(questionId);
      if (!list) rows.set(questionId, (list = []));
      list.push({ score: s.score, max: s.max, rest: a.total - s.score });
    }
  }
  const out = new Map<string, ItemFigures>();
  for (const [questionId, list] of rows) out.set(questionId, itemFigures(list));
  return out;
}
