/**
 * The source of the course in use, kept as a content pack beside content.db (`content.kbpack`), so that an
 * administrator's question import can add a file to it and go through the one validated pack path.
 *
 * - `npm run content:build` writes `builtin.kbpack` beside the bundled content.db;
 * - opening a data folder whose course is the built-in one copies it in when it is missing or stale;
 * - every content-pack import (including a question import) writes the imported pack.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';
import { AppError } from '../shared/errors';
import type { DataPaths } from './paths';

export const BUILTIN_PACK_FILE = 'builtin.kbpack';
export const COURSE_PACK_FILE = 'content.kbpack';

export const coursePackPath = (paths: Pick<DataPaths, 'dataDir'>) => path.join(paths.dataDir, COURSE_PACK_FILE);
export const builtinPackPath = (bundledContentDb: string) => path.join(path.dirname(bundledContentDb), BUILTIN_PACK_FILE);

interface PackFiles {
  files: Record<string, string>;
}

/**
 * The content version a pack compiles to, without compiling it: the compiler hashes every file's path
 * (relative to the content folder) and text, chapters then questions then blueprints, each sorted by name.
 * tests/api/bank-import.test.ts checks this stays equal to compileContent's version.
 */
export function packVersion(pack: PackFiles): string {
  const hash = crypto.createHash('sha256');
  for (const [sub, ext] of [['chapters', /\.md$/], ['questions', /\.ya?ml$/], ['blueprints', /\.ya?ml$/]] as const) {
    const names = Object.keys(pack.files)
      .filter((p) => p.startsWith(`${sub}/`) && ext.test(p))
      .map((p) => p.slice(sub.length + 1))
      .sort();
    for (const name of names) hash.update(path.join(sub, name)).update('\0').update(pack.files[`${sub}/${name}`]).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

function readPack(file: string): PackFiles | null {
  try {
    const pack = JSON.parse(fs.readFileSync(file, 'utf8')) as PackFiles;
    return pack && typeof pack.files === 'object' && pack.files !== null ? pack : null;
  } catch {
    return null;
  }
}

function meta(db: Db, key: string): string {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? '';
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** At open: a data folder running the built-in course gets (or refreshes) that course's pack. */
export function syncCoursePack(paths: DataPaths, bundledContentDb: string, content: Db): void {
  if (meta(content, 'origin') !== 'builtin') return;
  const version = meta(content, 'content_version');
  const own = coursePackPath(paths);
  const current = fs.existsSync(own) ? readPack(own) : null;
  if (current && packVersion(current) === version) return;
  const bundled = builtinPackPath(bundledContentDb);
  if (!fs.existsSync(bundled)) return;
  const text = fs.readFileSync(bundled, 'utf8');
  const pack = readPack(bundled);
  if (pack && packVersion(pack) === version) writeAtomically(own, text);
}

/** After a pack has been swapped in: it is now the course's source. */
export function saveCoursePack(paths: DataPaths, packText: string): void {
  writeAtomically(coursePackPath(paths), packText);
}

/** The pack text of the course in use; refused when it is missing or belongs to another version. */
export function readCoursePack(paths: DataPaths, content: Db): string {
  const file = coursePackPath(paths);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  let pack: PackFiles | null;
  try {
    pack = text ? (JSON.parse(text) as PackFiles) : null;
  } catch {
    pack = null;
  }
  if (!text || !pack?.files || packVersion(pack) !== meta(content, 'content_version')) {
    throw new AppError('content_missing', {
      'zh-CN': `找不到当前课程的源内容包（${file}），无法把题目加入题库。请重新运行 npm run build，或先导入一次课程内容包。`,
      en: `The source pack of the course in use (${file}) is missing or out of date, so questions cannot be added. Run npm run build again, or import a content pack first.`,
    });
  }
  return text;
}
