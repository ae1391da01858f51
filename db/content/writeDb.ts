import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { countCjk, type BlueprintSource, type Course } from './model';
import { CONTENT_SCHEMA_VERSION, contentSchemaSql } from './schema';
import { markdownToPlain } from '../search/tokenize';
import { writeSearchIndex, type SearchDoc, type SearchIndexOptions } from '../search/buildIndex';

export type ContentOrigin = 'builtin' | 'pack';

/** A blueprint as stored in content.db: without where it was read from. */
export function blueprintSpec(b: BlueprintSource): string {
  const { file: _file, line: _line, drawLines: _drawLines, ...spec } = b;
  return JSON.stringify(spec);
}

/**
 * Writes the compiled course to `outFile` atomically: a temporary file is filled, checked and then
 * renamed over the target, so a reader never sees a half-written content.db.
 */
export function writeContentDb(
  course: Course,
  outFile: string,
  origin: ContentOrigin = 'builtin',
  searchOptions: SearchIndexOptions = {},
): void {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = DELETE');
    db.exec(contentSchemaSql);
    const searchDocs: SearchDoc[] = [];
    db.transaction(() => {
      const chapter = db.prepare(
        'INSERT INTO chapters (id, ord, title, summary, intro, objectives, sources) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const section = db.prepare(
        'INSERT INTO sections (chapter_id, id, parent_id, level, ord, title, markdown, plain, sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const chapterTitles = new Map<string, string>();
      const sectionTitles = new Map<string, string>();
      let characters = 0;
      for (const c of course.chapters) {
        chapter.run(c.id, c.order, c.title, c.summary, c.intro, JSON.stringify(c.objectives), JSON.stringify(c.sources));
        chapterTitles.set(c.id, c.title);
        characters += countCjk(c.intro);
        const plains = c.sections.map((s) => markdownToPlain(s.markdown));
        c.sections.forEach((s, i) => {
          const plain = plains[i];
          const sources = c.sectionSources[s.parentId ?? s.id] ?? [];
          section.run(c.id, s.id, s.parentId, s.level, i, s.title, s.markdown, plain, JSON.stringify(sources));
          sectionTitles.set(`${c.id}/${s.id}`, s.title);
          characters += countCjk(s.title) + countCjk(s.markdown);
          // A section that is only a heading shows how its first sub-section with text begins.
          const child = plain ? -1 : c.sections.findIndex((x, j) => x.parentId === s.id && plains[j] !== '');
          const firstChild = child >= 0 ? `${c.sections[child].title}：${plains[child]}` : null;
          searchDocs.push({ kind: 'section', chapterId: c.id, sectionId: s.id, refId: s.id, title: s.title, body: plain, chapterTitle: c.title, sectionTitle: s.title, firstChild });
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
        searchDocs.push({
          kind: 'question', chapterId: q.chapterId, sectionId: q.sectionId, refId: q.id, title: q.stem, body: q.options.join('\n'),
          chapterTitle: chapterTitles.get(q.chapterId) ?? '', sectionTitle: sectionTitles.get(`${q.chapterId}/${q.sectionId}`) ?? '', firstChild: null,
        });
      }
      const blueprint = db.prepare('INSERT INTO blueprints (id, kind, title, spec) VALUES (?, ?, ?, ?)');
      for (const b of course.blueprints) blueprint.run(b.id, b.kind, b.title, blueprintSpec(b));
      writeSearchIndex(db, searchDocs, searchOptions);
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
