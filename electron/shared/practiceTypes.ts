/**
 * Types of practice, the wrong-answer book, spaced review and mock exams, as the renderer sees them.
 * What is sent before an answer (practice) or an attempt (mock) is submitted never holds the key, the
 * explanation, the reference answer or a correctness flag: those travel only in the *Feedback and
 * *Review types below.
 */
export type QuestionKind = 'single' | 'multiple' | 'truefalse' | 'fill' | 'scenario' | 'essay';

/** A learner's response: a letter (single, scenario), letters (multiple), true/false, or text (fill, essay). */
export type ResponseValue = string | string[] | boolean;

export type Outcome = 'correct' | 'partial' | 'wrong' | 'unanswered' | 'ungraded';

/** A question as delivered before it is answered. Options are in delivered order (letters A, B, …). */
export interface QuestionView {
  id: string;
  chapterId: string;
  sectionId: string;
  type: QuestionKind;
  difficulty: number;
  stem: string;
  options: string[];
}

export interface SectionLink {
  chapterId: string;
  sectionId: string;
  chapterTitle: string;
  sectionTitle: string;
}

export interface KeyPointView {
  point: string;
  score: number;
}

/** The expected answer, revealed only after answering. */
export type ExpectedAnswer =
  | { kind: 'choice'; letters: string[] }
  | { kind: 'truefalse'; value: boolean }
  | { kind: 'fill'; accepted: string[] }
  | { kind: 'essay'; reference: string; keyPoints: KeyPointView[] };

export interface PracticeScope {
  chapterId: string;
  chapterTitle: string;
  sectionId: string | null;
  sectionTitle: string | null;
}

export interface PracticeSet {
  scope: PracticeScope;
  questions: QuestionView[];
  /** Questions in the scope, of which `questions` is a selection. */
  available: number;
}

export interface PracticeFeedback {
  questionId: string;
  outcome: Outcome;
  /** null for an essay: it is not machine-graded, the learner checks it against the reference. */
  correct: boolean | null;
  expected: ExpectedAnswer;
  explanation: string;
  section: SectionLink;
  wrongBook: { open: boolean; wrongCount: number };
  /** When the question comes up in the review queue again, or null when it has no review card. */
  reviewDue: number | null;
}

export interface WrongBookItem {
  question: QuestionView;
  wrongCount: number;
  lastWrongAt: number;
}

export interface WrongBookChapter {
  chapterId: string;
  chapterTitle: string;
  order: number;
  items: WrongBookItem[];
  /** Items of this chapter answered right since (no longer open). */
  resolved: number;
}

export interface ReviewQueue {
  questions: QuestionView[];
  /** Cards due by now (the queue may be capped). */
  dueCount: number;
  /** The next card due after now, if any. */
  nextDue: number | null;
}

export interface ChapterPracticeStats {
  chapterId: string;
  title: string;
  order: number;
  questionCount: number;
  /** Distinct questions answered at least once. */
  answered: number;
  attempts: number;
  /** Attempts answered right. */
  right: number;
  wrongOpen: number;
}

export interface PracticeStats {
  chapters: ChapterPracticeStats[];
  wrongOpen: number;
  reviewDue: number;
}

export interface MockItemView {
  /** 1-based position on the paper. */
  no: number;
  type: QuestionKind;
  stem: string;
  options: string[];
  points: number;
  /** The learner's saved response, if any. */
  response: ResponseValue | null;
}

export interface MockItemReview extends MockItemView {
  questionId: string;
  section: SectionLink;
  outcome: Outcome;
  score: number;
  expected: ExpectedAnswer;
  explanation: string;
}

export interface ChapterScore {
  chapterId: string;
  chapterTitle: string;
  score: number;
  maxScore: number;
}

export interface MockResult {
  score: number;
  maxScore: number;
  passScore: number;
  passed: boolean;
  /** Finalised by the deadline rather than by the learner. */
  autoSubmitted: boolean;
  submittedAt: number;
  byChapter: ChapterScore[];
  /** Items not machine-graded (essays): the learner checks them against the reference. */
  ungraded: number;
  /** Hash of the delivered paper (snapshot), shown with the result. */
  fingerprint: string;
}

export interface MockAttemptView {
  id: number;
  title: string;
  status: 'open' | 'submitted';
  startedAt: number;
  /** Held by the server; answers after it are refused. */
  deadline: number;
  /** The server's clock when this view was made, so the UI can count down without trusting the PC clock. */
  serverNow: number;
  timeLimitMinutes: number;
  passScore: number;
  maxScore: number;
  items: MockItemView[];
  result: MockResult | null;
  /** Per question, after submission only. */
  review: MockItemReview[] | null;
}

export interface MockAttemptSummary {
  id: number;
  title: string;
  status: 'open' | 'submitted';
  startedAt: number;
  deadline: number;
  submittedAt: number | null;
  score: number | null;
  maxScore: number;
  passed: boolean | null;
}

export interface MockSaved {
  no: number;
  savedAt: number;
  answered: number;
}
