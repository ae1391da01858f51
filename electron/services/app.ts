import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';
import { corrupt, integrityCheck, openDatabase, userVersion } from '../../db/open';
import { applyMigrations, planMigration } from '../../db/migrate';
import { backupDatabase, dailyBackup, type BackupInfo } from '../../db/backup';
import { userMigrations } from '../../db/migrations/user';
import { CONTENT_SCHEMA_VERSION } from '../../db/content/schema';
import { AppError } from '../shared/errors';
import { dataPaths, type DataPaths } from './paths';
import { processAlive } from './processFiles';
import { coursePackPath, syncCoursePack } from './coursePack';
import { compilePack } from './contentPackFormat';
import { writeContentDb } from '../../db/content/writeDb';
import { stamp } from './fileNames';
import type { PdfRenderer } from './records/pdfRenderer';

export interface AppOptions {
  dataDir: string;
  /** The content.db built from content/ and shipped with the app. */
  bundledContentDb: string;
  now?: () => number;
  /** Renders PDF reports (Electron's printToPDF in the desktop app; Chromium via playwright-core otherwise). */
  pdf?: PdfRenderer;
}

export interface App {
  paths: DataPaths;
  user: Db;
  /** Replaced when an administrator imports a content pack (see replaceContent). */
  content: Db;
  now: () => number;
  pdf: PdfRenderer;
  /** What opening found and did: kept for `kb info` and the admin screen. */
  startup: { migratedFrom: number; backup: BackupInfo | null; uncleanShutdown: boolean };
  close(): void;
}

function readMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function contentMeta(db: Db) {
  return {
    version: readMeta(db, 'content_version') ?? '',
    builtAt: readMeta(db, 'built_at') ?? '',
    origin: readMeta(db, 'origin') ?? 'builtin',
    characters: Number(readMeta(db, 'characters') ?? 0),
  };
}

function copyAtomically(from: string, to: string): void {
  const tmp = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, tmp);
  fs.renameSync(tmp, to);
}

/** Reads a content.db's layout version and meta without checking the whole file. */
function peekContent(file: string): { schema: number; version: string; origin: string } {
  const db = openDatabase(file, { readonly: true, check: false });
  try {
    const schema = userVersion(db);
    let meta = { version: '', origin: 'builtin' };
    try {
      meta = contentMeta(db);
    } catch {
      // an early layout without the meta table: a built-in course
    }
    return { schema, version: meta.version, origin: meta.origin };
  } finally {
    db.close();
  }
}

/** Size and modification time of a file: quick_check runs again only when they change. */
function fileStamp(file: string): string {
  const st = fs.statSync(file);
  return `${st.size}:${st.mtimeMs}`;
}

/**
 * Installs the bundled content.db into the data folder when there is none, when its layout is older,
 * or when the app ships a newer built-in course. An imported content pack (origin "pack") is kept.
 * The installed file is quick-checked when it has changed since its last good check or install
 * (content.db is read-only, and a full check of a large course costs most of the start-up time).
 */
function ensureContent(paths: DataPaths, bundled: string): Db {
  const haveBundle = fs.existsSync(bundled);
  const stampFile = `${paths.contentDb}.checked`;
  const markChecked = () => fs.writeFileSync(stampFile, fileStamp(paths.contentDb));
  // The bundle passed integrity_check when it was built, so a fresh copy of it needs no quick_check.
  const install = () => {
    copyAtomically(bundled, paths.contentDb);
    markChecked();
  };
  if (!fs.existsSync(paths.contentDb)) {
    if (!haveBundle) throw new AppError('content_missing');
    install();
  } else if (haveBundle) {
    const bundle = peekContent(bundled);
    let replace: boolean;
    let imported = false;
    try {
      const current = peekContent(paths.contentDb);
      imported = current.origin === 'pack';
      replace = current.schema !== CONTENT_SCHEMA_VERSION || (!imported && current.version !== bundle.version);
    } catch {
      // A damaged course file is rebuilt from the bundle: it holds nothing a user wrote.
      replace = true;
    }
    // A rebuilt course passed integrity_check as writeContentDb wrote it.
    if (replace) {
      if (imported && rebuildFromPack(paths)) markChecked();
      else install();
    }
  }
  const verified = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === fileStamp(paths.contentDb);
  let db: Db;
  try {
    db = openDatabase(paths.contentDb, { readonly: true, check: !verified });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'db_corrupt') || !haveBundle) throw e;
    install();
    db = openDatabase(paths.contentDb, { readonly: true, check: false });
  }
  if (!verified) markChecked();
  if (userVersion(db) !== CONTENT_SCHEMA_VERSION) {
    db.close();
    throw new AppError('content_missing', {
      'zh-CN': `课程数据格式版本不符（${paths.contentDb}），请重新运行 npm run content:build。`,
      en: `Course data ${paths.contentDb} has an unexpected layout; run npm run content:build again.`,
    });
  }
  return db;
}

/**
 * An imported course in an older layout, compiled again from its pack (content.kbpack) into this app's:
 * installing the built-in course instead would drop it without a word. False when the pack is missing
 * or no longer compiles; it is then set aside under a dated name for an administrator to import again.
 */
function rebuildFromPack(paths: DataPaths): boolean {
  const pack = coursePackPath(paths);
  try {
    // writeContentDb writes a temporary file and renames it over content.db.
    writeContentDb(compilePack(fs.readFileSync(pack, 'utf8')).course, paths.contentDb, 'pack');
    return true;
  } catch (e) {
    if (fs.existsSync(pack)) {
      const aside = path.join(paths.dataDir, `content-${stamp(Date.now())}.kbpack`);
      fs.renameSync(pack, aside);
      console.warn(`The imported course could not be rebuilt (${e instanceof Error ? e.message : String(e)}); the built-in course is installed and the pack kept as ${aside}.`);
    }
    return false;
  }
}

/** Opens user.db: integrity check after a crash, verified backup before migrating, then migrations. */
async function openUserDb(paths: DataPaths, now: number): Promise<{ db: Db; startup: App['startup'] }> {
  fs.mkdirSync(paths.runningDir, { recursive: true });
  const stale = fs.readdirSync(paths.runningDir).filter((f) => !processAlive(Number(f)) || Number(f) === process.pid);
  const uncleanShutdown = stale.length > 0;
  const db = openDatabase(paths.userDb, { create: true, maxVersion: userMigrations.at(-1)!.version });
  try {
    if (uncleanShutdown) {
      const problems = integrityCheck(db);
      if (problems.length) throw corrupt(paths.userDb, new Error(problems.slice(0, 3).join('; ')));
    }
    const plan = planMigration(db, userMigrations);
    let backup: BackupInfo | null = null;
    if (plan.from > 0 && plan.from < plan.to) {
      backup = await backupDatabase(db, paths.backupsDir, 'event', `pre-migrate-v${plan.from}`);
    }
    applyMigrations(db, userMigrations);
    // A database created just now holds nothing to keep: the day's backup waits for the next start.
    if (plan.from > 0) await dailyBackup(db, paths.backupsDir, now);
    for (const f of stale) fs.rmSync(path.join(paths.runningDir, f), { force: true });
    return { db, startup: { migratedFrom: plan.from, backup, uncleanShutdown } };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Each transport brings its PDF engine (Electron's printToPDF in the desktop app, Playwright's Chromium in
 * the bridge and the CLI), so the desktop bundle never carries Playwright.
 */
const NO_PDF: PdfRenderer = {
  render: () => Promise.reject(new AppError('internal', { 'zh-CN': '此运行方式不能生成 PDF。', en: 'PDF rendering is not available here.' })),
  close: () => Promise.resolve(),
};

export async function openApp(opts: AppOptions): Promise<App> {
  const paths = dataPaths(opts.dataDir);
  fs.mkdirSync(paths.dataDir, { recursive: true });
  // user.db first: its commits are fsynced, and on Linux (ext4) an fsync also waits for the pages of a
  // course just copied in. After a fresh install's 200 MB copy that added ~100 ms to the first start.
  const opened = await openUserDb(paths, (opts.now ?? Date.now)());
  let content: Db;
  try {
    content = ensureContent(paths, opts.bundledContentDb);
    syncCoursePack(paths, opts.bundledContentDb, content);
  } catch (e) {
    opened.db.close();
    throw e;
  }
  const marker = path.join(paths.runningDir, String(process.pid));
  fs.writeFileSync(marker, '');
  let closed = false;
  const app: App = {
    paths,
    user: opened.db,
    content,
    now: opts.now ?? Date.now,
    pdf: opts.pdf ?? NO_PDF,
    startup: opened.startup,
    close() {
      if (closed) return;
      closed = true;
      app.user.close();
      app.content.close();
      fs.rmSync(marker, { force: true });
      void app.pdf.close().catch(() => {});
    },
  };
  return app;
}

/**
 * Puts a new content.db (already written and checked at `file`) in place of the current one: the
 * rename is atomic, so readers see the old course or the new one, never a mix.
 */
export function replaceContent(app: App, file: string): void {
  app.content.close();
  fs.renameSync(file, app.paths.contentDb);
  app.content = openDatabase(app.paths.contentDb, { readonly: true });
}
