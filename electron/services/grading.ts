/**
 * Machine grading of one response against a delivered question's key. Shared by practice, mock exams
 * and (later) certification attempts; pure functions, no database.
 */
import type { QuestionType } from '../../db/content/model';
import { AppError } from '../shared/errors';
import type { ChapterScore, ExpectedAnswer, Outcome, ResponseValue } from '../shared/practiceTypes';
import type { Paper, Scoring } from './paper';

export interface Gradable {
  type: QuestionType;
  options: readonly string[];
  key: readonly (string | boolean)[];
  points: number;
}

export interface Grade {
  outcome: Outcome;
  score: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Normalises a fill-in answer: NFKC (full-width letters, digits and punctuation become half-width),
 * case-folded, runs of spaces collapsed (and dropped next to Chinese characters), opening quotes or
 * brackets at the start and punctuation at the end dropped.
 */
export function normalizeFill(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, '')
    .replace(/^[\p{Ps}\p{Pi}\s]+/u, '')
    .replace(/[\p{P}\s]+$/u, '');
}

function letters(response: ResponseValue): string[] {
  const list = Array.isArray(response) ? response : typeof response === 'string' ? [response] : [];
  return [...new Set(list.map((l) => l.trim().toUpperCase()).filter(Boolean))].sort();
}

export function isBlank(response: ResponseValue | null | undefined): boolean {
  if (response === null || response === undefined) return true;
  if (typeof response === 'boolean') return false;
  if (Array.isArray(response)) return response.length === 0;
  return response.trim() === '';
}

/** Grades a response. Essays are not machine-graded: outcome "ungraded", score 0 until a person grades them. */
export function gradeResponse(item: Gradable, response: ResponseValue | null | undefined, scoring: Scoring): Grade {
  if (isBlank(response)) return { outcome: 'unanswered', score: 0 };
  const r = response as ResponseValue;
  switch (item.type) {
    case 'essay':
      return { outcome: 'ungraded', score: 0 };
    case 'truefalse':
      return typeof r === 'boolean' && r === item.key[0] ? { outcome: 'correct', score: item.points } : { outcome: 'wrong', score: 0 };
    case 'fill': {
      if (typeof r !== 'string') return { outcome: 'wrong', score: 0 };
      const given = normalizeFill(r);
      const ok = given !== '' && item.key.some((k) => typeof k === 'string' && normalizeFill(k) === given);
      return ok ? { outcome: 'correct', score: item.points } : { outcome: 'wrong', score: 0 };
    }
    case 'single':
    case 'scenario': {
      const chosen = letters(r);
      return chosen.length === 1 && chosen[0] === item.key[0] ? { outcome: 'correct', score: item.points } : { outcome: 'wrong', score: 0 };
    }
    case 'multiple': {
      const chosen = letters(r);
      const key = new Set(item.key as string[]);
      if (chosen.some((l) => !key.has(l))) return { outcome: 'wrong', score: 0 };
      if (chosen.length === key.size) return { outcome: 'correct', score: item.points };
      if (scoring === 'partial') return { outcome: 'partial', score: round2((item.points * chosen.length) / key.size) };
      return { outcome: 'wrong', score: 0 };
    }
  }
}

export interface PaperGrades {
  score: number;
  /** Per item, in paper order. */
  grades: Grade[];
  byChapter: ChapterScore[];
  /** Items left for a person to grade (answered essays). */
  ungraded: number;
}

/** Grades a whole paper against the responses by item number, with per-chapter subtotals. */
export function gradePaper(paper: Pick<Paper, 'items' | 'scoring'>, answers: ReadonlyMap<number, ResponseValue>, chapterTitle: (id: string) => string = (id) => id): PaperGrades {
  const grades = paper.items.map((it) => gradeResponse(it, answers.get(it.no), paper.scoring));
  const chapters = new Map<string, ChapterScore>();
  paper.items.forEach((it, i) => {
    const c = chapters.get(it.chapterId) ?? { chapterId: it.chapterId, chapterTitle: chapterTitle(it.chapterId), score: 0, maxScore: 0 };
    c.score = round2(c.score + grades[i].score);
    c.maxScore += it.points;
    chapters.set(it.chapterId, c);
  });
  return {
    score: round2(grades.reduce((s, g) => s + g.score, 0)),
    grades,
    byChapter: [...chapters.values()],
    ungraded: grades.filter((g) => g.outcome === 'ungraded').length,
  };
}

/** The key as shown to the learner after answering. */
export function expectedAnswer(item: Gradable & { reference: string; keyPoints: readonly { point: string; score: number }[] }): ExpectedAnswer {
  switch (item.type) {
    case 'truefalse':
      return { kind: 'truefalse', value: item.key[0] === true };
    case 'fill':
      return { kind: 'fill', accepted: item.key.map(String) };
    case 'essay':
      return { kind: 'essay', reference: item.reference, keyPoints: item.keyPoints.map((k) => ({ ...k })) };
    default:
      return { kind: 'choice', letters: item.key.map(String) };
  }
}

const badShape = (why: { 'zh-CN': string; en: string }) => new AppError('invalid_input', why);

/**
 * Checks that a response fits the question (a letter that exists, true/false for 判断, text for 填空 …)
 * and returns it in canonical form (letters upper-case, sorted, unique). Blank responses pass as they are.
 */
export function checkResponse(item: Pick<Gradable, 'type' | 'options'>, response: ResponseValue): ResponseValue {
  const valid = new Set(item.options.map((_, i) => 'ABCDEFGH'[i]));
  switch (item.type) {
    case 'truefalse':
      if (typeof response !== 'boolean') throw badShape({ 'zh-CN': '判断题请选择“对”或“错”。', en: 'A true/false question takes true or false.' });
      return response;
    case 'fill':
    case 'essay':
      if (typeof response !== 'string') throw badShape({ 'zh-CN': '此题需要填写文字。', en: 'This question takes text.' });
      if (item.type === 'fill' && response.length > 200) throw badShape({ 'zh-CN': '填空答案过长。', en: 'The fill-in answer is too long.' });
      return response;
    case 'single':
    case 'scenario':
    case 'multiple': {
      if (typeof response === 'boolean') throw badShape({ 'zh-CN': '此题请选择选项。', en: 'This question takes option letters.' });
      const chosen = letters(response);
      if (chosen.some((l) => !valid.has(l))) throw badShape({ 'zh-CN': '所选选项不存在。', en: 'A chosen option does not exist.' });
      if (item.type !== 'multiple') {
        if (chosen.length > 1) throw badShape({ 'zh-CN': '单选题只能选择一项。', en: 'A single-choice question takes one option.' });
        return chosen[0] ?? '';
      }
      return chosen;
    }
  }
}
