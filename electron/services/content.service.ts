import type { Db } from '../../db/open';
import { AppError } from '../shared/errors';
import type { ChapterSummary, ChapterView, SectionView } from '../shared/types';

interface ChapterRow {
  id: string;
  ord: number;
  title: string;
  summary: string;
  sectionCount: number;
  questionCount: number;
}

const summarySql = `
  SELECT c.id, c.ord, c.title, c.summary,
    (SELECT count(*) FROM sections s WHERE s.chapter_id = c.id AND s.level = 2) AS sectionCount,
    (SELECT count(*) FROM questions q WHERE q.chapter_id = c.id) AS questionCount
  FROM chapters c`;

const toSummary = (r: ChapterRow): ChapterSummary => ({
  id: r.id,
  order: r.ord,
  title: r.title,
  summary: r.summary,
  sectionCount: r.sectionCount,
  questionCount: r.questionCount,
});

export function listChapters(content: Db): ChapterSummary[] {
  return (content.prepare(`${summarySql} ORDER BY c.ord`).all() as ChapterRow[]).map(toSummary);
}

export function getChapter(content: Db, chapterId: string): ChapterView {
  const row = content
    .prepare(`SELECT c.intro, c.objectives, c.sources, x.* FROM (${summarySql} WHERE c.id = ?) x JOIN chapters c ON c.id = x.id`)
    .get(chapterId) as (ChapterRow & { intro: string; objectives: string; sources: string }) | undefined;
  if (!row) {
    throw new AppError('not_found', { 'zh-CN': `找不到章节：${chapterId}`, en: `No such chapter: ${chapterId}` });
  }
  const sections = content
    .prepare('SELECT id, parent_id AS parentId, level, title, markdown FROM sections WHERE chapter_id = ? ORDER BY ord')
    .all(chapterId) as SectionView[];
  return {
    ...toSummary(row),
    intro: row.intro,
    objectives: JSON.parse(row.objectives) as string[],
    sources: JSON.parse(row.sources) as string[],
    sections,
  };
}
