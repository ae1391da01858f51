import Database from 'better-sqlite3';
import fs from 'node:fs';
import { AppError } from '../electron/shared/errors';

export type Db = Database.Database;

const READONLY_MMAP_BYTES = 256 * 2 ** 20;

export interface OpenOptions {
  /** Open an existing file read-only (content.db). */
  readonly?: boolean;
  /** Create the file when it does not exist (user.db on first run). */
  create?: boolean;
  /** Newest schema this app understands: a newer file is refused before anything is written to it. */
  maxVersion?: number;
  /** Run quick_check before use (default). Only skipped for read-only files verified earlier. */
  check?: boolean;
}

/**
 * Opens a SQLite file with the pragmas we rely on and checks it before anyone reads it.
 * A file that fails the check is closed again untouched and reported as db_corrupt.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (!opts.create && !fs.existsSync(file)) {
    throw new AppError('db_unreadable', {
      'zh-CN': `找不到数据库文件：${file}`,
      en: `Database file not found: ${file}`,
    });
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !opts.create });
  } catch (e) {
    throw new AppError('db_unreadable', {
      'zh-CN': `无法打开数据库文件：${file}（${(e as Error).message}）`,
      en: `Cannot open database file ${file}: ${(e as Error).message}`,
    });
  }
  // Check before setting anything: switching to WAL rewrites the file header.
  try {
    db.pragma('busy_timeout = 5000');
    if (opts.check !== false) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(String(check));
    }
  } catch (e) {
    db.close();
    throw corrupt(file, e);
  }
  const version = userVersion(db);
  if (opts.maxVersion !== undefined && version > opts.maxVersion) {
    db.close();
    throw tooNew(version, opts.maxVersion);
  }
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    // better-sqlite3 leaves WAL databases at NORMAL, which can lose the last commits on power loss.
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  if (opts.readonly) {
    // A read-only file (content.db) is mapped: reads of search hits then cost no system call per page.
    db.pragma(`mmap_size = ${READONLY_MMAP_BYTES}`);
    // Nothing writes content.db in place (a new course is renamed over it), so its shared lock is kept
    // rather than taken and dropped, with the file header re-read, around every statement (~12 µs each).
    db.pragma('locking_mode = EXCLUSIVE');
  }
  return db;
}

/** Full integrity check, used after an unclean shutdown and to verify backups. */
export function integrityCheck(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  return problems;
}

export function corrupt(file: string, e: unknown): AppError {
  const why = e instanceof Error ? e.message : String(e);
  return new AppError('db_corrupt', {
    'zh-CN': `数据库文件已损坏：${file}（${why}）。文件未被修改；请联系管理员从备份恢复。`,
    en: `The database file ${file} is damaged (${why}). It was not changed; ask an administrator to restore a backup.`,
  });
}

export function tooNew(version: number, supported: number): AppError {
  return new AppError('db_too_new', {
    'zh-CN': `数据库版本为 ${version}，本程序只支持到 ${supported}。请升级程序后再打开；数据库未被修改。`,
    en: `The database is at version ${version}; this app supports up to ${supported}. Update the app; the database was not changed.`,
  });
}

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
