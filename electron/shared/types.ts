/** Domain types exchanged over the API. No platform imports here: the renderer uses them too. */
export type Role = 'anonymous' | 'learner' | 'candidate' | 'proctor' | 'admin';

export interface ChapterSummary {
  id: string;
  order: number;
  title: string;
  summary: string;
  sectionCount: number;
  questionCount: number;
}

export interface SectionView {
  id: string;
  parentId: string | null;
  level: 2 | 3;
  title: string;
  markdown: string;
}

export interface ChapterView extends ChapterSummary {
  intro: string;
  objectives: string[];
  sources: string[];
  sections: SectionView[];
}

export interface DbInfo {
  path: string;
  schemaVersion: number;
}

export interface SystemInfo {
  appVersion: string;
  dataDir: string;
  user: DbInfo;
  content: DbInfo & { contentVersion: string; builtAt: string };
  counts: { chapters: number; sections: number; questions: number; blueprints: number; characters: number };
}

export type PersonRole = 'learner' | 'proctor' | 'admin';

export interface PersonView {
  id: number;
  employeeId: string;
  name: string;
  branch: string;
  role: PersonRole;
  /** A learner protected by a PIN, or a staff account with a password. */
  hasSecret: boolean;
}

export interface AuthStatus {
  /** No administrator exists yet: the first run must create one. */
  needsSetup: boolean;
  role: Role;
  person: PersonView | null;
}

export interface SignedIn {
  session: string;
  person: PersonView;
}

export interface SectionRef {
  chapterId: string;
  sectionId: string;
}

export interface BookmarkView extends SectionRef {
  chapterTitle: string;
  sectionTitle: string;
  createdAt: number;
}

export interface ChapterProgress {
  chapterId: string;
  read: number;
  total: number;
}

export interface StudyOverview {
  chapters: ChapterProgress[];
  /** Where "继续学习" takes the learner. */
  last: (SectionRef & { chapterTitle: string; sectionTitle: string }) | null;
  bookmarks: BookmarkView[];
}

export interface ChapterState {
  read: string[];
  bookmarks: string[];
  notes: Record<string, string>;
}

export interface BackupEntry {
  file: string;
  createdAt: number;
  bytes: number;
  ok: boolean;
  schemaVersion: number;
}

export interface CheckReport {
  user: { ok: boolean; problems: string[] };
  content: { ok: boolean; problems: string[] };
  audit: { ok: boolean; firstBrokenEntry: number | null };
  backups: BackupEntry[];
}

export interface RecoveryStatus {
  /** "recovery" when user.db could not be opened: only restoring a backup is possible. */
  mode: 'normal' | 'recovery';
  problem: { 'zh-CN': string; en: string } | null;
  backups: BackupEntry[];
}

export interface ChangeCount {
  added: number;
  changed: number;
  removed: number;
}

export interface PackSummary {
  title: string;
  contentVersion: string;
  currentVersion: string;
  chapters: ChangeCount;
  sections: ChangeCount;
  questions: ChangeCount;
  blueprints: ChangeCount;
  totals: { chapters: number; questions: number; blueprints: number };
}
