import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, backupDatabase, listBackups } from '../../db/backup';
import { inspectBackups, restoreBackup } from '../../electron/services/maintenance.service';
import { openApp } from '../../electron/services/app';
import { openTestApp, tempDir } from '../helpers/app';
import { TEST_CONTENT_DB } from '../helpers/paths';

describe('backups', () => {
  it('takes one verified daily backup per day at start, not more (none of a database created just now)', async () => {
    const dataDir = tempDir();
    const a = await openTestApp({ dataDir });
    expect(listBackups(a.paths.backupsDir, 'daily')).toHaveLength(0);
    a.close();
    const b = await openTestApp({ dataDir });
    expect(listBackups(b.paths.backupsDir, 'daily')).toHaveLength(1);
    b.close();
    const c = await openTestApp({ dataDir });
    expect(listBackups(c.paths.backupsDir, 'daily')).toHaveLength(1);
    expect(inspectBackups(c.paths).every((e) => e.ok)).toBe(true);
  });

  it(`keeps the last ${BACKUPS_KEPT.event} event backups and the last ${BACKUPS_KEPT.daily} daily ones`, async () => {
    const app = await openTestApp();
    for (let i = 0; i < 8; i++) await backupDatabase(app.user, app.paths.backupsDir, 'event', `test-${i}`);
    for (let i = 0; i < 9; i++) await backupDatabase(app.user, app.paths.backupsDir, 'daily', `test-${i}`);
    const events = listBackups(app.paths.backupsDir, 'event');
    expect(events).toHaveLength(BACKUPS_KEPT.event);
    expect(events.at(-1)).toContain('test-7');
    expect(listBackups(app.paths.backupsDir, 'daily')).toHaveLength(BACKUPS_KEPT.daily);
  });

  it('restores a backup over a corrupt user.db, keeping the corrupt file aside', async () => {
    const dataDir = tempDir();
    const app = await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB });
    app.user.prepare("INSERT INTO people (employee_id, name, branch, role, created_at) VALUES ('E1', '张敏', '', 'learner', 1)").run();
    const backup = await backupDatabase(app.user, app.paths.backupsDir, 'event', 'before-damage');
    app.close();

    // Damage the live file: flip bytes in the middle of its pages.
    const file = path.join(dataDir, 'user.db');
    const bytes = fs.readFileSync(file);
    for (let i = 4096; i < bytes.length; i += 7) bytes[i] ^= 0xff;
    fs.writeFileSync(file, bytes);
    await expect(openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB })).rejects.toMatchObject({ code: 'db_corrupt' });

    const result = restoreBackup(app.paths, path.basename(backup.file), Date.now());
    expect(fs.readFileSync(path.join(dataDir, result.keptAside!)).equals(bytes)).toBe(true);
    const again = await openTestApp({ dataDir });
    expect(again.user.prepare('SELECT name FROM people').pluck().all()).toEqual(['张敏']);
    expect(fs.existsSync(backup.file)).toBe(true);
  });

  it('refuses to restore a backup that fails its integrity check', async () => {
    const app = await openTestApp();
    const backup = await backupDatabase(app.user, app.paths.backupsDir, 'event', 'will-break');
    fs.truncateSync(backup.file, 1000);
    expect(inspectBackups(app.paths).find((b) => backup.file.endsWith(b.file))?.ok).toBe(false);
    expect(() => restoreBackup(app.paths, path.basename(backup.file), Date.now())).toThrow(/integrity check|完整性/);
  });

  it('a truncated user.db is reported as damaged and left as it was', async () => {
    const dataDir = tempDir();
    (await openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB })).close();
    const file = path.join(dataDir, 'user.db');
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const before = fs.readFileSync(file);
    await expect(openApp({ dataDir, bundledContentDb: TEST_CONTENT_DB })).rejects.toMatchObject({ code: 'db_corrupt' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
