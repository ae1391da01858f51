/**
 * Statistics of the filtered attempts (per session or per blueprint): counts and pass rate, mean / median /
 * SD of the score, a histogram of the score as a share of the maximum, chapter mastery and item analysis
 * (./itemAnalysis.ts). Figures are taken over the FINAL attempts only (作答中 and 待阅卷 have no score yet);
 * `attempts` counts every matching attempt.
 */
import type { RecordFilter } from '../../shared/calls/records';
import type { ItemStat, RecordRow, RecordStats } from '../../shared/recordTypes';
import type { App } from '../app';
import { paperRecordLoader, withRecords, type PaperRecord } from './attemptRecord';
import { chapterIndex } from './chapterIndex';
import { itemAnalysisBuilder } from './itemAnalysis';
import { countRecords, iterateRecordRows, type RecordScope } from './recordQuery';

export interface ScoreSummary {
  mean: number | null;
  median: number | null;
  /**
   * Sample standard deviation (divides by n − 1), as Moodle's quiz statistics report its "Standard
   * deviation (for first attempts)" (quiz_statistics calculator: sqrt(power2 / (s − 1))); null below 2 attempts.
   */
  sd: number | null;
}

export function scoreSummary(scores: number[]): ScoreSummary {
  const n = scores.length;
  if (n === 0) return { mean: null, median: null, sd: null };
  const mean = scores.reduce((s, x) => s + x, 0) / n;
  const sorted = [...scores].sort((a, b) => a - b);
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const sd = n < 2 ? null : Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { mean, median, sd };
}

/**
 * Ten bins of the score as a percentage of the maximum: [0,10), [10,20), … [90,100]; 100 % falls in the
 * last bin. A hair of tolerance keeps 30 % (computed as 29.999…) in [30,40).
 */
export function scoreHistogram(percents: number[]): RecordStats['histogram'] {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }));
  for (const p of percents) {
    const bin = Math.min(9, Math.max(0, Math.floor(p / 10 + 1e-9)));
    bins[bin].count += 1;
  }
  return bins;
}

function emptyStats(attempts: number): RecordStats {
  return { attempts, graded: 0, passRate: null, mean: null, median: null, sd: null, maxScore: null, histogram: scoreHistogram([]), byChapter: [], items: [] };
}

/**
 * Gathers the statistics one final record at a time, so an export that walks the records anyway gets
 * them without loading every record a second time. passRate is a share 0–1 (the records screen formats
 * it as a percentage); mastery and item figures are in %.
 */
export function statsAccumulator(app: App) {
  const chapters = chapterIndex(app);
  const scores: number[] = [];
  const percents: number[] = [];
  let passed = 0;
  let maxScore: number | null = null;
  const chapterSums = new Map<string, { score: number; max: number }>();
  const itemInfo = new Map<string, Pick<ItemStat, 'questionId' | 'chapterTitle' | 'type' | 'stem'> & { chapterId: string }>();
  const analysis = itemAnalysisBuilder();

  return {
    /** Adds one attempt; anything but a final attempt with a score is left out. */
    add(row: RecordRow, record: PaperRecord): void {
      if (row.state !== 'final' || row.score === null) return;
      scores.push(row.score);
      percents.push(row.maxScore > 0 ? (row.score * 100) / row.maxScore : 0);
      if (row.passed) passed += 1;
      maxScore = Math.max(maxScore ?? 0, row.maxScore);
      const grades = record.grades;
      if (!grades) return;
      analysis.startAttempt(row.score);
      const items = record.items;
      for (let i = 0; i < items.length; i++) {
        const it = items[i];
        const score = grades[i]?.[1] ?? 0;
        analysis.item(it.questionId, score, it.points);
        let c = chapterSums.get(it.chapterId);
        if (!c) chapterSums.set(it.chapterId, (c = { score: 0, max: 0 }));
        c.score += score;
        c.max += it.points;
        // Records are walked newest first: the question's wording shown is its latest delivery.
        if (!itemInfo.has(it.questionId)) {
          itemInfo.set(it.questionId, { questionId: it.questionId, chapterId: it.chapterId, chapterTitle: chapters.title(it.chapterId), type: it.type, stem: it.stem });
        }
      }
    },
    /** The statistics, with `attempts` = every matching attempt (final or not). */
    result(attempts: number): RecordStats {
      const graded = scores.length;
      if (graded === 0) return emptyStats(attempts);
      // Chapter and question ids are lowercase kebab-case, whose code-unit order is their collation order
      // (an Intl.Collator would cost its ~10 ms set-up in every fresh process, e.g. each kb export).
      const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      const byOrder = (a: string, b: string) => chapters.order(a) - chapters.order(b) || compare(a, b);
      const figures = analysis.result();
      const items: ItemStat[] = [...itemInfo.values()]
        .sort((a, b) => byOrder(a.chapterId, b.chapterId) || compare(a.questionId, b.questionId))
        .map(({ chapterId: _chapterId, ...info }) => {
          const f = figures.get(info.questionId)!;
          return { ...info, attempts: f.attempts, facility: f.facility, sd: f.sd, discrimination: f.discrimination, efficiency: f.efficiency, flag: f.flag };
        });
      return {
        attempts,
        graded,
        passRate: passed / graded,
        ...scoreSummary(scores),
        maxScore,
        histogram: scoreHistogram(percents),
        byChapter: [...chapterSums.entries()]
          .sort(([a], [b]) => byOrder(a, b))
          .map(([chapterId, c]) => ({ chapterId, chapterTitle: chapters.title(chapterId), mastery: c.max > 0 ? (100 * c.score) / c.max : 0 })),
        items,
      };
    },
  };
}

export function recordStats(app: App, filter: RecordFilter, scope: RecordScope): RecordStats {
  const attempts = countRecords(app.user, filter, scope);
  if (filter.state !== undefined && filter.state !== 'final') return emptyStats(attempts);
  const stats = statsAccumulator(app);
  const load = paperRecordLoader(app);
  const rows = [...iterateRecordRows(app.user, { ...filter, state: 'final' }, scope)].filter((r) => r.score !== null);
  for (const [row, record] of withRecords(rows, load)) stats.add(row, record);
  return stats.result(attempts);
}
