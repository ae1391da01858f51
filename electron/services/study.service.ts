import type { Db } from '../../db/open';
import { AppError } from '../shared/errors';
import type { BookmarkView, ChapterState, SectionRef, StudyOverview } from '../shared/types';
import type { App } from './app';

function sectionTitle(content: Db, ref: SectionRef): { chapterTitle: string; sectionTitle: string } | undefined {
  return content
    .prepare('SELECT c.title AS chapterTitle, s.title AS sectionTitle FROM sections s JOIN chapters c ON c.id = s.chapter_id WHERE s.chapter_id = ? AND s.id = ?')
    .get(ref.chapterId, ref.sectionId) as { chapterTitle: string; sectionTitle: string } | undefined;
}

/** Refuses references to sections the course does not have. */
function requireSection(content: Db, ref: SectionRef): void {
  if (!sectionTitle(content, ref)) {
    throw new AppError('not_found', {
      'zh-CN': `找不到小节：${ref.chapterId}#${ref.sectionId}`,
      en: `No such section: ${ref.chapterId}#${ref.sectionId}`,
    });
  }
}

export function studyOverview(app: App, personId: number): StudyOverview {
  const totals = app.content.prepare('SELECT chapter_id AS chapterId, id FROM sections WHERE level = 2 ORDER BY ord').all() as { chapterId: string; id: string }[];
  const reads = new Set(
    (app.user.prepare('SELECT chapter_id, section_id FROM section_reads WHERE person_id = ?').all(personId) as { chapter_id: string; section_id: string }[]).map(
      (r) => `${r.chapter_id}#${r.section_id}`,
    ),
  );
  const chapterIds = app.content.prepare('SELECT id FROM chapters ORDER BY ord').pluck().all() as string[];
  const chapters = chapterIds.map((chapterId) => {
    const ids = totals.filter((t) => t.chapterId === chapterId);
    return { chapterId, total: ids.length, read: ids.filter((t) => reads.has(`${chapterId}#${t.id}`)).length };
  });
  const lastRow = app.user.prepare('SELECT chapter_id AS chapterId, section_id AS sectionId FROM last_positions WHERE person_id = ?').get(personId) as SectionRef | undefined;
  const lastTitles = lastRow && sectionTitle(app.content, lastRow);
  const bookmarks = (
    app.user.prepare('SELECT chapter_id AS chapterId, section_id AS sectionId, created_at AS createdAt FROM bookmarks WHERE person_id = ? ORDER BY created_at DESC').all(personId) as (SectionRef & { createdAt: number })[]
  ).flatMap((b): BookmarkView[] => {
    const titles = sectionTitle(app.content, b);
    return titles ? [{ ...b, ...titles }] : []; // a section removed by a content update drops out
  });
  return { chapters, last: lastRow && lastTitles ? { ...lastRow, ...lastTitles } : null, bookmarks };
}

export function chapterState(app: App, personId: number, chapterId: string): ChapterState {
  const read = app.user.prepare('SELECT section_id FROM section_reads WHERE person_id = ? AND chapter_id = ?').pluck().all(personId, chapterId) as string[];
  const bookmarks = app.user.prepare('SELECT section_id FROM bookmarks WHERE person_id = ? AND chapter_id = ?').pluck().all(personId, chapterId) as string[];
  const notes = app.user.prepare('SELECT section_id, body FROM notes WHERE person_id = ? AND chapter_id = ?').all(personId, chapterId) as { section_id: string; body: string }[];
  return { read, bookmarks, notes: Object.fromEntries(notes.map((n) => [n.section_id, n.body])) };
}

export function setPosition(app: App, personId: number, ref: SectionRef): void {
  requireSection(app.content, ref);
  app.user
    .prepare('INSERT INTO last_positions (person_id, chapter_id, section_id, at) VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET chapter_id = excluded.chapter_id, section_id = excluded.section_id, at = excluded.at')
    .run(personId, ref.chapterId, ref.sectionId, app.now());
}

export function markRead(app: App, personId: number, ref: SectionRef): void {
  requireSection(app.content, ref);
  app.user.transaction(() => {
    app.user.prepare('INSERT OR IGNORE INTO section_reads (person_id, chapter_id, section_id, read_at) VALUES (?, ?, ?, ?)').run(personId, ref.chapterId, ref.sectionId, app.now());
    setPosition(app, personId, ref);
  })();
}

export function setBookmark(app: App, personId: number, ref: SectionRef, on: boolean): void {
  requireSection(app.content, ref);
  if (on) app.user.prepare('INSERT OR IGNORE INTO bookmarks (person_id, chapter_id, section_id, created_at) VALUES (?, ?, ?, ?)').run(personId, ref.chapterId, ref.sectionId, app.now());
  else app.user.prepare('DELETE FROM bookmarks WHERE person_id = ? AND chapter_id = ? AND section_id = ?').run(personId, ref.chapterId, ref.sectionId);
}

export function saveNote(app: App, personId: number, ref: SectionRef, body: string): void {
  requireSection(app.content, ref);
  if (body.trim() === '') app.user.prepare('DELETE FROM notes WHERE person_id = ? AND chapter_id = ? AND section_id = ?').run(personId, ref.chapterId, ref.sectionId);
  else
    app.user
      .prepare('INSERT INTO notes (person_id, chapter_id, section_id, body, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, chapter_id, section_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at')
      .run(personId, ref.chapterId, ref.sectionId, body, app.now());
}
