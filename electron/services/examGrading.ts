/**
 * Grading of a certification attempt: the machine-graded items through grading.ts (with the session's
 * 多选 scoring recorded in the snapshot), 简答 items from the proctor's points per key point. An attempt
 * with an answered 简答 not yet graded is 待阅卷 (pending) and has no pass/fail yet.
 */
import type { Db } from '../../db/open';
import { AppError } from '../shared/errors';
import type { ChapterScore, Outcome, ResponseValue } from '../shared/practiceTypes';
import { gradePaper } from './grading';
import type { Paper, PaperItem } from './paper';

export interface EssayGradeRow {
  item_no: number;
  awards: string;
  score: number;
  comment: string;
  graded_by: number;
  graded_at: number;
}

export interface ItemGrade {
  outcome: Outcome;
  score: number;
}

export interface AttemptGrades {
  score: number;
  grades: ItemGrade[];
  byChapter: ChapterScore[];
  /** Answered 简答 items not graded yet. */
  pendingEssays: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function essayGradeRows(db: Db, attemptId: number): EssayGradeRow[] {
  return db.prepare('SELECT item_no, awards, score, comment, graded_by, graded_at FROM exam_essay_grades WHERE attempt_id = ?').all(attemptId) as EssayGradeRow[];
}

/** What a key point is worth, and the item's points the key-point total is scaled to. */
export function keyPointScale(item: PaperItem): { maxima: number[]; total: number } {
  const maxima = item.keyPoints.length ? item.keyPoints.map((k) => k.score) : [item.points];
  return { maxima, total: maxima.reduce((s, x) => s + x, 0) };
}

/** Checks the awards against the key points and turns them into the item's score. */
export function essayScore(item: PaperItem, awards: readonly number[]): number {
  const { maxima, total } = keyPointScale(item);
  if (awards.length !== maxima.length) {
    throw new AppError('invalid_input', {
      'zh-CN': `本题有 ${maxima.length} 个评分要点，请为每个要点给分。`,
      en: `This question has ${maxima.length} key points: give points for each.`,
    });
  }
  awards.forEach((a, i) => {
    if (a < 0 || a > maxima[i]) {
      throw new AppError('invalid_input', {
        'zh-CN': `第 ${i + 1} 个要点最多 ${maxima[i]} 分。`,
        en: `Key point ${i + 1} is worth at most ${maxima[i]} points.`,
      });
    }
  });
  const sum = awards.reduce((s, x) => s + x, 0);
  return total > 0 ? round2((item.points * sum) / total) : 0;
}

export function gradeAttempt(
  paper: Pick<Paper, 'items' | 'scoring'>,
  responses: ReadonlyMap<number, ResponseValue>,
  essays: readonly EssayGradeRow[],
  chapterTitle: (id: string) => string,
  /** Course order of a chapter, for the per-chapter subtotals. */
  chapterOrder?: (id: string) => number,
): AttemptGrades {
  const machine = gradePaper(paper, responses, chapterTitle);
  const byNo = new Map(essays.map((e) => [e.item_no, e]));
  let pendingEssays = 0;
  const grades = paper.items.map((it, i): ItemGrade => {
    const g = machine.grades[i];
    if (it.type !== 'essay' || g.outcome !== 'ungraded') return { outcome: g.outcome, score: g.score };
    const essay = byNo.get(it.no);
    if (!essay) {
      pendingEssays++;
      return { outcome: 'ungraded', score: 0 };
    }
    const outcome: Outcome = essay.score >= it.points ? 'correct' : essay.score > 0 ? 'partial' : 'wrong';
    return { outcome, score: essay.score };
  });
  const chapters = new Map<string, ChapterScore>();
  paper.items.forEach((it, i) => {
    const c = chapters.get(it.chapterId) ?? { chapterId: it.chapterId, chapterTitle: chapterTitle(it.chapterId), score: 0, maxScore: 0 };
    c.score = round2(c.score + grades[i].score);
    c.maxScore += it.points;
    chapters.set(it.chapterId, c);
  });
  const order = chapterOrder ?? (() => 0);
  return {
    score: round2(grades.reduce((s, g) => s + g.score, 0)),
    grades,
    byChapter: [...chapters.values()].sort((a, b) => order(a.chapterId) - order(b.chapterId)),
    pendingEssays,
  };
}
