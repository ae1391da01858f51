import type { Db } from '../../db/open';
import type { BlueprintSource, DrawRule, KeyPoint, QuestionSource, QuestionType } from '../../db/content/model';
import { AppError } from '../shared/errors';
import type { QuestionView, SectionLink } from '../shared/practiceTypes';

/** A blueprint as content.db stores it (the compiler drops file and line numbers). */
export type BlueprintSpec = Omit<BlueprintSource, 'file' | 'line' | 'drawLines'>;

export interface QuestionBank {
  /** Ordered by id, so a draw over the same bank and seed gives the same paper. */
  questions: QuestionSource[];
  byId: Map<string, QuestionSource>;
  /** content_version of the content.db the bank was read from. */
  version: string;
}

interface QuestionRow {
  id: string;
  chapter_id: string;
  section_id: string;
  type: QuestionType;
  difficulty: 1 | 2 | 3;
  stem: string;
  options: string;
  answer: string;
  explanation: string;
  reference: string;
  key_points: string;
  source: string;
}

// content.db is read-only while open; a content update opens a new connection, hence a new cache entry.
const banks = new WeakMap<Db, QuestionBank>();
const sectionLinks = new WeakMap<Db, Map<string, SectionLink>>();

export function loadBank(content: Db): QuestionBank {
  const cached = banks.get(content);
  if (cached) return cached;
  const rows = content.prepare('SELECT * FROM questions ORDER BY id').all() as QuestionRow[];
  const questions = rows.map(
    (r): QuestionSource => ({
      file: 'content.db',
      line: 0,
      id: r.id,
      type: r.type,
      chapterId: r.chapter_id,
      sectionId: r.section_id,
      difficulty: r.difficulty,
      stem: r.stem,
      options: JSON.parse(r.options) as string[],
      answer: JSON.parse(r.answer) as (string | boolean)[],
      explanation: r.explanation,
      reference: r.reference,
      keyPoints: JSON.parse(r.key_points) as KeyPoint[],
      source: r.source,
    }),
  );
  const version = (content.prepare("SELECT value FROM meta WHERE key = 'content_version'").pluck().get() as string | undefined) ?? '';
  const bank = { questions, byId: new Map(questions.map((q) => [q.id, q])), version };
  banks.set(content, bank);
  return bank;
}

export function getQuestion(content: Db, id: string): QuestionSource {
  const q = loadBank(content).byId.get(id);
  if (!q) throw new AppError('not_found', { 'zh-CN': `找不到题目：${id}`, en: `No such question: ${id}` });
  return q;
}

/** Chapter and section titles by `chapterId#sectionId`. */
function links(content: Db): Map<string, SectionLink> {
  let map = sectionLinks.get(content);
  if (!map) {
    const rows = content
      .prepare('SELECT s.chapter_id AS chapterId, s.id AS sectionId, c.title AS chapterTitle, s.title AS sectionTitle FROM sections s JOIN chapters c ON c.id = s.chapter_id')
      .all() as SectionLink[];
    map = new Map(rows.map((r) => [`${r.chapterId}#${r.sectionId}`, r]));
    sectionLinks.set(content, map);
  }
  return map;
}

export function sectionLink(content: Db, chapterId: string, sectionId: string): SectionLink {
  return links(content).get(`${chapterId}#${sectionId}`) ?? { chapterId, sectionId, chapterTitle: chapterId, sectionTitle: sectionId };
}

export function loadBlueprint(content: Db, id: string): BlueprintSpec {
  const spec = content.prepare('SELECT spec FROM blueprints WHERE id = ?').pluck().get(id) as string | undefined;
  if (!spec) throw new AppError('not_found', { 'zh-CN': `找不到组卷方案：${id}`, en: `No such blueprint: ${id}` });
  const parsed = JSON.parse(spec) as BlueprintSpec & { draw: DrawRule[] };
  return parsed;
}

/** A question without its key, explanation or reference: safe to show before it is answered. */
export function questionView(q: QuestionSource): QuestionView {
  return {
    id: q.id,
    chapterId: q.chapterId,
    sectionId: q.sectionId,
    type: q.type,
    difficulty: q.difficulty,
    stem: q.stem,
    options: [...q.options],
  };
}
