/**
 * Types of certification exams as the renderer sees them. Everything a candidate receives before the
 * attempt is submitted (CandidateExamState with status 'in_progress', ExamItemView, ExamSaved …) holds no
 * key, explanation, reference answer, key points or correctness flag: those stay on the main side and
 * reach only the proctor (ProctorItemView) — tests/api/exam-authority.test.ts scans for them.
 */
import type { Messages } from './errors';
import type { ChapterScore, Outcome, QuestionKind, ResponseValue } from './practiceTypes';

export type MultipleScoring = 'all_or_nothing' | 'partial';

export interface ExamSettings {
  /** 多选: all-or-nothing, or partial credit for a correct subset (a wrong choice scores 0). */
  multipleScoring: MultipleScoring;
  /** Show score, pass/fail and per-chapter scores to the candidate right after submitting. */
  showScore: boolean;
  /** Let the candidate see which of their answers were right after submitting (never the keys). */
  allowReview: boolean;
  /** Leaving the exam window more than this many times submits the attempt; 0 = only counted. */
  focusLossLimit: number;
  /** Resuming after a gap longer than this (a crash, a power cut) needs a proctor's password. */
  resumeGapMinutes: number;
}

export type SessionStatus = 'draft' | 'open' | 'paused' | 'closed';
/** 未开始 / 作答中 / 待阅卷 / 已评定 */
export type AttemptState = 'not_started' | 'in_progress' | 'pending_grading' | 'final';
/** Who ended the attempt: the candidate, the deadline (自动交卷), a proctor, or the focus-loss limit. */
export type SubmitKind = 'candidate' | 'auto' | 'proctor' | 'focus_limit';
export type FocusKind = 'blur' | 'hidden';

export interface BlueprintChoice {
  id: string;
  title: string;
  timeLimitMinutes: number;
  passScore: number;
  maxScore: number;
  questionCount: number;
  multipleScoring: MultipleScoring;
}

// ---------------------------------------------------------------- candidate side

export interface CandidateInfo {
  employeeId: string;
  name: string;
  branch: string;
}

export interface ExamInfo {
  title: string;
  date: string;
  room: string;
  sessionStatus: SessionStatus;
  timeLimitMinutes: number;
  passScore: number;
  maxScore: number;
  questionCount: number;
  showScore: boolean;
  allowReview: boolean;
  focusLossLimit: number;
}

export type CandidateSignIn =
  | { kind: 'signed_in'; session: string; candidate: CandidateInfo; exam: ExamInfo; resumed: boolean }
  /** The attempt was left for longer than the session allows: a proctor must sign to resume it. */
  | { kind: 'needs_proctor'; gapMinutes: number; candidate: CandidateInfo };

/** A question as delivered, without anything that gives the answer away. */
export interface ExamItemView {
  no: number;
  type: QuestionKind;
  stem: string;
  options: string[];
  points: number;
  response: ResponseValue | null;
  flagged: boolean;
}

export interface ExamReviewItem {
  no: number;
  type: QuestionKind;
  stem: string;
  response: ResponseValue | null;
  outcome: Outcome;
  score: number;
  points: number;
}

export interface CandidateResult {
  submittedAt: number;
  submitKind: SubmitKind;
  /** SHA-256 of the delivered paper (snapshot). */
  fingerprint: string;
  answered: number;
  total: number;
  /** Hidden (null) unless the session shows scores. */
  score: number | null;
  maxScore: number;
  passScore: number;
  /** null while 简答 answers wait for a proctor (待阅卷) or when scores are hidden. */
  passed: boolean | null;
  pendingGrading: boolean;
  byChapter: ChapterScore[] | null;
  review: ExamReviewItem[] | null;
}

export interface CandidateAttemptView {
  id: number;
  status: 'in_progress' | 'submitted';
  startedAt: number;
  /** Held by the server; answers after it are refused. */
  deadline: number;
  /** The server clock when this view was made: the UI counts down from it, not from the PC clock. */
  serverNow: number;
  items: ExamItemView[];
  focusLosses: number;
  result: CandidateResult | null;
}

export interface CandidateExamState {
  candidate: CandidateInfo;
  exam: ExamInfo;
  attempt: CandidateAttemptView | null;
}

export interface ExamSaved {
  no: number;
  savedAt: number;
  answered: number;
  flagged: boolean;
}

export interface FocusReport {
  count: number;
  limit: number;
  /** The limit was passed and the attempt was submitted. */
  submitted: boolean;
}

// ---------------------------------------------------------------- proctor side

export interface ExamSessionSummary {
  id: number;
  code: string;
  title: string;
  date: string;
  room: string;
  status: SessionStatus;
  candidates: number;
  started: number;
  submitted: number;
  pendingGrading: number;
  createdAt: number;
}

export interface AttemptSummary {
  id: number;
  state: AttemptState;
  startedAt: number;
  deadline: number;
  /** Left on the clock now (0 once submitted). */
  remainingMs: number;
  answered: number;
  total: number;
  flagged: number;
  focusLosses: number;
  lastFocusLossAt: number | null;
  submittedAt: number | null;
  submitKind: SubmitKind | null;
  score: number | null;
  maxScore: number;
  passed: boolean | null;
  pendingEssays: number;
  fingerprint: string;
  /** Time given by proctors (extensions and credits). */
  extraMinutes: number;
  reopenCount: number;
  lastSeenAt: number;
}

export interface RosterEntry {
  candidateId: number;
  employeeId: string;
  name: string;
  branch: string;
  walkIn: boolean;
  attempt: AttemptSummary | null;
}

export interface ExamSessionView extends ExamSessionSummary {
  blueprintId: string;
  timeLimitMinutes: number;
  passScore: number;
  maxScore: number;
  settings: ExamSettings;
  pausedAt: number | null;
  roster: RosterEntry[];
}

export interface RosterImportReport {
  added: number;
  errors: { row: number; message: Messages }[];
}

export interface EssayGradeView {
  awards: number[];
  score: number;
  comment: string;
  gradedBy: string;
  gradedAt: number;
}

/** The full snapshot of one delivered question, for proctors only. */
export interface ProctorItemView {
  no: number;
  questionId: string;
  chapterId: string;
  type: QuestionKind;
  stem: string;
  options: string[];
  key: (string | boolean)[];
  points: number;
  reference: string;
  keyPoints: { point: string; score: number }[];
  response: ResponseValue | null;
  flagged: boolean;
  savedAt: number | null;
  outcome: Outcome | null;
  score: number | null;
  essayGrade: EssayGradeView | null;
}

export interface AttemptDetail {
  summary: AttemptSummary;
  candidate: CandidateInfo & { candidateId: number };
  sessionId: number;
  sessionTitle: string;
  seed: number;
  contentVersion: string;
  items: ProctorItemView[];
  byChapter: ChapterScore[] | null;
  focusEvents: { at: number; kind: FocusKind }[];
}

export interface AuditEntryView {
  id: number;
  at: number;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}
