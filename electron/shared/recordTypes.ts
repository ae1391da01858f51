/**
 * Score records as HR and proctors see them: certification attempts taken on this PC and attempts
 * imported from other PCs through signed result bundles, read through one list (the attempt_records view).
 * These views are for staff only (proctor, admin) and hold keys once an attempt is submitted.
 */
import type { Messages } from './errors';
import type { AttemptState, FocusKind, SubmitKind } from './examTypes';
import type { Outcome, QuestionKind, ResponseValue } from './practiceTypes';

/** Where a record lives: taken here, or imported from a signed result bundle. */
export type RecordOrigin = 'local' | 'imported';

/** One attempt in the records list (成绩汇总 has one row per attempt with these fields). */
export interface RecordRow {
  /** The attempt's id across installations (32 hex characters). */
  uid: string;
  origin: RecordOrigin;
  sessionCode: string;
  sessionTitle: string;
  blueprintId: string;
  examDate: string;
  room: string;
  employeeId: string;
  name: string;
  branch: string;
  state: AttemptState;
  score: number | null;
  maxScore: number;
  passScore: number;
  /** null while 作答中 or 待阅卷. */
  passed: boolean | null;
  submitKind: SubmitKind | null;
  startedAt: number;
  submittedAt: number | null;
  fingerprint: string;
}

export interface RecordPage {
  rows: RecordRow[];
  total: number;
}

/** Values for the filter's drop-downs: what the caller may see. */
export interface RecordFilterOptions {
  sessions: { code: string; title: string; date: string }[];
  blueprints: { id: string; title: string }[];
  branches: string[];
}

export interface RecordItemView {
  no: number;
  questionId: string;
  chapterId: string;
  chapterTitle: string;
  type: QuestionKind;
  stem: string;
  options: string[];
  key: (string | boolean)[];
  reference: string;
  points: number;
  response: ResponseValue | null;
  flagged: boolean;
  outcome: Outcome | null;
  score: number | null;
  /** Time from the previous saved answer (or the start) to this item's first save; null if never answered. */
  timeSpentMs: number | null;
  essayComment: string | null;
}

export interface ResumeGap {
  at: number;
  gapMs: number;
  creditedMs: number;
  authorizedBy: string | null;
}

export interface RecordAuditEntry {
  at: number;
  actor: string | null;
  action: string;
  details: Record<string, unknown>;
}

/** One attempt in full: every question as delivered, the answer, the key, points, time, focus and gaps. */
export interface RecordDetail {
  row: RecordRow;
  seed: number;
  contentVersion: string;
  timeLimitMinutes: number;
  deadline: number;
  extraMs: number;
  reopenCount: number;
  items: RecordItemView[];
  byChapter: { chapterId: string; chapterTitle: string; score: number; max: number }[];
  focusEvents: { at: number; kind: FocusKind }[];
  resumeGaps: ResumeGap[];
  audit: RecordAuditEntry[];
  /** For imported records: the fingerprint of the installation that signed the bundle. */
  signer: { fingerprint: string; label: string } | null;
  /** The certificate's number and verification code when the attempt passed and is final. */
  certificate: CertificateInfo | null;
}

export interface CertificateInfo {
  number: string;
  /** Crockford base32 of the Ed25519 signature over the certificate's fields, in groups of five. */
  code: string;
  signerFingerprint: string;
}

export interface CertificateCheck {
  valid: boolean;
  /** What was checked, e.g. the holder and score the code was issued for, or why it failed. */
  message: Messages;
  holder: { name: string; employeeId: string; exam: string; date: string; score: number } | null;
  signer: { fingerprint: string; label: string; trusted: boolean } | null;
}

export interface ItemStat {
  questionId: string;
  chapterTitle: string;
  type: QuestionKind;
  stem: string;
  /** Attempts whose paper held the question. */
  attempts: number;
  /** Mean score on the item as a share of its points, 0–100 (Moodle's facility index). */
  facility: number;
  /** Item score's standard deviation as a share of its points, 0–100. */
  sd: number;
  /** Correlation of the item score with the rest of the test, −100–100; null if it cannot be computed. */
  discrimination: number | null;
  /** Covariance of item and rest score as a share of the largest covariance their distributions allow, %. */
  efficiency: number | null;
  /** negative: discrimination < 0; weak: below 10 (near zero). */
  flag: 'negative' | 'weak' | null;
}

export interface RecordStats {
  attempts: number;
  /** Final attempts (graded; 待阅卷 and 作答中 are not counted in the figures below). */
  graded: number;
  /** Share of the graded attempts that passed, 0–1 (null when none is graded). */
  passRate: number | null;
  mean: number | null;
  median: number | null;
  sd: number | null;
  maxScore: number | null;
  /** Ten bins of the score as a share of the maximum: [0,10), … [90,100]. */
  histogram: { from: number; to: number; count: number }[];
  byChapter: { chapterId: string; chapterTitle: string; mastery: number }[];
  items: ItemStat[];
}

export type ExportFormat = 'xlsx' | 'csv';
export type ReportKind = 'attempt' | 'session' | 'certificate';

export interface ExportJob {
  id: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  /** Rows (or pages) written so far and expected in all. */
  done: number;
  total: number;
  /** The file to save, e.g. 成绩记录_2026-11-24_至_2026-11-30_20261124-1015.xlsx (CSV: a .zip of one file per sheet). */
  fileName: string;
  bytes: number;
  error: Messages | null;
}

export interface ExportChunk {
  base64: string;
  offset: number;
  /** The whole file's size. */
  bytes: number;
  done: boolean;
}
