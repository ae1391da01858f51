/**
 * The search index inside content.db (see ../content/schema.ts for the version number).
 * - search_docs: one row per section and question, the plain text snippets are cut from, with the
 *   titles a hit shows (so showing hits needs no joins). Section rowids count from 1, question rowids
 *   from QUESTION_ROWID_BASE, so a rowid range selects a kind.
 * - search_fts: contentless FTS5 over CJK bigram tokens (tokenize.ts).
 * - search_df: how many documents hold each common token (`X*` for a one-character prefix), for
 *   estimating a query's cost without walking its doclists.
 * - search_top: for the terms too common to rank live, their BM25 top documents per kind (packed,
 *   see topList.ts), computed when the index is built with the formula FTS5's bm25() uses.
 * - search_terms: the course's words with full pinyin and initials (tousu / ts → 投诉).
 * - search_t2s: Traditional → Simplified characters (from OpenCC) for characters the course never uses.
 */
export const searchSchemaSql = `
  CREATE TABLE search_docs (
    rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('section', 'question')),
    chapter_id TEXT NOT NULL, section_id TEXT NOT NULL, ref_id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
    chapter_title TEXT NOT NULL, section_title TEXT NOT NULL, first_child TEXT
  );
  CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='', tokenize='unicode61');
  CREATE TABLE search_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE search_top (term TEXT PRIMARY KEY, sections BLOB NOT NULL, questions BLOB NOT NULL) WITHOUT ROWID;
  CREATE TABLE search_terms (term TEXT PRIMARY KEY, pinyin TEXT NOT NULL, initials TEXT NOT NULL, freq INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX search_terms_pinyin ON search_terms(pinyin);
  CREATE INDEX search_terms_initials ON search_terms(initials);
  CREATE TABLE search_t2s (trad TEXT PRIMARY KEY, simp TEXT NOT NULL) WITHOUT ROWID;
`;
