import { backupDatabase } from '../../db/backup';
import type { Course } from '../../db/content/model';
import { blueprintSpec, writeContentDb } from '../../db/content/writeDb';
import type { PackSummary } from '../shared/types';
import { contentMeta, replaceContent, type App } from './app';
import { appendAudit } from './audit';
import { saveCoursePack } from './coursePack';
import { compilePack, type ContentPack } from './contentPackFormat';

function diff(current: Map<string, string>, next: Map<string, string>) {
  let added = 0;
  let changed = 0;
  for (const [id, v] of next) {
    if (!current.has(id)) added++;
    else if (current.get(id) !== v) changed++;
  }
  return { added, changed, removed: [...current.keys()].filter((id) => !next.has(id)).length };
}

/** What importing the pack would change, compared with the course in use. */
export function summarizePack(app: App, text: string): PackSummary {
  return summarizeCompiled(app, compilePack(text));
}

function summarizeCompiled(app: App, { pack, course }: { pack: ContentPack; course: Course }): PackSummary {
  const rows = (sql: string) => new Map((app.content.prepare(sql).all() as { id: string; v: string }[]).map((r) => [r.id, r.v]));
  const chapters = rows("SELECT id, title || summary || intro AS v FROM chapters");
  const sections = rows("SELECT chapter_id || '#' || id AS id, title || markdown AS v FROM sections");
  const questions = rows('SELECT id, type || difficulty || stem || options || answer || explanation AS v FROM questions');
  const blueprints = rows('SELECT id, spec AS v FROM blueprints');
  return {
    title: pack.manifest.title,
    contentVersion: course.version,
    currentVersion: contentMeta(app.content).version,
    chapters: diff(chapters, new Map(course.chapters.map((c) => [c.id, c.title + c.summary + c.intro]))),
    sections: diff(sections, new Map(course.chapters.flatMap((c) => c.sections.map((s) => [`${c.id}#${s.id}`, s.title + s.markdown] as [string, string])))),
    questions: diff(
      questions,
      new Map(course.questions.map((q) => [q.id, q.type + q.difficulty + q.stem + JSON.stringify(q.options) + JSON.stringify(q.answer) + q.explanation])),
    ),
    blueprints: diff(blueprints, new Map(course.blueprints.map((b) => [b.id, blueprintSpec(b)]))),
    totals: { chapters: course.chapters.length, questions: course.questions.length, blueprints: course.blueprints.length },
  };
}

/** Validates, backs up user.db, writes the new content.db beside the old one and swaps it in. */
export async function importPack(app: App, text: string, actorId: number | null): Promise<PackSummary> {
  const compiled = compilePack(text);
  const summary = summarizeCompiled(app, compiled);
  const { course } = compiled;
  await backupDatabase(app.user, app.paths.backupsDir, 'event', 'pre-content-update');
  const staged = `${app.paths.contentDb}.incoming`;
  writeContentDb(course, staged, 'pack');
  replaceContent(app, staged);
  saveCoursePack(app.paths, text);
  appendAudit(app.user, app.now(), {
    actorId,
    action: 'content.importPack',
    target: course.version,
    details: { title: summary.title, from: summary.currentVersion, questions: summary.questions },
  });
  return summary;
}
