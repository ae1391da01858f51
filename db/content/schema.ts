import { searchSchemaSql } from '../search/schema';

/** Layout of content.db. Bump CONTENT_SCHEMA_VERSION when it changes: older files are then rebuilt. */
// 2: search index v2 (rowid ranges per kind, search_df, search_top, search_t2s; see ../search/schema.ts).
export const CONTENT_SCHEMA_VERSION = 3;

export const contentSchemaSql = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE chapters (
    id TEXT PRIMARY KEY, ord INTEGER NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL,
    intro TEXT NOT NULL, objectives TEXT NOT NULL, sources TEXT NOT NULL
  );
  CREATE TABLE sections (
    chapter_id TEXT NOT NULL REFERENCES chapters(id), id TEXT NOT NULL, parent_id TEXT,
    level INTEGER NOT NULL, ord INTEGER NOT NULL, title TEXT NOT NULL, markdown TEXT NOT NULL,
    plain TEXT NOT NULL, sources TEXT NOT NULL,
    PRIMARY KEY (chapter_id, id)
  );
  CREATE TABLE questions (
    id TEXT PRIMARY KEY, chapter_id TEXT NOT NULL REFERENCES chapters(id), section_id TEXT NOT NULL,
    type TEXT NOT NULL, difficulty INTEGER NOT NULL, stem TEXT NOT NULL, options TEXT NOT NULL,
    answer TEXT NOT NULL, explanation TEXT NOT NULL, reference TEXT NOT NULL, key_points TEXT NOT NULL,
    source TEXT NOT NULL
  );
  CREATE INDEX questions_by_section ON questions(chapter_id, section_id);
  CREATE TABLE blueprints (id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, spec TEXT NOT NULL);
` + searchSchemaSql;
