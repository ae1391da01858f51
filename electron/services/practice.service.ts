/**
 * Practice by chapter or section, the wrong-answer book (错题本) and spaced review (ts-fsrs).
 * Everything here lives in the practice tables of user.db; certification records are never touched.
 * Practice shows options in the bank's order, so a response's letters are the bank's letters.
 */
import { createEmptyCard, fsrs, Rating, type Card, type CardInput, type Grade as FsrsGrade } from 'ts-fsrs';
import type { QuestionSource } from '../../db/content/model';
import { AppError } from '../shared/errors';
import type {
  PracticeFeedback,
  PracticeSet,
  PracticeStats,
  QuestionView,
  ResponseValue,
  ReviewQueue,
  WrongBookChapter,
} from '../shared/practiceTypes';
import type { App } from './app';
import { checkResponse, expectedAnswer, gradeResponse, isBlank } from './grading';
import { newSeed, sfc32 } from './paper';
import { getQuestion, loadBank, questionView, sectionLink } from './questionBank';

export const DEFAULT_SET_SIZE = 10;
export const REVIEW_QUEUE_MAX = 100;

const scheduler = fsrs({ enable_fuzz: false });

interface ScopeRow {
  chapterTitle: string;
  sectionTitle: string | null;
}

function practiceScope(app: App, chapterId: string, sectionId?: string) {
  const chapterTitle = app.content.prepare('SELECT title FROM chapters WHERE id = ?').pluck().get(chapterId) as string | undefined;
  if (chapterTitle === undefined) throw new AppError('not_found', { 'zh-CN': `找不到章节：${chapterId}`, en: `No such chapter: ${chapterId}` });
  if (!sectionId) return { chapterTitle, sectionTitle: null, sectionIds: null };
  const row = app.content
    .prepare('SELECT title AS sectionTitle FROM sections WHERE chapter_id = ? AND id = ?')
    .get(chapterId, sectionId) as Pick<ScopeRow, 'sectionTitle'> | undefined;
  if (!row) throw new AppError('not_found', { 'zh-CN': `找不到小节：${chapterId}#${sectionId}`, en: `No such section: ${chapterId}#${sectionId}` });
  const children = app.content.prepare('SELECT id FROM sections WHERE chapter_id = ? AND parent_id = ?').pluck().all(chapterId, sectionId) as string[];
  return { chapterTitle, sectionTitle: row.sectionTitle, sectionIds: new Set([sectionId, ...children]) };
}

/**
 * A practice set: the scope's questions in random order, questions still in the wrong-answer book
 * first, then ones never answered, then the rest.
 */
export function startPractice(app: App, personId: number, input: { chapterId: string; sectionId?: string; limit?: number }): PracticeSet {
  const { chapterId, sectionId } = input;
  const scope = practiceScope(app, chapterId, sectionId);
  const inScope = loadBank(app.content).questions.filter(
    (q) => q.chapterId === chapterId && (scope.sectionIds === null || scope.sectionIds.has(q.sectionId)),
  );
  const openWrong = new Set(
    app.user.prepare('SELECT question_id FROM wrong_book WHERE person_id = ? AND chapter_id = ? AND resolved_at IS NULL').pluck().all(personId, chapterId) as string[],
  );
  const answered = new Set(
    app.user.prepare('SELECT DISTINCT question_id FROM practice_answers WHERE person_id = ? AND chapter_id = ?').pluck().all(personId, chapterId) as string[],
  );
  const rand = sfc32(newSeed());
  const keyed = inScope.map((q) => ({ q, r: rand(), p: openWrong.has(q.id) ? 0 : answered.has(q.id) ? 2 : 1 }));
  keyed.sort((a, b) => a.p - b.p || a.r - b.r);
  return {
    scope: { chapterId, chapterTitle: scope.chapterTitle, sectionId: sectionId ?? null, sectionTitle: scope.sectionTitle },
    questions: keyed.slice(0, input.limit ?? DEFAULT_SET_SIZE).map(({ q }) => questionView(q)),
    available: inScope.length,
  };
}

function practiceItem(q: QuestionSource) {
  return { type: q.type, options: q.options, key: q.answer, points: 1, reference: q.reference, keyPoints: q.keyPoints };
}

function loadCard(app: App, personId: number, questionId: string): Card | CardInput | null {
  const json = app.user.prepare('SELECT card FROM review_cards WHERE person_id = ? AND question_id = ?').pluck().get(personId, questionId) as string | undefined;
  return json ? (JSON.parse(json) as CardInput) : null;
}

function saveCard(app: App, personId: number, questionId: string, card: Card): number {
  const due = card.due.getTime();
  app.user
    .prepare('INSERT INTO review_cards (person_id, question_id, card, due) VALUES (?, ?, ?, ?) ON CONFLICT (person_id, question_id) DO UPDATE SET card = excluded.card, due = excluded.due')
    .run(personId, questionId, JSON.stringify(card), due);
  return due;
}

/** Rates a question's review card (creating it when there is none) and returns its next due time. */
function rate(app: App, personId: number, questionId: string, rating: FsrsGrade): number {
  const now = app.now();
  const card: Card | CardInput = loadCard(app, personId, questionId) ?? createEmptyCard<Card>(now);
  return saveCard(app, personId, questionId, scheduler.next(card, now, rating).card);
}

function cardDue(app: App, personId: number, questionId: string): number | null {
  return (app.user.prepare('SELECT due FROM review_cards WHERE person_id = ? AND question_id = ?').pluck().get(personId, questionId) as number | undefined) ?? null;
}

/**
 * Records one practice outcome: a wrong answer goes into the wrong-answer book (again) and gets a review
 * card rated Again; a right answer resolves an open wrong-book entry, and rates a card that is due Good.
 */
function record(app: App, personId: number, q: QuestionSource, answerJson: string, correct: boolean): void {
  const now = app.now();
  app.user
    .prepare('INSERT INTO practice_answers (person_id, question_id, chapter_id, answer, correct, at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(personId, q.id, q.chapterId, answerJson, correct ? 1 : 0, now);
  if (!correct) {
    app.user
      .prepare(
        `INSERT INTO wrong_book (person_id, question_id, chapter_id, wrong_count, last_wrong_at, resolved_at) VALUES (?, ?, ?, 1, ?, NULL)
         ON CONFLICT (person_id, question_id) DO UPDATE SET wrong_count = wrong_count + 1, last_wrong_at = excluded.last_wrong_at,
           chapter_id = excluded.chapter_id, resolved_at = NULL`,
      )
      .run(personId, q.id, q.chapterId, now);
    rate(app, personId, q.id, Rating.Again);
  } else {
    app.user.prepare('UPDATE wrong_book SET resolved_at = ? WHERE person_id = ? AND question_id = ? AND resolved_at IS NULL').run(now, personId, q.id);
    const due = cardDue(app, personId, q.id);
    if (due !== null && due <= now) rate(app, personId, q.id, Rating.Good);
  }
}

function feedback(app: App, personId: number, q: QuestionSource, outcome: PracticeFeedback['outcome'], correct: boolean | null): PracticeFeedback {
  const wb = app.user.prepare('SELECT wrong_count, resolved_at FROM wrong_book WHERE person_id = ? AND question_id = ?').get(personId, q.id) as
    | { wrong_count: number; resolved_at: number | null }
    | undefined;
  return {
    questionId: q.id,
    outcome,
    correct,
    expected: expectedAnswer(practiceItem(q)),
    explanation: q.explanation,
    section: sectionLink(app.content, q.chapterId, q.sectionId),
    wrongBook: { open: wb !== undefined && wb.resolved_at === null, wrongCount: wb?.wrong_count ?? 0 },
    reviewDue: cardDue(app, personId, q.id),
  };
}

const answerFirst = () => new AppError('invalid_input', { 'zh-CN': '请先作答再提交。', en: 'Answer the question before submitting.' });

/** Grades a practice answer and records it. An essay is only revealed (reference and key points) for self-check. */
export function answerPractice(app: App, personId: number, questionId: string, response: ResponseValue): PracticeFeedback {
  const q = getQuestion(app.content, questionId);
  const canonical = checkResponse(q, response);
  if (isBlank(canonical)) throw answerFirst();
  if (q.type === 'essay') return feedback(app, personId, q, 'ungraded', null);
  const { outcome } = gradeResponse(practiceItem(q), canonical, 'all_or_nothing');
  const correct = outcome === 'correct';
  app.user.transaction(() => record(app, personId, q, JSON.stringify(canonical), correct))();
  return feedback(app, personId, q, outcome, correct);
}

/** The learner's own verdict on an essay after comparing with the reference: recorded like an answer. */
export function selfCheckEssay(app: App, personId: number, questionId: string, knewIt: boolean): PracticeFeedback {
  const q = getQuestion(app.content, questionId);
  if (q.type !== 'essay') {
    throw new AppError('invalid_input', { 'zh-CN': '只有简答题需要自评。', en: 'Only essay questions are self-checked.' });
  }
  app.user.transaction(() => record(app, personId, q, JSON.stringify({ selfCheck: knewIt }), knewIt))();
  return feedback(app, personId, q, knewIt ? 'correct' : 'wrong', knewIt);
}

/** "Mark as hard": the question's review card is rated Hard (created if needed). */
export function markHard(app: App, personId: number, questionId: string): { due: number } {
  getQuestion(app.content, questionId);
  return { due: app.user.transaction(() => rate(app, personId, questionId, Rating.Hard))() };
}

/** Questions whose review card is due by now, earliest first. */
export function reviewQueue(app: App, personId: number): ReviewQueue {
  const now = app.now();
  const bank = loadBank(app.content);
  const due = app.user
    .prepare('SELECT question_id FROM review_cards WHERE person_id = ? AND due <= ? ORDER BY due, question_id')
    .pluck()
    .all(personId, now) as string[];
  const questions = due.flatMap((id): QuestionView[] => {
    const q = bank.byId.get(id);
    return q ? [questionView(q)] : []; // a question removed by a content update drops out
  });
  const nextDue = app.user.prepare('SELECT min(due) FROM review_cards WHERE person_id = ? AND due > ?').pluck().get(personId, now) as number | null;
  return { questions: questions.slice(0, REVIEW_QUEUE_MAX), dueCount: questions.length, nextDue };
}

interface WrongRow {
  question_id: string;
  chapter_id: string;
  wrong_count: number;
  last_wrong_at: number;
  resolved_at: number | null;
}

/** The wrong-answer book, grouped by chapter in course order; open items newest first. */
export function wrongBook(app: App, personId: number): WrongBookChapter[] {
  const bank = loadBank(app.content);
  const rows = app.user.prepare('SELECT * FROM wrong_book WHERE person_id = ? ORDER BY last_wrong_at DESC, question_id').all(personId) as WrongRow[];
  const chapters = app.content.prepare('SELECT id, ord, title FROM chapters ORDER BY ord').all() as { id: string; ord: number; title: string }[];
  return chapters.flatMap((c): WrongBookChapter[] => {
    const mine = rows.filter((r) => r.chapter_id === c.id && bank.byId.has(r.question_id));
    if (!mine.length) return [];
    const open = mine.filter((r) => r.resolved_at === null);
    return [
      {
        chapterId: c.id,
        chapterTitle: c.title,
        order: c.ord,
        items: open.map((r) => ({ question: questionView(bank.byId.get(r.question_id)!), wrongCount: r.wrong_count, lastWrongAt: r.last_wrong_at })),
        resolved: mine.length - open.length,
      },
    ];
  });
}

export function practiceStats(app: App, personId: number): PracticeStats {
  const chapters = app.content
    .prepare('SELECT c.id, c.ord, c.title, (SELECT count(*) FROM questions q WHERE q.chapter_id = c.id) AS n FROM chapters c ORDER BY c.ord')
    .all() as { id: string; ord: number; title: string; n: number }[];
  const answers = new Map(
    (
      app.user
        .prepare('SELECT chapter_id, count(DISTINCT question_id) AS answered, count(*) AS attempts, sum(correct) AS right FROM practice_answers WHERE person_id = ? GROUP BY chapter_id')
        .all(personId) as { chapter_id: string; answered: number; attempts: number; right: number }[]
    ).map((r) => [r.chapter_id, r]),
  );
  const open = new Map(
    (
      app.user.prepare('SELECT chapter_id, count(*) AS n FROM wrong_book WHERE person_id = ? AND resolved_at IS NULL GROUP BY chapter_id').all(personId) as {
        chapter_id: string;
        n: number;
      }[]
    ).map((r) => [r.chapter_id, r.n]),
  );
  const list = chapters.map((c) => ({
    chapterId: c.id,
    title: c.title,
    order: c.ord,
    questionCount: c.n,
    answered: answers.get(c.id)?.answered ?? 0,
    attempts: answers.get(c.id)?.attempts ?? 0,
    right: answers.get(c.id)?.right ?? 0,
    wrongOpen: open.get(c.id) ?? 0,
  }));
  return {
    chapters: list,
    wrongOpen: list.reduce((s, c) => s + c.wrongOpen, 0),
    reviewDue: app.user.prepare('SELECT count(*) FROM review_cards WHERE person_id = ? AND due <= ?').pluck().get(personId, app.now()) as number,
  };
}
