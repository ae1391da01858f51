import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './open';
import { integrityCheck, userVersion } from './open';

export type BackupKind = 'daily' | 'event';
export const BACKUPS_KEPT: Record<BackupKind, number> = { daily: 7, event: 5 };

export interface BackupInfo {
  file: string;
  kind: BackupKind;
  reason: string;
  schemaVersion: number;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15) + String(d.getMilliseconds()).padStart(3, '0');
}

/**
 * Copies a live database with SQLite's online backup API, checks the copy (integrity_check and the
 * same schema version) and then removes the oldest backups of the same kind beyond what we keep.
 */
export async function backupDatabase(db: Db, dir: string, kind: BackupKind, reason: string): Promise<BackupInfo> {
  fs.mkdirSync(dir, { recursive: true });
  const safeReason = reason.replace(/[^a-z0-9-]/gi, '-').slice(0, 40);
  const file = path.join(dir, `user-${stamp(new Date())}-${kind}-${safeReason}.db`);
  const partial = `${file}.partial`;
  await db.backup(partial);
  const copy = new Database(partial, { readonly: true });
  try {
    const problems = integrityCheck(copy);
    if (problems.length) throw new Error(`backup failed its integrity check: ${problems.join('; ')}`);
    if (userVersion(copy) !== userVersion(db)) throw new Error('backup has a different schema version');
  } finally {
    copy.close();
  }
  fs.renameSync(partial, file);
  rotateBackups(dir, kind);
  return { file, kind, reason: safeReason, schemaVersion: userVersion(db) };
}

export function listBackups(dir: string, kind?: BackupKind): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^user-\d{8}-\d{9}-(daily|event)-.*\.db$/.test(f) && (!kind || f.includes(`-${kind}-`)))
    .sort()
    .map((f) => path.join(dir, f));
}

function rotateBackups(dir: string, kind: BackupKind): void {
  const files = listBackups(dir, kind);
  for (const f of files.slice(0, Math.max(0, files.length - BACKUPS_KEPT[kind]))) fs.rmSync(f, { force: true });
}

/** Local calendar day, so "daily" means a branch PC's working day. */
function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

/** Takes the day's backup unless one was already taken today (checked at every start). */
export async function dailyBackup(db: Db, dir: string, now: number): Promise<BackupInfo | null> {
  const today = localDay(now);
  const done = listBackups(dir, 'daily').some((f) => localDay(fs.statSync(f).mtimeMs) === today);
  return done ? null : backupDatabase(db, dir, 'daily', 'daily');
}
