/**
 * Synthetic copies of the course at 1×, 10×, 100×: every chapter and its questions copied under new
 * ids (complaints → complaints-x7, complaints-001 → complaints-x7-001) into a content/ tree in a temp
 * folder, then compiled by the real compiler and writer. Built databases are cached by course version
 * and content.db layout, so repeated runs skip the (slow) 100× build unless --fresh is given.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileContent, formatIssues } from '../db/content/compile';
import { writeContentDb } from '../db/content/writeDb';
import { CONTENT_SCHEMA_VERSION } from '../db/content/schema';

export interface ScaledCorpus {
  scale: number;
  file: string;
  bytes: number;
  chapters: number;
  sections: number;
  questions: number;
  /** Source text compiled (chapters + questions), in MiB. */
  sourceMiB: number;
  /** compileContent + writeContentDb (content tables and the whole search index), ms. */
  buildMs: number;
  compileMs: number;
  writeMs: number;
  cached: boolean;
}

const ROOT = path.resolve(import.meta.dirname, '..');
export const CACHE_DIR = path.join(os.tmpdir(), 'kb-bench-cache');

function copyTree(scale: number, into: string): number {
  const src = path.join(ROOT, 'content');
  let bytes = 0;
  fs.cpSync(path.join(src, 'blueprints'), path.join(into, 'blueprints'), { recursive: true });
  fs.mkdirSync(path.join(into, 'chapters'), { recursive: true });
  fs.mkdirSync(path.join(into, 'questions'), { recursive: true });
  const chapterFiles = fs.readdirSync(path.join(src, 'chapters')).filter((f) => f.endsWith('.md'));
  const questionFiles = fs.readdirSync(path.join(src, 'questions')).filter((f) => f.endsWith('.yaml'));
  const chapterIds = chapterFiles.map((f) => /^id:\s*(\S+)/m.exec(fs.readFileSync(path.join(src, 'chapters', f), 'utf8'))![1]);
  for (let k = 0; k < scale; k++) {
    const sfx = k === 0 ? '' : `-x${k}`;
    for (const f of chapterFiles) {
      let text = fs.readFileSync(path.join(src, 'chapters', f), 'utf8');
      if (k > 0) {
        text = text
          .replace(/^id:\s*(\S+)/m, (_, id: string) => `id: ${id}${sfx}`)
          .replace(/^order:\s*(\d+)/m, (_, n: string) => `order: ${Number(n) + k * 1000}`);
      }
      bytes += Buffer.byteLength(text);
      fs.writeFileSync(path.join(into, 'chapters', k === 0 ? f : f.replace(/\.md$/, `${sfx}.md`)), text);
    }
    for (const f of questionFiles) {
      let text = fs.readFileSync(path.join(src, 'questions', f), 'utf8');
      if (k > 0) {
        for (const id of chapterIds) {
          text = text
            .replace(new RegExp(`^(\\s*-?\\s*id:\\s*)${id}-(\\d+)`, 'gm'), `$1${id}${sfx}-$2`)
            .replace(new RegExp(`^(\\s*section:\\s*)${id}#`, 'gm'), `$1${id}${sfx}#`);
        }
      }
      bytes += Buffer.byteLength(text);
      fs.writeFileSync(path.join(into, 'questions', k === 0 ? f : f.replace(/\.yaml$/, `${sfx}.yaml`)), text);
    }
  }
  return bytes;
}

/** Builds (or reuses) the content.db of the course copied `scale` times. */
export function scaledCorpus(scale: number, fresh = false, log: (s: string) => void = () => {}): ScaledCorpus {
  const base = compileContent(path.join(ROOT, 'content'));
  if (!base.course) throw new Error(`content/ does not compile:\n${formatIssues(base.issues)}`);
  const key = `v${CONTENT_SCHEMA_VERSION}-${base.course.version}-${scale}x`;
  const file = path.join(CACHE_DIR, `${key}.db`);
  const meta = `${file}.json`;
  if (!fresh && fs.existsSync(file) && fs.existsSync(meta)) {
    return { ...(JSON.parse(fs.readFileSync(meta, 'utf8')) as ScaledCorpus), file, cached: true };
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kb-bench-content-${scale}x-`));
  try {
    log(`building the ${scale}× course…`);
    const bytes = copyTree(scale, dir);
    let t = performance.now();
    const { course, issues } = compileContent(dir);
    if (!course) throw new Error(`the ${scale}× copy does not compile:\n${formatIssues(issues).slice(0, 2000)}`);
    const compileMs = performance.now() - t;
    t = performance.now();
    writeContentDb(course, file);
    const writeMs = performance.now() - t;
    const info: ScaledCorpus = {
      scale,
      file,
      bytes: fs.statSync(file).size,
      chapters: course.chapters.length,
      sections: course.chapters.reduce((n, c) => n + c.sections.length, 0),
      questions: course.questions.length,
      sourceMiB: bytes / 2 ** 20,
      buildMs: compileMs + writeMs,
      compileMs,
      writeMs,
      cached: false,
    };
    fs.writeFileSync(meta, JSON.stringify(info, null, 2));
    return info;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
