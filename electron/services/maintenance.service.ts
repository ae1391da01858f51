import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listBackups } from '../../db/backup';
import { integrityCheck, userVersion } from '../../db/open';
import { AppError } from '../shared/errors';
import type { BackupEntry, CheckReport } from '../shared/types';
import { verifyAuditChain } from './audit';
import type { App } from './app';
import type { DataPaths } from './paths';

/** Every backup with whether it passes an integrity check, newest first. */
export function inspectBackups(paths: DataPaths): BackupEntry[] {
  return listBackups(paths.backupsDir)
    .reverse()
    .map((file) => {
      let ok: boolean;
      let schemaVersion = 0;
      try {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          ok = integrityCheck(db).length === 0;
          schemaVersion = userVersion(db);
        } finally {
          db.close();
        }
      } catch {
        ok = false;
      }
      const stat = fs.statSync(file);
      return { file: path.basename(file), createdAt: stat.mtimeMs, bytes: stat.size, ok, schemaVersion };
    });
}

export function checkApp(app: App): CheckReport {
  const user = integrityCheck(app.user);
  const content = integrityCheck(app.content);
  const brokenAudit = verifyAuditChain(app.user);
  return {
    user: { ok: user.length === 0, problems: user.slice(0, 10) },
    content: { ok: content.length === 0, problems: content.slice(0, 10) },
    audit: { ok: brokenAudit === null, firstBrokenEntry: brokenAudit },
    backups: inspectBackups(app.paths),
  };
}

/**
 * Replaces user.db by a backup. The current file (and its -wal/-shm) is kept aside as
 * user.db.corrupt-<time>, never deleted; the backup is copied, not moved, so it stays available.
 */
export function restoreBackup(paths: DataPaths, backupName: string, now: number): { restored: string; keptAside: string | null } {
  const source = path.join(paths.backupsDir, path.basename(backupName));
  const entry = inspectBackups(paths).find((b) => b.file === path.basename(backupName));
  if (!entry) {
    throw new AppError('not_found', { 'zh-CN': `找不到备份文件：${backupName}`, en: `No such backup: ${backupName}` });
  }
  if (!entry.ok) {
    throw new AppError('db_corrupt', {
      'zh-CN': `备份 ${entry.file} 未通过完整性检查，不能用于恢复。请选择其他备份。`,
      en: `Backup ${entry.file} fails its integrity check and cannot be restored. Choose another backup.`,
    });
  }
  const stamp = new Date(now).toISOString().replace(/[-:.]/g, '');
  let keptAside: string | null = null;
  if (fs.existsSync(paths.userDb)) {
    keptAside = `${paths.userDb}.corrupt-${stamp}`;
    fs.renameSync(paths.userDb, keptAside);
    for (const ext of ['-wal', '-shm']) {
      if (fs.existsSync(paths.userDb + ext)) fs.renameSync(paths.userDb + ext, keptAside + ext);
    }
  }
  const tmp = `${paths.userDb}.restoring`;
  fs.copyFileSync(source, tmp);
  fs.renameSync(tmp, paths.userDb);
  return { restored: entry.file, keptAside: keptAside && path.basename(keptAside) };
}
