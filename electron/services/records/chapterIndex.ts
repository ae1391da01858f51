import type { App } from '../app';

export interface ChapterIndex {
  /** The chapter's title in the current course; its id for chapters no longer in it. */
  title(id: string): string;
  /** Course order; chapters no longer in the course sort last. */
  order(id: string): number;
}

/** Chapter titles and order from content.db (records outlive course versions, so unknown ids are kept). */
export function chapterIndex(app: App): ChapterIndex {
  const rows = app.content.prepare('SELECT id, ord, title FROM chapters').all() as { id: string; ord: number; title: string }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    title: (id) => byId.get(id)?.title ?? id,
    order: (id) => byId.get(id)?.ord ?? Number.MAX_SAFE_INTEGER,
  };
}
