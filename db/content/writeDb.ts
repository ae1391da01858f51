import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pinyin } from 'pinyin-pro';
import { countCjk, type Course } from './model';
import { CONTENT_SCHEMA_VERSION, contentSchemaSql } from './schema';
import { indexTokens, markdownToPlain } from '../search/tokenize';

export type ContentOrigin = 'builtin' | 'pack';

/** Words of two or more CJK characters in the course, with how often they occur. */
function termFrequencies(texts: string[]): Map<string, number> {
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  const freq = new Map<string, number>();
  for (const t of texts) {
    for (const { segment, isWordLike } of seg.segment(t)) {
      if (isWordLike && /^[\u3400-\u9fff]{2,6}$/.test(segment)) freq.set(segment, (freq.get(segment) ?? 0) + 1);
    }
  }
  return freq;
}

/**
 * Writes the compiled course to `outFile` atomically: a temporary file is filled, checked and then
 * renamed over the target, so a reader never sees a half-written content.db.
 */
export function writeContentDb(course: Course, outFile: string, origin: ContentOrigin = 'builtin'): void {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = DELETE');
    db.exec(contentSchemaSql);
    const texts: string[] = [];
    db.transaction(() => {
      const chapter = db.prepare(
        'INSERT INTO chapters (id, ord, title, summary, intro, objectives, sources) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const section = db.prepare(
        'INSERT INTO sections (chapter_id, id, parent_id, level, ord, title, markdown, plain, sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const doc = db.prepare(
        'INSERT INTO search_docs (kind, chapter_id, section_id, ref_id, title, body) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const fts = db.prepare('INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)');
      const indexDoc = (kind: string, chapterId: string, sectionId: string, refId: string, title: string, body: string) => {
        const { lastInsertRowid } = doc.run(kind, chapterId, sectionId, refId, title, body);
        fts.run(lastInsertRowid, indexTokens(title), indexTokens(body));
        texts.push(title, body);
      };
      let characters = 0;
      for (const c of course.chapters) {
        chapter.run(c.id, c.order, c.title, c.summary, c.intro, JSON.stringify(c.objectives), JSON.stringify(c.sources));
        characters += countCjk(c.intro);
        c.sections.forEach((s, i) => {
          const plain = markdownToPlain(s.markdown);
          const sources = c.sectionSources[s.parentId ?? s.id] ?? [];
          section.run(c.id, s.id, s.parentId, s.level, i, s.title, s.markdown, plain, JSON.stringify(sources));
          characters += countCjk(s.title) + countCjk(s.markdown);
          indexDoc('section', c.id, s.id, s.id, s.title, plain);
        });
      }
      const question = db.prepare(
        `INSERT INTO questions (id, chapter_id, section_id, type, difficulty, stem, options, answer, explanation, reference, key_points, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const q of course.questions) {
        question.run(
          q.id, q.chapterId, q.sectionId, q.type, q.difficulty, q.stem, JSON.stringify(q.options),
          JSON.stringify(q.answer), q.explanation, q.reference, JSON.stringify(q.keyPoints), q.source,
        );
        indexDoc('question', q.chapterId, q.sectionId, q.id, q.stem, q.options.join('\n'));
      }
      const blueprint = db.prepare('INSERT INTO blueprints (id, kind, title, spec) VALUES (?, ?, ?, ?)');
      for (const b of course.blueprints) {
        const { file: _file, line: _line, drawLines: _drawLines, ...spec } = b;
        blueprint.run(b.id, b.kind, b.title, JSON.stringify(spec));
      }
      const term = db.prepare('INSERT INTO search_terms (term, pinyin, initials, freq) VALUES (?, ?, ?, ?)');
      for (const [t, freq] of termFrequencies(texts)) {
        const syllables = pinyin(t, { toneType: 'none', type: 'array', v: true });
        term.run(t, syllables.join(''), syllables.map((s) => s[0]).join(''), freq);
      }
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('content_version', course.version);
      meta.run('built_at', new Date().toISOString());
      meta.run('origin', origin);
      meta.run('characters', String(characters));
      db.pragma(`user_version = ${CONTENT_SCHEMA_VERSION}`);
    })();
    db.exec("INSERT INTO search_fts(search_fts) VALUES ('optimize')");
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`content.db failed its integrity check: ${check}`);
  } catch (e) {
    db.close();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  db.close();
  fs.renameSync(tmp, outFile);
}
