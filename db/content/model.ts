/** The compiled course, as the compiler hands it to the content.db writer. */
export interface ContentIssue {
  file: string;
  line: number;
  reason: string;
}

export interface SectionSource {
  id: string;
  parentId: string | null;
  level: 2 | 3;
  title: string;
  markdown: string;
  line: number;
}

export interface ChapterSource {
  file: string;
  id: string;
  order: number;
  title: string;
  summary: string;
  objectives: string[];
  sources: string[];
  sectionSources: Record<string, string[]>;
  intro: string;
  sections: SectionSource[];
}

export type QuestionType = 'single' | 'multiple' | 'truefalse' | 'fill' | 'scenario' | 'essay';

export interface KeyPoint {
  point: string;
  score: number;
}

export interface QuestionSource {
  file: string;
  line: number;
  id: string;
  type: QuestionType;
  chapterId: string;
  sectionId: string;
  difficulty: 1 | 2 | 3;
  stem: string;
  options: string[];
  /** Letters for choice types, [true|false] for truefalse, accepted strings for fill, [] for essay. */
  answer: (string | boolean)[];
  explanation: string;
  reference: string;
  keyPoints: KeyPoint[];
  source: string;
}

export interface DrawRule {
  type: QuestionType;
  count: number;
  points: number;
  chapters: 'all' | string[];
  difficulty?: Partial<Record<1 | 2 | 3, number>>;
}

export interface BlueprintSource {
  file: string;
  line: number;
  id: string;
  kind: 'certification' | 'mock' | 'practice';
  title: string;
  timeLimitMinutes: number;
  passScore: number;
  multipleChoiceScoring: 'all_or_nothing' | 'partial';
  draw: DrawRule[];
  /** Source line of each draw rule, for error messages (not written to content.db). */
  drawLines: number[];
}

export interface Course {
  version: string;
  chapters: ChapterSource[];
  questions: QuestionSource[];
  blueprints: BlueprintSource[];
}

export const LETTERS = 'ABCDEFGH';

/** Counts CJK ideographs: the measure of course length the issues use. */
export function countCjk(text: string): number {
  return text.match(/[\u3400-\u9fff]/g)?.length ?? 0;
}
